// QEMU's instruction counts, which `disco bench cpu` checks against and bench/README.md compares
// the Linux boot with, measured with QEMU's TCG plugin API: bench/qemu/insncount.c is compiled
// with gcc and loaded into (1) qemu-mips running bench/cpu/bench.S at both sizes and (2)
// qemu-system-mipsel booting the fetched Debian kernel with the tests' command line
// (debug-adapter/cli/linuxQemuCommand.ts), with marks at the kernel's first earlycon write and at
// run_init_process; QEMU is stopped when the busybox prompt appears (three boots). Writes
// bench/results/qemu-counts.json. Needs gcc, qemu-user, qemu-system-mips, mips-linux-gnu-as/ld
// and `npm run fetch-linux`.
// Run: npx tsx bench/qemu/qemuCounts.ts [--no-linux]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_SIZES, buildBench } from '../../debug-adapter/cli/benchCommand';
import { timeProcess } from '../../debug-adapter/cli/benchProcess';
import { benchMachine, scriptCommand, writeBenchResult } from '../../debug-adapter/cli/benchRecord';
import { manifestHasPackages, PINNED_LINUX_PACKAGES } from '../../debug-adapter/cli/fetch/linuxPackages';
import { parseKernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { parseSystemMap } from '../../debug-adapter/toolchain/linuxKernelImage';
import { LINUX_CACHE } from '../../test/integration/linuxQemu';
import { linuxQemuArgs } from '../../debug-adapter/cli/linuxQemuCommand';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'disco-qemucount-'));
const fail = (message: string): never => {
  process.stderr.write(`qemuCounts: ${message}\n`);
  process.exit(1);
};

/** The tool's version line; the plugin is written against QEMU 7.2's plugin API (version 1). */
function qemuVersion(tool: string): string {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) fail(`${tool} is not installed (scripts/install-oracles.sh)`);
  const line = r.stdout.split('\n')[0] ?? '';
  if (!/ version 7\.2\./.test(line)) fail(`${line}: insncount.c declares QEMU 7.2's plugin API (version 1); check it against this QEMU's qemu-plugin.h`);
  return line;
}

const withLinux = !process.argv.includes('--no-linux');
/** Linux boots counted (the count varies with the host's speed; see countLinux). */
const LINUX_RUNS = 3;
const versions = { user: qemuVersion('qemu-mips'), system: withLinux ? qemuVersion('qemu-system-mipsel') : null };
const pluginSource = join(ROOT, 'bench', 'qemu', 'insncount.c');
const plugin = join(dir, 'libinsncount.so');
const gcc = spawnSync('gcc', ['-O2', '-shared', '-fPIC', '-Wall', '-Werror', '-o', plugin, pluginSource], { encoding: 'utf8' });
if (gcc.error || gcc.status !== 0) fail(`gcc could not build ${pluginSource}: ${gcc.error?.message ?? gcc.stderr}`);

/** `insns N` and `mark 0xADDR N` lines of the plugin's log. */
function readLog(file: string): { insns: number; marks: Map<number, number> } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const insns = /^insns (\d+)$/m.exec(text);
  if (!insns) fail(`the plugin printed no count in ${file}:\n${text}`);
  const marks = new Map<number, number>();
  for (const m of text.matchAll(/^mark 0x([0-9a-f]+) (\d+)$/gm)) marks.set(parseInt(m[1] as string, 16), Number(m[2]));
  return { insns: Number((insns as RegExpExecArray)[1]), marks };
}

/** bench.S at one size under qemu-mips with the plugin; the run must exit 161 printing the checksum. */
function countBench(sizeName: string): Record<string, unknown> {
  const size = BENCH_SIZES[sizeName] ?? fail(`no size ${sizeName}`);
  const elf = buildBench(join(ROOT, 'bench', 'cpu', 'bench.S'), size, mkdtempSync(join(dir, `${sizeName}-`)));
  const log = join(dir, `bench-${sizeName}.log`);
  const args = ['-plugin', plugin, '-d', 'plugin', '-D', log, elf];
  timeProcess('qemu-mips', args, { status: 161, stdout: `${size.checksum}\n` });
  const { insns } = readLog(log);
  const line = `bench.S ${sizeName.padEnd(5)} ${insns.toLocaleString('en-US').padStart(13)} instructions (qemu-mips); disco bench cpu expects ${size.instructions.toLocaleString('en-US')}`;
  process.stdout.write(`${line}\n`);
  if (insns !== size.instructions) fail(`QEMU counts ${insns} instructions for the ${sizeName} size, but BENCH_SIZES (debug-adapter/cli/benchCommand.ts) says ${size.instructions}`);
  return { size: sizeName, command: 'qemu-mips -plugin libinsncount.so -d plugin -D LOG bench-be', checksum: size.checksum, instructions: insns };
}

