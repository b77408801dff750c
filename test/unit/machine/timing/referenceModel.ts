// A deliberately plain reference for the timing model, written from its documented rules rather
// than from its code: each set of each cache is a Map in LRU order (insertion order, oldest first;
// a hit deletes and re-inserts), coherence snoops every other CPU (no snoop filter), and the
// counters are Maps. Slow, obviously correct, and sharing no data structure with the model.

export type Mesi = 'S' | 'E' | 'M';

export interface RefParams {
  readonly cpus: number;
  readonly nodes: number;
  readonly memoryBytes: number;
  readonly lineBytes: number;
  readonly l1Bytes: number;
  readonly l2Bytes: number;
  readonly l1Ways: number;
  readonly l2Ways: number;
  readonly l2Hit: number;
  readonly local: number;
  readonly remote: number;
}

/** One cache: sets of line → state, least recently used first. */
export class RefCache<S> {
  private readonly sets: Map<number, S>[] = [];

  constructor(
    readonly nsets: number,
    readonly ways: number,
  ) {
    for (let i = 0; i < nsets; i++) this.sets.push(new Map());
  }

  set(line: number): Map<number, S> {
    return this.sets[line % this.nsets] as Map<number, S>;
  }

  has(line: number): boolean {
    return this.set(line).has(line);
  }

  state(line: number): S | undefined {
    return this.set(line).get(line);
  }

  /** Marks line most recently used; true when present. */
  touch(line: number): boolean {
    const s = this.set(line);
    const v = s.get(line);
    if (v === undefined) return false;
    s.delete(line);
    s.set(line, v);
    return true;
  }

  /** Inserts as most recent; returns the evicted [line, state] if the set was full. */
  put(line: number, v: S): [number, S] | undefined {
    const s = this.set(line);
    let evicted: [number, S] | undefined;
    if (s.size === this.ways) {
      const [oldLine, oldState] = s.entries().next().value as [number, S];
      s.delete(oldLine);
      evicted = [oldLine, oldState];
    }
    s.set(line, v);
    return evicted;
  }

  /** Changes the state of a present line without changing its recency. */
  update(line: number, v: S): void {
    if (this.set(line).has(line)) this.set(line).set(line, v);
  }

  remove(line: number): S | undefined {
    const v = this.state(line);
    this.set(line).delete(line);
    return v;
  }

  /** Lines of set i, most recent first. */
  order(i: number): number[] {
    return [...(this.sets[i] as Map<number, S>).keys()].reverse();
  }
}

export interface RefStats {
  l1iHits: number;
  l1iMisses: number;
  l1dHits: number;
  l1dMisses: number;
  l2Hits: number;
  l2Misses: number;
  upgrades: number;
  localMisses: number;
  remoteMisses: number;
  uncached: number;
  writebacks: number;
  invalidations: number;
  stallCycles: number;
}

interface RefCpu {
  readonly l1i: RefCache<true>;
  readonly l1d: RefCache<boolean>;
  readonly l2: RefCache<Mesi>;
  readonly stats: RefStats;
}

export class ReferenceModel {
  readonly cpus: RefCpu[] = [];
  /** "page,node" → [reads, writes]. */
  readonly counts = new Map<string, [number, number]>();

  constructor(readonly p: RefParams) {
    for (let i = 0; i < p.cpus; i++) {
      const stats: RefStats = {
        l1iHits: 0, l1iMisses: 0, l1dHits: 0, l1dMisses: 0, l2Hits: 0, l2Misses: 0, upgrades: 0,
        localMisses: 0, remoteMisses: 0, uncached: 0, writebacks: 0, invalidations: 0, stallCycles: 0,
      };
      this.cpus.push({
        l1i: new RefCache(p.l1Bytes / p.lineBytes / p.l1Ways, p.l1Ways),
        l1d: new RefCache(p.l1Bytes / p.lineBytes / p.l1Ways, p.l1Ways),
        l2: new RefCache(p.l2Bytes / p.lineBytes / p.l2Ways, p.l2Ways),
        stats,
      });
    }
  }

  nodeOf(cpu: number): number {
    return Math.floor((cpu * this.p.nodes) / this.p.cpus);
  }

  homeOf(pa: number): number {
    return Math.floor(pa / (this.p.memoryBytes / this.p.nodes));
  }

  private cpu(i: number): RefCpu {
    return this.cpus[i] as RefCpu;
  }

