// The pmap of one VM (Disco §1.2): guest-physical page → machine page, allocated on first touch
// and zero-filled, with the precomputed hardware EntryLo of each page (PFN, cacheable, V, and D
// unless the page is shared copy-on-write or replicated). Pages shared between VMs or guest pages
// (remap, copy-on-write disks, content sharing) are read-only here until a write breaks the
// sharing with a private copy; a write to a replicated page first collapses its replicas (a CPU
// maps the replica of its own node: numa.ts). Every change of a mapping is reported so the
// monitor can shoot down hardware TLB entries.

import { ENTRYLO_D, ENTRYLO_PFN_SHIFT, ENTRYLO_V } from '../machine/priv/cp0Bits';
import type { Memmap } from './memmap';

/** Cacheability attribute of every machine mapping (cacheable noncoherent, as kseg0 reset). */
const CACHEABLE = 3 << 3;

/** Machine-memory operations the pmap needs (zeroing, copying pages). */
export interface PageStore {
  zeroPage(mppn: number): void;
  copyPage(dst: number, src: number): void;
}

/** What a pmap change did, for counters and shootdown. */
export interface PmapListener {
  allocated(vm: number, gppn: number, mppn: number): void;
  /** gppn no longer maps oldMppn: hardware TLB entries naming oldMppn for this VM must go. */
  unmapped(vm: number, gppn: number, oldMppn: number): void;
  /** A write to gppn broke the sharing of machine page `from` with a private copy (a copy-on-write fault); reported before `unmapped`. */
  copied?(vm: number, gppn: number, from: number): void;
  /** A write is about to go to replicated machine page mppn: its replicas must go first. */
  collapse?(mppn: number): void;
}

/** The saved form of a pmap. */
export interface PmapState {
  readonly mppn: readonly number[];
  readonly cow: readonly number[];
}

export class Pmap {
  /** Machine page of each guest page, or -1 before the first touch. */
  readonly mppn: Int32Array;
  /** 1 where the machine page is shared read-only (copy-on-write). */
  readonly cow: Uint8Array;
  /** Precomputed hardware EntryLo per guest page (0 while unmapped). */
  readonly entryLo: Int32Array;

  constructor(
    readonly vm: number,
    readonly pages: number,
    readonly homeNode: number,
    private readonly memmap: Memmap,
    private readonly store: PageStore,
    private readonly listener: PmapListener,
    /** The NUMA node a first touch allocates on (default: homeNode). */
    private readonly placement?: () => number,
  ) {
    this.mppn = new Int32Array(pages).fill(-1);
    this.cow = new Uint8Array(pages);
    this.entryLo = new Int32Array(pages);
  }

  /** Guest pages touched so far. */
  get mappedPages(): number {
    let n = 0;
    for (const p of this.mppn) if (p >= 0) n++;
    return n;
  }

  /** True when gppn is inside the VM's memory. */
  contains(gppn: number): boolean {
    return gppn >= 0 && gppn < this.pages;
  }

  /**
   * The machine page of gppn, allocating a zeroed one on first touch and breaking copy-on-write
   * sharing when `write`; -1 when gppn is outside the VM or machine memory is exhausted.
   */
  translate(gppn: number, write: boolean): number {
    if (!this.contains(gppn)) return -1;
    let m = this.mppn[gppn] as number;
    if (m < 0) {
      m = this.memmap.allocate({ vm: this.vm, gppn }, this.placement?.() ?? this.homeNode);
      if (m < 0) return -1;
      this.store.zeroPage(m);
      this.set(gppn, m, false);
      this.listener.allocated(this.vm, gppn, m);
      return m;
    }
    if (!write) return m;
    // Written in place (not copied away from other users): replicas go first.
    if (this.memmap.numa.hasReplicas(m) && (this.cow[gppn] === 0 || this.memmap.refCount(m) === 1)) this.listener.collapse?.(m);
    if (this.cow[gppn] === 1) {
      if (this.memmap.refCount(m) === 1) {
        this.set(gppn, m, false);
      } else {
        const copy = this.memmap.allocate({ vm: this.vm, gppn }, this.placement?.() ?? this.homeNode);
        if (copy < 0) return -1;
        this.store.copyPage(copy, m);
        this.memmap.release(m, { vm: this.vm, gppn });
        this.set(gppn, copy, false);
        this.listener.copied?.(this.vm, gppn, m);
        this.listener.unmapped(this.vm, gppn, m);
        this.listener.allocated(this.vm, gppn, copy);
        m = copy;
      }
    }
    return m;
  }

  /** Recomputes gppn's EntryLo (its page gained or lost replicas). */
  refresh(gppn: number): void {
    const m = this.mppn[gppn] as number;
    if (m >= 0) this.set(gppn, m, this.cow[gppn] === 1);
  }

  /** gppn now maps machine page m, a copy of its old one (migration); sharing stays as it was. */
  moveTo(gppn: number, m: number): void {
    this.set(gppn, m, this.cow[gppn] === 1);
  }

  /** Hardware EntryLo for gppn (allocating on first touch), or 0 when it cannot be mapped. */
  hardwareEntryLo(gppn: number): number {
    if (this.translate(gppn, false) < 0) return 0;
    return this.entryLo[gppn] as number;
  }

  /** Drops gppn's machine page (MC_FREE_PAGE); the next touch allocates a zeroed one. */
  free(gppn: number): void {
    const m = this.mppn[gppn] as number;
    if (m < 0) return;
    this.memmap.release(m, { vm: this.vm, gppn });
    this.mppn[gppn] = -1;
    this.cow[gppn] = 0;
    this.entryLo[gppn] = 0;
    this.listener.unmapped(this.vm, gppn, m);
  }

  /** Makes gppn share machine page m read-only (remap, copy-on-write disk data). */
  shareInto(gppn: number, m: number): void {
    if (this.mppn[gppn] === m) return;
    this.free(gppn);
    this.memmap.share(m, { vm: this.vm, gppn });
    this.set(gppn, m, true);
  }

  /** Marks gppn's current page copy-on-write (it is about to be shared). */
  makeReadOnly(gppn: number): void {
    const m = this.mppn[gppn] as number;
    if (m >= 0 && this.cow[gppn] === 0) {
      this.set(gppn, m, true);
      this.listener.unmapped(this.vm, gppn, m);
    }
  }

  private set(gppn: number, m: number, cow: boolean): void {
    this.mppn[gppn] = m;
    this.cow[gppn] = cow ? 1 : 0;
    this.entryLo[gppn] = this.loOf(m, cow);
  }

  /** The hardware EntryLo of machine page m: writable unless shared copy-on-write or replicated. */
  private loOf(m: number, cow: boolean): number {
    return (m << ENTRYLO_PFN_SHIFT) | CACHEABLE | ENTRYLO_V | (cow || this.memmap.numa.hasReplicas(m) ? 0 : ENTRYLO_D);
  }

  save(): PmapState {
    return { mppn: Array.from(this.mppn), cow: Array.from(this.cow) };
  }

  /** Restores a saved pmap; the memmap (replicas) must be restored first. */
  load(s: PmapState): void {
    this.mppn.set(s.mppn);
    this.cow.set(s.cow);
    for (let g = 0; g < this.pages; g++) {
      const m = this.mppn[g] as number;
      this.entryLo[g] = m < 0 ? 0 : this.loOf(m, this.cow[g] === 1);
    }
  }
}