/**
 * The Linux boot under qemu-system-mipsel with marks, stopped at the first busybox prompt. QEMU's
 * clock is the host's (with -icount the plugin-instrumented boot stalls at the delay-loop
 * calibration in QEMU 7.2), so busy-waits and timer ticks make the count vary from run to run.
 */
async function countLinux(): Promise<Record<string, unknown>> {
  const m = parseKernelManifest(readFileSync(join(LINUX_CACHE, 'kernel.json'), 'utf8'), 'kernel.json');
  const symbols = parseSystemMap(readFileSync(join(LINUX_CACHE, m.systemMap.file), 'utf8'));
  const markNames = ['early_serial8250_write', 'run_init_process'];
  const marks = markNames.map((n) => symbols.get(n) ?? fail(`${m.systemMap.file} has no ${n}`));
  const log = join(dir, 'linux.log');
  const pluginArg = [plugin, ...marks.map((a) => `mark=0x${a.toString(16)}`)].join(',');
  const args = [...linuxQemuArgs(m, LINUX_CACHE), '-plugin', pluginArg, '-d', 'plugin', '-D', log];
  const t0 = performance.now();
  const { console, status, seconds } = await new Promise<{ console: string; status: number | null; seconds: number }>((resolve, reject) => {
    const q = spawn('qemu-system-mipsel', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let seconds = 0;
    const timer = setTimeout(() => q.kill('SIGKILL'), 120_000);
    q.on('error', reject);
    q.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    q.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (seconds === 0 && out.includes('\n/ # ')) {
        seconds = (performance.now() - t0) / 1000;
        q.kill('SIGTERM');
      }
    });
    q.on('close', (code) => {
      clearTimeout(timer);
      resolve({ console: out, status: code, seconds });
    });
  });
  if (seconds === 0) fail(`QEMU exited (${status}) before the prompt:\n${console.slice(-2000)}`);
  if (!console.includes('Run /init as init process')) fail(`the console never showed Run /init:\n${console.slice(-2000)}`);
  const counts = readLog(log);
  const at = (i: number): number => counts.marks.get(marks[i] as number) ?? fail(`the plugin never saw ${markNames[i]}`);
  const result = {
    kernel: m.kernel,
    busybox: m.busybox,
    pinnedPackages: manifestHasPackages(m, PINNED_LINUX_PACKAGES),
    bootargs: m.bootargs,
    command: `qemu-system-mipsel ${args.join(' ').replaceAll(dir, '$TMP').replaceAll(ROOT, '.')}`,
    marks: {
      firstConsoleWrite: { symbol: markNames[0], instructions: at(0) },
      runInit: { symbol: markNames[1], instructions: at(1) },
      prompt: { instructions: counts.insns, note: 'at exit, QEMU stopped with SIGTERM as soon as "/ # " reached the console' },
    },
    wallSecondsToPrompt: Number(seconds.toFixed(2)),
  };
  process.stdout.write(
    `${m.kernel.package} ${m.kernel.version}: early_serial8250_write ${(at(0) / 1e6).toFixed(2)} M, run_init_process ${(at(1) / 1e6).toFixed(1)} M, prompt ${(counts.insns / 1e6).toFixed(1)} M instructions, ${seconds.toFixed(1)} s (qemu-system-mipsel)\n`,
  );
  return result;
}

async function main(): Promise<void> {
  const bench = ['small', 'full'].map(countBench);
  const linux: Record<string, unknown>[] = [];
  for (let i = 0; withLinux && i < LINUX_RUNS; i++) linux.push(await countLinux());
  const file = join(ROOT, 'bench', 'results', 'qemu-counts.json');
  writeBenchResult(file, {
    what: 'executed guest instruction counts from QEMU TCG plugin bench/qemu/insncount.c (inline counter on every instruction)',
    command: scriptCommand(ROOT),
    date: new Date().toISOString(),
    machine: benchMachine(),
    qemu: versions,
    plugin: 'gcc -O2 -shared -fPIC -Wall -Werror -o libinsncount.so bench/qemu/insncount.c',
    bench,
    linux,
  });
  process.stdout.write(`recorded in ${file}\n`);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
