// A stacked bar chart as a standalone SVG document, the form of the paper's Figures 5–8: one
// bar per configuration, each split into named segments, with the paper's value as a marker.

export interface Bar {
  readonly label: string;
  /** Segment values in the order of the chart's `segments`. */
  readonly values: readonly number[];
  /** The paper's total for this bar, drawn as a tick; undefined when the paper has none. */
  readonly paper?: number;
}

export interface Chart {
  readonly title: string;
  readonly yLabel: string;
  readonly segments: readonly string[];
  readonly bars: readonly Bar[];
}

const COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#b279a2', '#9d755d', '#bab0ac'];
const W = 640;
const H = 360;
const LEFT = 60;
const TOP = 40;
const BOTTOM = 70;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The chart as SVG text. */
export function svgChart(c: Chart): string {
  const max = Math.max(1, ...c.bars.map((b) => Math.max(b.values.reduce((s, v) => s + v, 0), b.paper ?? 0))) * 1.1;
  const plotH = H - TOP - BOTTOM;
  const slot = (W - LEFT - 20) / Math.max(1, c.bars.length);
  const y = (v: number): number => TOP + plotH - (v / max) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(c.title)}</text>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}" stroke="black"/>`,
    `<line x1="${LEFT}" y1="${TOP + plotH}" x2="${W - 20}" y2="${TOP + plotH}" stroke="black"/>`,
    `<text x="14" y="${TOP + plotH / 2}" transform="rotate(-90 14 ${TOP + plotH / 2})" text-anchor="middle">${esc(c.yLabel)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const v = (max / 4) * k;
    out.push(`<text x="${LEFT - 4}" y="${num(y(v) + 4)}" text-anchor="end">${num(v)}</text>`);
  }
  c.bars.forEach((b, i) => {
    const x = LEFT + i * slot + slot * 0.2;
    const w = slot * 0.6;
    let base = 0;
    b.values.forEach((v, s) => {
      if (v <= 0) return;
      out.push(`<rect x="${num(x)}" y="${num(y(base + v))}" width="${num(w)}" height="${num(y(base) - y(base + v))}" fill="${COLORS[s % COLORS.length] ?? 'gray'}"><title>${esc(`${b.label}: ${c.segments[s] ?? ''} ${num(v)}`)}</title></rect>`);
      base += v;
    });
    if (b.paper !== undefined) out.push(`<line x1="${num(x - 4)}" y1="${num(y(b.paper))}" x2="${num(x + w + 4)}" y2="${num(y(b.paper))}" stroke="black" stroke-width="2" stroke-dasharray="4 2"/>`);
    out.push(`<text x="${num(x + w / 2)}" y="${TOP + plotH + 14}" text-anchor="middle">${esc(b.label)}</text>`);
  });
  const legend = [...c.segments.map((s, i) => ({ s, color: COLORS[i % COLORS.length] ?? 'gray' }))];
  legend.forEach((l, i) => {
    const lx = LEFT + (i % 4) * 140;
    const ly = H - 36 + Math.floor(i / 4) * 14;
    out.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${l.color}"/><text x="${lx + 14}" y="${ly}">${esc(l.s)}</text>`);
  });
  out.push(`<line x1="${W - 150}" y1="${H - 8}" x2="${W - 130}" y2="${H - 8}" stroke="black" stroke-width="2" stroke-dasharray="4 2"/><text x="${W - 126}" y="${H - 4}">paper</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
