// The host's standard input as the guest's console input (UHI read of fd 0), as QEMU's
// `-semihosting` serves it: each guest read is one synchronous read(2) of fd 0, so a file or a
// pipe gives what it holds (end of file when drained) and a terminal gives one line per read, in
// its own cooked mode. A descriptor left non-blocking by its opener (EAGAIN) is polled until
// data or end of file arrives; one that cannot be read at all (closed: EBADF) is at end of file.

import * as fs from 'node:fs';
import type { ConsoleInput } from '../machine/system/consoleInput';

/** Milliseconds between polls of a non-blocking stdin that had no data. */
const POLL_MS = 5;

/** Sleeps the thread (the run is synchronous; nothing else may happen meanwhile). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads fd 0 synchronously, one read(2) per guest read. */
export function hostStdin(): ConsoleInput {
  return {
    read(max: number): Uint8Array {
      const buf = new Uint8Array(max);
      for (;;) {
        try {
          return buf.subarray(0, fs.readSync(0, buf, 0, max, null));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return new Uint8Array(0);
          sleep(POLL_MS);
        }
      }
    },
  };
}
