// `disco bench dap`'s long runs: Debian's Linux booting on examples/linux up to a far breakpoint
// (init_IRQ, about 160 M instructions), through the adapter with and without 20 breakpoints on
// functions the boot has not reached by then (each in a page of its own, away from the hot code),
// alternated; and the same boot as `disco run --break init_IRQ`, as is the multi-VM example run to
// its end, for the debugger's forward speed against the plain command. Whole processes on both
// sides: the adapter's launch plus its continue against `disco run` from spawn to exit.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../util/diagnostic';
import { Client, figure, ms, type Paths } from './benchDapClient';
import { median } from './benchRecord';
import type { DapFigure } from './benchDapReport';

const FAR = 'init_IRQ';
/** Functions of Debian's kernel that the boot has not run by init_IRQ, in distinct pages. */
export const IDLE_FUNCTIONS = [
  'kernel_init', 'run_init_process', 'prepare_namespace', 'populate_rootfs', 'free_initmem', 'do_exit', 'kernel_execve',
  'load_elf_binary', 'path_openat', 'vfs_read', 'vfs_write', 'tty_write', 'kernel_clone', 'wake_up_new_task',
  'do_page_fault', 'kernel_restart', 'do_mount', 'serial8250_start_tx', 'do_wait', 'pipe_write',
] as const;

const linuxConfig = (p: Paths): string => path.join(p.root, 'examples', 'linux', 'linux.disco.json');
const multiVm = (p: Paths): string => path.join(p.root, 'examples', 'multi-vm', 'multi-vm.disco.json');

/** Launch and continue wall ms of one Linux boot to init_IRQ through the adapter. */
async function linuxRun(p: Paths, idle: boolean): Promise<{ launch: number; run: number }> {
  const c = new Client(p);
  try {
    const names = [FAR, ...(idle ? IDLE_FUNCTIONS : [])];
    const launch = await c.launch({ config: linuxConfig(p) }, async () => {
      const r = await c.dc.setFunctionBreakpointsRequest({ breakpoints: names.map((name) => ({ name })) });
      const bad = r.body.breakpoints.findIndex((b) => !b.verified);
      if (bad >= 0) throw new UserError(`disco bench dap: no function ${names[bad]} in the kernel's System.map`);
    });
    const run = await c.until('stopped', () => c.dc.continueRequest({ threadId: 1 }));
    const top = (await c.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0]?.name ?? '';
    if (!top.startsWith(FAR)) throw new UserError(`disco bench dap: the boot stopped at ${top}, not at ${FAR}`);
    return { launch, run };
  } finally {
    await c.stop();
  }
}

/** Launch plus continue to the end of the multi-VM example through the adapter. */
async function multiVmRun(p: Paths): Promise<number> {
  const c = new Client(p);
  try {
    const launch = await c.launch({ config: multiVm(p) });
    return Number((launch + (await c.until('terminated', () => c.dc.continueRequest({ threadId: 1 })))).toFixed(2));
  } finally {
    await c.stop();
  }
}

/** Wall ms of `disco run ARGS` from spawn to exit; its output must contain `expect`. */
function discoRun(p: Paths, args: readonly string[], expect: string): number {
  const cli = path.join(path.dirname(p.adapter), 'cli.js');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'run', ...args], { cwd: p.root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const t = ms(t0);
  if (!`${r.stdout}${r.stderr}`.includes(expect)) throw new UserError(`disco bench dap: disco run ${args.join(' ')} exited with ${r.status} without "${expect}": ${r.stderr.slice(0, 400)}`);
  return t;
}

const overhead = (a: readonly number[], b: readonly number[]): number => Number(((median(a) / median(b) - 1) * 100).toFixed(1));

/** The idle-breakpoint slowdown and the Linux boot against `disco run` (needs `disco fetch linux`). */
export async function linuxFigures(p: Paths, runs: number, slowdownTarget: number): Promise<DapFigure[]> {
  if (!fs.existsSync(path.join(p.root, '.cache', 'linux', 'kernel.json'))) throw new UserError('disco bench dap: Debian\'s kernel is missing (disco fetch linux)');
  const plain: number[] = [];
  const idle: number[] = [];
  const whole: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = await linuxRun(p, false);
    plain.push(a.run);
    whole.push(Number((a.launch + a.run).toFixed(2)));
    idle.push((await linuxRun(p, true)).run);
    cli.push(discoRun(p, [linuxConfig(p), '--break', FAR], `breakpoint at ${FAR}`));
  }
  const slowdown = overhead(idle, plain);
  const vsCli = overhead(whole, cli);
  return [
    figure(`Linux boot to ${FAR} (~160 M instructions, examples/linux), continue, breakpoint at ${FAR} only`, plain, null, 'ms'),
    figure(`the same with ${IDLE_FUNCTIONS.length} more function breakpoints the boot has not reached (distinct pages)`, idle, null, 'ms'),
    { name: `slowdown with ${IDLE_FUNCTIONS.length} idle breakpoints (median against median, runs alternated)`, unit: '%', samples: [slowdown], median: slowdown, target: slowdownTarget, met: slowdown <= slowdownTarget },
    figure(`Linux boot to ${FAR} through the adapter, whole (spawn, launch, continue)`, whole, null, 'ms'),
    figure(`Linux boot to ${FAR} as \`disco run --break ${FAR}\`, whole process`, cli, null, 'ms'),
    { name: 'debugger against `disco run`, Linux boot (median against median)', unit: '%', samples: [vsCli], median: vsCli, target: null, met: null },
  ];
}

/** The multi-VM example to its end through the adapter against `disco run`. */
export async function multiVmFigures(p: Paths, runs: number): Promise<DapFigure[]> {
  const dap: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    dap.push(await multiVmRun(p));
    cli.push(discoRun(p, [multiVm(p)], '[client] init: done'));
  }
  const vsCli = overhead(dap, cli);
  return [
    figure('multi-vm to its end through the adapter, whole (spawn, launch, continue)', dap, null, 'ms'),
    figure('multi-vm to its end as `disco run`, whole process', cli, null, 'ms'),
    { name: 'debugger against `disco run`, multi-vm (median against median)', unit: '%', samples: [vsCli], median: vsCli, target: null, met: null },
  ];
}
