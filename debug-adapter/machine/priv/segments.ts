// The MIPS32 virtual address map (Vol. III §4.3, "Virtual Memory", Table 4.1–4.3): which segment
// an address falls in and whether the current mode may use it. kuseg is mapped (unmapped and
// uncached while Status.ERL is set), kseg0/kseg1 are unmapped windows onto the low 512 MiB,
// ksseg/sseg and kseg3 are mapped; user mode sees only kuseg, supervisor mode kuseg and sseg.

import { MODE_KERNEL, MODE_USER, type Mode } from './cp0Bits';

/** Segment classes of a virtual address for the current mode. */
export const SEG_ERROR = 0;
export const SEG_MAPPED = 1;
/** kseg0: unmapped, cacheability from Config.K0. */
export const SEG_KSEG0 = 2;
/** kseg1: unmapped, uncached. */
export const SEG_KSEG1 = 3;
/** kuseg while Status.ERL = 1: unmapped, uncached, pa = va. */
export const SEG_KUSEG_ERL = 4;
export type Segment = typeof SEG_ERROR | typeof SEG_MAPPED | typeof SEG_KSEG0 | typeof SEG_KSEG1 | typeof SEG_KUSEG_ERL;

/** The segment class of va in `mode` (ERL only matters in kernel mode, which it implies). */
export function segmentOf(va: number, mode: Mode, erl: boolean): Segment {
  const top = va >>> 29;
  if (top < 4) return erl ? SEG_KUSEG_ERL : SEG_MAPPED;
  if (top === 6) return mode === MODE_USER ? SEG_ERROR : SEG_MAPPED;
  if (mode !== MODE_KERNEL) return SEG_ERROR;
  if (top === 4) return SEG_KSEG0;
  if (top === 5) return SEG_KSEG1;
  return SEG_MAPPED;
}

/** The physical address of an unmapped segment address (kseg0/kseg1: low 512 MiB). */
export function unmappedPa(va: number, seg: Segment): number {
  return seg === SEG_KUSEG_ERL ? va >>> 0 : va & 0x1fffffff;
}
