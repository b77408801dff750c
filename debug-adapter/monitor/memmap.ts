// The memmap (Disco §1.2): one record per machine page — free, or owned by a VM (through one
// guest-physical page, or as a vCPU's special page), or shared by several (VM, guest page)
// users with a reference count (copy-on-write). The users are the page's backmap, which
// shootdown walks. Free pages are handed out lowest-first within the requested NUMA node, so
// allocation is deterministic and consecutive per node. Each page's NUMA record (replica
// pointers, move count) is in `numa` (numaRecords.ts).

import { NumaRecords, type NumaRecordsState } from './numaRecords';

/** Owner code of a free machine page. */
export const PAGE_FREE = -1;
/** Guest-page code of a vCPU special page in a backmap entry. */
export const SPECIAL_GPPN = -1;
/** Owner code (`vm` field) of a replica page; its `gppn` is the master page it copies. */
export const REPLICA_VM = -3;

/** One user of a machine page: a VM and the guest-physical page (or SPECIAL_GPPN). */
export interface PageUser {
  readonly vm: number;
  readonly gppn: number;
}

/** The saved form of the memmap. */
export interface MemmapState {
  readonly users: readonly (readonly [number, readonly PageUser[]])[];
  readonly numa: NumaRecordsState;
}

export class Memmap {
  /** Users of each used machine page (absent when free). */
  private readonly users = new Map<number, PageUser[]>();
  /** Lowest page that may be free, per node. */
  private readonly hint: number[];
  /** Replica pointers and move counts. */
  readonly numa: NumaRecords;

  /**
   * @param pages machine pages in all
   * @param nodes NUMA nodes; node n holds pages [n*pages/nodes, (n+1)*pages/nodes)
   * @param hole machine pages [first, end) that are not RAM (the board's I/O window): never allocated
   */
  constructor(
    readonly pages: number,
    readonly nodes: number,
    private readonly hole: { readonly first: number; readonly end: number } = { first: pages, end: pages },
  ) {
    this.hint = Array.from({ length: nodes }, (_, n) => this.nodeStart(n));
    this.numa = new NumaRecords(nodes);
  }

  private nodeStart(n: number): number {
    return Math.floor((n * this.pages) / this.nodes);
  }

  /** The node holding machine page mppn. */
  nodeOf(mppn: number): number {
    return Math.min(this.nodes - 1, Math.floor((mppn * this.nodes) / this.pages));
  }

  /** Allocates a page for `user`, preferring `node` then the following nodes; -1 when memory is full. */
  allocate(user: PageUser, node: number): number {
    for (let k = 0; k < this.nodes; k++) {
      const p = this.allocateOn(user, (node + k) % this.nodes);
      if (p >= 0) return p;
    }
    return -1;
  }

  /** Allocates a page of node n only; -1 when n is full. */
  allocateOn(user: PageUser, n: number): number {
    const end = this.nodeStart(n + 1);
    for (let p = this.hint[n] as number; p < end; p++) {
      if (p >= this.hole.first && p < this.hole.end) p = this.hole.end - 1;
      else if (!this.users.has(p)) {
        this.users.set(p, [user]);
        this.hint[n] = p + 1;
        return p;
      }
    }
    this.hint[n] = end;
    return -1;
  }

  /**
   * Gives every user of page `from` to a free page of node n (migration) and returns it; `from`
   * is free afterwards. -1 (nothing changed) when n is full.
   */
  moveToNode(from: number, n: number): number {
    const list = this.users.get(from);
    if (list === undefined) throw new Error(`memmap: page ${from} is free`);
    const to = this.allocateOn(list[0] as PageUser, n);
    if (to < 0) return -1;
    this.users.set(to, list);
    this.users.delete(from);
    this.numa.moved(from, to);
    this.noteFree(from);
    return to;
  }

  /** Gives free page mppn to `user` for good (the monitor's own data); throws when it is in use. */
  claim(mppn: number, user: PageUser): void {
    if (this.users.has(mppn) || mppn < 0 || mppn >= this.pages) throw new Error(`memmap: page ${mppn} cannot be claimed`);
    this.users.set(mppn, [user]);
  }

  /** True when mppn is RAM the memmap hands out (outside the board's I/O hole). */
  isRam(mppn: number): boolean {
    return mppn >= 0 && mppn < this.pages && (mppn < this.hole.first || mppn >= this.hole.end);
  }

  /** The first page of node n and the first page after it. */
  nodeRange(n: number): [number, number] {
    return [this.nodeStart(n), this.nodeStart(n + 1)];
  }

  /** Adds a user to a used page (sharing); returns the new reference count. */
  share(mppn: number, user: PageUser): number {
    const list = this.users.get(mppn);
    if (list === undefined) throw new Error(`memmap: page ${mppn} is free`);
    list.push(user);
    return list.length;
  }

  /** Removes one user; frees the page when it was the last. Returns the remaining count. */
  release(mppn: number, user: PageUser): number {
    const list = this.users.get(mppn);
    if (list === undefined) throw new Error(`memmap: page ${mppn} is free`);
    const i = list.findIndex((u) => u.vm === user.vm && u.gppn === user.gppn);
    if (i < 0) throw new Error(`memmap: page ${mppn} has no user vm ${user.vm} page ${user.gppn}`);
    list.splice(i, 1);
    if (list.length === 0) {
      this.users.delete(mppn);
      this.numa.freed(mppn);
      this.noteFree(mppn);
    }
    return list.length;
  }

  private noteFree(mppn: number): void {
    const n = this.nodeOf(mppn);
    if (mppn < (this.hint[n] as number)) this.hint[n] = mppn;
  }

  /** The page's users (its backmap); empty when free. */
  usersOf(mppn: number): readonly PageUser[] {
    return this.users.get(mppn) ?? [];
  }

  /** Reference count (0 = free). */
  refCount(mppn: number): number {
    return this.users.get(mppn)?.length ?? 0;
  }

  /** Pages in use. */
  get used(): number {
    return this.users.size;
  }

  /** Every used page with its users, in page order. */
  entries(): [number, readonly PageUser[]][] {
    return [...this.users].sort((a, b) => a[0] - b[0]);
  }

  save(): MemmapState {
    return { users: this.entries().map(([p, u]) => [p, u.map((x) => ({ ...x }))] as const), numa: this.numa.save() };
  }

  load(s: MemmapState): void {
    this.users.clear();
    for (const [p, u] of s.users) this.users.set(p, u.map((x) => ({ ...x })));
    this.numa.load(s.numa);
    for (let n = 0; n < this.nodes; n++) this.hint[n] = this.nodeStart(n);
  }
}
