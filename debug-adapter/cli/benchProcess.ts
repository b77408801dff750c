// Timing a whole process for the benchmarks: `disco run --user` and qemu-mips are measured the
// same way, from spawn to exit, and each run must exit with the expected status and print exactly
// the expected output, or the benchmark fails with what the process said.

import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { UserError } from '../util/diagnostic';

/** What a correct run prints and returns. */
export interface ExpectedRun {
  readonly status: number;
  readonly stdout: string;
  /** What stderr must match; without it, stderr must be empty. */
  readonly stderr?: RegExp;
}

/** Thrown when the program to time is not installed. */
export class MissingProgram extends UserError {}

/** Runs `cmd args` once and returns its wall seconds; a wrong status, stdout or stderr is a UserError. */
export function timeProcess(cmd: string, args: readonly string[], expected: ExpectedRun): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const shown = `${cmd} ${args.join(' ')}`;
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingProgram(`${cmd} is not installed`);
    throw new UserError(`${shown}: ${r.error.message}`);
  }
  const status = r.status ?? `signal ${r.signal}`;
  const stderrOk = expected.stderr === undefined ? r.stderr === '' : expected.stderr.test(r.stderr);
  if (status !== expected.status || r.stdout !== expected.stdout || !stderrOk) {
    throw new UserError(
      `${shown} exited with ${status} and printed ${JSON.stringify(r.stdout.slice(0, 200))}` +
        `${r.stderr ? ` (stderr: ${JSON.stringify(r.stderr.slice(0, 400))})` : ''}; expected exit ${expected.status} and ${JSON.stringify(expected.stdout)}`,
    );
  }
  return seconds;
}
