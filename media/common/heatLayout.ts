// The geometry of a page heat map: how many pages one canvas cell stands for, its size, the grid,
// and which page a point hits; and the one value a cell shows when it covers many pages (the
// page with the highest rank, so a single shared page in a large free range stays visible).
// Plain TypeScript with no DOM, unit-tested.

export interface HeatLayout {
  /** Pages the map covers. */
  readonly pages: number;
  /** Cell edge in CSS pixels. */
  readonly cell: number;
  readonly cols: number;
  readonly rows: number;
  /** Pages each cell stands for (1 when the map fits page by page). */
  readonly pagesPerCell: number;
}

/** The largest cells (≤ maxCell, ≥ minCell) that fit `pages` into width × maxHeight, one page per cell when possible. */
export function heatLayout(pages: number, width: number, maxHeight: number, maxCell = 10, minCell = 3): HeatLayout {
  const w = Math.max(width, minCell);
  for (let cell = maxCell; cell >= minCell; cell--) {
    const cols = Math.floor(w / cell);
    const rows = Math.ceil(pages / cols);
    if (rows * cell <= maxHeight) return { pages, cell, cols, rows, pagesPerCell: 1 };
  }
  const cell = minCell;
  const cols = Math.max(1, Math.floor(w / cell));
  const fitRows = Math.max(1, Math.floor(maxHeight / cell));
  const pagesPerCell = Math.ceil(pages / (cols * fitRows));
  return { pages, cell, cols, rows: Math.ceil(Math.ceil(pages / pagesPerCell) / cols), pagesPerCell };
}

/** The first page of the cell under (x, y) in CSS pixels, or -1 outside the pages. */
export function pageAt(l: HeatLayout, x: number, y: number): number {
  const col = Math.floor(x / l.cell);
  const row = Math.floor(y / l.cell);
  if (col < 0 || col >= l.cols || row < 0 || row >= l.rows) return -1;
  const page = (row * l.cols + col) * l.pagesPerCell;
  return page < l.pages ? page : -1;
}

/** The cell of a page. */
export function cellOf(l: HeatLayout, page: number): number {
  return Math.floor(page / l.pagesPerCell);
}

/** One byte per cell: of the pages it covers, the byte with the highest rank (the first on ties). */
export function aggregate(bytes: Uint8Array, l: HeatLayout, rank: (b: number) => number): Uint8Array {
  const cells = Math.ceil(bytes.length / l.pagesPerCell);
  if (l.pagesPerCell === 1) return bytes.slice(0, cells);
  const out = new Uint8Array(cells);
  for (let c = 0; c < cells; c++) {
    const a = c * l.pagesPerCell;
    const b = Math.min(a + l.pagesPerCell, bytes.length);
    let best = bytes[a] as number;
    let bestRank = rank(best);
    for (let p = a + 1; p < b; p++) {
      const v = bytes[p] as number;
      const r = rank(v);
      if (r > bestRank) {
        best = v;
        bestRank = r;
      }
    }
    out[c] = best;
  }
  return out;
}

/** The cells touched by [first, end) page ranges given flat ([a0, b0, a1, b1, …]). */
export function cellsOfRanges(l: HeatLayout, ranges: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const a = ranges[i] as number;
    const b = Math.min(ranges[i + 1] as number, l.pages);
    for (let c = cellOf(l, a); c <= cellOf(l, b - 1); c++) out.add(c);
  }
  return out;
}

/**
 * The line between the pages before `page` and the pages from it on (a region boundary), as a
 * polyline in CSS pixels: a straight line over the row when the region starts a row, else a step
 * down the side of its first cell. Empty when the page starts no drawn cell.
 */
export function boundaryPath(l: HeatLayout, page: number): [number, number][] {
  const c = Math.ceil(page / l.pagesPerCell);
  const row = Math.floor(c / l.cols);
  const col = c % l.cols;
  if (page <= 0 || c * l.pagesPerCell >= l.pages || row >= l.rows) return [];
  const width = l.cols * l.cell;
  const top = row * l.cell;
  if (col === 0) return [[0, top], [width, top]];
  const x = col * l.cell;
  return [[0, top + l.cell], [x, top + l.cell], [x, top], [width, top]];
}

/** The vertical span [top, bottom) in CSS pixels of the rows holding pages [first, end). */
export function rowSpan(l: HeatLayout, first: number, end: number): [number, number] {
  const a = Math.floor(Math.ceil(first / l.pagesPerCell) / l.cols);
  const b = Math.floor(cellOf(l, Math.max(first, Math.min(end, l.pages) - 1)) / l.cols);
  return [a * l.cell, (b + 1) * l.cell];
}
