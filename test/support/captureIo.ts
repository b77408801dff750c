// A CliIo for running CLI commands inside a test: host files through cli/nodeIo, writes
// dropped, stdout and stderr collected as text for the test to check.
import type { CliIo } from '../../debug-adapter/cli/command';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';

/** The io to pass to a command, and what it has printed so far on each stream. */
export interface CapturedIo {
  readonly io: CliIo;
  out(): string;
  err(): string;
}

/** A fresh CliIo that reads host files, writes none and captures stdout/stderr. */
export function captureIo(): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      files: nodeIo().files,
      writeFile: () => {},
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    },
    out: () => out,
    err: () => err,
  };
}
