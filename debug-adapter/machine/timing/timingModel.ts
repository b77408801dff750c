// The timing model of the FLASH-like machine (ARCHITECTURE.md §3, Disco paper §2.1): per CPU a
// 2-way L1 instruction cache, a 2-way L1 data cache and a 2-way board cache (L2, inclusive of both),
// kept coherent by MESI invalidation at line granularity, and memory whose latency depends on
// whether the line's home node is the requesting CPU's node. Every board-cache miss and ownership
// upgrade is counted per page and node in MissCounters for the monitor's NUMA policy.
//
// Hook points, when machine.mode is 'timing' (each returns the stall in cycles, which the CPU adds
// to its cycle count: one cycle per instruction plus stalls; arguments are plain integers and
// nothing allocates):
//   fetchFrom(cpu, pa)       — each instruction fetch (compiled code at block entry and at each
//                              new line; the stepper per instruction); onFetch when the line changes.
//   onLoad/onStore(cpu, pa, size) — every cached data access, with the translated physical address.
//   onUncached(cpu, pa)      — kseg1, uncached TLB pages (no XLATE_CACHEABLE) and device registers.
//   invalidateRange(pa, len) — device DMA writes into memory (I/O is coherent, as on FLASH).
//   flushPage(pa)            — the monitor, when it migrates or replicates a page.

import { UserError } from '../../util/diagnostic';
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE } from '../physicalMemory';
import { CacheArray } from './cacheModel';
import { Latency } from './latency';
import { MissCounters, type MissCountersState } from './missCounters';
import { DEFAULT_WAYS, type TimingParams, timingParamProblems } from './timingParams';
import { TimingStats } from './timingStats';

/** MESI state of a board-cache line, in the low two bits of its tag (an invalid line is absent). */
export const L2_SHARED = 1;
export const L2_EXCLUSIVE = 2;
export const L2_MODIFIED = 3;
/** The low bit of an L1 data tag: the board cache holds the line Modified, so a store hits. */
export const L1D_WRITABLE = 1;
// Counter updates; module-local so that they inline (a value imported from another module may be
// reached through an accessor when modules are loaded one by one, as under tsx). An empty way
// holds a negative tag (CacheArray's INVALID), compared as `< 0` for the same reason.
function inc(a: Float64Array, i: number): void {
  a[i] = (a[i] as number) + 1;
}

function add(a: Float64Array, i: number, v: number): void {
  a[i] = (a[i] as number) + v;
}

/** Everything the model holds, as typed-array copies (structured-clone safe). */
export interface TimingState {
  readonly l1i: Int32Array;
  readonly l1d: Int32Array;
  readonly l2: Int32Array;
  readonly holders: Int32Array;
  readonly lastFetch: Int32Array;
  readonly counters: MissCountersState;
  readonly stats: Float64Array[];
}

export class TimingModel {
  // Fields are `declare`d and set once in the constructor (see CacheArray): the hit paths read them
  // as constants in optimized code.
  declare readonly params: TimingParams;
  declare readonly l1i: CacheArray;
  /** L1 data tags: line << 1 | L1D_WRITABLE. */
  declare readonly l1d: CacheArray;
  /** Board-cache tags: line << 2 | MESI state. */
  declare readonly l2: CacheArray;
  declare readonly latency: Latency;
  declare readonly counters: MissCounters;
  declare readonly stats: TimingStats;
  declare readonly lineBytes: number;
  private declare readonly lineShift: number;
  private declare readonly lineMask: number;
  /** PAGE_SHIFT − lineShift: the page of a line is `line >>> pageLineShift`. */
  private declare readonly pageLineShift: number;
  /** Per page, a bit per CPU whose board cache may hold lines of it: the snoop filter. */
  private declare readonly holders: Int32Array;
  /** Node of the CPU that held the last snooped line Modified, or -1. */
  private snoopOwner = -1;
  // Hit-path copies of the L1 geometry and counters, one property load each.
  private declare readonly iTags: Int32Array;
  private declare readonly iPerCpu: number;
  private declare readonly iSetMask: number;
  private declare readonly iWays: number;
  private declare readonly dTags: Int32Array;
  private declare readonly dPerCpu: number;
  private declare readonly dSetMask: number;
  private declare readonly dWays: number;
  private declare readonly l1iHits: Float64Array;
  private declare readonly l1dHits: Float64Array;
  /** Per CPU, the line its instruction fetches come from now (-1: none); see fetchFrom. */
  private declare readonly lastFetch: Int32Array;

