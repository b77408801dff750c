// `disco bench linux [--runs N] [--no-record] [--timing]`: how long Debian's Linux (examples/linux,
// fetched by `disco fetch linux`) takes to boot to the busybox prompt. One boot in this process
// gives the guest instructions and wall seconds at the first console byte, `Run /init` and the
// prompt; then `disco run examples/linux/linux.disco.json` with ten breakpoints on functions the
// boot never runs, and qemu-system-mipsel with the same kernel, initramfs, bootargs and memory
// (linuxQemuCommand.ts), are timed alternately as whole processes, from spawn until `/ # ` reaches
// their console (then they are killed). --timing adds runs of the same config in timing mode.
// Records bench/results/linux-boot.json and the Linux section of bench/README.md.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootLinux } from '../machine/boards/linuxGeneric';
import { Machine } from '../machine/system/machine';
import type { KernelManifest } from '../toolchain/kernelManifest';
import { manifestBootFiles } from '../toolchain/linuxGuestFiles';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import type { CliIo } from './command';
import { fetchLinux, MANIFEST_FILE } from './fetch/linuxFetch';
import { benchMachine, machineLine, median, replaceReadmeSection, writeBenchResult, type BenchMachine } from './benchRecord';
import { LINUX_BOARD_CLOCK_HZ, LINUX_BOARD_MEMORY_MB, linuxQemuArgs } from './linuxQemuCommand';
import { checkoutRoot } from './checkout';

const PROMPT = '\n/ # ';
/** Wall seconds one boot may take before the benchmark gives up. */
const BOOT_LIMIT_S = 600;
/** Functions of Debian's kernel the boot to the prompt never runs (each a breakpoint that must stay idle). */
const IDLE_FUNCTIONS = ['panic', 'kernel_restart', 'kernel_halt', 'kernel_power_off', 'emergency_restart', 'do_coredump', 'oops_enter', 'die', 'show_regs', 'machine_restart'];

interface Mark {
  readonly mark: string;
  readonly instructions: number;
  readonly seconds: number;
}

interface LinuxBenchResult {
  readonly command: string;
  readonly date: string;
  readonly machine: BenchMachine;
  readonly kernel: KernelManifest['kernel'];
  readonly busybox: KernelManifest['busybox'];
  readonly board: { readonly memoryMB: number; readonly clockHz: number; readonly bootargs: string };
  readonly inProcess: readonly Mark[];
  readonly disco: { readonly command: string; readonly seconds: readonly number[]; readonly median: number };
  readonly discoTiming: { readonly command: string; readonly seconds: readonly number[]; readonly median: number } | null;
  readonly qemu: { readonly command: string; readonly seconds: readonly number[]; readonly median: number } | null;
  readonly ratio: number | null;
  readonly timingRatio: number | null;
}

const round = (x: number): number => Number(x.toFixed(3));

/** Boots in this process to the prompt; the marks on the way. */
function bootInProcess(m: KernelManifest, dir: string, io: CliIo): Mark[] {
  const marks: Mark[] = [];
  let text = '';
  const t0 = performance.now();
  const machine = new Machine({
    cpus: 1,
    memoryMB: LINUX_BOARD_MEMORY_MB,
    endianness: 'little',
    clockHz: LINUX_BOARD_CLOCK_HZ,
    console: (t) => {
      const before = text;
      text += t;
      const mark = (name: string, seen: (s: string) => boolean): void => {
        if (!seen(before) && seen(text)) marks.push({ mark: name, instructions: machine.retired, seconds: round((performance.now() - t0) / 1000) });
      };
      mark('first console byte', (s) => s.length > 0);
      mark('Run /init', (s) => s.includes('Run /init'));
      mark('prompt "/ # "', (s) => s.includes(PROMPT));
    },
  });
  bootLinux(machine, manifestBootFiles(m, path.join(dir, MANIFEST_FILE), io.files), LINUX_BOARD_CLOCK_HZ);
  while (!text.includes(PROMPT)) {
    const stop = machine.run(10_000_000);
    if (stop.reason !== 'limit') throw new UserError(`disco bench linux: the guest stopped before its prompt: ${JSON.stringify(stop)}`);
  }
  return marks;
}

