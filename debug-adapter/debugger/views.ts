// The monitor's state as the view models of viewModels.ts: the VM/vCPU/CPU tree, windows of a
// VM's pmap and of the machine's memmap with a one-byte-per-page summary of the whole, and one
// flat sample of every counter. Read-only and cheap: per-page work is a typed-array scan, and
// per-page objects exist only inside the requested window.

import { MODE_KERNEL, MODE_SUPERVISOR } from '../machine/priv/cp0Bits';
import { cycleTotal, type VcpuCounters } from '../monitor/counters';
import { SPECIAL_GPPN } from '../monitor/memmap';
import type { DiscoMonitor } from '../monitor/monitor';
import type { MonitorStats } from '../monitor/stats';
import type { Vcpu } from '../monitor/vcpu';
import type { Vm } from '../monitor/vm';
import { UserError } from '../util/diagnostic';
import { isVmUser, userLabel } from './pageUsers';
import type { DebugTarget } from './target';
import {
  type CounterSample, type CountersSummary, encodePageSummary, MEMMAP_FREE, MEMMAP_HOLE, MEMMAP_SHARED, MEMMAP_SPECIAL,
  MEMMAP_VM, type MemmapWindow, PMAP_COPY_ON_WRITE, PMAP_MAPPED, PMAP_NODE_SHIFT, PMAP_SHARED, PMAP_WRITABLE,
  type PmapWindow, type VmsTree,
} from './viewModels';

/** Most pages one window returns. */
export const MAX_WINDOW = 4096;

/** The monitor of a target, or a UserError on the bare machine. */
export function monitorOf(target: DebugTarget): DiscoMonitor {
  if (target.monitor === undefined) throw new UserError('the bare machine runs no monitor (no VMs, pmaps or virtual TLBs)');
  return target.monitor;
}

/** A VM by name, or a UserError listing the names. */
export function vmNamed(target: DebugTarget, name: string): Vm {
  const vms = monitorOf(target).vms;
  const vm = vms.find((v) => v.name === name);
  if (vm === undefined) throw new UserError(`no VM named '${name}' (VMs: ${vms.map((v) => v.name).join(', ')})`);
  return vm;
}

/** [first, first + count) clipped to [0, pages) and MAX_WINDOW, or a UserError. */
function window(first: number, count: number, pages: number, what: string): [number, number] {
  if (!Number.isInteger(first) || first < 0 || first >= pages) throw new UserError(`${what}: first page ${first} is not in 0..${pages - 1}`);
  if (!Number.isInteger(count) || count < 1) throw new UserError(`${what}: page count ${count} is not a positive integer`);
  return [first, Math.min(first + count, pages, first + MAX_WINDOW)];
}

function summary(c: VcpuCounters, instructions: number): CountersSummary {
  const sum = (t: Record<string, number>): number => Object.values(t).reduce((a, b) => a + b, 0);
  return {
    cycles: { ...c.cycles },
    instructions,
    traps: sum(c.traps),
    tlbMisses: c.tlb.hardwareMisses,
    reflectedExceptions: c.reflectedExceptions,
    monitorCalls: sum(c.monitorCalls),
    migrations: c.migrations,
  };
}

/** VMs → vCPUs (where each runs or waits, its pc and counters) and the physical CPUs. */
export function vmsTree(target: DebugTarget): VmsTree {
  const mon = monitorOf(target);
  const sched = mon.core.sched;
  const stats = mon.stats();
  const threadOf = (v: Vcpu) => target.threads.find((t) => t.vcpu === v);
  return {
    vms: mon.vms.map((vm, i) => {
      const s = stats.vms[i] as MonitorStats['vms'][number];
      const end = vm.end;
      return {
        id: vm.id,
        name: vm.name,
        memoryBytes: vm.memoryBytes,
        homeNode: vm.pmap.homeNode,
        status: end === undefined ? 'running' : end.kind === 'halt' ? `halted (${end.code})` : `stopped: ${end.message}`,
        pmapPages: s.pmapPages,
        counters: summary(s.counters, vm.vcpus.reduce((a, v) => a + v.icount, 0)),
        vcpus: vm.vcpus.map((v) => {
          const t = threadOf(v);
          const mode = v.cp0.mode;
          return {
            id: v.id,
            globalId: v.globalId,
            threadId: t?.id ?? -1,
            pcpu: v.pcpu,
            state: sched.current[v.pcpu] === v ? 'running' : v.run,
            queuePosition: sched.assigned[v.pcpu]?.indexOf(v) ?? -1,
            pc: t === undefined ? v.pc : target.registerFile(t).pc >>> 0,
            mode: mode === MODE_KERNEL ? 'kernel' : mode === MODE_SUPERVISOR ? 'supervisor' : 'user',
            counters: summary(v.counters, v.icount),
          } as const;
        }),
      };
    }),
    cpus: stats.pcpus.map((p) => ({
      cpu: p.cpu,
      node: mon.machine.cpuNode(p.cpu),
      running: sched.current[p.cpu]?.globalId ?? -1,
      queued: (sched.assigned[p.cpu] ?? []).map((v) => v.globalId),
      cycles: { ...p.cycles },
    })),
  };
}

