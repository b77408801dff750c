// The sidebar's pmap view: one VM's guest-physical pages → machine pages. A heat map of the whole
// VM (canvas, from the summary), a filtered table that renders only visible rows (details come
// in windows of up to 4096 pages the extension fetches), pages changed since the last stop
// outlined and marked; clicking an address opens memory there.

import { decodePageSummary, type PmapWindow } from '../../debug-adapter/debugger/viewModels';
import type { ToWebview } from '../../src/views/protocol';
import { explainer, h, hex, renderStatus } from '../common/dom';
import { HeatMap } from '../common/heatMap';
import { PMAP_KIND_COLOUR, PMAP_KIND_LABEL, PmapKind, pmapColour, pmapKind, seriesColour } from '../common/pageColours';
import { Select } from '../common/select';
import { ROW_HEIGHT, VirtualRows } from '../common/virtualRows';
import { onMessage, post, save, saved } from '../common/vscodeApi';
import { accessText, filterPages, storeText, inRanges, PMAP_FILTERS, type PmapFilter, pmapRow, rangePages, summaryCounts } from './pmapRows';

let window_: PmapWindow | undefined;
let summary: Uint8Array = new Uint8Array(0);
let changed: readonly number[] = [];
let pages: Uint32Array = new Uint32Array(0);
let filter = saved<PmapFilter>('filter', 'mapped');
let colourBy = saved<'kind' | 'node'>('colourBy', 'kind');
let selected = saved<number>('selected', -1);
let requestedFirst = -1;

const app = document.getElementById('app') as HTMLElement;
const status = h('div', { class: 'runstate', role: 'status' });
const help = explainer(
  'What is a pmap?',
  `Disco gives each virtual machine its own <b>guest-physical</b> memory, contiguous from 0, and keeps a
  <b>pmap</b> per VM: one entry per guest page naming the <b>machine page</b> (real memory) behind it
  (paper §1.2, “Virtual physical memory”). A page gets a machine page at its first touch, zero-filled,
  from the VM's NUMA node (§1.3). Pages the monitor shares between VMs (copy-on-write disk blocks,
  remapped network buffers, §1.4) are read-only in every pmap; a store takes a fault and gets a private copy.
  <br><b>Columns</b>: guest page → machine page, the machine page's NUMA node, what a store does,
  and who else maps the same machine page. Click an address to open memory there.`,
);
help.open = saved('helpOpen', false);
help.addEventListener('toggle', () => save('helpOpen', help.open));
const vmSelect = new Select('VM', (v) => {
  post({ type: 'pmapWindow', vm: v, first: 0 });
  selected = -1;
  save('scrollRow', 0);
});
const filterSelect = new Select('Show', (v) => {
  filter = v as PmapFilter;
  save('filter', filter);
  rebuild();
});
const colourSelect = new Select('Colour by', (v) => {
  colourBy = v as 'kind' | 'node';
  save('colourBy', colourBy);
  heat.draw();
  renderLegend();
});
const counts = h('div', { class: 'counts' });
const legend = h('div', { class: 'legend' });
const hoverLine = h('div', { class: 'hover-line', 'aria-live': 'polite' }, '\u00a0');
const heat = new HeatMap({
  maxHeight: 140,
  rank: (b) => pmapKind(b),
  colour: (b) => pmapColour(b, colourBy),
  onHover: (page, per) => {
    hoverLine.textContent = page < 0 ? '\u00a0' : describePage(page, per);
  },
  onPick: (page) => showPage(page),
});
const COLUMNS: readonly [string, string][] = [
  ['Guest page', 'guest-physical page number (address = page × 4096: what the guest kernel calls physical memory)'],
  ['Machine page', 'machine page number of the real page behind it; “—” until the guest first touches the page'],
  ['Node', 'NUMA node holding the machine page'],
  ['Store', 'what a store does: rw = writes in place; cow = read-only copy-on-write (a store faults and gets a private copy); ro = read-only'],
  ['Shared with', 'other users of the same machine page: VM:guest page'],
];
const header = h('div', { class: 'thead', role: 'row' }, ...COLUMNS.map(([t, tip]) => h('span', { role: 'columnheader', title: tip }, t)));
const scroller = h('div', { class: 'tscroll', tabindex: 0, role: 'grid', 'aria-label': 'pmap: guest pages and their machine pages' });
const rows = new VirtualRows(scroller, renderRow, (first, end) => {
  save('scrollRow', first);
  const a = pages[first];
  const b = pages[Math.max(first, end - 1)];
  if (a === undefined || b === undefined) return;
  heat.mark(a, b + 1);
  ensureWindow(a, b);
});
const table = h('div', { class: 'table pmap-table' }, header, scroller);
const subtitle = h('div', { class: 'muted' }, 'Each VM\'s guest-physical pages and the machine pages behind them (paper §1.2).');
const content = h('div', {}, h('div', { class: 'toolbar' }, vmSelect.element, filterSelect.element, colourSelect.element), counts,
  h('div', { class: 'heat-wrap' }, heat.canvas), legend, hoverLine, table);
