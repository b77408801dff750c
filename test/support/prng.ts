// Seeded pseudo-random generators for tests, fuzzers and benchmarks: the same seed gives the
// same stream on every run, so every failure reproduces. xorshift32 yields 32-bit words (for
// instruction encodings and token picks); mulberry32 yields fractions in [0, 1).

/** Marsaglia's xorshift32 (shifts 13, 17, 5): unsigned 32-bit words; seed 0 is taken as 1. */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** mulberry32: fractions in [0, 1) with 32 bits of precision. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
