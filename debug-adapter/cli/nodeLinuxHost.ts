// The LinuxHost of a real `disco` process: guest stdout/stderr go to fds 1/2 with synchronous
// writes (so they interleave as the guest wrote them), stdin is read synchronously, guest opens
// read host files read-only, and emulator notes go to stderr prefixed with `disco: `.

import * as fs from 'node:fs';
import type { LinuxHost } from '../machine/linuxUser/linuxHost';

function writeAll(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    try {
      done += fs.writeSync(fd, data, done, data.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

/** The host; stdoutToStderr sends the guest's stdout to fd 2 (when stdout carries a trace). */
export function nodeLinuxHost(stdoutToStderr: boolean): LinuxHost {
  return {
    write: (fd, data) => writeAll(stdoutToStderr ? 2 : fd, data),
    readStdin(max: number): Uint8Array {
      const buf = new Uint8Array(Math.max(1, max));
      for (;;) {
        try {
          return buf.subarray(0, fs.readSync(0, buf, 0, buf.length, null));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EOF') return new Uint8Array(0);
          if (code !== 'EAGAIN') throw e;
        }
      }
    },
    readFile(path: string): Uint8Array | undefined {
      try {
        return fs.statSync(path).isFile() ? fs.readFileSync(path) : undefined;
      } catch {
        return undefined;
      }
    },
    note: (text) => writeAll(2, new TextEncoder().encode(`disco: ${text}\n`)),
  };
}
