// `disco bench cpu [--size small|full]`: the CPU speed benchmark. Builds bench/cpu/bench.S (the
// peer benchmark of the MIPS emulators compared in bench/README.md) for Linux o32 with the Debian
// cross assembler and linker, runs it in Linux user mode with compiled regions (in this process
// with idle breakpoints, checking checksum, exit code and exact instruction count), then times
// `disco run --user` and qemu-mips alike as whole processes that must exit 161 printing the
// checksum, and records the result in bench/results/cpu.json and bench/README.md. With --timing
// it compares timing mode (docs/timing.md) with fast mode on the same ELF instead.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LinuxProcess } from '../machine/linuxUser/linuxProcess';
import { DEFAULT_TIMING } from '../machine/timing/timingParams';
import { findSection, readElf } from '../toolchain/elf/elfFile';
import type { ElfFile } from '../toolchain/elf/elfFile';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import type { CliIo, Command } from './command';
import { MissingProgram, timeProcess, type ExpectedRun } from './benchProcess';
import { benchMachine, median, writeBenchResult } from './benchRecord';
import { updateBenchReadme, type CpuBenchResult } from './benchReport';
import { runDapBench } from './benchDap';
import { runGuestBench } from './benchGuest';
import { runMemoryBench } from './benchMemory';
import { runLinuxBench } from './benchLinux';
import { checkoutRoot } from './checkout';

export interface BenchSize {
  readonly defines: readonly string[];
  readonly instructions: number;
  readonly checksum: string;
}

/**
 * Expected results: the instruction counts are QEMU's, measured with its TCG plugin API by
 * bench/qemu/qemuCounts.ts (bench/results/qemu-counts.json), and agree with bench.S's model.
 */
export const BENCH_SIZES: Readonly<Record<string, BenchSize>> = {
  full: { defines: [], instructions: 938102742, checksum: '819b1da1' },
  small: {
    defines: ['-DSIEVE_REPS=8', '-DMM_REPS=100', '-DCRC_REPS=20', '-DGCD_PAIRS_HI=0', '-DGCD_PAIRS_LO=40000'],
    instructions: 18627735,
    checksum: '4ffdb2a1',
  },
};

function tool(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new UserError(`disco bench: ${cmd} is not installed (scripts/install-oracles.sh installs the MIPS cross tools)`);
  if (r.status !== 0) throw new UserError(`disco bench: ${cmd} failed:\n${r.stderr}`);
}

/** bench.S preprocessed for `size`, assembled and linked as a static Linux o32 big-endian ELF in `dir`. */
export function buildBench(source: string, size: BenchSize, dir: string): string {
  const s = path.join(dir, 'bench.s');
  const r = spawnSync('cpp', ['-P', '-undef', '-nostdinc', ...size.defines, source], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.error || r.status !== 0) throw new UserError(`disco bench: cpp failed: ${r.error?.message ?? r.stderr}`);
  fs.writeFileSync(s, r.stdout);
  tool('mips-linux-gnu-as', ['-march=mips32', '-o', path.join(dir, 'bench.o'), s]);
  const elf = path.join(dir, 'bench-be');
  tool('mips-linux-gnu-ld', ['-static', '-e', '__start', '-o', elf, path.join(dir, 'bench.o')]);
  return elf;
}

/**
 * Ten breakpoints the run never reaches: eight just past the end of .text, in the pages the
 * hot code lives in (so compiled regions there must account for them), and two in unmapped pages.
 */
function idleBreakpoints(elf: ElfFile): number[] {
  const text = findSection(elf, '.text');
  if (!text) throw new Error('benchmark ELF has no .text');
  const end = (text.addr + text.size + 3) & ~3;
  return [...Array.from({ length: 8 }, (_, i) => end + 4 * i), 0x10000000, 0x7f000000];
}