/** Wall seconds from spawning `cmd args` until its stdout shows the prompt (then it is killed). */
function timeToPrompt(cmd: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new UserError(`${cmd}: no prompt after ${BOOT_LIMIT_S} s; console ends ${JSON.stringify(out.slice(-400))}`))), BOOT_LIMIT_S * 1000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes(PROMPT)) {
        const seconds = (performance.now() - t0) / 1000;
        finish(() => resolve(seconds));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString('latin1')));
    child.on('error', (e) => finish(() => reject(new UserError(`${cmd}: ${e.message}`))));
    child.on('exit', (code, signal) => finish(() => reject(new UserError(`${cmd} ended (${code ?? signal}) before the prompt; console ends ${JSON.stringify(out.slice(-400))}${err ? `, stderr ${JSON.stringify(err.slice(-400))}` : ''}`))));
  });
}

function report(r: LinuxBenchResult): string {
  const lines = [
    `${r.kernel.package} ${r.kernel.version}, bootargs "${r.board.bootargs}", ${r.board.memoryMB} MB, ${r.board.clockHz / 1e6} MHz`,
    ...r.inProcess.map((k) => `  in process   ${k.mark.padEnd(20)} ${(k.instructions / 1e6).toFixed(1).padStart(7)} M instructions ${k.seconds.toFixed(2).padStart(7)} s  (${(k.instructions / 1e6 / Math.max(k.seconds, 1e-3)).toFixed(1)} MIPS)`),
    `  disco run    to the prompt, whole process  median ${r.disco.median.toFixed(2)} s  (runs: ${r.disco.seconds.map((s) => s.toFixed(2)).join(' ')}; ${IDLE_FUNCTIONS.length} idle breakpoints)`,
    ...(r.discoTiming ? [`  disco run, timing mode                      median ${r.discoTiming.median.toFixed(2)} s  (runs: ${r.discoTiming.seconds.map((s) => s.toFixed(2)).join(' ')}); timing / fast ${r.timingRatio}`] : []),
    ...(r.qemu ? [`  qemu-system-mipsel -M malta (TCG)          median ${r.qemu.median.toFixed(2)} s  (runs: ${r.qemu.seconds.map((s) => s.toFixed(2)).join(' ')})`, `  disco / qemu wall time: ${r.ratio}`] : ['  qemu-system-mipsel not installed: no ratio']),
  ];
  return `${lines.join('\n')}\n`;
}

function readmeSection(r: LinuxBenchResult): string {
  const row = (what: string, s: { readonly median: number; readonly seconds: readonly number[] } | null): string =>
    s === null ? '' : `| ${what} | ${s.median.toFixed(2)} s | ${s.seconds.map((x) => x.toFixed(2)).join(', ')} |\n`;
  return (
    `<!-- disco bench linux: begin -->\n## Linux boot (\`disco bench linux\`)\n\n\`\`\`sh\nnode dist/cli.js ${r.command.replace(/^disco /, '')}\n\`\`\`\n\n` +
    `Boots Debian's \`${r.kernel.package}\` (${r.kernel.version}) with the busybox initramfs on the linux-generic board (${r.board.memoryMB} MB, ` +
    `${r.board.clockHz / 1e6} MHz, bootargs \`${r.board.bootargs}\`): once in the bench process for the instruction counts, then as whole ` +
    `processes from spawn until \`/ # \` reaches the console, alternately \`disco run examples/linux/linux.disco.json\` with ${IDLE_FUNCTIONS.length} ` +
    'breakpoints on functions the boot never runs (`--timing` adds timing mode) and qemu-system-mipsel (Malta, TCG) with the same kernel, ' +
    'initramfs, bootargs and memory (`debug-adapter/cli/linuxQemuCommand.ts`). Medians; the ratios compare medians.\n\n' +
    `${r.date.slice(0, 10)}, ${machineLine(r.machine)}:\n\n` +
    '| in process | instructions | wall |\n|---|---|---|\n' +
    r.inProcess.map((k) => `| ${k.mark} | ${(k.instructions / 1e6).toFixed(1)} M | ${k.seconds.toFixed(2)} s |`).join('\n') +
    '\n\n| to the prompt, whole process | median | runs |\n|---|---|---|\n' +
    row('disco run', r.disco) +
    row('disco run, timing mode', r.discoTiming) +
    row('qemu-system-mipsel', r.qemu) +
    `\ndisco / qemu: ${r.ratio ?? 'n/a'} (target ≤ 3); timing / fast: ${r.timingRatio ?? 'n/a'} (target ≤ 3).\n\n` +
    'Written by the command above: `bench/results/linux-boot.json` (every run, command lines, machine, package versions).\n<!-- disco bench linux: end -->'
  );
}

