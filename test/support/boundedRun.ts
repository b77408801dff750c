// Bounds for every test run that waits for guest output, so that a regression fails with the
// console's last lines instead of hanging the suite. A run has a budget: an instruction cap (the
// engine stops there, whatever the guest does) and a wall time. Child processes (QEMU, the disco
// CLI) are killed with SIGKILL at the wall time; an in-process run is cut at its first console
// output after the wall time (GuestConsole), and a silent one at its instruction cap — node:test's
// `timeout` cannot interrupt a synchronous run, but it does fail an asynchronous one early.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { CliIo, Command, HostTerminal } from '../../debug-adapter/cli/command';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { type BareRunOptions, runBareKernel } from '../../debug-adapter/cli/bareRun';

/** What one run may spend. */
export interface GuestBudget {
  /** Instructions of all CPUs together (the engine's cap). */
  readonly instructions: number;
  /** Wall-clock milliseconds. */
  readonly wallMs: number;
}

/** Console lines an assertion message shows. */
export const TAIL_LINES = 40;

/** node:test options for a test whose runs together may take `wallMs`: that plus time for setup. */
export function testTimeout(wallMs: number): { readonly timeout: number } {
  return { timeout: wallMs + 30_000 };
}

/** The last `lines` lines of console text. */
export function consoleTail(text: string, lines = TAIL_LINES): string {
  return text.replace(/\r/g, '').replace(/\n$/, '').split('\n').slice(-lines).join('\n');
}

/** `message` followed by the console's last lines, for an assertion. */
export function withConsole(message: string, consoleText: string): string {
  return `${message}\n--- last ${TAIL_LINES} console lines ---\n${consoleTail(consoleText)}`;
}

/** Thrown out of an in-process run whose wall time ran out. */
export class GuestTimeout extends Error {}

/** Console output of an in-process run; the first output after the wall time ends the run. */
export class GuestConsole {
  /** stdout and stderr as they arrived, interleaved. */
  text = '';
  out = '';
  err = '';
  private readonly deadline: number;

  constructor(
    private readonly wallMs: number,
    private readonly onOutput: (text: string) => void = () => undefined,
  ) {
    this.deadline = performance.now() + wallMs;
  }

  /** Records output; throws GuestTimeout once the wall time is spent. */
  append(t: string, toStderr = false): void {
    this.text += t;
    if (toStderr) this.err += t;
    else this.out += t;
    if (performance.now() > this.deadline) throw new GuestTimeout(withConsole(`the guest was still running after ${this.wallMs} ms`, this.text));
    this.onOutput(this.text);
  }

  /** A CliIo reading host files (stdin at end of file) whose stdout and stderr come here. */
  io(): CliIo {
    return { files: nodeIo().files, writeFile: () => {}, stdout: (t) => this.append(t), stderr: (t) => this.append(t, true) };
  }
}

/** A bare-machine run's exit status and output. */
export interface BareRun {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

/** Runs a bare kernel in process within `budget`; fails with the console's last lines when it does not end in time. */
export function runBareBounded(kernel: string, o: Omit<BareRunOptions, 'maxInstructions'>, budget: GuestBudget): BareRun {
  const c = new GuestConsole(budget.wallMs);
  let status: number;
  try {
    status = runBareKernel(kernel, { ...o, maxInstructions: budget.instructions }, c.io());
  } catch (e) {
    if (e instanceof GuestTimeout) assert.fail(e.message);
    throw e;
  }
  if (status === 124) assert.fail(withConsole(`${kernel}: still running after ${budget.instructions} instructions`, c.text));
  return { status, out: c.out, err: c.err };
}

/**
 * Runs an asynchronous `disco` command in process with `--max-instructions` from the budget
 * (`args` may add other limits); `onOutput` sees the console after each piece. Fails with the
 * console's last lines when the wall time or the instructions run out.
 */
export async function runCommandBounded(
  command: Command,
  args: readonly string[],
  budget: GuestBudget,
  o: { readonly terminal?: HostTerminal; readonly onOutput?: (text: string) => void } = {},
): Promise<{ readonly status: number; readonly console: string }> {
  const c = new GuestConsole(budget.wallMs, o.onOutput);
  const io: CliIo = { ...c.io(), ...(o.terminal === undefined ? {} : { terminal: o.terminal }) };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new GuestTimeout(withConsole(`the guest was still running after ${budget.wallMs} ms`, c.text))), budget.wallMs);
  });
  let status: number;
  try {
    status = await Promise.race([command.run([...args, '--max-instructions', String(budget.instructions)], io), late]);
  } catch (e) {
    if (e instanceof GuestTimeout) assert.fail(e.message);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (status === 124) assert.fail(withConsole(`disco ${args.join(' ')}: stopped at a limit (status 124)`, c.text));
  return { status, console: c.text };
}

