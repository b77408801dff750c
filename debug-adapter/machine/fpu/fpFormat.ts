// IEEE 754 binary32/binary64 as the MIPS legacy (pre-2008) FPU sees them: the bit patterns of
// FPRs, the default NaNs QEMU produces (fraction MSB clear = quiet: 0x7fbfffff and
// 0x7ff7ffff_ffffffff), signalling-NaN tests, and decomposition into sign/significand/exponent
// for exact arithmetic. All NaN results are the default NaN (QEMU's default-NaN mode for
// legacy NaNs), so JS NaN is a sufficient marker for "result is NaN".

const buf = new ArrayBuffer(8);
const f64 = new Float64Array(buf);
const f32 = new Float32Array(buf);
const i32 = new Int32Array(buf);
const u64 = new BigUint64Array(buf);

/** Binary formats: precision p (with hidden bit), exponent range and field widths. */
export interface FloatFormat {
  readonly p: number;
  readonly emin: number;
  readonly emax: number;
  readonly fracBits: number;
  readonly bias: number;
  /** Smallest positive normal value. */
  readonly minNormal: number;
}

export const SINGLE: FloatFormat = { p: 24, emin: -126, emax: 127, fracBits: 23, bias: 127, minNormal: 2 ** -126 };
export const DOUBLE: FloatFormat = { p: 53, emin: -1022, emax: 1023, fracBits: 52, bias: 1023, minNormal: 2 ** -1022 };

export const DEFAULT_NAN_S = 0x7fbfffff;
export const DEFAULT_NAN_D_HI = 0x7ff7ffff;
export const DEFAULT_NAN_D_LO = -1;

/** The value of a binary32 word (NaN for any NaN). */
export function wordToSingle(w: number): number {
  i32[0] = w;
  return f32[0] as number;
}

/** The binary32 word of a value that is exactly representable as binary32 (default NaN for NaN). */
export function singleToWord(x: number): number {
  if (x !== x) return DEFAULT_NAN_S;
  f32[0] = x;
  return i32[0] as number;
}

/** The value of a binary64 held as two words. */
export function wordsToDouble(hi: number, lo: number): number {
  i32[0] = lo;
  i32[1] = hi;
  return f64[0] as number;
}

/** Writes the binary64 words of x (default NaN for NaN) into out[0] (low), out[1] (high). */
export function doubleToWords(x: number, out: Int32Array, at: number): void {
  if (x !== x) {
    out[at] = DEFAULT_NAN_D_LO;
    out[at + 1] = DEFAULT_NAN_D_HI;
    return;
  }
  f64[0] = x;
  out[at] = i32[0] as number;
  out[at + 1] = i32[1] as number;
}

/** A legacy-MIPS signalling NaN: exponent all ones, fraction MSB set. */
export function isSignalingSingle(w: number): boolean {
  return (w & 0x7fc00000) === 0x7fc00000;
}

/** Same for a double's high word (the fraction MSB lives there). */
export function isSignalingDouble(hi: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff80000;
}

/** An exact finite non-zero value: (-1)^neg × sig × 2^exp. */
export interface Exact {
  neg: boolean;
  sig: bigint;
  exp: number;
}

/** Decomposes a finite non-zero number exactly (binary32 values are binary64 values too). */
export function decompose(x: number): Exact {
  f64[0] = x;
  const bits = u64[0] as bigint;
  const neg = bits >> 63n === 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const sig = e === 0 ? frac : frac | (1n << 52n);
  const exp = (e === 0 ? -1022 : e - 1023) - 52;
  return { neg, sig, exp };
}
