// The second-level software TLB of one vCPU (Disco §1.2): recent guest translations, larger than
// the hardware TLB, consulted on every hardware TLB miss before the miss is reflected to the
// guest. It is a direct-mapped cache of guest entries indexed by the 8 KiB page pair (entries of
// larger pages sit in a short side list), backed by the vCPU's virtual TLB, so entries the guest
// evicted with TLBWR still hit. Entries keep guest-physical PFNs; the monitor translates them
// through the pmap when it installs them. Invalidation rules are in docs/monitor.md.

import type { TlbEntry } from '../machine/priv/tlb';
import { ENTRYHI_ASID, ENTRYHI_VPN2, ENTRYLO_G } from '../machine/priv/cp0Bits';
import { VirtualTlb } from './vtlb';

/** Large-page entries kept at most. */
const MAX_LARGE = 16;

/** The saved form of an L2TLB. */
export interface L2TlbState {
  readonly slots: readonly (TlbEntry | null)[];
  readonly large: readonly TlbEntry[];
}

function matches(e: TlbEntry, va: number, asid: number): boolean {
  const mask = ENTRYHI_VPN2 & ~e.pageMask;
  if (((e.entryHi ^ va) & mask) !== 0) return false;
  return (e.entryLo0 & ENTRYLO_G) !== 0 || (e.entryHi & ENTRYHI_ASID) === asid;
}

export class L2Tlb {
  private readonly slots: (TlbEntry | undefined)[];
  private large: TlbEntry[] = [];

  /** @param size slots (0 disables the cache; the virtual TLB still serves misses) */
  constructor(readonly size: number) {
    this.slots = new Array<TlbEntry | undefined>(size).fill(undefined);
  }

  private slotOf(va: number): number {
    const pair = va >>> 13;
    return (Math.imul(pair, 0x9e3779b1) >>> 0) % this.size;
  }

  /** The slot that holds va's page pair (where the monitor's probe looks; 0 when the cache is off). */
  slotIndex(va: number): number {
    return this.size === 0 ? 0 : this.slotOf(va);
  }

  /** The cached guest entry mapping va under asid, or undefined. */
  lookup(va: number, asid: number): TlbEntry | undefined {
    if (this.size === 0) return undefined;
    const e = this.slots[this.slotOf(va)];
    if (e !== undefined && matches(e, va, asid)) return e;
    return this.large.find((x) => matches(x, va, asid));
  }

  /** Caches an entry the guest wrote. */
  insert(e: TlbEntry): void {
    if (this.size === 0) return;
    this.drop(e);
    if (e.pageMask === 0) this.slots[this.slotOf(e.entryHi)] = e;
    else {
      this.large.push(e);
      if (this.large.length > MAX_LARGE) this.large.shift();
    }
  }

  /** Removes every cached entry that overlaps e. */
  drop(e: TlbEntry): void {
    if (this.size === 0) return;
    if (e.pageMask === 0) {
      const i = this.slotOf(e.entryHi);
      const s = this.slots[i];
      if (s !== undefined && VirtualTlb.overlap(s, e)) this.slots[i] = undefined;
    } else {
      for (let i = 0; i < this.size; i++) {
        const s = this.slots[i];
        if (s !== undefined && VirtualTlb.overlap(s, e)) this.slots[i] = undefined;
      }
    }
    this.large = this.large.filter((x) => !VirtualTlb.overlap(x, e));
  }

  /** Removes the entries that match va under asid (a TLBP that missed in the virtual TLB). */
  dropMatching(va: number, asid: number): void {
    if (this.size === 0) return;
    const i = this.slotOf(va);
    const s = this.slots[i];
    if (s !== undefined && matches(s, va, asid)) this.slots[i] = undefined;
    this.large = this.large.filter((x) => !matches(x, va, asid));
  }

  /** Empties the cache. */
  clear(): void {
    this.slots.fill(undefined);
    this.large = [];
  }

  /** Cached entries. */
  get count(): number {
    return this.slots.filter((s) => s !== undefined).length + this.large.length;
  }

  save(): L2TlbState {
    return { slots: this.slots.map((s) => (s === undefined ? null : { ...s })), large: this.large.map((e) => ({ ...e })) };
  }

  load(s: L2TlbState): void {
    s.slots.forEach((e, i) => (this.slots[i] = e === null ? undefined : { ...e }));
    this.large = s.large.map((e) => ({ ...e }));
  }
}
