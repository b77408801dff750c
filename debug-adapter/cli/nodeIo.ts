// The CliIo of a real process: files through Node's fs (appends and replacements made durable
// with fsync, replacements atomic through a rename), text to stdout/stderr.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../util/diagnostic';
import type { CliIo } from './command';
import { hostStdin } from './hostStdin';

/** Runs a write, reporting a failure as a UserError naming the file. */
function durably(p: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    throw new UserError(`${p}: cannot write: ${(e as Error).message}`);
  }
}

export function nodeIo(): CliIo {
  return {
    files: {
      readFile(p: string): Uint8Array {
        try {
          return fs.readFileSync(p);
        } catch (e) {
          throw new UserError(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
        }
      },
      exists: (p: string) => fs.existsSync(p),
      resolve: (fromFile: string, p: string) => path.resolve(path.dirname(fromFile), p),
      appendFile(p: string, data: Uint8Array): void {
        durably(p, () => {
          const fd = fs.openSync(p, 'a');
          try {
            fs.writeSync(fd, data);
            fs.fsyncSync(fd);
          } finally {
            fs.closeSync(fd);
          }
        });
      },
      replaceFile(p: string, data: Uint8Array): void {
        durably(p, () => {
          const tmp = `${p}.tmp`;
          const fd = fs.openSync(tmp, 'w');
          try {
            fs.writeSync(fd, data);
            fs.fsyncSync(fd);
          } finally {
            fs.closeSync(fd);
          }
          fs.renameSync(tmp, p);
        });
      },
    },
    writeFile(p: string, data: Uint8Array | string, options?: { readonly executable?: boolean }): void {
      try {
        fs.writeFileSync(p, data);
        if (options?.executable) fs.chmodSync(p, 0o755);
      } catch (e) {
        throw new UserError(`${p}: cannot write: ${(e as Error).message}`);
      }
    },
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdin: hostStdin(),
    terminal: {
      isTTY: process.stdin.isTTY === true,
      open(onData, onEnd) {
        const stdin = process.stdin;
        const tty = stdin.isTTY === true;
        if (tty) stdin.setRawMode(true);
        const data = (b: Buffer): void => onData(new Uint8Array(b));
        stdin.on('data', data);
        stdin.on('end', onEnd);
        stdin.resume();
        return {
          close() {
            stdin.off('data', data);
            stdin.off('end', onEnd);
            if (tty) stdin.setRawMode(false);
            stdin.pause();
          },
        };
      },
    },
  };
}
