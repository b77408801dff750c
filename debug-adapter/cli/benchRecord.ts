// Results files of the benchmarks (bench/results/*.json): each is written by the command that
// measured it, with that command line, the date, the machine it ran on and the figures (medians
// of runs, `median` here).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The median of a benchmark's runs (of an even count, the upper middle one). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The machine a benchmark ran on. */
export interface BenchMachine {
  readonly cpu: string;
  readonly cores: number;
  /** One-minute load average when the benchmark started (other work on the machine). */
  readonly load: number;
  readonly memoryGB: number;
  readonly os: string;
  readonly node: string;
}

export function benchMachine(): BenchMachine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown CPU',
    cores: cpus.length,
    load: Number((os.loadavg()[0] ?? 0).toFixed(2)),
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** "CPU, N cores, load L, Node V": the machine in one line, as the READMEs show it. */
export function machineLine(m: BenchMachine): string {
  return `${m.cpu}, ${m.cores} cores, load ${m.load.toFixed(2)}, Node ${m.node}`;
}

/** How a bench script was started (`npx tsx bench/…ts ARGS`), relative to the checkout `root`. */
export function scriptCommand(root: string, argv: readonly string[] = process.argv): string {
  const script = argv[1] === undefined ? '' : path.relative(root, argv[1]);
  return ['npx tsx', script, ...argv.slice(2)].join(' ').trim();
}

/** Writes one benchmark's result as JSON (directories created); `result` carries its own command line. */
export function writeBenchResult<T extends { readonly command: string; readonly date: string; readonly machine: BenchMachine }>(file: string, result: T): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * Writes `section` (which starts with `begin` and ends with `end`) into the Markdown file: in place
 * of the section between those markers, or appended when the file has none.
 */
export function replaceReadmeSection(file: string, begin: string, end: string, section: string): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  const next = a >= 0 && b > a ? text.slice(0, a) + section + text.slice(b + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