  /** @throws UserError when the parameters cannot be modelled (see timingParamProblems). */
  constructor(params: TimingParams) {
    const problems = timingParamProblems(params);
    if (problems.length > 0) throw new UserError(`timing model: ${problems.join('; ')}`);
    const { cpus, caches } = params;
    this.params = params;
    this.lineBytes = caches.lineBytes;
    this.lineShift = 31 - Math.clz32(caches.lineBytes);
    this.lineMask = caches.lineBytes - 1;
    this.pageLineShift = PAGE_SHIFT - this.lineShift;
    const l1Ways = params.l1Ways ?? DEFAULT_WAYS;
    this.l1i = new CacheArray(cpus, caches.l1iKB * 1024, caches.lineBytes, l1Ways, 0);
    this.l1d = new CacheArray(cpus, caches.l1dKB * 1024, caches.lineBytes, l1Ways, 1);
    this.l2 = new CacheArray(cpus, caches.l2KB * 1024, caches.lineBytes, params.l2Ways ?? DEFAULT_WAYS, 2);
    this.latency = new Latency(params);
    const pages = params.memoryBytes / PAGE_SIZE;
    this.counters = new MissCounters(pages, params.nodes);
    this.stats = new TimingStats(cpus);
    this.holders = new Int32Array(pages);
    this.lastFetch = new Int32Array(cpus).fill(-1);
    this.iTags = this.l1i.tags;
    this.iPerCpu = this.l1i.perCpu;
    this.iSetMask = this.l1i.setMask;
    this.iWays = this.l1i.ways;
    this.dTags = this.l1d.tags;
    this.dPerCpu = this.l1d.perCpu;
    this.dSetMask = this.l1d.setMask;
    this.dWays = this.l1d.ways;
    this.l1iHits = this.stats.l1iHits;
    this.l1dHits = this.stats.l1dHits;
  }

  /** An instruction fetch from the line holding pa; returns the stall in cycles. */
  onFetch(cpu: number, pa: number): number {
    const line = pa >>> this.lineShift;
    if (this.iTags[cpu * this.iPerCpu + (line & this.iSetMask) * this.iWays] === line) {
      this.l1iHits[cpu] = (this.l1iHits[cpu] as number) + 1;
      return 0;
    }
    return this.fetchLine(cpu, line);
  }

  /**
   * The CPU's instruction fetch from pa, as its pipeline makes it: the I-cache is accessed when
   * fetching moves to another line (code running within one line is served by the fetch buffer).
   * Compiled code and the stepper both charge through here at each line change, so the counts do
   * not depend on how code was compiled: a restored snapshot repeats the same statistics.
   */
  fetchFrom(cpu: number, pa: number): number {
    const line = pa >>> this.lineShift;
    if (this.lastFetch[cpu] === line) return 0;
    this.lastFetch[cpu] = line;
    return this.onFetch(cpu, pa);
  }

  /** A cached load of size bytes at pa; returns the stall in cycles. */
  onLoad(cpu: number, pa: number, size: number): number {
    const line = pa >>> this.lineShift;
    if ((this.dTags[cpu * this.dPerCpu + (line & this.dSetMask) * this.dWays] as number) >> 1 === line && (pa & this.lineMask) + size <= this.lineBytes) {
      this.l1dHits[cpu] = (this.l1dHits[cpu] as number) + 1;
      return 0;
    }
    return this.loadLines(cpu, pa, size);
  }

  /** A cached store of size bytes at pa; returns the stall in cycles. */
  onStore(cpu: number, pa: number, size: number): number {
    const line = pa >>> this.lineShift;
    if (this.dTags[cpu * this.dPerCpu + (line & this.dSetMask) * this.dWays] === ((line << 1) | L1D_WRITABLE) && (pa & this.lineMask) + size <= this.lineBytes) {
      this.l1dHits[cpu] = (this.l1dHits[cpu] as number) + 1;
      return 0;
    }
    return this.storeLines(cpu, pa, size);
  }

  /** An uncached load or store at pa: the full memory latency (local for addresses outside memory). */
  onUncached(cpu: number, pa: number): number {
    const page = pa >>> PAGE_SHIFT;
    const lat = this.latency;
    const local = page >= lat.pageNode.length || lat.pageNode[page] === lat.cpuNode[cpu];
    const stall = local ? lat.localMissCycles : lat.remoteMissCycles;
    inc(this.stats.uncached, cpu);
    add(this.stats.stallCycles, cpu, stall);
    return stall;
  }

