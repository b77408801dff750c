// The runs the experiments are made of: the guest OS (guest/kernel/kernel.S) with a disk image
// whose init runs the chosen workloads, either bare on the Disco board or in VMs under the
// monitor, always in timing mode (cycles, not wall time, so every run repeats exactly). Disk
// images and configs are written into the output folder; the results are the cycle counts and
// counters the experiments tabulate.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DiscoConfig, loadConfig } from '../../config/discoConfig';
import { MemoryDiskImage } from '../../machine/devices/diskImage';
import { bootElf } from '../../machine/system/bareBoot';
import { Machine } from '../../machine/system/machine';
import { timingParamsOf } from '../../machine/timing/timingParams';
import { type CycleSplit, newCycles, newServiceCycles, type ServiceCycles } from '../../monitor/counters';
import { DiscoMonitor } from '../../monitor/monitor';
import type { MonitorStats } from '../../monitor/stats';
import { buildFlatProgram, writeGuestDisk } from '../../toolchain/guestDisk';
import { UserError } from '../../util/diagnostic';
import { loadBareKernel } from '../bareRun';
import { findInCheckout } from '../checkout';
import type { CliIo } from '../command';
import { type MissSharing, missSharing } from './missSharing';

/** The init mask bits of the paper's workloads (docs/guest-os.md). */
export const WORKLOAD_BITS = { pmake: 1 << 1, raytrace: 1 << 2, database: 1 << 3, engineering: 1 << 4 } as const;
export type Workload = keyof typeof WORKLOAD_BITS;

/** Where runs find the guest OS and put their images. */
export interface RunKit {
  readonly io: CliIo;
  readonly kernel: string;
  readonly outDir: string;
  /** Images already written, by name. */
  readonly images: Map<string, string>;
}

export function runKit(io: CliIo, outDir: string): RunKit {
  return { io, kernel: findInCheckout('guest/kernel/kernel.S'), outDir, images: new Map() };
}

