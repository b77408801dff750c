// `disco bench guest`: the guest OS's workloads (pmake, raytrace, database, engineering: init's
// parts, docs/guest-os.md) bare on the Disco board and under the Disco monitor, side by side in
// one process, in fast and in timing mode (benchGuestRun.ts). Prints instructions, wall times and
// MIPS, the monitor's speed relative to bare, the host time spent in the monitor's trap path and
// timing mode against fast mode; writes bench/results/guest.json and its section of
// bench/README.md.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type DiscoConfig } from '../config/discoConfig';
import { readGuestKernel } from '../monitor/loader';
import { findSection, type ElfFile } from '../toolchain/elf/elfFile';
import { buildFlatProgram, writeGuestDisk } from '../toolchain/guestDisk';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import { loadBareKernel } from './bareRun';
import { runBare, runUnderMonitor, type GuestRun } from './benchGuestRun';
import { type GuestBenchResult, type GuestFigure, guestTable, type GuestTimes, type GuestWorkloadResult, type TrapRoundTrip, updateGuestReadme } from './benchGuestReport';
import { benchMachine, median, writeBenchResult } from './benchRecord';
import type { CliIo } from './command';
import { checkoutRoot } from './checkout';

/**
 * init's parts (bit in $a0) and their scales ($a1): about 1.3 G instructions in all at full size,
 * each part long enough (about a second bare) that fixed costs do not decide its figure.
 */
const WORKLOADS: Readonly<Record<string, readonly { readonly name: string; readonly mask: number; readonly scale: number }[]>> = {
  full: [
    { name: 'pmake', mask: 1 << 1, scale: 500 },
    { name: 'raytrace', mask: 1 << 2, scale: 100 },
    { name: 'database', mask: 1 << 3, scale: 160 },
    { name: 'engineering', mask: 1 << 4, scale: 4000 },
  ],
  small: [
    { name: 'pmake', mask: 1 << 1, scale: 50 },
    { name: 'raytrace', mask: 1 << 2, scale: 16 },
    { name: 'database', mask: 1 << 3, scale: 16 },
    { name: 'engineering', mask: 1 << 4, scale: 400 },
  ],
};

const CPUS = 2;
const TARGETS = { instructions: 500e6, bareMips: 300, speed: 0.7, timing: 3 } as const;

/** Ten breakpoints the runs never reach: eight just past the kernel's text, two in user pages nothing maps. */
function idleBreakpoints(kernel: ElfFile): number[] {
  const text = findSection(kernel, '.text');
  if (!text) throw new Error('the guest kernel has no .text');
  const end = (text.addr + text.size + 3) & ~3;
  return [...Array.from({ length: 8 }, (_, i) => (end + 4 * i) | 0), 0x60000000, 0x70000000];
}

/** The monitor's config for one workload: one VM of 64 MB with a vCPU per CPU on a 128 MB machine. */
function vmConfig(io: CliIo, dir: string, name: string, mode: 'fast' | 'timing', kernel: string, image: string): DiscoConfig {
  const text = JSON.stringify({
    machine: { cpus: CPUS, memoryMB: 128, mode },
    vms: [{ name, vcpus: CPUS, memoryMB: 64, kernel, disks: [{ image, mode: 'shared-cow' }] }],
  });
  return loadConfig(text, path.join(dir, `${name}-${mode}.disco.json`), io.files);
}

const hex = (a: number): string => `0x${(a >>> 0).toString(16).padStart(8, '0')}`;

/** The runs of one setting: every run must retire the same instructions and print the same console. */
function times(runs: readonly GuestRun[], what: string): GuestTimes {
  const first = runs[0] as GuestRun;
  for (const r of runs) {
    if (r.instructions !== first.instructions || r.console !== first.console) throw new Error(`${what}: two runs differ (${r.instructions} and ${first.instructions} instructions)`);
  }
  const seconds = runs.map((r) => Number(r.seconds.toFixed(3)));
  const mid = median(runs.map((r) => r.seconds));
  const at = runs.find((r) => r.seconds === mid) as GuestRun;
  const cpus = runs.map((r) => r.cpuSeconds);
  const known = cpus.filter((c): c is number => c !== null);
  return {
    instructions: first.instructions,
    seconds,
    median: Number(mid.toFixed(3)),
    mips: Number((first.instructions / mid / 1e6).toFixed(1)),
    cpuSeconds: cpus,
    cpuMedian: known.length === runs.length ? median(known) : null,
    monitorShare: Number((at.monitorSeconds / at.seconds).toFixed(4)),
    exceptions: first.exceptions,
  };
}

