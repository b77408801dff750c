// The joint TLB of the MIPS32 PRA (Vol. III §4.8–4.10, R4000-style): `size` entries, each mapping
// an even/odd pair of pages of the size its PageMask gives (4 KiB..16 MiB), tagged by VPN2 and an
// 8-bit ASID unless global (G = EntryLo0.G & EntryLo1.G at write time); a write keeps only the
// VPN2 and PFN bits above the page size, as QEMU does (TLBR reads them back so). Lookups scan the entries
// in index order and the lowest matching index wins: duplicate entries are not a machine check
// here (as on QEMU); docs/machine.md records the choice. This is guest-visible state; the
// emulator's lookup cache is the SoftTlb, kept coherent by the privileged translator.

import { ENTRYHI_ASID, ENTRYHI_VPN2, ENTRYLO_D, ENTRYLO_G, ENTRYLO_PFN_SHIFT, ENTRYLO_V } from './cp0Bits';

/** Outcome codes of TLB translation. */
export const TLB_HIT = 0;
export const TLB_REFILL = 1;
export const TLB_INVALID = 2;
export const TLB_MODIFIED = 3;
export type TlbOutcome = typeof TLB_HIT | typeof TLB_REFILL | typeof TLB_INVALID | typeof TLB_MODIFIED;

/** A TLB entry as TLBR reads it into EntryHi/EntryLo0/EntryLo1/PageMask. */
export interface TlbEntry {
  readonly entryHi: number;
  readonly entryLo0: number;
  readonly entryLo1: number;
  readonly pageMask: number;
}

/** The saved form of the TLB. */
export interface TlbSnapshot {
  readonly entryHi: Int32Array;
  readonly entryLo0: Int32Array;
  readonly entryLo1: Int32Array;
  readonly pageMask: Int32Array;
}

export class JointTlb {
  /** VPN2 | ASID of each entry. */
  readonly entryHi: Int32Array;
  /** EntryLo0/1 with G already folded: G set in both when the entry is global. */
  readonly entryLo0: Int32Array;
  readonly entryLo1: Int32Array;
  readonly pageMask: Int32Array;
  /** Physical address of the last successful `translate` (may exceed 2^32 - 1). */
  pa = 0;
  /** EntryLo of the last successful `translate` (C and D bits). */
  lo = 0;
  /**
   * The last `find`: its VPN2, ASID and answer, reused while no entry changes (a spin on one
   * lock word, or the monitor's probes, ask the same question again and again). -1 VPN2: none.
   */
  private lastVpn2 = -1;
  private lastAsid = 0;
  private lastIndex = -1;

  /** @param size number of entry pairs (1..64) */
  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1 || size > 64) throw new RangeError(`TLB size ${size} is not in 1..64`);
    this.entryHi = new Int32Array(size);
    this.entryLo0 = new Int32Array(size);
    this.entryLo1 = new Int32Array(size);
    this.pageMask = new Int32Array(size);
    this.reset();
  }

  /**
   * Fills every entry with a distinct invalid kseg0 mapping (the manual leaves reset contents
   * undefined; distinct VPN2s keep software that writes entries one by one from ever building
   * duplicate matches).
   */
  reset(): void {
    this.lastVpn2 = -1;
    for (let i = 0; i < this.size; i++) {
      this.entryHi[i] = (0x80000000 + i * 0x2000) | 0;
      this.entryLo0[i] = 0;
      this.entryLo1[i] = 0;
      this.pageMask[i] = 0;
    }
  }

  /** TLBWI/TLBWR: writes entry i from the CP0 registers. */
  write(i: number, entryHi: number, entryLo0: number, entryLo1: number, pageMask: number): void {
    const g = entryLo0 & entryLo1 & ENTRYLO_G;
    // PageMask bit 13 + k covers PFN bit k (EntryLo bit 6 + k).
    const keep = ~(ENTRYLO_G | (pageMask >>> 7));
    this.lastVpn2 = -1;
    this.pageMask[i] = pageMask;
    this.entryHi[i] = entryHi & ~pageMask & (ENTRYHI_VPN2 | ENTRYHI_ASID);
    this.entryLo0[i] = (entryLo0 & keep) | g;
    this.entryLo1[i] = (entryLo1 & keep) | g;
  }

  /** TLBR: entry i as the CP0 registers receive it. */
  read(i: number): TlbEntry {
    return {
      entryHi: this.entryHi[i] as number,
      entryLo0: this.entryLo0[i] as number,
      entryLo1: this.entryLo1[i] as number,
      pageMask: this.pageMask[i] as number,
    };
  }

  /** The lowest index whose VPN2 (under its PageMask) and ASID/G match va, or -1. */
  find(va: number, asid: number): number {
    const vpn2 = (va & ENTRYHI_VPN2) >>> 0;
    if (vpn2 === this.lastVpn2 && asid === this.lastAsid) return this.lastIndex;
    let found = -1;
    for (let i = 0; i < this.size; i++) {
      const mask = ENTRYHI_VPN2 & ~(this.pageMask[i] as number);
      const hi = this.entryHi[i] as number;
      if (((hi ^ va) & mask) !== 0) continue;
      if ((this.entryLo0[i] as number) & ENTRYLO_G || (hi & ENTRYHI_ASID) === asid) {
        found = i;
        break;
      }
    }
    this.lastVpn2 = vpn2;
    this.lastAsid = asid;
    this.lastIndex = found;
    return found;
  }

  /**
   * Translates a mapped address; on TLB_HIT leaves the physical address in `pa` and the
   * EntryLo in `lo`. `store` checks the D bit (TLB_MODIFIED when clear).
   */
  translate(va: number, asid: number, store: boolean): TlbOutcome {
    const i = this.find(va, asid);
    if (i < 0) return TLB_REFILL;
    const mask = this.pageMask[i] as number;
    // The even/odd select bit sits just above the page offset: bit 12 for 4 KiB pages.
    const pageBytes = ((mask >>> 1) | 0xfff) + 1;
    const lo = (va & pageBytes ? this.entryLo1[i] : this.entryLo0[i]) as number;
    if (!(lo & ENTRYLO_V)) return TLB_INVALID;
    if (store && !(lo & ENTRYLO_D)) return TLB_MODIFIED;
    const pfn = (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff;
    const base = pfn * 4096 - ((pfn * 4096) % pageBytes);
    this.pa = base + ((va >>> 0) % pageBytes);
    this.lo = lo;
    return TLB_HIT;
  }

  /** A copy of the entries for a snapshot. */
  save(): TlbSnapshot {
    return { entryHi: this.entryHi.slice(), entryLo0: this.entryLo0.slice(), entryLo1: this.entryLo1.slice(), pageMask: this.pageMask.slice() };
  }

  /** Restores entries saved by `save` (sizes must agree). */
  load(s: TlbSnapshot): void {
    if (s.entryHi.length !== this.size) throw new RangeError(`snapshot TLB has ${s.entryHi.length} entries, this TLB ${this.size}`);
    this.lastVpn2 = -1;
    this.entryHi.set(s.entryHi);
    this.entryLo0.set(s.entryLo0);
    this.entryLo1.set(s.entryLo1);
    this.pageMask.set(s.pageMask);
  }
}
