// Builds test/programs (assembly and C, both endians) once per source version into a cache
// directory under os.tmpdir(), and runs programs under qemu-mips/qemu-mipsel or in-process
// under the emulator's Linux user mode with captured output.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { LinuxProcess } from '../../debug-adapter/machine/linuxUser/linuxProcess';

const root = path.resolve(__dirname, '../programs');

/** Fails with a clear message when an oracle tool is missing. */
export function requireTool(name: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${name}`]);
  if (r.status !== 0) throw new Error(`${name} is not installed: run scripts/install-oracles.sh (as root) to get the MIPS oracles`);
}

function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const n of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(n).update(fs.readFileSync(p));
    }
  };
  walk(root);
  return h.digest('hex').slice(0, 16);
}

/** The directory holding every built test program (built on first use). */
export function programsDir(): string {
  const dir = path.join(os.tmpdir(), `disco-test-programs-${sourceHash()}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  for (const t of ['cpp', 'mips-linux-gnu-as', 'mips-linux-gnu-gcc', 'mipsel-linux-gnu-gcc']) requireTool(t);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-build-'));
  const r = spawnSync('sh', [path.join(root, 'build.sh'), tmp], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building test programs failed:\n${r.stderr}`);
  fs.writeFileSync(path.join(tmp, '.complete'), '');
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status as a shell reports it (128 + signal for a fatal signal). */
  readonly status: number;
}

/** How long a QEMU run may take before the test fails instead of waiting. */
export const QEMU_TIMEOUT_MS = 120_000;

/**
 * The exit status of a finished qemu-mips run as a shell reports it (128 + MIPS signal number for
 * a guest's fatal signal). Fails when QEMU could not run, timed out, or died of another signal.
 */
export function qemuExitStatus(r: SpawnSyncReturns<string | Buffer>, what: string): number {
  if (r.error) throw new Error(`qemu on ${what} did not finish (${r.error.message})`);
  if (r.status !== null) return r.status;
  const signals: Record<string, number> = { SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGSEGV: 11 };
  // QEMU re-raises the guest's fatal signal on itself; the host signal numbers of these agree
  // with MIPS Linux except SIGBUS (host 7, MIPS 10).
  const hostSig = r.signal ? signals[r.signal] : undefined;
  if (hostSig === undefined) throw new Error(`qemu on ${what} was killed by ${r.signal}`);
  return 128 + (hostSig === 7 ? 10 : hostSig);
}

/** Runs a program under qemu-mips (BE) or qemu-mipsel (EL) with an empty environment. */
export function runQemu(program: string, args: readonly string[] = [], input = ''): RunResult {
  const qemu = program.endsWith('-el') ? 'qemu-mipsel' : 'qemu-mips';
  requireTool(qemu);
  const r = spawnSync(qemu, [program, ...args], { env: {}, input, encoding: 'latin1', maxBuffer: 1 << 28, timeout: QEMU_TIMEOUT_MS });
  return { stdout: r.stdout, stderr: r.stderr, status: qemuExitStatus(r, program) };
}

/** A LinuxProcess for a program with the same argv and (empty) environment as runQemu uses. */
export function makeProcess(program: string, args: readonly string[] = [], input = ''): { proc: LinuxProcess; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  let stdin = Buffer.from(input, 'latin1');
  const dec = (d: Uint8Array): string => Buffer.from(d).toString('latin1');
  const proc = new LinuxProcess({
    elf: readElf(fs.readFileSync(program), program),
    argv: [program, ...args],
    envp: [],
    execPath: program,
    memorySize: 64 << 20,
    host: {
      write: (fd, d) => (fd === 1 ? out : err).push(dec(d)),
      readStdin(max) {
        const chunk = stdin.subarray(0, max);
        stdin = stdin.subarray(chunk.length);
        return chunk;
      },
      readFile: (p) => (fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p) : undefined),
      note: (t) => err.push(`disco: ${t}\n`),
    },
  });
  return { proc, out, err };
}

/** Runs a program in-process to its end. */
export function runDisco(program: string, args: readonly string[] = [], input = '', options: { interpret?: boolean } = {}): RunResult {
  const { proc, out, err } = makeProcess(program, args, input);
  if (options.interpret) proc.cpu.useRegions = false;
  const { status } = proc.runToExit();
  return { stdout: out.join(''), stderr: err.join(''), status };
}
