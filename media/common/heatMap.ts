// A canvas heat map of pages (a VM's pmap or the machine's memmap): one cell per page, or per
// run of pages when they do not fit (heatLayout.ts), coloured from theme variables, changed
// pages outlined, a marked range (what the table shows) framed, regions (NUMA nodes) bounded by
// lines and labelled in a band on the left; hover and click report a page.

import { aggregate, boundaryPath, cellOf, cellsOfRanges, heatLayout, pageAt, rowSpan, type HeatLayout } from './heatLayout';

export interface HeatMapOptions {
  /** Tallest the map may grow, in CSS pixels. */
  readonly maxHeight: number;
  readonly rank: (b: number) => number;
  readonly colour: (b: number) => string;
  readonly onHover: (page: number, pagesPerCell: number) => void;
  readonly onPick: (page: number) => void;
  /** Width in CSS pixels of the band on the left that labels the regions (0: no band). */
  readonly gutter?: number;
}

/** A labelled range of pages [first, end) drawn with its boundaries (a NUMA node). */
export interface HeatRegion {
  readonly first: number;
  readonly end: number;
  readonly label: string;
  /** A second, smaller line under the label. */
  readonly sub: string;
}

/** The colour a theme variable has now (the theme may change at any time). */
export function themeColour(variable: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || '#888';
}

export class HeatMap {
  readonly canvas: HTMLCanvasElement;
  private layout: HeatLayout | undefined;
  private bytes: Uint8Array = new Uint8Array(0);
  private changed: readonly number[] = [];
  private marked: [number, number] | undefined;
  private regions: readonly HeatRegion[] = [];
  private hoverPage = -1;
  /** The keyboard's page cursor, -1 before the first arrow key. */
  private cursor = -1;