/** PMAP_* flags of guest page g, node bits excluded. */
function pmapFlags(mon: DiscoMonitor, vm: Vm, g: number): number {
  const m = vm.pmap.mppn[g] as number;
  if (m < 0) return 0;
  const cow = vm.pmap.cow[g] === 1;
  return PMAP_MAPPED | (cow ? PMAP_COPY_ON_WRITE : PMAP_WRITABLE) | (mon.core.memmap.refCount(m) > 1 ? PMAP_SHARED : 0);
}

/** Guest pages first .. first+count-1 of a VM, and the summary of all its pages. */
export function pmapPage(target: DebugTarget, vmName: string, first: number, count: number): PmapWindow {
  const mon = monitorOf(target);
  const vm = vmNamed(target, vmName);
  const pmap = vm.pmap;
  const memmap = mon.core.memmap;
  const bytes = new Uint8Array(pmap.pages);
  for (let g = 0; g < pmap.pages; g++) {
    const m = pmap.mppn[g] as number;
    if (m >= 0) bytes[g] = pmapFlags(mon, vm, g) | (Math.min(7, memmap.nodeOf(m)) << PMAP_NODE_SHIFT);
  }
  const [a, b] = window(first, count, pmap.pages, `pmap of ${vm.name}`);
  const machinePage: number[] = [];
  const node: number[] = [];
  const flags: number[] = [];
  const sharedWith: Record<number, string[]> = {};
  for (let g = a; g < b; g++) {
    const m = pmap.mppn[g] as number;
    machinePage.push(m);
    node.push(m < 0 ? -1 : memmap.nodeOf(m));
    const f = pmapFlags(mon, vm, g);
    flags.push(f);
    if (f & PMAP_SHARED) sharedWith[g - a] = memmap.usersOf(m).filter((u) => u.vm !== vm.id || u.gppn !== g).map((u) => userLabel(mon, u));
  }
  return { vm: vm.name, pages: pmap.pages, first: a, count: b - a, machinePage, node, flags, sharedWith, summary: encodePageSummary(bytes) };
}

/** Machine pages first .. first+count-1 with their users, and the summary of all machine pages. */
export function memmapPage(target: DebugTarget, first: number, count: number): MemmapWindow {
  const mon = monitorOf(target);
  const memmap = mon.core.memmap;
  const mem = mon.machine.memory;
  const holeFirst = mem.holeBase / 4096;
  const holeEnd = mem.holeEnd / 4096;
  const bytes = new Uint8Array(memmap.pages);
  let shared = 0;
  for (let p = 0; p < memmap.pages; p++) {
    if (p >= holeFirst && p < holeEnd) {
      bytes[p] = MEMMAP_HOLE;
      continue;
    }
    const users = memmap.usersOf(p);
    const u = users[0];
    if (u === undefined) bytes[p] = MEMMAP_FREE;
    else if (users.length > 1) {
      bytes[p] = MEMMAP_SHARED;
      shared++;
    } else bytes[p] = u.gppn === SPECIAL_GPPN || !isVmUser(u) ? MEMMAP_SPECIAL : Math.min(255, MEMMAP_VM + u.vm);
  }
  const [a, b] = window(first, count, memmap.pages, 'memmap');
  const nodeStarts: number[] = [];
  for (let p = 0, n = -1; p < memmap.pages; p++) {
    if (memmap.nodeOf(p) !== n) {
      n = memmap.nodeOf(p);
      nodeStarts.push(p);
    }
  }
  nodeStarts.push(memmap.pages);
  return {
    pages: memmap.pages,
    first: a,
    count: b - a,
    nodeStarts,
    state: Array.from(bytes.subarray(a, b)),
    users: Array.from({ length: b - a }, (_, i) => memmap.usersOf(a + i).map((u) => userLabel(mon, u))),
    usedPages: memmap.used,
    sharedPages: shared,
    summary: encodePageSummary(bytes),
  };
}

