// The address-translation hook between a CPU and physical memory. A CPU's memory access first
// tries its SoftTlb; on a miss it asks the machine's AddressTranslator, which either returns a
// physical address (and says whether the page may be cached in the SoftTlb) or raises the
// architectural exception (TLBL/TLBS/Mod/AdEL/AdES with BadVAddr). The Linux user-mode
// personality implements it with a page table; the privileged machine implements it with the
// kuseg/kseg0/kseg1/ksseg/kseg3 segment map of the current KSU mode and the CP0 TLB
// (PageMask, ASID, even/odd pages). `probe` is the debugger's side-effect-free translation.

import type { Access } from './softTlb';

/** Result flags of a successful translation. */
export const XLATE_CACHEABLE = 1;

export interface AddressTranslator {
  /**
   * Translates va for an access; returns the physical address, or throws GuestException.
   * `flags.value` receives XLATE_CACHEABLE when the page is plain RAM the SoftTlb may cache.
   */
  translate(va: number, access: Access, flags: { value: number }): number;
  /** The physical address va maps to now, or -1; never raises, refills or touches a device. */
  probe(va: number, access: Access): number;
  /**
   * The ExcCode translate would raise for this access, with the translator's own notes of the
   * fault made as translate makes them, but no throw; 0 when it would translate (nothing else
   * changes then). Optional: without it every fault is thrown by translate.
   */
  fault?(va: number, access: Access): number;
}