  /** Drops every CPU's copies of the lines of [pa, pa + len) (a DMA write); Modified lines are written back. */
  invalidateRange(pa: number, len: number): void {
    if (len <= 0) return;
    const end = pa + len;
    const last = (end - 1) >>> this.lineShift;
    for (let line = pa >>> this.lineShift; line <= last; line++) {
      let mask = this.holders[line >>> this.pageLineShift] ?? 0;
      while (mask !== 0) {
        const cpu = 31 - Math.clz32(mask & -mask);
        mask &= mask - 1;
        const tag = this.l2.remove(cpu, line);
        if (tag < 0) continue;
        this.l1i.remove(cpu, line);
        this.l1d.remove(cpu, line);
        inc(this.stats.invalidations, cpu);
        if ((tag & 3) === L2_MODIFIED) inc(this.stats.writebacks, cpu);
      }
    }
    for (let page = Math.ceil(pa / PAGE_SIZE); (page + 1) * PAGE_SIZE <= end; page++) {
      if (page < this.holders.length) this.holders[page] = 0;
    }
    this.lastFetch.fill(-1);
  }

  /** Drops every CPU's copies of the page holding pa (the monitor migrates or replicates it). */
  flushPage(pa: number): void {
    this.invalidateRange(pa & ~PAGE_MASK, PAGE_SIZE);
  }

  /** Empties every cache and zeroes stats and miss counters. */
  reset(): void {
    this.l1i.clear();
    this.l1d.clear();
    this.l2.clear();
    this.holders.fill(0);
    this.lastFetch.fill(-1);
    this.stats.reset();
    this.counters.reset();
  }

  saveState(): TimingState {
    return {
      l1i: this.l1i.tags.slice(),
      l1d: this.l1d.tags.slice(),
      l2: this.l2.tags.slice(),
      holders: this.holders.slice(),
      lastFetch: this.lastFetch.slice(),
      counters: this.counters.saveState(),
      stats: this.stats.saveState(),
    };
  }

  /** Restores a state saved from a model built with the same parameters. */
  loadState(s: TimingState): void {
    const fits = s.lastFetch.length === this.lastFetch.length && s.l1i.length === this.l1i.tags.length && s.l1d.length === this.l1d.tags.length && s.l2.length === this.l2.tags.length && s.holders.length === this.holders.length;
    if (!fits) throw new RangeError('timing model: saved state comes from different cache or memory sizes');
    this.counters.loadState(s.counters);
    this.stats.loadState(s.stats);
    this.l1i.tags.set(s.l1i);
    this.l1d.tags.set(s.l1d);
    this.l2.tags.set(s.l2);
    this.holders.set(s.holders);
    this.lastFetch.set(s.lastFetch);
  }

  // The slow paths are separate methods so that the hit paths stay small enough to be inlined
  // into compiled guest code.
  private loadLines(cpu: number, pa: number, size: number): number {
    let stall = 0;
    const last = (pa + size - 1) >>> this.lineShift;
    for (let line = pa >>> this.lineShift; line <= last; line++) stall += this.loadLine(cpu, line);
    return stall;
  }

  private storeLines(cpu: number, pa: number, size: number): number {
    let stall = 0;
    const last = (pa + size - 1) >>> this.lineShift;
    for (let line = pa >>> this.lineShift; line <= last; line++) stall += this.storeLine(cpu, line);
    return stall;
  }

  private fetchLine(cpu: number, line: number): number {
    if (this.l1i.lookup(cpu, line) >= 0) {
      inc(this.l1iHits, cpu);
      return 0;
    }
    inc(this.stats.l1iMisses, cpu);
    const stall = this.l2Access(cpu, line, false);
    this.l1i.insert(cpu, line);
    return stall;
  }

  private loadLine(cpu: number, line: number): number {
    if (this.l1d.lookup(cpu, line) >= 0) {
      inc(this.l1dHits, cpu);
      return 0;
    }
    inc(this.stats.l1dMisses, cpu);
    const stall = this.l2Access(cpu, line, false);
    const owned = (this.l2.peek(cpu, line) & 3) === L2_MODIFIED;
    this.l1d.insert(cpu, (line << 1) | (owned ? L1D_WRITABLE : 0));
    return stall;
  }

