// `disco bench dap`: the debug adapter's latencies, measured as a client sees them — a
// DebugClient talking to the adapter process (dist/debugAdapter.js) over stdio. Launch to the
// first stop on the multi-VM example; an instruction step; a reverse step 10^8 instructions into
// a run (bench/dap/loop.S, a bare kernel loop); the pmap and memmap views of a 1 GiB machine
// whose one large VM touched every page (bench/dap/big.disco.json); a run of loop.S with 20
// breakpoints in code it never reaches, against the same run without them. Writes
// bench/results/dap.json and the DAP section of bench/README.md.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import { benchMachine, writeBenchResult } from './benchRecord';
import { type DapBenchResult, type DapFigure, updateDapReadme } from './benchDapReport';
import type { CliIo } from './command';

/** Targets (ms, or % for the slowdown). */
const TARGETS = { launch: 500, step: 20, reverseStep: 100, pmap: 200, slowdown: 5 } as const;
const IDLE_BREAKPOINTS = 20;

interface Paths {
  readonly root: string;
  readonly adapter: string;
}

/** The checkout (bench/dap/loop.S) and the adapter next to this command's bundle. */
function findPaths(): Paths {
  for (const start of [process.cwd(), __dirname]) {
    for (let d = start; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'bench', 'dap', 'loop.S'))) {
        const adapter = path.join(d, 'dist', 'debugAdapter.js');
        if (!fs.existsSync(adapter)) throw new UserError('disco bench dap: dist/debugAdapter.js not found (npm run build)');
        return { root: d, adapter };
      }
      if (path.dirname(d) === d) break;
    }
  }
  throw new UserError('disco bench dap: bench/dap/loop.S not found (run inside a Disco Studio checkout)');
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (t0: number): number => Number((performance.now() - t0).toFixed(2));

interface Body {
  readonly body?: unknown;
}

class Client {
  readonly dc: DebugClient;
  constructor(private readonly paths: Paths) {
    this.dc = new DebugClient('node', paths.adapter, 'disco', { cwd: paths.root });
    this.dc.defaultTimeout = 600_000;
  }

  async launch(args: Record<string, unknown>, before?: () => Promise<unknown>): Promise<number> {
    const t0 = performance.now();
    await this.dc.start();
    await this.dc.initializeRequest({ adapterID: 'disco', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const stopped = this.dc.waitForEvent('stopped');
    await this.dc.launchRequest({ includeDirs: [path.join(this.paths.root, 'guest', 'include')], ...args } as never);
    if (before !== undefined) await before();
    await this.dc.configurationDoneRequest();
    await stopped;
    return ms(t0);
  }

  /** Sends a request and waits for the event it ends with; the wall milliseconds. */
  async until(event: string, request: () => Promise<unknown>): Promise<number> {
    const t0 = performance.now();
    const e = this.dc.waitForEvent(event);
    await request();
    await e;
    return ms(t0);
  }

  async send(command: string, args: Record<string, unknown>): Promise<Body> {
    return (await this.dc.customRequest(command, args)) as Body;
  }

  stop(): Promise<void> {
    return this.dc.stop();
  }
}

function figure(name: string, samples: readonly number[], target: number | null, unit: 'ms' | '%'): DapFigure {
  const m = Number(median(samples).toFixed(2));
  return { name, unit, samples: [...samples], median: m, target, met: target === null ? null : m <= target };
}

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

/** Wall ms of loop.S from continue to its exit, with `breakpoints` instruction breakpoints in `cold`. */
async function loopRun(p: Paths, breakpoints: number): Promise<number> {
  const c = new Client(p);
  try {
    await c.launch({ program: LOOP(p) });
    if (breakpoints > 0) {
      const cold = (await c.dc.evaluateRequest({ expression: 'cold', context: 'watch' })).body.result.split(' ')[0] as string;
      const list = Array.from({ length: breakpoints }, (_, i) => ({ instructionReference: cold, offset: 4 * i }));
      await c.send('setInstructionBreakpoints', { breakpoints: list });
    }
    return await c.until('exited', () => c.dc.continueRequest({ threadId: 1 }));
  } finally {
    await c.stop();
  }
}

async function slowdownFigures(p: Paths, runs: number): Promise<DapFigure[]> {
  const without: number[] = [];
  const withBps: number[] = [];
  for (let i = 0; i < runs; i++) {
    without.push(await loopRun(p, 0));
    withBps.push(await loopRun(p, IDLE_BREAKPOINTS));
  }
  const slowdown = Number(((median(withBps) / median(without) - 1) * 100).toFixed(1));
  return [
    figure('run of loop.S to its exit (10^8 instructions), no breakpoints', without, null, 'ms'),
    figure(`run of loop.S to its exit, ${IDLE_BREAKPOINTS} breakpoints in code it never reaches`, withBps, null, 'ms'),
    { name: `slowdown with ${IDLE_BREAKPOINTS} idle breakpoints (median against median)`, unit: '%', samples: [slowdown], median: slowdown, target: TARGETS.slowdown, met: slowdown <= TARGETS.slowdown },
  ];
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
  for (const f of await pmapFigures(p, runs)) note(f);
  for (const f of await slowdownFigures(p, runs)) note(f);
  if (!args.switches.has('no-record')) {
    const result: DapBenchResult = { benchmark: 'debug adapter latencies through DebugClient', command: ['disco bench dap', ...argv].join(' '), date: new Date().toISOString(), machine, figures };
    writeBenchResult(path.join(p.root, 'bench', 'results', 'dap.json'), result);
    updateDapReadme(path.join(p.root, 'bench', 'README.md'), result);
    io.stdout('recorded in bench/results/dap.json and bench/README.md\n');
  }
  return 0;
}
