// IEEE arithmetic on binary32/binary64 values held as JS numbers, with softfloat's flags:
// add, sub, mul, div, sqrt, format and integer conversions. Round-to-nearest results in the
// normal range take a fast path that proves exactness with error-free transforms (TwoSum,
// Dekker's product); every other case is computed exactly with BigInt and rounded by
// roundExact. Operands are never NaN here (the caller handles NaN operands); a NaN result means
// "invalid operation" and becomes the default NaN.

import { type Exact, DOUBLE, type FloatFormat, SINGLE, decompose } from './fpFormat';
import { FLAG_DIV0, FLAG_INEXACT, FLAG_INVALID, RM_DOWN, RM_NEAREST, RM_UP, RM_ZERO, bitLength, isqrt, roundExact, status } from './exactRound';

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter for binary64
/** Magnitudes inside which error-free transforms of products cannot overflow or underflow. */
const SAFE_LO = 2 ** -960;
const SAFE_HI = 2 ** 990;

/** Exact error of the binary64 product p = fl(a*b) (Dekker); valid inside the safe range. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p + ah * bl + al * bh) + al * bl);
}

function safe(x: number): boolean {
  const m = Math.abs(x);
  return m > SAFE_LO && m < SAFE_HI;
}

/** The signed zero of an exact-zero sum: the addends' sign if they agree, else -0 only rounding down. */
function zeroSum(a: number, b: number): number {
  const negA = a < 0 || Object.is(a, -0);
  const negB = b < 0 || Object.is(b, -0);
  if (negA === negB && a === 0 && b === 0) return a;
  return status.rm === RM_DOWN ? -0 : 0;
}

function exactOf(x: number): Exact {
  return decompose(x);
}

function alignAdd(x: Exact, y: Exact): Exact {
  const e = Math.min(x.exp, y.exp);
  const sx = (x.sig << BigInt(x.exp - e)) * (x.neg ? -1n : 1n);
  const sy = (y.sig << BigInt(y.exp - e)) * (y.neg ? -1n : 1n);
  const s = sx + sy;
  return { neg: s < 0n, sig: s < 0n ? -s : s, exp: e };
}

/** a + b rounded to fmt. */
export function add(a: number, b: number, fmt: FloatFormat): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    if (a === -b && !Number.isFinite(a)) {
      status.flags |= FLAG_INVALID;
      return NaN;
    }
    return a + b;
  }
  if (status.rm === RM_NEAREST) {
    const s = a + b;
    if (fmt === DOUBLE) {
      if (Number.isFinite(s) && Math.abs(s) >= 2 ** -1020) {
        const bb = s - a;
        const err = a - (s - bb) + (b - bb);
        if (err !== 0) status.flags |= FLAG_INEXACT;
        return s;
      }
    } else {
      const r = Math.fround(s);
      const m = Math.abs(r);
      if (m >= 2 ** -125 && m <= 3.4e38) {
        const bb = s - a;
        const err = a - (s - bb) + (b - bb);
        if (err !== 0 || r !== s) status.flags |= FLAG_INEXACT;
        return r;
      }
    }
  }
  if (a === 0 || b === 0) {
    if (a === 0 && b === 0) return zeroSum(a, b);
    return roundExact(exactOf(a === 0 ? b : a), false, fmt);
  }
  const s = alignAdd(exactOf(a), exactOf(b));
  if (s.sig === 0n) return zeroSum(a, b);
  return roundExact(s, false, fmt);
}

/** a × b rounded to fmt. */
export function mul(a: number, b: number, fmt: FloatFormat): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    if (a === 0 || b === 0) {
      status.flags |= FLAG_INVALID;
      return NaN;
    }
    return a * b;
  }
  if (a === 0 || b === 0) return a * b;
  if (status.rm === RM_NEAREST) {
    const p = a * b;
    if (fmt === DOUBLE) {
      if (safe(p) && safe(a) && safe(b)) {
        if (productError(a, b, p) !== 0) status.flags |= FLAG_INEXACT;
        return p;
      }
    } else {
      const r = Math.fround(p);
      const m = Math.abs(r);
      if (m >= 2 ** -125 && m <= 3.4e38) {
        if (r !== p) status.flags |= FLAG_INEXACT;
        return r;
      }
    }
  }
  const x = exactOf(a);
  const y = exactOf(b);
  return roundExact({ neg: x.neg !== y.neg, sig: x.sig * y.sig, exp: x.exp + y.exp }, false, fmt);
}

