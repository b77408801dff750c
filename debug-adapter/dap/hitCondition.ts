// Hit-count conditions of breakpoints, as debuggers write them: "5" or "== 5" (the fifth hit
// only), ">= 5", "> 5", "< 5", "<= 5", and "% 5" (every fifth hit).

export type HitTest = (hits: number) => boolean;

const OPS: Readonly<Record<string, (hits: number, n: number) => boolean>> = {
  '==': (h, n) => h === n,
  '>=': (h, n) => h >= n,
  '>': (h, n) => h > n,
  '<': (h, n) => h < n,
  '<=': (h, n) => h <= n,
  '%': (h, n) => n > 0 && h % n === 0,
};

/** The test of a hit condition, or an error message for text that is not one. */
export function parseHitCondition(text: string): HitTest | string {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (m === null) return `hit count "${text}": expected a number, optionally after ==, >=, >, <, <= or %`;
  const op = OPS[m[1] ?? '=='] as (h: number, n: number) => boolean;
  const n = Number(m[2]);
  return (hits) => op(hits, n);
}
