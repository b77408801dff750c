// The virtual TLB of one vCPU: exactly what the guest wrote with TLBWI/TLBWR, with
// guest-physical PFNs (MIPS32 PRA Vol. III §4.8–4.10 semantics, the machine's JointTlb). TLBR and
// TLBP read it; the monitor never installs its entries in hardware without translating them
// through the pmap. Random replacement is derived from the vCPU's own instruction count.

import { JointTlb, type TlbEntry } from '../machine/priv/tlb';
import { ENTRYHI_ASID, ENTRYHI_VPN2, ENTRYLO_G } from '../machine/priv/cp0Bits';

export class VirtualTlb extends JointTlb {
  /** The entry at index i. */
  entry(i: number): TlbEntry {
    return this.read(i);
  }

  /** True when entries a and b can match a common address under a common ASID. */
  static overlap(a: TlbEntry, b: TlbEntry): boolean {
    const mask = ENTRYHI_VPN2 & ~a.pageMask & ~b.pageMask;
    if (((a.entryHi ^ b.entryHi) & mask) !== 0) return false;
    const global = (a.entryLo0 & ENTRYLO_G) !== 0 || (b.entryLo0 & ENTRYLO_G) !== 0;
    return global || ((a.entryHi ^ b.entryHi) & ENTRYHI_ASID) === 0;
  }
}