/** examples/linux's config in timing mode, written to a temporary directory (kernel path made absolute). */
function timingConfig(config: string, tmp: string): string {
  const json = JSON.parse(fs.readFileSync(config, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { machine: Record<string, unknown>; bare: { kernel: string } };
  json.machine.mode = 'timing';
  json.bare.kernel = path.resolve(path.dirname(config), json.bare.kernel);
  const file = path.join(tmp, 'linux-timing.disco.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

export async function runLinuxBench(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs('bench linux', argv, { values: ['runs'], switches: ['no-record', 'timing'] });
  if (args.positional.length !== 0) throw new UserError('disco bench linux: no positional arguments');
  const runs = parseNumberArg('bench', '--runs', args.values.get('runs') ?? '3');
  if (runs < 1) throw new UserError('disco bench linux: --runs must be at least 1');
  const root = checkoutRoot('examples/linux/linux.disco.json', 'disco bench linux');
  const dir = path.join(root, '.cache', 'linux');
  const m = (await fetchLinux({ dir, log: (t) => io.stderr(`${t}\n`) })).manifest;
  const machine = benchMachine();
  const date = new Date().toISOString();
  const inProcess = bootInProcess(m, dir, io);
  const config = path.join(root, 'examples', 'linux', 'linux.disco.json');
  const breaks = IDLE_FUNCTIONS.flatMap((f) => ['--break', f]);
  // This same command (dist/cli.js, or cli.ts under tsx), as a user would start it.
  const run = [...process.execArgv, process.argv[1] ?? 'disco', 'run'];
  const qemuArgs = linuxQemuArgs(m, dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-bench-linux-'));
  const timedConfig = timingConfig(config, tmp);
  const fast: number[] = [];
  const timed: number[] = [];
  let qemu: number[] | null = [];
  for (let i = 0; i < runs; i++) {
    fast.push(await timeToPrompt(process.execPath, [...run, config, ...breaks]));
    if (args.switches.has('timing')) timed.push(await timeToPrompt(process.execPath, [...run, timedConfig, ...breaks]));
    if (qemu !== null) {
      try {
        qemu.push(await timeToPrompt('qemu-system-mipsel', qemuArgs));
      } catch (e) {
        if (!(e instanceof UserError) || !/ENOENT/.test(e.message)) throw e;
        qemu = null;
      }
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const summary = (cmd: string, seconds: readonly number[]): { command: string; seconds: number[]; median: number } => ({ command: cmd, seconds: seconds.map(round), median: round(median(seconds)) });
  const result: LinuxBenchResult = {
    command: ['disco bench linux', ...argv].join(' '),
    date,
    machine,
    kernel: m.kernel,
    busybox: m.busybox,
    board: { memoryMB: LINUX_BOARD_MEMORY_MB, clockHz: LINUX_BOARD_CLOCK_HZ, bootargs: m.bootargs },
    inProcess,
    disco: summary(`node dist/cli.js run examples/linux/linux.disco.json ${breaks.join(' ')}`, fast),
    discoTiming: timed.length === 0 ? null : summary(`node dist/cli.js run <examples/linux/linux.disco.json with "mode": "timing"> ${breaks.join(' ')}`, timed),
    qemu: qemu === null ? null : summary(`qemu-system-mipsel ${qemuArgs.join(' ')}`, qemu),
    ratio: qemu === null ? null : round(median(fast) / median(qemu)),
    timingRatio: timed.length === 0 ? null : round(median(timed) / median(fast)),
  };
  io.stdout(report(result));
  if (!args.switches.has('no-record')) {
    const file = path.join(root, 'bench', 'results', 'linux-boot.json');
    writeBenchResult(file, result);
    replaceReadmeSection(path.join(root, 'bench', 'README.md'), '<!-- disco bench linux: begin -->', '<!-- disco bench linux: end -->', readmeSection(result));
    io.stdout(`recorded in ${file} and bench/README.md\n`);
  }
  return 0;
}