  constructor(private readonly opts: HeatMapOptions) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'heatmap';
    this.canvas.tabIndex = 0;
    this.canvas.addEventListener('mousemove', (e) => this.hover(this.pageOf(e)));
    this.canvas.addEventListener('mouseleave', () => this.hover(-1));
    this.canvas.addEventListener('click', (e) => {
      const p = this.pageOf(e);
      if (p >= 0) opts.onPick(p);
    });
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.draw()).observe(this.canvas);
    new MutationObserver(() => this.draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** New pages (one byte each) and changed [first, end) ranges. */
  update(bytes: Uint8Array, changed: readonly number[]): void {
    this.bytes = bytes;
    this.changed = changed;
    this.draw();
  }

  /** New regions to bound and label. */
  setRegions(regions: readonly HeatRegion[]): void {
    this.regions = regions;
    this.draw();
  }

  /** Frames the pages [first, end) (what the table shows). */
  mark(first: number, end: number): void {
    if (this.marked?.[0] === first && this.marked[1] === end) return;
    this.marked = [first, end];
    this.draw();
  }

  /** Redraws (after a colour scheme change too). */
  draw(): void {
    const gutter = this.opts.gutter ?? 0;
    const width = this.canvas.parentElement?.clientWidth ?? 300;
    const l = heatLayout(this.bytes.length, Math.max(60, width - 2 - gutter), this.opts.maxHeight);
    this.layout = l;
    const dpr = window.devicePixelRatio || 1;
    const w = gutter + l.cols * l.cell;
    const h = Math.max(l.rows, 1) * l.cell;
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    const g = this.canvas.getContext('2d');
    if (g === null) return;
    g.scale(dpr, dpr);
    if (gutter > 0) this.drawRegionLabels(g, l, gutter);
    g.translate(gutter, 0);
    const cells = aggregate(this.bytes, l, this.opts.rank);
    const colours = new Map<string, string>();
    const colourOf = (b: number): string => {
      const v = this.opts.colour(b);
      let c = colours.get(v);
      if (c === undefined) colours.set(v, (c = themeColour(v)));
      return c;
    };
    const gap = l.cell >= 5 ? 1 : 0;
    for (let c = 0; c < cells.length; c++) {
      g.fillStyle = colourOf(cells[c] as number);
      g.fillRect((c % l.cols) * l.cell, Math.floor(c / l.cols) * l.cell, l.cell - gap, l.cell - gap);
    }
    g.strokeStyle = themeColour('--vscode-editor-foreground');
    g.lineWidth = 1;
    for (const c of cellsOfRanges(l, this.changed)) {
      g.strokeRect((c % l.cols) * l.cell + 0.5, Math.floor(c / l.cols) * l.cell + 0.5, l.cell - 1 - gap, l.cell - 1 - gap);
    }
    if (this.marked !== undefined && this.marked[1] > this.marked[0]) {
      g.strokeStyle = themeColour('--vscode-focusBorder');
      g.lineWidth = 2;
      const a = cellOf(l, this.marked[0]);
      const b = cellOf(l, this.marked[1] - 1);
      const y0 = Math.floor(a / l.cols) * l.cell;
      const y1 = (Math.floor(b / l.cols) + 1) * l.cell;
      g.strokeRect(1, y0 + 1, l.cols * l.cell - 2, Math.max(2, y1 - y0 - 2));
    }
    this.drawBoundaries(g, l);
    this.drawCursor(g, l);
  }

  /** A line at the start of every region but the first. */
  private drawBoundaries(g: CanvasRenderingContext2D, l: HeatLayout): void {
    g.strokeStyle = themeColour('--vscode-editor-foreground');
    g.lineWidth = 2;
    for (const r of this.regions) {
      const path = boundaryPath(l, r.first);
      if (path.length === 0) continue;
      g.beginPath();
      path.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
      g.stroke();
    }
  }

  /** In the band on the left: a bar over each region's rows (alternating colours) with its label. */
  private drawRegionLabels(g: CanvasRenderingContext2D, l: HeatLayout, gutter: number): void {
    const font = getComputedStyle(document.body).fontFamily;
    this.regions.forEach((r, i) => {
      const [top, bottom] = rowSpan(l, r.first, r.end);
      g.fillStyle = themeColour(i % 2 === 0 ? '--vscode-charts-blue' : '--vscode-charts-orange');
      g.fillRect(0, top + 1, 3, Math.max(1, bottom - top - 2));
      g.fillStyle = themeColour('--vscode-foreground');
      g.font = `600 12px ${font}`;
      g.fillText(r.label, 7, top + 13, gutter - 9);
      g.fillStyle = themeColour('--vscode-descriptionForeground');
      g.font = `11px ${font}`;
      if (bottom - top >= 28) g.fillText(r.sub, 7, top + 27, gutter - 9);
    });
  }

  private drawCursor(g: CanvasRenderingContext2D, l: HeatLayout): void {
    if (this.cursor < 0 || this.cursor >= l.pages) return;
    const c = cellOf(l, this.cursor);
    g.strokeStyle = themeColour('--vscode-focusBorder');
    g.lineWidth = 2;
    g.strokeRect((c % l.cols) * l.cell, Math.floor(c / l.cols) * l.cell, l.cell, l.cell);
  }

  private pageOf(e: MouseEvent): number {
    if (this.layout === undefined) return -1;
    const r = this.canvas.getBoundingClientRect();
    return pageAt(this.layout, e.clientX - r.left - (this.opts.gutter ?? 0), e.clientY - r.top);
  }

  private hover(page: number): void {
    if (page === this.hoverPage) return;
    this.hoverPage = page;
    this.opts.onHover(page, this.layout?.pagesPerCell ?? 1);
  }

  /** Arrow keys move a page cursor (a row of cells up and down), Enter picks it. */
  private key(e: KeyboardEvent): void {
    const l = this.layout;
    if (l === undefined || l.pages === 0) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -l.cols, ArrowDown: l.cols }[e.key];
    if (step !== undefined) {
      const cur = this.cursor < 0 ? 0 : this.cursor;
      const next = Math.min(l.pages - 1, Math.max(0, cur + step * l.pagesPerCell));
      this.cursor = next - (next % l.pagesPerCell);
      this.hover(this.cursor);
      this.draw();
      e.preventDefault();
    } else if (e.key === 'Enter' && this.cursor >= 0) {
      this.opts.onPick(this.cursor);
      e.preventDefault();
    }
  }
}
