// Integer helpers shared by every execution path (compiled blocks and the stepper): 64-bit
// products for MULT/MADD/MSUB (MIPS32 Vol. II), the unaligned-word merges of LWL/LWR/SWL/SWR,
// and QEMU-compatible DIV/DIVU results for the cases the architecture leaves UNPREDICTABLE.

const TWO32 = 4294967296;

/**
 * High word of the signed 64-bit product a*b of two int32 values. The double product is off by at
 * most 2^9; once the exact low word is subtracted the quotient by 2^32 is within 2^-22 of the
 * true high word, so rounding recovers it exactly.
 */
export function mulHiSigned(a: number, b: number, lo: number): number {
  return Math.round((a * b - (lo >>> 0)) / TWO32) | 0;
}

/** High word of the unsigned 64-bit product of two uint32 values (see mulHiSigned). */
export function mulHiUnsigned(a: number, b: number, lo: number): number {
  return Math.round(((a >>> 0) * (b >>> 0) - (lo >>> 0)) / TWO32) | 0;
}

/**
 * LWL (big-endian view): merges the aligned word w into rt for byte offset k (0–3, already
 * mirrored for little-endian guests: k = 3 - offset).
 */
export function lwl(w: number, rt: number, k: number): number {
  if (k === 0) return w;
  const s = 8 * k;
  return (w << s) | (rt & ((1 << s) - 1));
}

/** LWR (big-endian view), see lwl. */
export function lwr(w: number, rt: number, k: number): number {
  if (k === 3) return w;
  const s = 8 * (3 - k);
  return (w >>> s) | (rt & ~(-1 >>> s));
}

/** SWL (big-endian view): the new aligned word after storing the high bytes of rt at offset k. */
export function swl(w: number, rt: number, k: number): number {
  if (k === 0) return rt;
  const s = 8 * k;
  return (w & ~(-1 >>> s)) | (rt >>> s);
}

/** SWR (big-endian view): the new aligned word after storing the low bytes of rt ending at offset k. */
export function swr(w: number, rt: number, k: number): number {
  if (k === 3) return rt;
  const s = 8 * (3 - k);
  return (rt << s) | (w & ((1 << s) - 1));
}