  private storeLine(cpu: number, line: number): number {
    const tag = this.l1d.lookup(cpu, line);
    const writable = (line << 1) | L1D_WRITABLE;
    if (tag < 0) {
      inc(this.stats.l1dMisses, cpu);
      const stall = this.l2Access(cpu, line, true);
      this.l1d.insert(cpu, writable);
      return stall;
    }
    inc(this.l1dHits, cpu);
    if (tag === writable) return 0;
    // Present but not owned: Exclusive becomes Modified silently; Shared needs an upgrade.
    let stall = 0;
    if ((this.l2.peek(cpu, line) & 3) === L2_EXCLUSIVE) this.l2.retag(cpu, line, (line << 2) | L2_MODIFIED);
    else stall = this.l2Access(cpu, line, true);
    this.l1d.retag(cpu, line, writable);
    return stall;
  }

  /** A board-cache access after an L1 miss (or a store to a line the CPU does not own). */
  private l2Access(cpu: number, line: number, write: boolean): number {
    const l2 = this.l2;
    const tag = l2.lookup(cpu, line);
    if (tag >= 0) {
      if (!write || (tag & 3) !== L2_SHARED) {
        if (write) l2.tags[l2.base(cpu, line)] = (line << 2) | L2_MODIFIED;
        inc(this.stats.l2Hits, cpu);
        add(this.stats.stallCycles, cpu, this.latency.l2HitCycles);
        return this.latency.l2HitCycles;
      }
      inc(this.stats.upgrades, cpu);
      this.snoopInvalidate(cpu, line);
      l2.tags[l2.base(cpu, line)] = (line << 2) | L2_MODIFIED;
      return this.memoryRequest(cpu, line, true);
    }
    inc(this.stats.l2Misses, cpu);
    let state = L2_MODIFIED;
    if (write) this.snoopInvalidate(cpu, line);
    else state = this.snoopShare(cpu, line) ? L2_SHARED : L2_EXCLUSIVE;
    const victim = l2.insert(cpu, (line << 2) | state);
    if (victim >= 0) {
      // Inclusion: the L1 copies of an evicted board-cache line go too.
      this.l1i.remove(cpu, victim >> 2);
      this.l1d.remove(cpu, victim >> 2);
      if ((victim & 3) === L2_MODIFIED) inc(this.stats.writebacks, cpu);
    }
    const page = line >>> this.pageLineShift;
    this.holders[page] = (this.holders[page] as number) | (1 << cpu);
    return this.memoryRequest(cpu, line, write);
  }

  /** Charges and counts a request to the line's home memory; dirty data held on another node makes it remote. */
  private memoryRequest(cpu: number, line: number, write: boolean): number {
    const page = line >>> this.pageLineShift;
    const lat = this.latency;
    const node = lat.cpuNode[cpu] as number;
    const local = lat.homeNode(page) === node && (this.snoopOwner < 0 || this.snoopOwner === node);
    this.counters.record(page, node, write, local);
    let stall: number;
    if (local) {
      inc(this.stats.localMisses, cpu);
      stall = lat.localMissCycles;
    } else {
      inc(this.stats.remoteMisses, cpu);
      stall = lat.remoteMissCycles;
    }
    add(this.stats.stallCycles, cpu, stall);
    return stall;
  }

  /** A store by cpu: every other CPU drops the line. Sets snoopOwner. */
  private snoopInvalidate(cpu: number, line: number): void {
    this.snoopOwner = -1;
    let mask = (this.holders[line >>> this.pageLineShift] ?? 0) & ~(1 << cpu);
    while (mask !== 0) {
      const c = 31 - Math.clz32(mask & -mask);
      mask &= mask - 1;
      const tag = this.l2.remove(c, line);
      if (tag < 0) continue;
      this.l1i.remove(c, line);
      this.l1d.remove(c, line);
      inc(this.stats.invalidations, c);
      if ((tag & 3) === L2_MODIFIED) this.snoopOwner = this.latency.cpuNode[c] as number;
    }
  }

  /** A read miss by cpu: other holders downgrade to Shared. Returns whether any holds it; sets snoopOwner. */
  private snoopShare(cpu: number, line: number): boolean {
    this.snoopOwner = -1;
    let shared = false;
    let mask = (this.holders[line >>> this.pageLineShift] ?? 0) & ~(1 << cpu);
    while (mask !== 0) {
      const c = 31 - Math.clz32(mask & -mask);
      mask &= mask - 1;
      const tag = this.l2.peek(c, line);
      if (tag < 0) continue;
      shared = true;
      if ((tag & 3) === L2_SHARED) continue;
      this.l2.retag(c, line, (line << 2) | L2_SHARED);
      if ((tag & 3) === L2_MODIFIED) {
        this.snoopOwner = this.latency.cpuNode[c] as number;
        inc(this.stats.writebacks, c);
        this.l1d.retag(c, line, line << 1);
      }
    }
    return shared;
  }
}