/** What a child process printed and how it ended. */
export interface ChildRun {
  /** Exit status, or null when killed by a signal. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function describe(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].join(' ').slice(0, 300);
}

/** Runs a child to completion; fails with its output's last lines if it outlives `wallMs` (it is then killed). */
export function runChildSync(cmd: string, args: readonly string[], o: { readonly wallMs: number; readonly input?: string | Uint8Array; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string }): ChildRun {
  const r = spawnSync(cmd, args, {
    timeout: o.wallMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 28,
    encoding: 'latin1',
    ...(o.input === undefined ? {} : { input: o.input }),
    ...(o.env === undefined ? {} : { env: o.env }),
    ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
  });
  const err = r.error as NodeJS.ErrnoException | undefined;
  if (err?.code === 'ENOENT') throw new Error(`${cmd} is not installed: run scripts/install-oracles.sh (as root)`);
  if (err?.code === 'ETIMEDOUT') assert.fail(withConsole(`${describe(cmd, args)}: still running after ${o.wallMs} ms, killed`, `${r.stdout ?? ''}${r.stderr ?? ''}`));
  if (err) throw err;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A running child: its output so far and its stdin. */
export interface ChildSession {
  /** stdout and stderr as they arrived, interleaved. */
  readonly output: string;
  write(data: string | Uint8Array): void;
  /** Closes the child's stdin (end of file). */
  end(): void;
}

/**
 * Runs a child, calling `onOutput` once it has started and after each piece of output; resolves when `done(output)` holds
 * (the child is then killed) or the child exits. At `wallMs` the child is killed and the promise
 * rejects with the output's last lines.
 */
export function runChild(
  cmd: string,
  args: readonly string[],
  o: { readonly wallMs: number; readonly done?: (output: string) => boolean; readonly onOutput?: (session: ChildSession) => void; readonly cwd?: string },
): Promise<ChildRun & { readonly output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(o.cwd === undefined ? {} : { cwd: o.cwd }) });
    let stdout = '';
    let stderr = '';
    let output = '';
    let settled = false;
    const session: ChildSession = {
      get output() {
        return output;
      },
      write: (d) => void child.stdin.write(d),
      end: () => child.stdin.end(),
    };
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      f();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(withConsole(`${describe(cmd, args)}: still running after ${o.wallMs} ms, killed`, output)))), o.wallMs);
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => settle(() => reject(e.code === 'ENOENT' ? new Error(`${cmd} is not installed: run scripts/install-oracles.sh (as root)`) : e)));
    const take = (d: Buffer, err: boolean): void => {
      const t = d.toString('latin1');
      if (err) stderr += t;
      else stdout += t;
      output += t;
      if (settled) return;
      o.onOutput?.(session);
      if (o.done?.(output) === true) settle(() => resolve({ status: null, signal: null, stdout, stderr, output }));
    };
    child.stdout.on('data', (d: Buffer) => take(d, false));
    child.stderr.on('data', (d: Buffer) => take(d, true));
    child.on('close', (status, signal) => settle(() => resolve({ status, signal, stdout, stderr, output })));
    o.onOutput?.(session);
  });
}
