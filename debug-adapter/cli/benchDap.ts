// `disco bench dap`: the debug adapter's latencies, measured as a client sees them — a
// DebugClient talking to the adapter process (dist/debugAdapter.js) over stdio. Launch to the
// first stop on the multi-VM example; an instruction step; a reverse step 10^8 instructions into
// a run (bench/dap/loop.S, a bare kernel loop); `threads` and `pause` answered while a guest runs
// flat out (bench/dap/spin.S); the pmap and memmap views of a 1 GiB machine
// whose one large VM touched every page (bench/dap/big.disco.json); the long runs of
// benchDapRun.ts (idle breakpoints, the debugger against `disco run`). Writes
// bench/results/dap.json and the DAP section of bench/README.md.

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import { benchMachine, writeBenchResult } from './benchRecord';
import { Client, figure, findPaths, ms, type Paths } from './benchDapClient';
import { type DapBenchResult, type DapFigure, updateDapReadme } from './benchDapReport';
import { linuxFigures, multiVmFigures } from './benchDapRun';
import type { CliIo } from './command';

/** Targets (ms, or % for the slowdown). */
const TARGETS = { launch: 500, step: 20, reverseStep: 100, pmap: 200, slowdown: 5, running: 50 } as const;

async function launchFigure(p: Paths, runs: number): Promise<DapFigure> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = new Client(p);
    try {
      samples.push(await c.launch({ config: path.join(p.root, 'examples', 'multi-vm', 'multi-vm.disco.json') }));
    } finally {
      await c.stop();
    }
  }
  return figure('launch to the first stop (multi-vm, 3 VMs)', samples, TARGETS.launch, 'ms');
}

async function stepFigure(p: Paths, steps: number): Promise<DapFigure> {
  const c = new Client(p);
  try {
    await c.launch({ config: path.join(p.root, 'examples', 'multi-vm', 'multi-vm.disco.json') });
    const samples: number[] = [];
    for (let i = 0; i < steps; i++) samples.push(await c.until('stopped', () => c.dc.stepInRequest({ threadId: 1, granularity: 'instruction' })));
    return figure('instruction step (multi-vm, thread 1)', samples, TARGETS.step, 'ms');
  } finally {
    await c.stop();
  }
}

const LOOP = (p: Paths): string => path.join(p.root, 'bench', 'dap', 'loop.S');

async function reverseFigure(p: Paths, steps: number): Promise<DapFigure> {
  const c = new Client(p);
  try {
    await c.launch({ program: LOOP(p) }, () => c.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'done' }] }));
    await c.until('stopped', () => c.dc.continueRequest({ threadId: 1 }));
    const samples: number[] = [];
    for (let i = 0; i < steps; i++) samples.push(await c.until('stopped', () => c.dc.stepBackRequest({ threadId: 1, granularity: 'instruction' })));
    return figure('reverse instruction step, 10^8 instructions into a run (bench/dap/loop.S)', samples, TARGETS.reverseStep, 'ms');
  } finally {
    await c.stop();
  }
}

/** `threads` round trips and `pause` to its stopped event while bench/dap/spin.S runs flat out. */
async function runningFigures(p: Paths, runs: number): Promise<DapFigure[]> {
  const c = new Client(p);
  try {
    await c.launch({ program: path.join(p.root, 'bench', 'dap', 'spin.S') });
    const threads: number[] = [];
    const pause: number[] = [];
    for (let i = 0; i < runs; i++) {
      await c.dc.continueRequest({ threadId: 1 });
      await new Promise((r) => setTimeout(r, 200));
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        await c.dc.threadsRequest();
        threads.push(ms(t0));
      }
      pause.push(await c.until('stopped', () => c.dc.pauseRequest({ threadId: 1 })));
    }
    return [
      figure('threads request while a guest runs flat out (bench/dap/spin.S)', threads, TARGETS.running, 'ms'),
      figure('pause of a guest running flat out, to its stopped event', pause, TARGETS.running, 'ms'),
    ];
  } finally {
    await c.stop();
  }
}

async function pmapFigures(p: Paths, runs: number): Promise<DapFigure[]> {
  const c = new Client(p);
  try {
    await c.launch({ config: path.join(p.root, 'bench', 'dap', 'big.disco.json') }, () => c.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'touched' }] }));
    await c.until('stopped', () => c.dc.continueRequest({ threadId: 1 }));
    const pmap: number[] = [];
    const memmap: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const w = (await c.send('disco/pmap', { vm: 'big', first: 0, count: 4096 })).body as { pages: number; summary: string };
      pmap.push(ms(t0));
      if (w.pages < 130_000) throw new Error(`disco bench dap: the large VM has only ${w.pages} pages`);
      t0 = performance.now();
      await c.send('disco/memmap', { first: 0, count: 4096 });
      memmap.push(ms(t0));
    }
    return [
      figure('disco/pmap of the 511 MB VM, all pages touched (4096-page window + whole-VM summary), 1 GiB machine', pmap, TARGETS.pmap, 'ms'),
      figure('disco/memmap of the 1 GiB machine (4096-page window + whole-machine summary)', memmap, TARGETS.pmap, 'ms'),
    ];
  } finally {
    await c.stop();
  }
}

export async function runDapBench(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs('bench', argv, { values: ['runs'], switches: ['no-record'] });
  if (args.positional.length !== 0) throw new UserError('disco bench dap: usage: disco bench dap [--runs N] [--no-record]');
  const runs = parseNumberArg('bench', '--runs', args.values.get('runs') ?? '5');
  if (runs < 1) throw new UserError('disco bench dap: --runs must be at least 1');
  const p = findPaths();
  const machine = benchMachine();
  const figures: DapFigure[] = [];
  const note = (f: DapFigure): void => {
    figures.push(f);
    const target = f.target !== null ? ` (target ≤ ${f.target} ${f.unit}: ${f.met ? 'met' : 'MISSED'})` : '';
    io.stdout(`  ${f.name}: median ${f.median} ${f.unit}${target}  [${f.samples.join(' ')}]\n`);
  };
  io.stdout(`bench dap: a DebugClient against ${path.relative(p.root, p.adapter)}, ${runs} runs\n`);
  note(await launchFigure(p, runs));
  note(await stepFigure(p, runs * 4));
  note(await reverseFigure(p, runs * 2));
  for (const f of await runningFigures(p, runs)) note(f);
  for (const f of await pmapFigures(p, runs)) note(f);
  for (const f of await linuxFigures(p, runs, TARGETS.slowdown)) note(f);
  for (const f of await multiVmFigures(p, runs)) note(f);
  if (!args.switches.has('no-record')) {
    const result: DapBenchResult = { benchmark: 'debug adapter latencies through DebugClient', command: ['disco bench dap', ...argv].join(' '), date: new Date().toISOString(), machine, figures };
    writeBenchResult(path.join(p.root, 'bench', 'results', 'dap.json'), result);
    updateDapReadme(path.join(p.root, 'bench', 'README.md'), result);
    io.stdout('recorded in bench/results/dap.json and bench/README.md\n');
  }
  return 0;
}
