// The AddressTranslator of a CPU on the privileged machine: the segment map of the current mode
// (segments.ts) and the joint TLB, raising AdEL/AdES, TLBL/TLBS (refill or invalid) and Mod with
// BadVAddr (Vol. III §4.9–4.10). It also keeps the CPU's SoftTlb coherent with guest state: it
// remembers which SoftTlb slots it allowed to be filled for kernel-only addresses and for mapped
// addresses, and drops exactly those when the mode is lowered (ERET to user/supervisor), the
// ASID changes or the TLB is written; an overflowing record falls back to a full flush. In timing
// mode it also reports each translation's cacheability (kseg1, ERL kuseg, Config.K0 for kseg0,
// the TLB entry's C field) and keeps uncached pages out of the SoftTlb, so they take the slow
// path that charges them as uncached.

import { type AddressTranslator, XLATE_CACHEABLE } from '../addressTranslation';
import { EXC_ADEL, EXC_ADES, EXC_MOD, EXC_TLBL, EXC_TLBS, GuestException } from '../exceptions';
import { ACCESS_STORE, type Access, type SoftTlb } from '../softTlb';
import type { Cp0 } from './cp0';
import { CONFIG0_K0, ENTRYHI_VPN2, ENTRYLO_C_SHIFT, STATUS_ERL } from './cp0Bits';
import { SEG_ERROR, SEG_KSEG0, SEG_MAPPED, type Segment, segmentOf, unmappedPa } from './segments';
import { type JointTlb, TLB_HIT, TLB_MODIFIED, TLB_REFILL } from './tlb';

/** The machine's say on whether the SoftTlb may cache a physical page. */
export interface PagePolicy {
  /** True if [pa page] is plain RAM the fast path may reach for this access (not MMIO, not watched…). */
  cacheable(pa: number, access: Access): boolean;
}

const RECORD_LIMIT = 256;
/** Pages of a TLB pair whose SoftTlb entries are dropped one by one (a larger pair drops every mapped entry). */
const PAIR_DROP_LIMIT = 64;

/** Cache coherency attributes (Config.K0, EntryLo.C) that mean uncached: 2, and 7 (uncached accelerated). */
function uncachedAttribute(c: number): boolean {
  return c === 2 || c === 7;
}

/** A bounded list of SoftTlb virtual page numbers, or "too many". */
export class FillRecord {
  private readonly vpns: number[] = [];
  private overflow = false;

  note(vpn: number): void {
    if (this.overflow) return;
    if (this.vpns.length >= RECORD_LIMIT) {
      this.overflow = true;
      this.vpns.length = 0;
    } else this.vpns.push(vpn);
  }

  /** Drops the recorded pages from the SoftTlb (all of it after an overflow) and forgets them. */
  drop(soft: SoftTlb): void {
    if (this.overflow) soft.flush();
    else for (const vpn of this.vpns) soft.dropPage(vpn);
    this.vpns.length = 0;
    this.overflow = false;
  }

  clear(): void {
    this.vpns.length = 0;
    this.overflow = false;
  }
}

export class PrivilegedTranslator implements AddressTranslator {
  /** The SoftTlb this translator fills (set once the CPU exists). */
  soft: SoftTlb | undefined;
  /** The last TLBL/TLBS raised was a refill (no matching entry), not an invalid entry. */
  lastWasRefill = false;
  /** Timing mode: classify cacheability and keep uncached pages out of the SoftTlb. */
  timed = false;
  /** Timing mode: the last successful translation was uncached. */
  uncached = false;
  /** Set when translate raises (segment or TLB fault), cleared by takeFault. */
  private faulted = false;
  private readonly privileged = new FillRecord();
  private readonly mapped = new FillRecord();

  constructor(
    private readonly cp0: Cp0,
    private readonly tlb: JointTlb,
    private readonly policy: PagePolicy,
  ) {}