/** Adds every counter of c under `prefix.` to values. */
function flatten(values: Record<string, number>, prefix: string, c: VcpuCounters): void {
  for (const [k, v] of Object.entries(c.cycles)) if (k !== 'idle') values[`${prefix}.cycles.${k}`] = v;
  for (const [k, v] of Object.entries(c.tlb)) values[`${prefix}.tlb.${k}`] = v;
  for (const table of ['traps', 'emulated', 'monitorCalls'] as const) for (const [k, v] of Object.entries(c[table])) values[`${prefix}.${table}.${k}`] = v;
  for (const k of ['reflectedExceptions', 'interrupts', 'migrations', 'crossNodeMigrations'] as const) values[`${prefix}.${k}`] = c[k];
}

/** Every counter of the monitor as one flat sample, stamped with the machine's time. */
export function counterSample(target: DebugTarget): CounterSample {
  const mon = monitorOf(target);
  const stats = mon.stats();
  const values: Record<string, number> = {};
  const all: VcpuCounters[] = [];
  stats.vms.forEach((s, i) => {
    const vm = mon.vms[i] as Vm;
    flatten(values, `vm.${s.name}`, s.counters);
    values[`vm.${s.name}.instructions`] = vm.vcpus.reduce((a, v) => a + v.icount, 0);
    values[`vm.${s.name}.pmapPages`] = s.pmapPages;
    values[`vm.${s.name}.machinePages`] = s.machinePages;
    for (const [k, v] of Object.entries(s.disk)) values[`vm.${s.name}.disk.${k}`] = v;
    all.push(...s.vcpus);
  });
  const total = { user: 0, kernel: 0, monitor: 0, idle: 0 };
  for (const p of stats.pcpus) {
    for (const k of ['user', 'kernel', 'monitor', 'idle'] as const) {
      values[`cpu${p.cpu}.cycles.${k}`] = p.cycles[k];
      total[k] += p.cycles[k];
    }
    values[`cpu${p.cpu}.switches`] = p.switches;
    values[`cpu${p.cpu}.migrationsIn`] = p.migrationsIn;
  }
  for (const [k, v] of Object.entries(total)) values[`total.cycles.${k}`] = v;
  values['total.cycles'] = cycleTotal(total);
  const sum = (f: (c: VcpuCounters) => Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const c of all) for (const [k, v] of Object.entries(f(c))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  for (const [table, t] of [['tlb', sum((c) => c.tlb)], ['traps', sum((c) => c.traps)], ['monitorCalls', sum((c) => c.monitorCalls)]] as const) {
    for (const [k, v] of Object.entries(t)) values[`total.${table}.${k}`] = v;
  }
  let shared = 0;
  for (const [, users] of mon.core.memmap.entries()) if (users.length > 1) shared++;
  values['pages.machineInUse'] = stats.machinePagesInUse;
  values['pages.shared'] = shared;
  for (const [k, v] of Object.entries(stats.diskCache)) values[`diskCache.${k}`] = v;
  for (const [k, v] of Object.entries(stats.kernelImages)) values[`kernelImages.${k}`] = v;
  values['pages.copyOnWrite'] = mon.vms.reduce((a, vm) => a + vm.pmap.cow.reduce((x, c) => x + c, 0), 0);
  const cpus = mon.machine.cpus;
  return {
    cycle: Math.max(...cpus.map((c) => c.cycle)),
    instructions: cpus.reduce((a, c) => a + c.state.icount, 0),
    values,
  };
}
