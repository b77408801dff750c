// What a Linux user process may reach outside the emulator, supplied by the process entry (the
// engine never touches Node I/O): output streams, standard input, and read-only host files.

export interface LinuxHost {
  /** Writes bytes the guest wrote to fd 1 (stdout) or 2 (stderr). */
  write(fd: 1 | 2, data: Uint8Array): void;
  /** Reads up to max bytes of standard input; an empty array at end of input. */
  readStdin(max: number): Uint8Array;
  /** The whole content of a host file for a read-only open, or undefined if it cannot be read. */
  readFile(path: string): Uint8Array | undefined;
  /** A one-line note from the emulator (unsupported system call…), for stderr. */
  note(text: string): void;
}