/** One run in Linux user mode: wall seconds, and cycles (instructions + stalls in timing mode). */
function runOurs(elfPath: string, size: BenchSize, breakpoints: readonly number[], timing = false): { seconds: number; cycles: number } {
  const out: string[] = [];
  const elf = readElf(fs.readFileSync(elfPath), elfPath);
  const t0 = performance.now();
  const proc = new LinuxProcess({
    elf,
    argv: [elfPath],
    envp: [],
    execPath: elfPath,
    host: { write: (_fd, d) => out.push(Buffer.from(d).toString('latin1')), readStdin: () => new Uint8Array(0), readFile: () => undefined, note: () => {} },
    ...(timing ? { timing: DEFAULT_TIMING } : {}),
  });
  // Breakpoints elsewhere (never reached) must not slow the run down.
  proc.cpu.setBreakpoints(breakpoints);
  const { status } = proc.runToExit();
  const seconds = (performance.now() - t0) / 1000;
  const icount = proc.cpu.state.icount;
  if (out.join('') !== `${size.checksum}\n` || status !== 161 || icount !== size.instructions) {
    throw new Error(`benchmark gave '${out.join('').trim()}', exit ${status}, ${icount} instructions; expected ${size.checksum}, 161, ${size.instructions}`);
  }
  return { seconds, cycles: proc.cycles };
}

/** This same command (dist/cli.js, or cli.ts under tsx) running the ELF in user mode, as a user would start it. */
function discoRun(elf: string, ...options: string[]): [string, string[]] {
  return [process.execPath, [...process.execArgv, process.argv[1] ?? 'disco', 'run', '--user', elf, ...options]];
}

/**
 * Timing mode against fast mode; the report's lines. The figure is whole processes (each mode in
 * a fresh `disco run --user`, alternately, as the user-mode figure is timed), each of which must
 * print the cycle count the runs in this process gave; the alternating runs in this process are
 * shown too (a machine built after another in the same process runs code V8 compiled without
 * specializing it to the machine, which costs timing mode more).
 */
function compareTiming(elf: string, size: BenchSize, breakpoints: readonly number[], runs: number): string {
  const inFast: number[] = [];
  const inTimed: number[] = [];
  let cycles = 0;
  for (let i = 0; i < runs; i++) {
    inFast.push(runOurs(elf, size, breakpoints).seconds);
    const t = runOurs(elf, size, breakpoints, true);
    inTimed.push(t.seconds);
    cycles = t.cycles;
  }
  const fastRun: ExpectedRun = { status: 161, stdout: `${size.checksum}\n` };
  const timedRun: ExpectedRun = { ...fastRun, stderr: new RegExp(`^disco run: timing: ${size.instructions} instructions, ${cycles} cycles \\(`) };
  const [node, fastArgs] = discoRun(elf);
  const [, timedArgs] = discoRun(elf, '--timing');
  timeProcess(node, fastArgs, fastRun);
  timeProcess(node, timedArgs, timedRun);
  const fast: number[] = [];
  const timed: number[] = [];
  for (let i = 0; i < runs; i++) {
    fast.push(timeProcess(node, fastArgs, fastRun));
    timed.push(timeProcess(node, timedArgs, timedRun));
  }
  const mips = (s: number[]): string => (size.instructions / median(s) / 1e6).toFixed(1);
  return (
    `  fast mode   median ${median(fast).toFixed(3)} s  ${mips(fast)} MIPS  (disco run --user; runs: ${secondsLine(fast)})\n` +
    `  timing mode median ${median(timed).toFixed(3)} s  ${mips(timed)} MIPS  (disco run --user --timing; runs: ${secondsLine(timed)}), ${cycles.toLocaleString('en-US')} cycles\n` +
    `  timing / fast wall time: ${(median(timed) / median(fast)).toFixed(2)}\n` +
    `  in process, alternating, ten idle breakpoints: fast ${median(inFast).toFixed(3)} s (${secondsLine(inFast)}), timing ${median(inTimed).toFixed(3)} s (${secondsLine(inTimed)}): ${(median(inTimed) / median(inFast)).toFixed(2)}\n`
  );
}

