// What system call implementations may use of their process (LinuxProcess implements it).

import type { Cpu } from '../cpu';
import type { LinuxHost } from './linuxHost';
import type { FileTable } from './openFiles';
import type { UserAddressSpace } from './userAddressSpace';

export interface SyscallContext {
  readonly cpu: Cpu;
  readonly space: UserAddressSpace;
  readonly host: LinuxHost;
  readonly files: FileTable;
  readonly bigEndian: boolean;
  /** Absolute path of the program (/proc/self/exe). */
  readonly execPath: string;
  /** Lowest and current program break. */
  readonly brkStart: number;
  brk: number;
  /** Installed signal actions (kernel struct sigaction bytes), by signal number. */
  readonly sigactions: Map<number, Uint8Array>;
  /** Ends the process with an exit status (exit, exit_group). */
  exit(status: number): void;
  /** Delivers a signal to the process (default action: terminate). */
  kill(sig: number): void;
  /** The next n bytes of the deterministic random stream (getrandom). */
  random(n: number): Uint8Array;
  /** The deterministic wall clock: seconds since the Unix epoch and nanoseconds. */
  clock(): { sec: number; nsec: number };
}