app.append(status, subtitle, help, content);
filterSelect.set(PMAP_FILTERS.map((f) => ({ value: f.id, label: f.label })), filter);
colourSelect.set([{ value: 'kind', label: 'Kind of page' }, { value: 'node', label: 'NUMA node' }], colourBy);
renderLegend();

function describePage(page: number, per: number): string {
  const b = summary[page] ?? 0;
  const range = per > 1 ? `pages ${hex(page, 5)}–${hex(Math.min(page + per, summary.length) - 1, 5)} (one cell shows ${per}; the most notable is coloured)` : `guest page ${hex(page, 5)} (${hex(page * 4096)})`;
  return `${range}: ${PMAP_KIND_LABEL[pmapKind(b)]}${b & 1 ? `, node ${b >> 5}` : ''}${inRanges(changed, page) ? ', changed since the last stop' : ''}`;
}

function renderLegend(): void {
  const item = (colour: string, text: string): HTMLElement => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = `var(${colour})`;
    return h('span', { class: 'legend-item' }, sw, text);
  };
  const nodes = new Set<number>();
  for (const b of summary) if (b & 1) nodes.add(b >> 5);
  const items = colourBy === 'kind'
    ? Object.values(PmapKind).filter((k) => k !== PmapKind.Replicated).map((k) => item(PMAP_KIND_COLOUR[k], PMAP_KIND_LABEL[k]))
    : [item(PMAP_KIND_COLOUR[PmapKind.Unmapped], 'not touched'), ...[...nodes].sort().map((n) => item(seriesColour(n), `node ${n}`))];
  const changedItem = h('span', { class: 'legend-item' }, h('span', { class: 'swatch changed' }), 'changed since last stop');
  legend.replaceChildren(...items, changedItem);
}

/** Asks the extension for the window holding pages a..b when the current one does not. */
function ensureWindow(a: number, b: number): void {
  const w = window_;
  if (w === undefined) return;
  if (a >= w.first && b < w.first + w.count) return;
  const first = Math.max(0, Math.min(a, w.pages - 1));
  if (first === requestedFirst) return;
  requestedFirst = first;
  post({ type: 'pmapWindow', vm: w.vm, first });
}

function openAt(reference: string, title: string): void {
  post({ type: 'openMemory', reference, title });
}

function link(text: string, title: string, open: () => void): HTMLElement {
  const a = h('a', { href: '#', class: 'addr', title }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    open();
  });
  return a;
}

