// Counters for what the paper measures (Disco §2.2): cycles split into guest user, guest
// kernel, monitor and idle; traps by kind; TLB misses split into those the monitor satisfied
// (L2TLB/pmap) and those reflected to the guest; monitor calls; vCPU migrations. Per vCPU and
// per physical CPU; per-VM totals are sums over its vCPUs. Plain numbers only, so they
// serialise as they are.

import { type MonitorService, MONITOR_SERVICES } from './costModel';

/** Cycle categories. */
export interface CycleSplit {
  user: number;
  kernel: number;
  monitor: number;
  idle: number;
}

/** Monitor cycles by service (the paper's Table 2 breakdown); they sum to the monitor cycles. */
export type ServiceCycles = Record<MonitorService, number>;

export const newServiceCycles = (): ServiceCycles => Object.fromEntries(MONITOR_SERVICES.map((s) => [s, 0])) as ServiceCycles;

/** Counters of one vCPU. */
export interface VcpuCounters {
  readonly cycles: CycleSplit;
  /** The monitor cycles spent for this vCPU, by service. */
  readonly monitorByService: ServiceCycles;
  /** Traps into the monitor by kind (ExcCode mnemonic, or `MonitorCall`). */
  readonly traps: Record<string, number>;
  /** Privileged instructions emulated, by mnemonic. */
  readonly emulated: Record<string, number>;
  readonly tlb: {
    /** Hardware TLB refills taken while the vCPU ran. */
    hardwareMisses: number;
    /** Misses filled by the monitor from the kseg0 window or the special page. */
    windowFills: number;
    /** Misses filled from the L2TLB or the virtual TLB. */
    l2tlbHits: number;
    /** Misses reflected to the guest. */
    reflected: number;
  };
  /** Monitor calls by name. */
  readonly monitorCalls: Record<string, number>;
  /** Virtual exceptions delivered (including interrupts). */
  reflectedExceptions: number;
  /** Virtual interrupts delivered. */
  interrupts: number;
  /** Moves to another physical CPU, and those of them to a CPU of another NUMA node. */
  migrations: number;
  crossNodeMigrations: number;
}

/** Disk counters of one VM (Disco §4.2.2's global disk cache), per 4 KiB page a disk read fills. */
export interface DiskCounters {
  /** Page-aligned full-page reads of unmodified blocks found in the global disk cache. */
  cacheHits: number;
  /** Such reads that brought the block into the cache. */
  cacheMisses: number;
  /** Guest pages mapped read-only onto a cached block (hits and misses, zero copy). */
  pagesShared: number;
  /** Pages (or parts of pages) the read copied: unaligned, partial, modified, or not shared-cow. */
  pagesCopied: number;
  /** Writes to a guest page mapping a cached block, which got a private copy. */
  cowFaults: number;
}

export const newDiskCounters = (): DiskCounters => ({ cacheHits: 0, cacheMisses: 0, pagesShared: 0, pagesCopied: 0, cowFaults: 0 });

/** Counters of one physical CPU. */
export interface PcpuCounters {
  readonly cycles: CycleSplit;
  /** The monitor cycles of this CPU, by service. */
  readonly monitorByService: ServiceCycles;
  /** vCPU switches. */
  switches: number;
  /** vCPUs this CPU took from another CPU's queue. */
  migrationsIn: number;
}

export const newCycles = (): CycleSplit => ({ user: 0, kernel: 0, monitor: 0, idle: 0 });

export function newVcpuCounters(): VcpuCounters {
  return {
    cycles: newCycles(),
    monitorByService: newServiceCycles(),
    traps: {},
    emulated: {},
    tlb: { hardwareMisses: 0, windowFills: 0, l2tlbHits: 0, reflected: 0 },
    monitorCalls: {},
    reflectedExceptions: 0,
    interrupts: 0,
    migrations: 0,
    crossNodeMigrations: 0,
  };
}

export const newPcpuCounters = (): PcpuCounters => ({ cycles: newCycles(), monitorByService: newServiceCycles(), switches: 0, migrationsIn: 0 });

/** Adds one to a keyed counter. */
export function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

/** Sum of a cycle split. */
export const cycleTotal = (c: CycleSplit): number => c.user + c.kernel + c.monitor + c.idle;

/** The sum of several vCPU counters (a VM's totals). */
export function sumVcpuCounters(list: readonly VcpuCounters[]): VcpuCounters {
  const out = newVcpuCounters();
  const addTable = (dst: Record<string, number>, src: Record<string, number>): void => {
    for (const [k, v] of Object.entries(src)) dst[k] = (dst[k] ?? 0) + v;
  };
  for (const c of list) {
    for (const k of ['user', 'kernel', 'monitor', 'idle'] as const) out.cycles[k] += c.cycles[k];
    for (const k of MONITOR_SERVICES) out.monitorByService[k] += c.monitorByService[k];
    addTable(out.traps, c.traps);
    addTable(out.emulated, c.emulated);
    addTable(out.monitorCalls, c.monitorCalls);
    for (const k of ['hardwareMisses', 'windowFills', 'l2tlbHits', 'reflected'] as const) out.tlb[k] += c.tlb[k];
    out.reflectedExceptions += c.reflectedExceptions;
    out.interrupts += c.interrupts;
    out.migrations += c.migrations;
    out.crossNodeMigrations += c.crossNodeMigrations;
  }
  return out;
}
