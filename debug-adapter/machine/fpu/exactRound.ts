// Correct rounding of an exact (or sticky-marked) value to binary32/binary64 under any FCSR
// rounding mode, with the IEEE flags softfloat raises (tininess detected after rounding, as in
// QEMU's default float_status), and FCSR.FS flushing of tiny results to zero (QEMU raises no
// MIPS flag for that). Used by every operation whose fast path cannot prove its result.

import type { Exact, FloatFormat } from './fpFormat';

export const FLAG_INEXACT = 1;
export const FLAG_UNDERFLOW = 2;
export const FLAG_OVERFLOW = 4;
export const FLAG_DIV0 = 8;
export const FLAG_INVALID = 16;

/** FCSR.RM values. */
export const RM_NEAREST = 0;
export const RM_ZERO = 1;
export const RM_UP = 2;
export const RM_DOWN = 3;

/** Accumulated flags of the current operation (like softfloat's float_status). */
export const status = { flags: 0, rm: RM_NEAREST, flush: false };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Whether rounding q (the kept bits) must add one, given the discarded part. */
function roundUp(neg: boolean, q: bigint, rem: bigint, half: bigint, sticky: boolean, rm: number): boolean {
  const inexact = rem !== 0n || sticky;
  if (!inexact) return false;
  switch (rm) {
    case RM_NEAREST:
      return rem > half || (rem === half && (sticky || (q & 1n) === 1n));
    case RM_UP:
      return !neg;
    case RM_DOWN:
      return neg;
    default:
      return false;
  }
}

/** Splits sig×2^exp (+sticky) at bit position lsbExp; returns the rounded kept part. */
function roundAt(v: Exact, sticky: boolean, lsbExp: number, rm: number): { q: bigint; inexact: boolean } {
  const shift = lsbExp - v.exp;
  if (shift <= 0) {
    const q = v.sig << BigInt(-shift);
    // Only the sticky part is discarded: it is below half an ulp.
    return { q: roundUp(v.neg, q, sticky ? 1n : 0n, 2n, false, rm) ? q + 1n : q, inexact: sticky };
  }
  const s = BigInt(shift);
  const q = v.sig >> s;
  const rem = v.sig & ((1n << s) - 1n);
  const half = 1n << (s - 1n);
  return { q: roundUp(v.neg, q, rem, half, sticky, rm) ? q + 1n : q, inexact: rem !== 0n || sticky };
}

/** Largest finite value of a format. */
function maxFinite(fmt: FloatFormat): number {
  return (2 - 2 ** (1 - fmt.p)) * 2 ** fmt.emax;
}

/**
 * Rounds (-1)^neg × sig × 2^exp (+ a sticky bit below it) to fmt under status.rm, raising flags in
 * status.flags. Returns the result as a JS number (exactly representable in fmt).
 */
export function roundExact(v: Exact, sticky: boolean, fmt: FloatFormat): number {
  const rm = status.rm;
  const sign = v.neg ? -1 : 1;
  const E = v.exp + bitLength(v.sig) - 1;
  if (E >= fmt.emin) {
    const rounded = roundAt(v, sticky, E - (fmt.p - 1), rm);
    const inexact = rounded.inexact;
    let q = rounded.q;
    let e = E;
    if (bitLength(q) > fmt.p) {
      q >>= 1n;
      e++;
    }
    if (e > fmt.emax) {
      status.flags |= FLAG_OVERFLOW | FLAG_INEXACT;
      const toInf = rm === RM_NEAREST || (rm === RM_UP && !v.neg) || (rm === RM_DOWN && v.neg);
      return sign * (toInf ? Infinity : maxFinite(fmt));
    }
    if (inexact) status.flags |= FLAG_INEXACT;
    return sign * Number(q) * 2 ** (e - (fmt.p - 1));
  }
  // Tiny before rounding: FCSR.FS flushes it to zero, raising no MIPS flag (QEMU).
  if (status.flush) return sign * 0;
  // Tiny after rounding unless rounding to p bits reaches 2^emin.
  const normalRound = roundAt(v, sticky, E - (fmt.p - 1), rm);
  const tiny = bitLength(normalRound.q) <= fmt.p || E + 1 < fmt.emin;
  const { q, inexact } = roundAt(v, sticky, fmt.emin - (fmt.p - 1), rm);
  if (inexact) status.flags |= FLAG_INEXACT | (tiny ? FLAG_UNDERFLOW : 0);
  return sign * Number(q) * 2 ** (fmt.emin - (fmt.p - 1));
}

/** Integer square root (floor) of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export { bitLength };
