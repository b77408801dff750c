// The inspection snapshot of the monitor (JSON-safe: numbers, strings, booleans, arrays, plain
// objects): VMs with their pmap, vCPUs with registers, virtual CP0, virtual TLB and L2TLB, every
// physical CPU's hardware TLB and current vCPU, the memmap with each page's users, the virtual
// subnet's log and the statistics. The debugger's views and `disco run --stats` read this; nothing here is live.

import type { TlbEntry } from '../machine/priv/tlb';
import type { MonitorCore } from './core';
import type { PageUser } from './memmap';
import type { NetLogState } from './netLog';
import { monitorStats, type MonitorStats } from './stats';
import type { VirtualCp0State } from './virtualCp0';
import type { VcpuRunState } from './vcpu';
import type { VmEnd } from './vm';

export interface TlbRow extends TlbEntry {
  readonly index: number;
}

export interface VcpuSnapshot {
  readonly id: number;
  readonly globalId: number;
  readonly pcpu: number;
  /** Moves to another CPU so far, and those to another NUMA node. */
  readonly migrations: number;
  readonly crossNodeMigrations: number;
  readonly run: VcpuRunState;
  readonly onCpu: boolean;
  readonly pc: number;
  readonly gpr: readonly number[];
  readonly lines: number;
  readonly cp0: VirtualCp0State;
  readonly vtlb: readonly TlbRow[];
  readonly l2tlb: readonly TlbEntry[];
}

export interface MonitorSnapshot {
  readonly vms: readonly {
    readonly id: number;
    readonly name: string;
    readonly memoryBytes: number;
    readonly end: VmEnd | null;
    /** [guest page, machine page, copy-on-write 0/1] for every touched page. */
    readonly pmap: readonly (readonly [number, number, number])[];
    readonly vcpus: readonly VcpuSnapshot[];
  }[];
  readonly cpus: readonly { readonly cpu: number; readonly vcpu: number; readonly hardwareTlb: readonly TlbRow[] }[];
  /** Used machine pages: node, users (a replica's user is REPLICA_VM with its master) and a master's replica pages. */
  readonly memmap: readonly { readonly mppn: number; readonly node: number; readonly users: readonly PageUser[]; readonly replicas: readonly number[] }[];
  /** The subnet's newest messages (delivered or dropped) and how many older ones were left out. */
  readonly netLog: NetLogState;
  readonly stats: MonitorStats;
}

const plain = (e: TlbEntry): TlbEntry => ({ entryHi: e.entryHi, entryLo0: e.entryLo0, entryLo1: e.entryLo1, pageMask: e.pageMask });

export function monitorSnapshot(core: MonitorCore): MonitorSnapshot {
  return {
    vms: core.vms.map((vm) => {
      const pmap: [number, number, number][] = [];
      vm.pmap.mppn.forEach((m, g) => {
        if (m >= 0) pmap.push([g, m, vm.pmap.cow[g] as number]);
      });
      return {
        id: vm.id,
        name: vm.name,
        memoryBytes: vm.memoryBytes,
        end: vm.end ?? null,
        pmap,
        vcpus: vm.vcpus.map((v) => {
          const cpu = core.machine.cpus[v.pcpu];
          const onCpu = core.sched.current[v.pcpu] === v && cpu !== undefined;
          const vtlb: TlbRow[] = [];
          for (let i = 0; i < v.vtlb.size; i++) vtlb.push({ index: i, ...plain(v.vtlb.read(i)) });
          const l2 = v.l2tlb.save();
          return {
            id: v.id,
            globalId: v.globalId,
            pcpu: v.pcpu,
            migrations: v.counters.migrations,
            crossNodeMigrations: v.counters.crossNodeMigrations,
            run: v.run,
            onCpu,
            pc: onCpu && cpu !== undefined ? cpu.state.pc : v.pc,
            gpr: Array.from(onCpu && cpu !== undefined ? cpu.state.gpr : v.gpr),
            lines: v.lines,
            cp0: v.cp0.save(),
            vtlb,
            l2tlb: [...l2.slots.filter((e): e is TlbEntry => e !== null), ...l2.large].map(plain),
          };
        }),
      };
    }),
    cpus: core.machine.cpus.map((cpu) => {
      const rows: TlbRow[] = [];
      for (let i = 0; i < cpu.jtlb.size; i++) rows.push({ index: i, ...plain(cpu.jtlb.read(i)) });
      return { cpu: cpu.index, vcpu: core.sched.current[cpu.index]?.globalId ?? -1, hardwareTlb: rows };
    }),
    memmap: core.memmap.entries().map(([mppn, users]) => ({ mppn, node: core.memmap.nodeOf(mppn), users: users.map((u) => ({ ...u })), replicas: core.memmap.numa.replicasOf(mppn) })),
    netLog: core.netLog.save(),
    stats: monitorStats(core),
  };
}
