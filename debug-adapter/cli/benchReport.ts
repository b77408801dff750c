// Writes the CPU benchmark's section of bench/README.md (between marker comments, so the other
// benchmarks' sections stay untouched).

import * as fs from 'node:fs';

const BEGIN = '<!-- disco bench cpu: begin -->';
const END = '<!-- disco bench cpu: end -->';

export interface CpuBenchResult {
  readonly size: string;
  readonly command: string;
  readonly date: string;
  readonly node: string;
  readonly host: string;
  readonly instructions: number;
  readonly discoSeconds: readonly number[];
  readonly discoMips: number;
  readonly qemuMips: number | null;
  readonly ratio: number | null;
}

/** Replaces (or appends) the CPU section of the benchmarks README. */
export function updateBenchReadme(file: string, r: CpuBenchResult): void {
  const section = [
    BEGIN,
    '## CPU (`disco bench cpu`)',
    '',
    '```sh',
    `node dist/cli.js bench cpu --size ${r.size} --runs ${r.discoSeconds.length}`,
    '```',
    '',
    'Builds `bench/cpu/bench.S` (the peer benchmark: sieve, matrix multiply, CRC-32, GCD) for',
    'Linux o32 big-endian, runs it in `disco run --user` mode with compiled regions and breakpoints',
    'set on addresses it never reaches (whole run, start-up and compilation included), checks',
    'checksum, exit code and the exact instruction count,',
    'and times `qemu-mips` 7.2 (TCG JIT) on the same ELF. MIPS = instructions / median wall time.',
    '',
    '| date | host | instructions | disco MIPS | qemu-mips MIPS | ratio |',
    '|---|---|---|---|---|---|',
    `| ${r.date.slice(0, 10)} | ${r.host}, Node ${r.node} | ${r.instructions.toLocaleString('en-US')} | ${r.discoMips} | ${r.qemuMips ?? 'n/a'} | ${r.ratio ?? 'n/a'} |`,
    '',
    'Raw figures: `bench/results/cpu.json`.',
    END,
  ].join('\n');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  const next = a >= 0 && b > a ? text.slice(0, a) + section + text.slice(b + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
