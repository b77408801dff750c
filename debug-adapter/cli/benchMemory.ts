// `disco bench memory`: the host memory of a large machine. Boots bench/memory/eight-vms.disco.json
// (1 GiB of machine memory, eight 64 MB VMs whose kernels touch every page of their memory) under
// the monitor in this process, runs it to the end and reports the process's peak resident set
// against the machine memory the VMs touched (the monitor's machine pages in use), with the V8
// heap and the machine memory's share; then what one saved state (a reverse-execution
// checkpoint) adds. Writes bench/results/memory.json and its section of bench/README.md.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/discoConfig';
import { DiscoMonitor } from '../monitor/monitor';
import { UserError } from '../util/diagnostic';
import { parseArgs } from './args';
import { benchMachine, machineLine, replaceReadmeSection, writeBenchResult, type BenchMachine } from './benchRecord';
import type { CliIo } from './command';
import { checkoutRoot } from './checkout';

const CONFIG = path.join('bench', 'memory', 'eight-vms.disco.json');
/** Resident memory allowed beyond the touched machine memory. */
const TARGET_EXTRA_MB = 200;
const BEGIN = '<!-- disco bench memory: begin -->';
const END = '<!-- disco bench memory: end -->';

/** Resident set and V8 heap at one point of the run, in MB. */
export interface MemoryPoint {
  readonly rss: number;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
}

export interface MemoryBenchResult {
  readonly benchmark: string;
  readonly command: string;
  readonly date: string;
  readonly machine: BenchMachine;
  readonly config: string;
  readonly instructions: number;
  /** Machine memory the VMs touched: machine pages in use × 4 KiB, in MB. */
  readonly touchedMB: number;
  readonly start: MemoryPoint;
  readonly built: MemoryPoint;
  readonly ran: MemoryPoint;
  /** The process's peak resident set up to the end of the run (before the checkpoint), in MB. */
  readonly peakRssMB: number;
  readonly targetMB: number;
  readonly met: boolean;
  /** After one DiscoMonitor.save() kept alive (a reverse-execution checkpoint). */
  readonly checkpoint: MemoryPoint;
}

const MB = 1024 * 1024;
const round = (x: number): number => Number(x.toFixed(1));

function point(): MemoryPoint {
  const u = process.memoryUsage();
  return { rss: round(u.rss / MB), heapUsed: round(u.heapUsed / MB), arrayBuffers: round(u.arrayBuffers / MB) };
}

function table(r: MemoryBenchResult): string[] {
  const row = (what: string, p: MemoryPoint): string => `| ${what} | ${p.rss} MB | ${p.heapUsed} MB | ${p.arrayBuffers} MB |`;
  return [
    '| point | resident set | V8 heap used | ArrayBuffers (reserved) |',
    '|---|---|---|---|',
    row('process start', r.start),
    row('monitor built (8 VMs loaded)', r.built),
    row('run ended', r.ran),
    row('one checkpoint kept (`DiscoMonitor.save()`)', r.checkpoint),
    '',
    `Touched machine memory ${r.touchedMB} MB; peak resident set ${r.peakRssMB} MB against at most ${r.targetMB} MB (touched + ${TARGET_EXTRA_MB} MB): ${r.met ? 'met' : '**missed**'}.`,
  ];
}

function updateReadme(file: string, r: MemoryBenchResult): void {
  const section = [
    BEGIN,
    '## Host memory (`disco bench memory`)',
    '',
    '```sh',
    `node dist/cli.js ${r.command.replace(/^disco /, '')}`,
    '```',
    '',
    'Boots `bench/memory/eight-vms.disco.json` under the monitor in the bench process: a 1 GiB machine with eight',
    '64 MB VMs whose kernels (`bench/memory/touch.S`) store to every page of their memory and halt. The resident',
    'set is read with `process.memoryUsage()` at each point and the peak with `process.resourceUsage().maxRSS`;',
    'touched memory is the monitor\'s machine pages in use. The checkpoint line is after the run (not in the peak).',
    '',
    `${r.date.slice(0, 10)}, ${machineLine(r.machine)}, ${(r.instructions / 1e6).toFixed(1)} M instructions:`,
    '',
    ...table(r),
    '',
    'Written by the command above: `bench/results/memory.json`.',
    END,
  ].join('\n');
  replaceReadmeSection(file, BEGIN, END, section);
}

export async function runMemoryBench(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs('bench', argv, { switches: ['no-record'] });
  if (args.positional.length !== 0) throw new UserError('disco bench memory takes no arguments');
  const root = checkoutRoot(CONFIG, 'disco bench memory');
  const start = point();
  const date = new Date().toISOString();
  const machine = benchMachine();
  const file = path.join(root, CONFIG);
  const monitor = new DiscoMonitor({ config: loadConfig(fs.readFileSync(file, 'utf8'), file, io.files), files: io.files, includeDirs: [path.join(root, 'guest', 'include')] });
  const built = point();
  let stop = monitor.run(100_000_000);
  while (stop.reason === 'limit') stop = monitor.run(100_000_000);
  if (stop.reason !== 'halted' || monitor.vms.some((vm) => vm.end?.kind !== 'halt' || vm.end.code !== 0)) throw new Error(`the VMs did not all halt with 0: ${JSON.stringify(stop)}`);
  const ran = point();
  const peakRssMB = round(process.resourceUsage().maxRSS / 1024);
  const touchedMB = round((monitor.core.memmap.used * 4096) / MB);
  const saved = monitor.save();
  const checkpoint = point();
  const result: MemoryBenchResult = {
    benchmark: 'host memory of a 1 GiB machine with eight 64 MB VMs that touched all their memory',
    command: ['disco bench memory', ...argv].join(' '),
    date,
    machine,
    config: CONFIG,
    instructions: monitor.machine.retired,
    touchedMB,
    start,
    built,
    ran,
    peakRssMB,
    targetMB: round(touchedMB + TARGET_EXTRA_MB),
    met: peakRssMB <= touchedMB + TARGET_EXTRA_MB,
    checkpoint,
  };
  io.stdout(`bench memory (${saved.machine.pages.length} non-zero pages in the checkpoint):\n${table(result).join('\n')}\n`);
  if (!args.switches.has('no-record')) {
    const out = path.join(root, 'bench', 'results', 'memory.json');
    writeBenchResult(out, result);
    updateReadme(path.join(root, 'bench', 'README.md'), result);
    io.stdout(`recorded in ${out} and bench/README.md\n`);
  }
  return 0;
}