  fetch(c: number, pa: number): number {
    const line = Math.floor(pa / this.p.lineBytes);
    const me = this.cpu(c);
    if (me.l1i.touch(line)) return (me.stats.l1iHits++, 0);
    me.stats.l1iMisses++;
    const stall = this.l2(c, line, false);
    me.l1i.put(line, true);
    return stall;
  }

  load(c: number, pa: number): number {
    const line = Math.floor(pa / this.p.lineBytes);
    const me = this.cpu(c);
    if (me.l1d.touch(line)) return (me.stats.l1dHits++, 0);
    me.stats.l1dMisses++;
    const stall = this.l2(c, line, false);
    me.l1d.put(line, me.l2.state(line) === 'M');
    return stall;
  }

  store(c: number, pa: number): number {
    const line = Math.floor(pa / this.p.lineBytes);
    const me = this.cpu(c);
    if (me.l1d.touch(line)) {
      me.stats.l1dHits++;
      if (me.l1d.state(line) === true) return 0;
      let stall = 0;
      if (me.l2.state(line) === 'E') me.l2.update(line, 'M');
      else stall = this.l2(c, line, true);
      me.l1d.update(line, true);
      return stall;
    }
    me.stats.l1dMisses++;
    const stall = this.l2(c, line, true);
    me.l1d.put(line, true);
    return stall;
  }

  /** Every CPU drops the lines of [pa, pa + len); Modified ones are written back. */
  invalidateRange(pa: number, len: number): void {
    const first = Math.floor(pa / this.p.lineBytes);
    const last = Math.floor((pa + len - 1) / this.p.lineBytes);
    for (let line = first; line <= last; line++) {
      for (const o of this.cpus) {
        const st = o.l2.remove(line);
        if (st === undefined) continue;
        o.l1i.remove(line);
        o.l1d.remove(line);
        o.stats.invalidations++;
        if (st === 'M') o.stats.writebacks++;
      }
    }
  }

  private l2(c: number, line: number, write: boolean): number {
    const me = this.cpu(c);
    if (me.l2.touch(line)) {
      const st = me.l2.state(line);
      if (!write || st !== 'S') {
        if (write) me.l2.update(line, 'M');
        me.stats.l2Hits++;
        me.stats.stallCycles += this.p.l2Hit;
        return this.p.l2Hit;
      }
      me.stats.upgrades++;
      const owner = this.invalidateOthers(c, line);
      me.l2.update(line, 'M');
      return this.memory(c, line, true, owner);
    }
    me.stats.l2Misses++;
    let owner: number | undefined;
    let state: Mesi = 'M';
    if (write) {
      owner = this.invalidateOthers(c, line);
    } else {
      let shared = false;
      this.cpus.forEach((o, i) => {
        if (i === c || !o.l2.has(line)) return;
        shared = true;
        if (o.l2.state(line) === 'M') {
          owner = this.nodeOf(i);
          o.stats.writebacks++;
          o.l1d.update(line, false);
        }
        o.l2.update(line, 'S');
      });
      state = shared ? 'S' : 'E';
    }
    const evicted = me.l2.put(line, state);
    if (evicted) {
      me.l1i.remove(evicted[0]);
      me.l1d.remove(evicted[0]);
      if (evicted[1] === 'M') me.stats.writebacks++;
    }
    return this.memory(c, line, write, owner);
  }

  private invalidateOthers(c: number, line: number): number | undefined {
    let owner: number | undefined;
    this.cpus.forEach((o, i) => {
      if (i === c || !o.l2.has(line)) return;
      if (o.l2.state(line) === 'M') owner = this.nodeOf(i);
      o.l2.remove(line);
      o.l1i.remove(line);
      o.l1d.remove(line);
      o.stats.invalidations++;
    });
    return owner;
  }

  private memory(c: number, line: number, write: boolean, owner: number | undefined): number {
    const me = this.cpu(c);
    const pa = line * this.p.lineBytes;
    const node = this.nodeOf(c);
    const local = this.homeOf(pa) === node && (owner === undefined || owner === node);
    const key = `${Math.floor(pa / 4096)},${node}`;
    const rw = this.counts.get(key) ?? [0, 0];
    rw[write ? 1 : 0]++;
    this.counts.set(key, rw);
    const stall = local ? this.p.local : this.p.remote;
    if (local) me.stats.localMisses++;
    else me.stats.remoteMisses++;
    me.stats.stallCycles += stall;
    return stall;
  }
}
