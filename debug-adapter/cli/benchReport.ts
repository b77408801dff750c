// The CPU benchmark's result (bench/results/cpu.json) and its section of bench/README.md (between
// marker comments, so the other benchmarks' sections stay untouched).

import { machineLine, replaceReadmeSection, type BenchMachine } from './benchRecord';

const BEGIN = '<!-- disco bench cpu: begin -->';
const END = '<!-- disco bench cpu: end -->';

/** Whole-process wall seconds of one program and its median MIPS. */
export interface TimedRuns {
  readonly command: string;
  readonly seconds: readonly number[];
  readonly mips: number;
}

export interface CpuBenchResult {
  readonly benchmark: string;
  readonly size: string;
  readonly command: string;
  readonly date: string;
  readonly machine: BenchMachine;
  readonly instructions: number;
  readonly checksum: string;
  readonly disco: TimedRuns;
  /** The same runs inside the bench process, with breakpoints it never reaches. */
  readonly inProcess: { readonly breakpoints: readonly string[]; readonly seconds: readonly number[]; readonly mips: number };
  readonly qemu: (TimedRuns & { readonly version: string }) | null;
  readonly ratio: number | null;
}

/** Replaces (or appends) the CPU section of the benchmarks README. */
export function updateBenchReadme(file: string, r: CpuBenchResult): void {
  const section = [
    BEGIN,
    '## CPU (`disco bench cpu`)',
    '',
    '```sh',
    `node dist/cli.js ${r.command.replace(/^disco /, '')}`,
    '```',
    '',
    'Builds `bench/cpu/bench.S` (the peer benchmark: sieve, matrix multiply, CRC-32, GCD) for',
    'Linux o32 big-endian. Runs it in the bench process in user mode with compiled regions and ten',
    'breakpoints set on addresses it never reaches, checking checksum, exit code and the exact',
    'instruction count (QEMU\'s, from `bench/qemu/qemuCounts.ts`); then times `disco run --user` and',
    `\`qemu-mips\` (${r.qemu?.version ?? 'not installed'}, TCG JIT) the same way: whole processes from spawn`,
    'to exit, one warm-up each, every run checked for exit status 161 and the checksum on stdout.',
    'MIPS = instructions / median wall time; the ratio compares the two whole-process figures.',
    '',
    '| date | machine | instructions | `disco run --user` MIPS | in process MIPS | qemu-mips MIPS | ratio |',
    '|---|---|---|---|---|---|---|',
    `| ${r.date.slice(0, 10)} | ${machineLine(r.machine)} | ${r.instructions.toLocaleString('en-US')} | ${r.disco.mips} | ${r.inProcess.mips} | ${r.qemu?.mips ?? 'n/a'} | ${r.ratio ?? 'n/a'} |`,
    '',
    'Written by the command above: `bench/results/cpu.json` (every run, command lines, machine).',
    END,
  ].join('\n');
  replaceReadmeSection(file, BEGIN, END, section);
}
