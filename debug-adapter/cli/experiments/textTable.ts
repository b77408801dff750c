// Plain-text tables for the experiments' terminal output: a header row, aligned columns
// (numbers right-aligned), and an optional note under each row.

export interface TableRow {
  readonly cells: readonly (string | number)[];
  /** A sentence under the row (why our number differs from the paper's). */
  readonly note?: string;
}

const cell = (v: string | number): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v);

/** The table as lines of text. */
export function textTable(header: readonly string[], rows: readonly TableRow[]): string {
  const texts = rows.map((r) => r.cells.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...texts.map((t) => (t[i] ?? '').length)));
  const line = (cells: readonly string[], numeric: readonly boolean[]): string =>
    cells.map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r.cells[i] === 'number'));
  const out = [line(header, numeric), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((r, k) => {
    out.push(line(texts[k] ?? [], numeric));
    if (r.note !== undefined) out.push(`    ${r.note}`);
  });
  return `${out.join('\n')}\n`;
}
