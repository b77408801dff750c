// Running the host tools `disco fetch` relies on (apt-get, apt-cache, dpkg-deb, tar, xz):
// captured output, a UserError naming the tool when it is missing or fails, and a
// two-process pipe for streaming a package's file system into tar.

import { spawn, spawnSync } from 'node:child_process';
import { UserError } from '../../util/diagnostic';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: Uint8Array;
}

/** What a finished tool printed, with its exit status. */
export interface RunResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

function missing(tool: string): UserError {
  return new UserError(`disco fetch: '${tool}' is not installed; this command needs Debian's apt, dpkg-deb, tar and xz (bash scripts/install-oracles.sh)`);
}

/** Runs a tool to completion; a missing tool is a UserError, a non-zero exit is returned. */
export function runTool(tool: string, args: readonly string[], options: RunOptions = {}): RunResult {
  const r = spawnSync(tool, args, { cwd: options.cwd, env: options.env, input: options.input, maxBuffer: MAX_OUTPUT });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw missing(tool);
    throw new UserError(`disco fetch: ${tool}: ${r.error.message}`);
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** Runs a tool and returns its stdout; a non-zero exit becomes a UserError with `what` and the tool's messages. */
export function runChecked(what: string, tool: string, args: readonly string[], options: RunOptions = {}): Buffer {
  const r = runTool(tool, args, options);
  if (r.status !== 0) throw new UserError(`${what}: ${tool} exited with ${r.status}:\n${r.stderr.trim()}`);
  return r.stdout;
}

/** Runs `a | b` and resolves when both exit; either failing is a UserError with its messages. */
export function runPipe(what: string, a: readonly [string, ...string[]], b: readonly [string, ...string[]]): Promise<void> {
  return new Promise((resolve, reject) => {
    const [aTool, ...aArgs] = a;
    const [bTool, ...bArgs] = b;
    const pa = spawn(aTool, aArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const pb = spawn(bTool, bArgs, { stdio: ['pipe', 'ignore', 'pipe'] });
    const errs = { a: '', b: '' };
    pa.stderr.on('data', (d: Buffer) => (errs.a += d.toString('utf8')));
    pb.stderr.on('data', (d: Buffer) => (errs.b += d.toString('utf8')));
    pa.stdout.pipe(pb.stdin);
    pb.stdin.on('error', () => undefined);
    let pending = 2;
    let failure: UserError | undefined;
    const done = (tool: string, err: string) => (code: number | null): void => {
      if (code !== 0 && !failure) failure = new UserError(`${what}: ${tool} exited with ${code}:\n${err.trim()}`);
      if (--pending > 0) return;
      if (failure) reject(failure);
      else resolve();
    };
    pa.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? missing(aTool) : e));
    pb.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? missing(bTool) : e));
    pa.on('close', (code) => done(aTool, errs.a)(code));
    pb.on('close', (code) => done(bTool, errs.b)(code));
  });
}