function renderRow(i: number): HTMLElement {
  const w = window_ as PmapWindow;
  const page = pages[i] as number;
  const r = pmapRow(w, summary, page);
  const kind = pmapKind(r.flags);
  const sw = h('span', { class: 'swatch' });
  sw.style.background = `var(${PMAP_KIND_COLOUR[kind]})`;
  const machine = r.machinePage === undefined ? h('span', { class: 'muted' }, '…')
    : r.machinePage < 0 ? h('span', { class: 'muted', title: 'not touched yet: no machine page' }, '—')
      : link(hex(r.machinePage, 5), `Open machine memory at ${hex(r.machinePage * 4096)} (machine page ${hex(r.machinePage, 5)})`, () => openAt(`ma:${hex((r.machinePage as number) * 4096)}`, `machine ${hex((r.machinePage as number) * 4096)}`));
  const row = h('div', {
    class: `trow${inRanges(changed, page) ? ' changed' : ''}${i === selected ? ' selected' : ''}`,
    role: 'row',
    'aria-selected': i === selected ? 'true' : 'false',
  },
  h('span', { role: 'gridcell' }, sw, link(hex(page, 5), `Open ${w.vm}'s guest-physical memory at ${hex(r.gpa)} (guest page ${hex(page, 5)})`, () => openAt(`gpa:${w.vm}:${hex(r.gpa)}`, `${w.vm} gpa ${hex(r.gpa)}`))),
  h('span', { role: 'gridcell' }, machine),
  h('span', { role: 'gridcell' }, r.node === undefined || r.node < 0 ? '' : String(r.node)),
  h('span', { role: 'gridcell', title: accessText(r.flags) }, storeText(r.flags)),
  h('span', { role: 'gridcell', title: r.sharedWith.join(', ') }, r.sharedWith.join(', ')));
  row.style.height = `${ROW_HEIGHT}px`;
  row.addEventListener('click', () => select(i));
  return row;
}

function select(i: number): void {
  selected = Math.max(0, Math.min(pages.length - 1, i));
  save('selected', selected);
  rows.update(pages.length);
}

/** Scrolls the table to a guest page (switching to All pages when the filter hides it). */
function showPage(page: number): void {
  let i = pages.indexOf(page);
  if (i < 0) {
    filter = 'all';
    save('filter', filter);
    filterSelect.set(PMAP_FILTERS.map((f) => ({ value: f.id, label: f.label })), filter);
    rebuild();
    i = page;
  }
  select(i);
  rows.scrollToIndex(i);
  scroller.focus();
}

scroller.addEventListener('keydown', (e) => {
  const visible = Math.max(1, Math.floor(scroller.clientHeight / ROW_HEIGHT) - 1);
  const step = { ArrowDown: 1, ArrowUp: -1, PageDown: visible, PageUp: -visible, Home: -Infinity, End: Infinity }[e.key];
  if (step !== undefined) {
    const next = Math.max(0, Math.min(pages.length - 1, (selected < 0 ? 0 : selected) + step));
    select(next);
    rows.scrollToIndex(next);
    e.preventDefault();
  } else if (e.key === 'Enter' && selected >= 0 && window_ !== undefined) {
    const page = pages[selected] as number;
    openAt(`gpa:${window_.vm}:${hex(page * 4096)}`, `${window_.vm} gpa ${hex(page * 4096)}`);
  }
});

function rebuild(): void {
  pages = filterPages(summary, filter);
  rows.update(pages.length);
}

function render(m: Extract<ToWebview, { type: 'pmap' }>): void {
  const first = window_ === undefined || window_.vm !== m.window.vm;
  window_ = m.window;
  requestedFirst = m.window.first;
  summary = decodePageSummary(m.window.summary);
  changed = m.changed;
  vmSelect.set(m.vms.map((v) => ({ value: v, label: v })), m.window.vm);
  const c = summaryCounts(summary);
  const mib = (m.window.pages * 4096) / 1048576;
  counts.replaceChildren(
    h('b', {}, m.window.vm), ` ${m.window.pages.toLocaleString()} guest pages (${mib} MiB) · `,
    h('b', {}, c.mapped.toLocaleString()), ' touched · ', h('b', {}, String(c.shared)), ' shared · ',
    h('b', {}, String(c.cow)), ' copy-on-write · ', h('b', {}, String(rangePages(changed))), ' changed since last stop',
  );
  heat.update(summary, changed);
  renderLegend();
  pages = filterPages(summary, filter);
  rows.update(pages.length);
  if (first) rows.scrollToIndex(saved('scrollRow', 0));
}

onMessage((m) => {
  if (m.type === 'status') {
    renderStatus(status, m.status);
    content.hidden = !m.status.session;
  } else if (m.type === 'pmap') render(m);
});
post({ type: 'ready' });
