// Aligned text tables for the Debug Console (a monospace view): a header row, a rule, and the
// rows; columns holding only decimal numbers are right-aligned, the others left-aligned.

const NUMERIC = /^-?[0-9][0-9,.]*%?$/;

/** Lines of a table; `rows` shorter than the header are padded with empty cells. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cell = (r: readonly string[], i: number): string => r[i] ?? '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => cell(r, i).length)));
  const right = header.map((_, i) => rows.length > 0 && rows.every((r) => cell(r, i) === '' || NUMERIC.test(cell(r, i))));
  const line = (r: readonly string[]): string =>
    header.map((_, i) => (right[i] ? cell(r, i).padStart(widths[i] as number) : cell(r, i).padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** 0x-prefixed hex, zero-padded to `digits`. */
export const hex = (n: number, digits = 0): string => `0x${(n >>> 0).toString(16).padStart(digits, '0')}`;
