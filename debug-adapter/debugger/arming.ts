// From the debugger's stops to the machine's: breakpoints and watchpoints of the three address
// spaces become virtual and machine breakpoint addresses and machine watch ranges (guest-physical
// ones through the VM's pmap as it is now, virtual watchpoints through the thread's current
// mapping), and a machine stop is matched back against the stops in force. Nothing here allocates
// a page or changes the machine: translations are probes.

import { ACCESS_FETCH } from '../machine/softTlb';
import type { Watchpoint } from '../machine/system/machineTypes';
import type { Vm } from '../monitor/vm';
import type { BreakpointSpec, ExecStop, StopConfig, WatchpointSpec } from './stops';
import type { DebugTarget, DebugThread } from './target';
import { guestPhysicalToMachine, translateVirtual } from './translate';

/** What the machine is armed with. */
export interface Armed {
  readonly va: readonly number[];
  readonly pa: readonly number[];
  readonly watch: readonly Watchpoint[];
  /** Equal keys: equal arming (re-arming is skipped). */
  readonly key: string;
}

/** One machine range of a watchpoint; `offset` is its distance from the watchpoint's start. */
interface WatchRange {
  readonly pa: number;
  readonly length: number;
  readonly offset: number;
}

/** The thread running on CPU `cpu` now: its vCPU under the monitor (undefined when idle), else the CPU. */
export function threadOnCpu(target: DebugTarget, cpu: number): DebugThread | undefined {
  const mon = target.monitor;
  if (mon === undefined) return target.threads[cpu];
  const v = mon.core.sched.current[cpu];
  return v === undefined ? undefined : target.threads.find((t) => t.vcpu === v);
}

function vmsOf(target: DebugTarget, name: string | undefined): readonly Vm[] {
  const vms = target.monitor?.vms ?? [];
  return name === undefined ? vms : vms.filter((v) => v.name === name);
}

/** Splits [address, address+length) at page boundaries and maps each piece; unmapped pieces are left out. */
function pieces(address: number, length: number, map: (a: number) => number | undefined): WatchRange[] {
  const out: WatchRange[] = [];
  let a = address >>> 0;
  const end = a + Math.max(1, length);
  while (a < end) {
    const n = Math.min(end - a, 4096 - (a & 4095));
    const m = map(a);
    if (m !== undefined && m >= 0) out.push({ pa: m, length: n, offset: a - (address >>> 0) });
    a += n;
  }
  return out;
}

function watchRanges(target: DebugTarget, w: WatchpointSpec): WatchRange[] {
  if (w.space === 'machine' || target.monitor === undefined && w.space === 'guest-physical') return [{ pa: w.address >>> 0, length: Math.max(1, w.length), offset: 0 }];
  if (w.space === 'guest-physical') return vmsOf(target, w.vm).flatMap((vm) => pieces(w.address, w.length, (a) => guestPhysicalToMachine(vm, a).machine));
  const t = w.thread ?? target.threads.find((x) => w.vm === undefined || x.vm?.name === w.vm);
  if (t === undefined) return [];
  return pieces(w.address, w.length, (a) => translateVirtual(target, t, a).machine);
}

function breakpointPas(target: DebugTarget, b: BreakpointSpec): number[] {
  if (b.space === 'machine' || target.monitor === undefined && b.space === 'guest-physical') return [b.address | 0];
  if (b.space !== 'guest-physical') return [];
  return vmsOf(target, b.vm).flatMap((vm) => {
    const m = guestPhysicalToMachine(vm, b.address).machine;
    return m === undefined ? [] : [m | 0];
  });
}

/** The machine arming that catches every stop of every config. */
export function armFor(target: DebugTarget, configs: readonly StopConfig[]): Armed {
  const va = new Set<number>();
  const pa = new Set<number>();
  const watch: Watchpoint[] = [];
  for (const c of configs) {
    for (const b of c.breakpoints) {
      if (b.space === 'virtual') va.add(b.address | 0);
      else for (const p of breakpointPas(target, b)) pa.add(p);
    }
    for (const w of c.watchpoints) for (const r of watchRanges(target, w)) watch.push({ pa: r.pa, length: r.length, read: w.read, write: w.write });
  }
  const vaList = [...va].sort((x, y) => x - y);
  const paList = [...pa].sort((x, y) => x - y);
  const key = `${vaList.join()}|${paList.join()}|${watch.map((w) => `${w.pa}+${w.length}${w.read ? 'r' : ''}${w.write ? 'w' : ''}`).join()}`;
  return { va: vaList, pa: paList, watch, key };
}

/** The breakpoint stop of `config` at CPU `cpu`'s pc, if one of its breakpoints is there for the thread running it. */
export function matchBreakpoint(target: DebugTarget, config: StopConfig, cpu: number, pc: number): ExecStop | undefined {
  const thread = threadOnCpu(target, cpu);
  if (thread === undefined) return undefined;
  const pa = target.machine.probe(cpu, pc, ACCESS_FETCH);
  for (const b of config.breakpoints) {
    if (b.vm !== undefined && thread.vm !== undefined && thread.vm.name !== b.vm) continue;
    const hit = b.space === 'virtual' ? (b.address | 0) === (pc | 0) : pa !== -1 && breakpointPas(target, b).includes(pa | 0);
    if (hit) return { reason: 'breakpoint', thread, pc };
  }
  return undefined;
}

/** The watchpoint stop of `config` for an access to machine range [pa, pa+size), if one of its watchpoints covers it. */
export function matchWatchpoint(target: DebugTarget, config: StopConfig, cpu: number, pa: number, size: number, write: boolean, by: 'cpu' | 'dma' | 'monitor'): ExecStop | undefined {
  for (const w of config.watchpoints) {
    if (!(write ? w.write : w.read)) continue;
    for (const r of watchRanges(target, w)) {
      if (pa < r.pa + r.length && r.pa < pa + size) {
        const address = ((w.address >>> 0) + r.offset + Math.max(0, pa - r.pa)) >>> 0;
        return { reason: 'watchpoint', thread: by === 'cpu' ? threadOnCpu(target, cpu) : undefined, space: w.space, address, size, write, by };
      }
    }
  }
  return undefined;
}