/** qemu-mips's version line, or undefined when it is not installed. */
function qemuVersion(): string | undefined {
  const r = spawnSync('qemu-mips', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? undefined : r.stdout.split('\n')[0];
}

/** N timed whole-process runs after one untimed warm-up (which also checks the program). */
function timeRuns(cmd: string, args: readonly string[], expected: ExpectedRun, runs: number): number[] {
  timeProcess(cmd, args, expected);
  return Array.from({ length: runs }, () => timeProcess(cmd, args, expected));
}

export interface BenchArgs {
  readonly sizeName: string;
  readonly size: BenchSize;
  readonly runs: number;
  readonly record: boolean;
  readonly timing: boolean;
}

/** Reads a `disco bench` command line; bad input is a UserError. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args = parseArgs('bench', argv, { values: ['size', 'runs'], switches: ['no-record', 'timing'] });
  if (args.positional[0] !== 'cpu' || args.positional.length !== 1) throw new UserError('disco bench: the benchmark to run is `cpu`');
  const sizeName = args.values.get('size') ?? 'full';
  const size = BENCH_SIZES[sizeName];
  if (!size) throw new UserError(`disco bench: --size must be small or full, not '${sizeName}'`);
  const runs = parseNumberArg('bench', '--runs', args.values.get('runs') ?? '3');
  if (runs < 1) throw new UserError('disco bench: --runs must be at least 1');
  return { sizeName, size, runs, record: !args.switches.has('no-record'), timing: args.switches.has('timing') };
}

const mipsOf = (instructions: number, seconds: readonly number[]): number => Number((instructions / median([...seconds]) / 1e6).toFixed(1));
const secondsLine = (xs: readonly number[]): string => xs.map((t) => t.toFixed(3)).join(' ');

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure the emulator (bench cpu: MIPS32 speed against qemu-mips; dap; guest; linux; memory)',
  usage: `usage: disco bench cpu [--size small|full] [--runs N] [--no-record] [--timing]
       disco bench dap [--runs N] [--no-record]
       disco bench guest [--size small|full] [--runs N] [--no-timing] [--no-record]
       disco bench linux [--runs N] [--no-record] [--timing]
       disco bench memory [--no-record]

Builds bench/cpu/bench.S (sieve, matrix multiply, CRC-32, GCD; 938,102,742 instructions at full
size) with mips-linux-gnu-as/ld. Runs it N times (default 3) in this process in Linux user mode
with compiled regions and ten breakpoints it never reaches, checking checksum, exit code and the
exact instruction count; then times N runs (after a warm-up) of \`disco run --user\` (this same
command) and of qemu-mips as whole processes, each of which must exit 161 printing the checksum,
and reports median million instructions per second and the ratio to qemu-mips (when installed).
Unless --no-record, writes bench/results/cpu.json and the CPU section of bench/README.md.
--timing runs the benchmark alternately in fast and in timing mode (default caches), as whole
processes (disco run --user, with and without --timing, which must print the same cycle count as
the runs in this process) and in this process, and reports both and their ratio; nothing is
recorded.

bench dap times the debug adapter as a client sees it (launch, step, reverse step, pmap views, the
cost of idle breakpoints) and records bench/results/dap.json and its section of bench/README.md.

bench guest runs the guest OS's workloads (pmake, raytrace, database, engineering; about 1.3 G
instructions at full size) bare and under the Disco monitor on 2 CPUs with ten idle breakpoints,
in fast and in timing mode (N runs each, default 1): MIPS, the speed under the monitor relative
to bare, the host time spent in the monitor's trap path, timing against fast mode. Records
bench/results/guest.json and its section of bench/README.md.

bench linux boots Debian's Linux (examples/linux; fetched first when needed) to the busybox prompt:
once in this process (instructions and seconds at the first console byte, Run /init and the
prompt), then N times each, alternately, \`disco run examples/linux/linux.disco.json\` with ten
breakpoints on functions the boot never runs and qemu-system-mipsel with the same kernel,
initramfs, bootargs and memory, as whole processes from spawn until the prompt appears; --timing
adds timing-mode runs. Records bench/results/linux-boot.json and its section of bench/README.md.

bench memory boots a 1 GiB machine with eight 64 MB VMs that touch all their memory
(bench/memory/eight-vms.disco.json) and reports the peak resident set against the touched memory
(target: at most 200 MB more), and what one checkpoint adds. Records bench/results/memory.json.
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    if (argv[0] === 'dap') return runDapBench(argv.slice(1), io);
    if (argv[0] === 'guest') return runGuestBench(argv.slice(1), io);
    if (argv[0] === 'memory') return runMemoryBench(argv.slice(1), io);
    if (argv[0] === 'linux') return runLinuxBench(argv.slice(1), io);
    const { sizeName, size, runs, record, timing } = parseBenchArgs(argv);
    const benchDir = path.join(checkoutRoot('bench/cpu/bench.S', 'disco bench'), 'bench');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-bench-'));
    try {
      const elf = buildBench(path.join(benchDir, 'cpu', 'bench.S'), size, tmp);
      const breakpoints = idleBreakpoints(readElf(fs.readFileSync(elf), elf));
      if (timing) {
        io.stdout(`bench cpu --timing (${sizeName}): ${size.instructions.toLocaleString('en-US')} instructions, default caches\n${compareTiming(elf, size, breakpoints, runs)}`);
        return 0;
      }
      const machine = benchMachine();
      const inProcess = Array.from({ length: runs }, () => runOurs(elf, size, breakpoints).seconds);
      const expected: ExpectedRun = { status: 161, stdout: `${size.checksum}\n` };
      const discoSeconds = timeRuns(...discoRun(elf), expected, runs);
      let qemuSeconds: number[] | undefined;
      try {
        qemuSeconds = timeRuns('qemu-mips', [elf], expected, runs);
      } catch (e) {
        if (!(e instanceof MissingProgram)) throw e;
      }
      const discoMips = mipsOf(size.instructions, discoSeconds);
      const qemuMips = qemuSeconds ? mipsOf(size.instructions, qemuSeconds) : null;
      const ratio = qemuMips ? Number((discoMips / qemuMips).toFixed(3)) : null;
      io.stdout(
        `bench cpu (${sizeName}): ${size.instructions.toLocaleString('en-US')} instructions, checksum ${size.checksum}\n` +
          `  disco run --user  median ${median(discoSeconds).toFixed(3)} s  ${discoMips} MIPS  (runs: ${secondsLine(discoSeconds)})\n` +
          `  in process        median ${median(inProcess).toFixed(3)} s  ${mipsOf(size.instructions, inProcess)} MIPS  (ten idle breakpoints; runs: ${secondsLine(inProcess)})\n` +
          (qemuSeconds
            ? `  qemu-mips         median ${median(qemuSeconds).toFixed(3)} s  ${qemuMips} MIPS  (runs: ${secondsLine(qemuSeconds)})\n  ratio             ${ratio} of qemu-mips\n`
            : '  qemu-mips not installed: no ratio\n'),
      );
      if (record) {
        const elfName = '<bench-be>';
        const result: CpuBenchResult = {
          benchmark: 'bench/cpu/bench.S (Linux o32, big-endian)',
          size: sizeName,
          command: ['disco bench', ...argv].join(' '),
          date: new Date().toISOString(),
          machine,
          instructions: size.instructions,
          checksum: size.checksum,
          disco: { command: `node dist/cli.js run --user ${elfName}`, seconds: discoSeconds, mips: discoMips },
          inProcess: { breakpoints: breakpoints.map((a) => `0x${a.toString(16).padStart(8, '0')}`), seconds: inProcess, mips: mipsOf(size.instructions, inProcess) },
          qemu: qemuSeconds && qemuMips ? { command: `qemu-mips ${elfName}`, version: qemuVersion() ?? 'unknown', seconds: qemuSeconds, mips: qemuMips } : null,
          ratio,
        };
        writeBenchResult(path.join(benchDir, 'results', 'cpu.json'), result);
        updateBenchReadme(path.join(benchDir, 'README.md'), result);
        io.stdout(`recorded in ${path.join(benchDir, 'results', 'cpu.json')} and bench/README.md\n`);
      }
      return 0;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
