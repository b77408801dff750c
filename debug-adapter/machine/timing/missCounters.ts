// Per-page, per-node cache-miss counters, as kept by FLASH's directory controller (MAGIC) to drive
// page migration and replication (Disco paper §1.3, after Verghese et al., ASPLOS '96). For every
// 4 KB machine page and every node: the memory requests (board-cache misses and ownership
// upgrades) made by that node's CPUs, split into reads and writes, since the last reset; per node,
// how many were served locally or remotely. A hot-page trigger queues a (page, node) pair the
// moment its count passes a threshold, as the hardware interrupts the monitor.

/** Counts of one page from one node. */
export interface PageNodeCount {
  readonly page: number;
  readonly node: number;
  readonly reads: number;
  readonly writes: number;
}

/** A page with counts, in a snapshot: reads[n] and writes[n] come from node n. */
export interface PageMissCounts {
  readonly page: number;
  readonly reads: number[];
  readonly writes: number[];
}

/** JSON-safe, sparse picture of the counters: only pages with counts, in page order. */
export interface MissCountersSnapshot {
  readonly nodes: number;
  readonly pages: PageMissCounts[];
  /** Requests of each node's CPUs served by that node's memory, and by another node. */
  readonly local: number[];
  readonly remote: number[];
}

/** What saveState returns (typed-array copies). */
export interface MissCountersState {
  readonly reads: Uint32Array;
  readonly writes: Uint32Array;
  readonly local: Float64Array;
  readonly remote: Float64Array;
  readonly threshold: number;
  readonly pending: readonly number[];
}

const SATURATED = 0xffffffff;

export class MissCounters {
  declare readonly pages: number;
  declare readonly nodes: number;
  /** Read requests, index page · nodes + node (saturating). */
  declare readonly reads: Uint32Array;
  /** Write requests (store misses and upgrades), same index. */
  declare readonly writes: Uint32Array;
  /** Per node: requests served by the node's own memory. */
  declare readonly local: Float64Array;
  /** Per node: requests served by another node. */
  declare readonly remote: Float64Array;
  private threshold = 0;
  private pending: number[] = [];

  /**
   * @param pages machine pages (memory size / 4 KB)
   * @param nodes NUMA nodes
   */
  constructor(pages: number, nodes: number) {
    this.pages = pages;
    this.nodes = nodes;
    this.reads = new Uint32Array(pages * nodes);
    this.writes = new Uint32Array(pages * nodes);
    this.local = new Float64Array(nodes);
    this.remote = new Float64Array(nodes);
  }

  /** Counts one memory request from a CPU of node to page. */
  record(page: number, node: number, write: boolean, local: boolean): void {
    const total = local ? this.local : this.remote;
    total[node] = (total[node] as number) + 1;
    if (page >= this.pages) return;
    const i = page * this.nodes + node;
    const a = write ? this.writes : this.reads;
    if (a[i] === SATURATED) return;
    a[i] = (a[i] as number) + 1;
    if (this.threshold > 0 && (this.reads[i] as number) + (this.writes[i] as number) === this.threshold + 1) this.pending.push(i);
  }

  /** Reads plus writes of page from node since the last reset. */
  count(page: number, node: number): number {
    const i = page * this.nodes + node;
    return (this.reads[i] ?? 0) + (this.writes[i] ?? 0);
  }

  /**
   * Arms the hot-page trigger: from now on a (page, node) pair is queued for takeHotPages when its
   * count passes threshold (goes above it). 0 disarms it and empties the queue.
   */
  setHotThreshold(threshold: number): void {
    this.threshold = Math.max(0, Math.floor(threshold));
    if (this.threshold === 0) this.pending = [];
  }

  /** The pairs that passed the threshold since the last call, in the order they did, with current counts. */
  takeHotPages(): PageNodeCount[] {
    const out = this.pending.map((i) => this.entry(i));
    this.pending = [];
    return out;
  }

  /** Every (page, node) pair whose count since the last reset is above threshold, in page then node order. */
  hotPages(threshold: number): PageNodeCount[] {
    const out: PageNodeCount[] = [];
    const r = this.reads;
    const w = this.writes;
    for (let i = 0; i < r.length; i++) {
      if ((r[i] as number) + (w[i] as number) > threshold) out.push(this.entry(i));
    }
    return out;
  }

  /** Zeroes every counter and the per-node totals, and empties the hot-page queue. */
  reset(): void {
    this.reads.fill(0);
    this.writes.fill(0);
    this.local.fill(0);
    this.remote.fill(0);
    this.pending = [];
  }

  /** Zeroes the counters of one page (after the monitor migrated or replicated it). */
  resetPage(page: number): void {
    if (page < 0 || page >= this.pages) return;
    const from = page * this.nodes;
    this.reads.fill(0, from, from + this.nodes);
    this.writes.fill(0, from, from + this.nodes);
    this.pending = this.pending.filter((i) => Math.floor(i / this.nodes) !== page);
  }

  /** The counters as sparse plain JSON. */
  snapshot(): MissCountersSnapshot {
    const pages: PageMissCounts[] = [];
    const n = this.nodes;
    for (let page = 0; page < this.pages; page++) {
      const r = this.reads.subarray(page * n, page * n + n);
      const w = this.writes.subarray(page * n, page * n + n);
      if (r.some((v) => v !== 0) || w.some((v) => v !== 0)) pages.push({ page, reads: Array.from(r), writes: Array.from(w) });
    }
    return { nodes: n, pages, local: Array.from(this.local), remote: Array.from(this.remote) };
  }

  saveState(): MissCountersState {
    return {
      reads: this.reads.slice(),
      writes: this.writes.slice(),
      local: this.local.slice(),
      remote: this.remote.slice(),
      threshold: this.threshold,
      pending: this.pending.slice(),
    };
  }

  /** Restores a state saved from counters of the same shape. */
  loadState(s: MissCountersState): void {
    if (s.reads.length !== this.reads.length || s.writes.length !== this.writes.length || s.local.length !== this.nodes || s.remote.length !== this.nodes) {
      throw new RangeError(`miss counters: saved state does not fit ${this.pages} pages × ${this.nodes} nodes`);
    }
    this.reads.set(s.reads);
    this.writes.set(s.writes);
    this.local.set(s.local);
    this.remote.set(s.remote);
    this.threshold = s.threshold;
    this.pending = s.pending.slice();
  }

  private entry(i: number): PageNodeCount {
    return { page: Math.floor(i / this.nodes), node: i % this.nodes, reads: this.reads[i] as number, writes: this.writes[i] as number };
  }
}