/** The disk image whose init runs `mask` at `scale`, written once into OUT/disks/. */
export function guestImage(kit: RunKit, mask: number, scale: number): string {
  const name = `init-${mask}-${scale}.img`;
  const known = kit.images.get(name);
  if (known !== undefined) return known;
  const guest = path.dirname(path.dirname(kit.kernel));
  const programs = ['init', 'cc'].map((p) => buildFlatProgram(kit.io.files, path.join(guest, 'user', `${p}.S`), path.join(guest, 'user', 'user.ld'), 'big', p));
  const file = path.join(kit.outDir, 'disks', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  kit.io.writeFile(file, writeGuestDisk(programs, { initArgs: [mask, scale, 0, 0], nics: 0, endian: 'big' }));
  kit.images.set(name, file);
  return file;
}

/** What one run measured. */
export interface RunResult {
  /** The run's length: the largest CPU clock. */
  readonly cycles: number;
  /** Cycles by category, summed over the CPUs (bare runs: all in `kernel`+`user` unknown, so only `idle` is split off). */
  readonly split: CycleSplit;
  readonly byService: ServiceCycles;
  readonly localMisses: number;
  readonly remoteMisses: number;
  readonly lines: readonly string[];
  /** The monitor's statistics (runs under the monitor). */
  readonly stats?: MonitorStats;
  /** Requests from other nodes than the page's, and how many hit write-shared pages (runs under the monitor). */
  readonly sharing?: MissSharing;
}

export interface MachineShape {
  readonly cpus: number;
  readonly memoryMB: number;
  readonly nodes?: number;
  /** Board-cache size in KB (the paper's Raytrace NUMA runs use 256). */
  readonly l2KB?: number;
}

function machineJson(m: MachineShape): Record<string, unknown> {
  return {
    cpus: m.cpus, memoryMB: m.memoryMB, nodes: m.nodes ?? 1, mode: 'timing',
    ...(m.l2KB === undefined ? {} : { caches: { l2KB: m.l2KB } }),
  };
}

function configOf(kit: RunKit, name: string, json: unknown): DiscoConfig {
  return loadConfig(JSON.stringify(json), path.join(kit.outDir, `${name}.disco.json`), kit.io.files);
}

const INSTRUCTION_BUDGET = 4_000_000_000;

/** The guest OS bare on the Disco board. */
export function runBare(kit: RunKit, m: MachineShape, image: string): RunResult {
  const config = configOf(kit, 'bare', { machine: machineJson(m), bare: { kernel: kit.kernel } });
  const elf = loadBareKernel(kit.kernel, undefined, kit.io);
  let out = '';
  const mc = config.machine;
  const machine = new Machine({
    cpus: mc.cpus, memoryMB: mc.memoryMB, nodes: mc.nodes, endianness: elf.endian, tlbEntries: mc.tlbEntries, clockHz: mc.clockMHz * 1e6,
    timing: timingParamsOf(mc), disks: [new MemoryDiskImage(kit.io.files.readFile(image).slice())], console: (t) => (out += t),
  });
  bootElf(machine, elf);
  const stop = machine.run(INSTRUCTION_BUDGET);
  if (stop.reason !== 'poweroff' && stop.reason !== 'exit') throw new UserError(`disco experiments: the bare run did not finish (${stop.reason})`);
  const t = machine.timingSnapshot();
  const cycles = Math.max(...machine.cpus.map((c) => c.cycle));
  const split = newCycles();
  split.kernel = machine.cpus.reduce((n, c) => n + c.cycle, 0);
  return {
    cycles, split, byService: newServiceCycles(),
    localMisses: t?.cpus.reduce((n, c) => n + c.localMisses, 0) ?? 0,
    remoteMisses: t?.cpus.reduce((n, c) => n + c.remoteMisses, 0) ?? 0,
    lines: out.split('\n').filter((l) => l !== ''),
  };
}

export interface VmShape {
  readonly vcpus: number;
  readonly memoryMB: number;
  readonly image: string;
  readonly homeNode?: number;
}

/** VMs under the monitor; `monitor` adds fields of the config's monitor section. */
export function runVms(kit: RunKit, m: MachineShape, vms: readonly VmShape[], monitor: Record<string, unknown> = {}): RunResult {
  const config = configOf(kit, 'vms', {
    machine: machineJson(m),
    monitor,
    vms: vms.map((v, i) => ({
      name: `vm${i}`, vcpus: v.vcpus, memoryMB: v.memoryMB, kernel: kit.kernel, disks: [{ image: v.image, mode: 'shared-cow' }],
      ...(v.homeNode === undefined ? {} : { homeNode: v.homeNode }),
    })),
  });
  const lines: string[] = [];
  const mon = new DiscoMonitor({ config, files: kit.io.files, console: (vm, line) => lines.push(`[${vm}] ${line}`) });
  const stop = mon.run(INSTRUCTION_BUDGET);
  if (stop.reason !== 'halted') throw new UserError(`disco experiments: the VMs did not finish (${stop.reason})`);
  const stats = mon.stats();
  const split = newCycles();
  const byService = newServiceCycles();
  for (const c of stats.pcpus) for (const k of ['user', 'kernel', 'monitor', 'idle'] as const) split[k] += c.cycles[k];
  for (const c of mon.core.pcpuCounters) for (const [k, n] of Object.entries(c.monitorByService)) byService[k as keyof ServiceCycles] += n;
  const t = mon.machine.timingSnapshot();
  return {
    cycles: Math.max(...stats.pcpus.map((c) => c.totalCycles)), split, byService,
    localMisses: t?.cpus.reduce((n, c) => n + c.localMisses, 0) ?? 0,
    remoteMisses: t?.cpus.reduce((n, c) => n + c.remoteMisses, 0) ?? 0,
    lines, stats,
    ...(mon.machine.timing === undefined ? {} : { sharing: missSharing(mon.machine.timing.counters, (p) => mon.core.memmap.nodeOf(p)) }),
  };
}
