// The process's file descriptors: 0–2 are the host's standard streams; regular files are opened
// read-only from the host (their whole content is read at open) and never written.

export interface OpenFile {
  readonly path: string;
  readonly data: Uint8Array;
  position: number;
}

export class FileTable {
  private readonly files = new Map<number, OpenFile>();
  private readonly closedStd = new Set<number>();

  /** The lowest free descriptor ≥ 3 for a new file. */
  add(file: OpenFile): number {
    let fd = 0;
    while (this.isStd(fd) || this.files.has(fd)) fd++;
    this.files.set(fd, file);
    return fd;
  }

  get(fd: number): OpenFile | undefined {
    return this.files.get(fd);
  }

  close(fd: number): boolean {
    if (this.isStd(fd)) {
      this.closedStd.add(fd);
      return true;
    }
    return this.files.delete(fd);
  }

  /** fd is an open standard stream (0, 1, 2). */
  isStd(fd: number): boolean {
    return fd >= 0 && fd <= 2 && !this.closedStd.has(fd);
  }

  /** fd is a standard stream or an open file. */
  valid(fd: number): boolean {
    return this.isStd(fd) || this.files.has(fd);
  }
}
