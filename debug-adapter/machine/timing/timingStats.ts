// Per-CPU counters of the timing model: cache hits and misses at each level, ownership upgrades,
// memory requests served by the local or a remote node, coherence traffic and stall cycles. One
// Float64Array per counter, indexed by CPU, so that the hot path increments an array element
// (exact up to 2^53 events).

/** The names of the per-CPU counters, in snapshot order. */
export const TIMING_STAT_NAMES = [
  'l1iHits',
  'l1iMisses',
  'l1dHits',
  'l1dMisses',
  'l2Hits',
  'l2Misses',
  'upgrades',
  'localMisses',
  'remoteMisses',
  'uncached',
  'writebacks',
  'invalidations',
  'stallCycles',
] as const;

export type TimingStatName = (typeof TIMING_STAT_NAMES)[number];

/** One CPU's counters as plain JSON. */
export type CpuTimingStats = Record<TimingStatName, number>;

export class TimingStats {
  declare readonly cpus: number;
  /** L1 instruction cache hits and misses (one access per fetched line). */
  declare readonly l1iHits: Float64Array;
  declare readonly l1iMisses: Float64Array;
  /** L1 data cache hits and misses (a store to a present but shared line counts as a hit). */
  declare readonly l1dHits: Float64Array;
  declare readonly l1dMisses: Float64Array;
  /** Board-cache hits and misses. */
  declare readonly l2Hits: Float64Array;
  declare readonly l2Misses: Float64Array;
  /** Stores that hit a shared board-cache line and had to ask the home directory for ownership. */
  declare readonly upgrades: Float64Array;
  /** Memory requests (board-cache misses and upgrades) served by the CPU's own node or by another. */
  declare readonly localMisses: Float64Array;
  declare readonly remoteMisses: Float64Array;
  /** Uncached loads and stores. */
  declare readonly uncached: Float64Array;
  /** Modified lines written back: evicted, flushed, or supplied to another CPU's read. */
  declare readonly writebacks: Float64Array;
  /** Lines this CPU lost to another CPU's store, a DMA write or a page flush. */
  declare readonly invalidations: Float64Array;
  /** Cycles spent waiting on the memory system. */
  declare readonly stallCycles: Float64Array;

  constructor(cpus: number) {
    this.cpus = cpus;
    this.l1iHits = new Float64Array(cpus);
    this.l1iMisses = new Float64Array(cpus);
    this.l1dHits = new Float64Array(cpus);
    this.l1dMisses = new Float64Array(cpus);
    this.l2Hits = new Float64Array(cpus);
    this.l2Misses = new Float64Array(cpus);
    this.upgrades = new Float64Array(cpus);
    this.localMisses = new Float64Array(cpus);
    this.remoteMisses = new Float64Array(cpus);
    this.uncached = new Float64Array(cpus);
    this.writebacks = new Float64Array(cpus);
    this.invalidations = new Float64Array(cpus);
    this.stallCycles = new Float64Array(cpus);
  }

  /** Every counter of every CPU as plain JSON, CPU by CPU. */
  snapshot(): CpuTimingStats[] {
    const out: CpuTimingStats[] = [];
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      const row = {} as CpuTimingStats;
      for (const name of TIMING_STAT_NAMES) row[name] = this[name][cpu] as number;
      out.push(row);
    }
    return out;
  }

  /** Zeroes every counter. */
  reset(): void {
    for (const name of TIMING_STAT_NAMES) this[name].fill(0);
  }

  /** Copies of the counter arrays, in TIMING_STAT_NAMES order. */
  saveState(): Float64Array[] {
    return TIMING_STAT_NAMES.map((name) => this[name].slice());
  }

  /** Restores counters saved by saveState from a model with the same number of CPUs. */
  loadState(state: readonly Float64Array[]): void {
    TIMING_STAT_NAMES.forEach((name, i) => {
      const a = state[i];
      if (a === undefined || a.length !== this.cpus) throw new RangeError(`timing stats: saved ${name} does not fit ${this.cpus} CPUs`);
      this[name].set(a);
    });
  }
}