  fault(va: number, access: Access): number {
    const cp0 = this.cp0;
    const store = access === ACCESS_STORE;
    const seg = segmentOf(va, cp0.mode, (cp0.status & STATUS_ERL) !== 0);
    if (seg === SEG_ERROR) {
      this.faulted = true;
      return store ? EXC_ADES : EXC_ADEL;
    }
    if (seg !== SEG_MAPPED) return 0;
    const outcome = this.tlb.translate(va, cp0.asid, store);
    if (outcome === TLB_HIT) return 0;
    this.faulted = true;
    if (outcome === TLB_MODIFIED) return EXC_MOD;
    this.lastWasRefill = outcome === TLB_REFILL;
    return store ? EXC_TLBS : EXC_TLBL;
  }

  translate(va: number, access: Access, flags: { value: number }): number {
    const f = this.fault(va, access);
    if (f !== 0) throw new GuestException(f, va);
    const cp0 = this.cp0;
    const seg = segmentOf(va, cp0.mode, (cp0.status & STATUS_ERL) !== 0);
    // A mapped address: fault() has just looked it up in the TLB, which holds the hit's pa.
    const pa = seg === SEG_MAPPED ? this.tlb.pa : unmappedPa(va, seg);
    if (this.timed) {
      this.uncached = this.isUncached(seg);
      if (this.uncached) return pa;
    }
    if (this.policy.cacheable(pa, access)) {
      flags.value = XLATE_CACHEABLE;
      const vpn = va >>> 12;
      if (va < 0) this.privileged.note(vpn);
      if (seg === SEG_MAPPED) this.mapped.note(vpn);
    }
    return pa;
  }

  /** Whether an access through segment seg (after a TLB hit when mapped) is uncached. */
  private isUncached(seg: Segment): boolean {
    if (seg === SEG_MAPPED) return uncachedAttribute((this.tlb.lo >>> ENTRYLO_C_SHIFT) & 7);
    if (seg === SEG_KSEG0) return uncachedAttribute(this.cp0.config0 & CONFIG0_K0);
    return true;
  }

  /** True (once) if the exception being taken was raised by this translator, not by an alignment check. */
  takeFault(): boolean {
    const f = this.faulted;
    this.faulted = false;
    return f;
  }

  probe(va: number, access: Access): number {
    const cp0 = this.cp0;
    const seg = segmentOf(va, cp0.mode, (cp0.status & STATUS_ERL) !== 0);
    if (seg === SEG_ERROR) return -1;
    if (seg !== SEG_MAPPED) return unmappedPa(va, seg);
    if (this.tlb.translate(va, cp0.asid, access === ACCESS_STORE) !== TLB_HIT) return -1;
    return this.tlb.pa;
  }

  /** The mode became less privileged: kernel-only SoftTlb entries must go. */
  modeLowered(): void {
    if (this.soft) this.privileged.drop(this.soft);
  }

  /** The ASID changed or the TLB changed in ways not listed page by page: mapped SoftTlb entries must go. */
  mappingChanged(): void {
    if (this.soft) this.mapped.drop(this.soft);
  }

  /**
   * Writes TLB entry i (TLBWI, TLBWR, the monitor installing a pair). The SoftTlb entries the old
   * pair gave, and those the new pair now shadows, are those of their pages, which go (pairChanged);
   * the other pages' entries stay, so a refill costs them nothing.
   */
  writeEntry(i: number, entryHi: number, entryLo0: number, entryLo1: number, pageMask: number): void {
    this.pairChanged(this.tlb.entryHi[i] as number, this.tlb.pageMask[i] as number);
    this.tlb.write(i, entryHi, entryLo0, entryLo1, pageMask);
    this.pairChanged(entryHi, pageMask);
  }

  /** Drops the SoftTlb entries of pair `entryHi`/`pageMask`'s pages (every mapped entry when it spans more than PAIR_DROP_LIMIT pages). */
  private pairChanged(entryHi: number, pageMask: number): void {
    const soft = this.soft;
    if (soft === undefined) return;
    const span = 2 * (((pageMask >>> 13) & 0xffff) + 1);
    if (span > PAIR_DROP_LIMIT) {
      this.mapped.drop(soft);
      return;
    }
    const vpn = ((entryHi & ENTRYHI_VPN2) >>> 12) & ~(span - 1);
    for (let k = 0; k < span; k++) soft.dropPage(vpn + k);
  }

  /** Everything changes (ERL toggled, snapshot restored, watchpoints moved). */
  flush(): void {
    this.soft?.flush();
    this.privileged.clear();
    this.mapped.clear();
  }
}