export async function runGuestBench(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs('bench', argv, { values: ['size', 'runs'], switches: ['no-record', 'no-timing'] });
  const sizeName = args.values.get('size') ?? 'full';
  const workloads = WORKLOADS[sizeName];
  if (!workloads) throw new UserError(`disco bench guest: --size must be small or full, not '${sizeName}'`);
  const runs = parseNumberArg('bench', '--runs', args.values.get('runs') ?? '1');
  if (runs < 1) throw new UserError('disco bench guest: --runs must be at least 1');
  const timing = !args.switches.has('no-timing');
  const root = checkoutRoot('guest/kernel/kernel.S', 'disco bench guest');
  const guest = path.join(root, 'guest');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-bench-guest-'));
  try {
    const date = new Date().toISOString();
    const machine = benchMachine();
    const kernelSource = path.join(guest, 'kernel', 'kernel.S');
    const bareKernel = loadBareKernel(kernelSource, undefined, io);
    const vmKernel = readGuestKernel(kernelSource, { files: io.files, endian: 'big', includeDirs: [path.join(guest, 'include')] });
    const vmKernelFile = path.join(tmp, 'guest-kernel.elf');
    fs.writeFileSync(vmKernelFile, vmKernel.bytes);
    const ld = path.join(guest, 'user', 'user.ld');
    const programs = ['init', 'cc'].map((n) => buildFlatProgram(io.files, path.join(guest, 'user', `${n}.S`), ld, 'big', n));
    const bareBreaks = idleBreakpoints(bareKernel);
    const vmBreaks = idleBreakpoints(vmKernel);
    // One untimed run of each kind first, so that neither pays for warming the engine up.
    const warm = WORKLOADS.small?.[0];
    if (warm !== undefined) {
      const disk = writeGuestDisk(programs, { initArgs: [warm.mask, warm.scale, 0, 0], nics: 0, endian: 'big' });
      const image = path.join(tmp, 'warm-up.img');
      fs.writeFileSync(image, disk);
      const c = vmConfig(io, tmp, 'warm-up', 'fast', vmKernelFile, image);
      runBare(c, bareKernel, disk, bareBreaks);
      runUnderMonitor(c, io.files, vmBreaks);
    }
    const results: GuestWorkloadResult[] = [];
    for (const w of workloads) {
      const disk = writeGuestDisk(programs, { initArgs: [w.mask, w.scale, 0, 0], nics: 0, endian: 'big' });
      const image = path.join(tmp, `${w.name}.img`);
      fs.writeFileSync(image, disk);
      const measure = (mode: 'fast' | 'timing'): [GuestTimes, GuestTimes] => {
        const c = vmConfig(io, tmp, w.name, mode, vmKernelFile, image);
        const bare: GuestRun[] = [];
        const vm: GuestRun[] = [];
        for (let i = 0; i < runs; i++) {
          bare.push(runBare(c, bareKernel, disk, bareBreaks));
          vm.push(runUnderMonitor(c, io.files, vmBreaks));
          const b = bare[i] as GuestRun;
          const v = vm[i] as GuestRun;
          if (b.console !== v.console || !b.console.includes('init: done')) {
            throw new Error(`${w.name}: bare and monitor consoles differ:\n--- bare\n${b.console}--- monitor\n${v.console}`);
          }
          io.stdout(`  ${w.name} ${mode}: bare ${b.seconds.toFixed(2)} s, monitor ${v.seconds.toFixed(2)} s (${(100 * v.monitorSeconds / v.seconds).toFixed(1)} % in the monitor)\n`);
        }
        return [times(bare, `${w.name} bare ${mode}`), times(vm, `${w.name} monitor ${mode}`)];
      };
      const [bare, monitor] = measure('fast');
      const [bareTiming, monitorTiming] = timing ? measure('timing') : [null, null];
      results.push({ name: w.name, mask: w.mask, scale: w.scale, bare, monitor, bareTiming, monitorTiming });
    }
    const trap = trapRoundTrip(io, root, Math.max(runs, 3));
    const result: GuestBenchResult = {
      benchmark: 'guest OS workloads (guest/kernel, guest/user/init.S), bare and under the Disco monitor',
      size: sizeName,
      command: ['disco bench guest', ...argv].join(' '),
      date,
      machine,
      cpus: CPUS,
      breakpoints: { bare: bareBreaks.map(hex), monitor: vmBreaks.map(hex) },
      workloads: results,
      trap,
      figures: figures(results),
    };
    io.stdout(`bench guest (${sizeName}), ${CPUS} CPUs:\n${guestTable(result).join('\n')}\n`);
    if (!args.switches.has('no-record')) {
      const file = path.join(root, 'bench', 'results', 'guest.json');
      writeBenchResult(file, result);
      updateGuestReadme(path.join(root, 'bench', 'README.md'), result);
      io.stdout(`recorded in ${file} and bench/README.md\n`);
    }
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** bench/guest/trap.S under the monitor, `runs` times: the median wall time per trap. */
function trapRoundTrip(io: CliIo, root: string, runs: number): TrapRoundTrip {
  const file = path.join(root, 'bench', 'guest', 'trap.disco.json');
  const config = loadConfig(fs.readFileSync(file, 'utf8'), file, io.files);
  const all = Array.from({ length: runs }, () => runUnderMonitor(config, io.files, [], [path.join(root, 'guest', 'include')]));
  const t = times(all, 'trap round trip');
  return { traps: t.exceptions, seconds: t.seconds, usPerTrap: Number(((t.median / t.exceptions) * 1e6).toFixed(2)), monitorShare: t.monitorShare };
}

/** Bare against monitor main-thread CPU seconds over all workloads, or 'unknown'. */
function cpuRatio(ws: readonly GuestWorkloadResult[]): string {
  let bare = 0;
  let vm = 0;
  for (const w of ws) {
    if (w.bare.cpuMedian === null || w.monitor.cpuMedian === null) return 'unknown';
    bare += w.bare.cpuMedian;
    vm += w.monitor.cpuMedian;
  }
  return (bare / vm).toFixed(2);
}

/** The workload whose speed under the monitor is lowest, with that speed. */
function lowest(ws: readonly GuestWorkloadResult[]): string {
  const speeds = ws.map((w) => ({ name: w.name, speed: w.bare.median / w.monitor.median })).sort((a, b) => a.speed - b.speed);
  const w = speeds[0];
  return w === undefined ? '' : `${w.speed.toFixed(2)} (${w.name})`;
}

/** The totals over the workloads (instructions and median seconds summed) and their targets. */
function figures(ws: readonly GuestWorkloadResult[]): GuestFigure[] {
  const sum = (f: (w: GuestWorkloadResult) => number): number => ws.reduce((a, w) => a + f(w), 0);
  const bareInstr = sum((w) => w.bare.instructions);
  const bareS = sum((w) => w.bare.median);
  const vmS = sum((w) => w.monitor.median);
  const inMonitor = sum((w) => w.monitor.median * w.monitor.monitorShare);
  const bareMips = bareInstr / bareS / 1e6;
  const out: GuestFigure[] = [
    { name: 'instructions, bare (all workloads)', value: `${(bareInstr / 1e6).toFixed(1)} M`, target: `≥ ${TARGETS.instructions / 1e6} M`, met: bareInstr >= TARGETS.instructions },
    { name: 'bare MIPS (all workloads)', value: bareMips.toFixed(1), target: `≥ ${TARGETS.bareMips}`, met: bareMips >= TARGETS.bareMips },
    { name: 'MIPS under the monitor (all workloads)', value: (sum((w) => w.monitor.instructions) / vmS / 1e6).toFixed(1), target: null, met: null },
    { name: 'speed under the monitor (bare seconds / monitor seconds)', value: (bareS / vmS).toFixed(2), target: `≥ ${TARGETS.speed}`, met: bareS / vmS >= TARGETS.speed },
    { name: 'the same by main-thread CPU time', value: cpuRatio(ws), target: null, met: null },
    { name: 'lowest of the workloads (bare seconds / monitor seconds)', value: lowest(ws), target: null, met: null },
    { name: 'host time in the monitor\'s trap path', value: `${(100 * inMonitor / vmS).toFixed(1)} %`, target: null, met: null },
  ];
  const timed = ws.every((w) => w.bareTiming !== null && w.monitorTiming !== null);
  if (timed) {
    const bareT = sum((w) => w.bareTiming?.median ?? 0) / bareS;
    const vmT = sum((w) => w.monitorTiming?.median ?? 0) / vmS;
    out.push(
      { name: 'timing mode / fast mode, bare', value: bareT.toFixed(2), target: `≤ ${TARGETS.timing}`, met: bareT <= TARGETS.timing },
      { name: 'timing mode / fast mode, under the monitor', value: vmT.toFixed(2), target: `≤ ${TARGETS.timing}`, met: vmT <= TARGETS.timing },
    );
  }
  return out;
}