/** a / b rounded to fmt. */
export function div(a: number, b: number, fmt: FloatFormat): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    if (!Number.isFinite(a) && !Number.isFinite(b)) {
      status.flags |= FLAG_INVALID;
      return NaN;
    }
    return a / b;
  }
  if (b === 0) {
    if (a === 0) {
      status.flags |= FLAG_INVALID;
      return NaN;
    }
    status.flags |= FLAG_DIV0;
    return a / b;
  }
  if (a === 0) return a / b;
  if (status.rm === RM_NEAREST) {
    const q = a / b;
    if (fmt === DOUBLE) {
      if (safe(q) && safe(a) && safe(b)) {
        const p = q * b;
        if (a - p - productError(q, b, p) !== 0) status.flags |= FLAG_INEXACT;
        return q;
      }
    } else {
      const r = Math.fround(q);
      const m = Math.abs(r);
      if (m >= 2 ** -125 && m <= 3.4e38) {
        if (r * b !== a) status.flags |= FLAG_INEXACT;
        return r;
      }
    }
  }
  const x = exactOf(a);
  const y = exactOf(b);
  const k = Math.max(0, fmt.p + 3 + bitLength(y.sig) - bitLength(x.sig));
  const n = x.sig << BigInt(k);
  const q = n / y.sig;
  return roundExact({ neg: x.neg !== y.neg, sig: q, exp: x.exp - y.exp - k }, n % y.sig !== 0n, fmt);
}

/** √a rounded to fmt. */
export function sqrt(a: number, fmt: FloatFormat): number {
  if (a === 0) return a;
  if (a < 0) {
    status.flags |= FLAG_INVALID;
    return NaN;
  }
  if (a === Infinity) return a;
  if (status.rm === RM_NEAREST) {
    const q = Math.sqrt(a);
    if (fmt === DOUBLE) {
      if (safe(a)) {
        const p = q * q;
        if (a - p - productError(q, q, p) !== 0) status.flags |= FLAG_INEXACT;
        return q;
      }
    } else {
      const r = Math.fround(q);
      if (r * r !== a) status.flags |= FLAG_INEXACT;
      return r;
    }
  }
  const x = exactOf(a);
  let sig = x.sig;
  let exp = x.exp;
  if (exp & 1) {
    sig <<= 1n;
    exp -= 1;
  }
  const k = Math.max(0, fmt.p + 3 - Math.floor(bitLength(sig) / 2));
  const n = sig << BigInt(2 * k);
  const r = isqrt(n);
  return roundExact({ neg: false, sig: r, exp: exp / 2 - k }, r * r !== n, fmt);
}

/** A binary64 (or binary32) value rounded to fmt (CVT.S.D; exact widening for CVT.D.S). */
export function convert(a: number, fmt: FloatFormat): number {
  if (a === 0 || !Number.isFinite(a)) return a;
  if (fmt === DOUBLE) return a;
  if (status.rm === RM_NEAREST) {
    const r = Math.fround(a);
    const m = Math.abs(r);
    if (m >= 2 ** -126 && m <= 3.4e38) {
      if (r !== a) status.flags |= FLAG_INEXACT;
      return r;
    }
  }
  return roundExact(exactOf(a), false, SINGLE);
}

/** An int32 converted to fmt (CVT.S.W, CVT.D.W). */
export function fromInt32(v: number, fmt: FloatFormat): number {
  if (v === 0 || fmt === DOUBLE) return v;
  return convert(v, SINGLE);
}

/** Rounds to an integer under a mode (RM_* values). */
function roundToIntegral(x: number, rm: number): number {
  switch (rm) {
    case RM_ZERO:
      return Math.trunc(x);
    case RM_UP:
      return Math.ceil(x);
    case RM_DOWN:
      return Math.floor(x);
    default: {
      const f = Math.floor(x);
      const d = x - f;
      return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
    }
  }
}

/**
 * A value converted to int32 under rounding mode rm; undefined when invalid (NaN, infinity or out
 * of range: the caller stores QEMU's 0x7fffffff).
 */
export function toInt32(x: number, rm: number): number | undefined {
  if (!Number.isFinite(x)) {
    status.flags |= FLAG_INVALID;
    return undefined;
  }
  const r = roundToIntegral(x, rm);
  if (r > 2147483647 || r < -2147483648) {
    status.flags |= FLAG_INVALID;
    return undefined;
  }
  if (r !== x) status.flags |= FLAG_INEXACT;
  return r | 0;
}
