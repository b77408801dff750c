// The machine memory map: every machine page as a canvas cell coloured by who owns it (a VM, the
// monitor's special pages, several users at once, free, the I/O hole), NUMA nodes bounded by lines
// and labelled on the left, and the details of the page under the pointer or picked (users, node) from windows the extension
// fetches. Picking a page opens machine memory there.

import { decodePageSummary, MEMMAP_FREE, MEMMAP_HOLE, MEMMAP_SHARED, MEMMAP_SPECIAL, MEMMAP_VM, type MemmapWindow, type VmsTree } from '../../debug-adapter/debugger/viewModels';
import type { ToWebview } from '../../src/views/protocol';
import { explainer, h, hex, renderStatus } from '../common/dom';
import { HeatMap, type HeatRegion } from '../common/heatMap';
import { memmapColour, memmapLabel, memmapRank } from '../common/pageColours';
import { onMessage, post, save, saved } from '../common/vscodeApi';

let window_: MemmapWindow | undefined;
let tree: VmsTree | undefined;
let summary: Uint8Array = new Uint8Array(0);
let previous: Uint8Array | undefined;
let focusPage = saved('page', -1);
let requestedFirst = -1;

const app = document.getElementById('app') as HTMLElement;
const status = h('div', { class: 'runstate', role: 'status' });
const help = explainer(
  'What is the memmap?',
  `The machine's real memory, page by page, as the monitor sees it. Disco keeps a <b>memmap</b> entry per machine page:
  which VMs use it and as which of their guest-physical pages (paper §1.2), so it can find every mapping of a page when it
  shares, migrates or reclaims it. Pages come from the VM's home NUMA node (§1.3). A page used by several VMs
  (copy-on-write disk blocks, remapped network buffers: §1.4, §2.3 “memory overhead and sharing”) is stored once; that is how
  Disco keeps several VMs' memory footprint close to one. Each vCPU also has a <b>special page</b> the monitor owns (§1.1).
  The machine's memory is split evenly into NUMA nodes by address: lines mark where a node starts, labelled on the left.
  <br>Hover a cell for its page, click it (or use the arrow keys and Enter) to pin its details; open its memory from there.`,
);
help.open = saved('helpOpen', true);
help.addEventListener('toggle', () => save('helpOpen', help.open));
const counts = h('div', { class: 'counts' });
const legend = h('div', { class: 'legend' });
const hoverLine = h('div', { class: 'hover-line', 'aria-live': 'polite' }, '\u00a0');
const details = h('div', { class: 'miss', role: 'region', 'aria-label': 'page details' });
const heat = new HeatMap({
  maxHeight: 520,
  gutter: 64,
  rank: memmapRank,
  colour: memmapColour,
  onHover: (page, per) => {
    hoverLine.textContent = page < 0 ? '\u00a0' : describe(page, per);
  },
  onPick: (page) => pick(page),
});
app.append(status, help, counts, h('div', { class: 'heat-wrap' }, heat.canvas), legend, hoverLine, details);

const vmNames = (): string[] => tree?.vms.map((v) => v.name) ?? [];

function nodeOf(page: number): number {
  const starts = window_?.nodeStarts ?? [];
  for (let n = 0; n + 1 < starts.length; n++) if (page < (starts[n + 1] as number)) return n;
  return -1;
}

function describe(page: number, per: number): string {
  const what = memmapLabel(summary[page] ?? MEMMAP_FREE, vmNames());
  const where = per > 1 ? `machine pages ${hex(page, 5)}–${hex(Math.min(page + per, summary.length) - 1, 5)} (one cell shows ${per}; the most notable is coloured)` : `machine page ${hex(page, 5)} (${hex(page * 4096)})`;
  return `${where}, node ${nodeOf(page)}: ${what}${previous !== undefined && previous[page] !== summary[page] ? ' — changed since the last update' : ''}`;
}

function pick(page: number): void {
  focusPage = page;
  save('page', page);
  renderDetails();
  const w = window_;
  if (w !== undefined && (page < w.first || page >= w.first + w.count)) {
    const first = Math.max(0, page - (page % 4096));
    if (first !== requestedFirst) {
      requestedFirst = first;
      post({ type: 'memmapWindow', first });
    }
  }
}

function renderDetails(): void {
  const w = window_;
  if (w === undefined || focusPage < 0 || focusPage >= w.pages) {
    details.replaceChildren(h('span', { class: 'muted' }, 'Click a page to see its users.'));
    return;
  }
  const i = focusPage - w.first;
  const users = i >= 0 && i < w.count ? w.users[i] : undefined;
  const code = summary[focusPage] ?? MEMMAP_FREE;
  const addr = hex(focusPage * 4096);
  const open = h('a', { href: '#', class: 'addr' }, `open machine memory at ${addr}`);
  open.addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'openMemory', reference: `ma:${addr}`, title: `machine ${addr}` });
  });
  details.replaceChildren(
    h('b', {}, `Machine page ${hex(focusPage, 5)}`), ` (${addr}), NUMA node ${nodeOf(focusPage)}: ${memmapLabel(code, vmNames())}. `,
    users === undefined ? h('span', { class: 'muted' }, 'loading users…')
      : users.length === 0 ? 'No users.' : h('span', {}, `Users (VM:guest page): ${users.join(', ')}. `),
    code === MEMMAP_HOLE ? '' : open,
  );
}

function renderLegend(): void {
  const item = (code: number): HTMLElement => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = `var(${memmapColour(code)})`;
    return h('span', { class: 'legend-item' }, sw, memmapLabel(code, vmNames()));
  };
  const codes = [...vmNames().map((_, i) => MEMMAP_VM + i), MEMMAP_SHARED, MEMMAP_SPECIAL, MEMMAP_FREE, MEMMAP_HOLE];
  legend.replaceChildren(...codes.map(item), h('span', { class: 'legend-item' }, h('span', { class: 'swatch changed' }), 'changed since the last update'),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch boundary' }), 'NUMA node boundary (nodes labelled on the left)'));
}

const mib = (pages: number): string => `${((pages * 4096) / 1048576).toLocaleString()} MiB`;

/** The NUMA nodes as heat map regions: memory split evenly by address (docs/machine.md). */
function nodeRegions(starts: readonly number[]): HeatRegion[] {
  return starts.slice(0, -1).map((first, n) => {
    const end = starts[n + 1] as number;
    return { first, end, label: `node ${n}`, sub: mib(end - first) };
  });
}

function changedRanges(a: Uint8Array | undefined, b: Uint8Array): number[] {
  const out: number[] = [];
  if (a === undefined || a.length !== b.length) return out;
  for (let p = 0; p < b.length; p++) {
    if (a[p] === b[p]) continue;
    if (out.length > 0 && out[out.length - 1] === p) out[out.length - 1] = p + 1;
    else out.push(p, p + 1);
  }
  return out;
}

function render(m: Extract<ToWebview, { type: 'memmap' }>): void {
  window_ = m.window;
  tree = m.tree;
  requestedFirst = m.window.first;
  const next = decodePageSummary(m.window.summary);
  const changed = changedRanges(summary.length > 0 ? summary : undefined, next);
  previous = summary.length > 0 ? summary : undefined;
  summary = next;
  const w = m.window;
  const nodes = nodeRegions(w.nodeStarts);
  counts.replaceChildren(
    `${w.pages.toLocaleString()} machine pages (${mib(w.pages)}) on ${nodes.length} NUMA node${nodes.length === 1 ? '' : 's'} (${nodes.map((n) => `${n.label}: ${hex(n.first, 5)}–${hex(n.end - 1, 5)}`).join(', ')}) · `,
    h('b', {}, w.usedPages.toLocaleString()), ' in use · ', h('b', {}, w.sharedPages.toLocaleString()), ' shared by several users · ',
    ...m.tree.vms.flatMap((vm) => [`${vm.name}: `, h('b', {}, vm.pmapPages.toLocaleString()), ' guest pages touched · ']),
  );
  heat.setRegions(nodes);
  heat.update(summary, changed);
  renderLegend();
  renderDetails();
}

onMessage((m) => {
  if (m.type === 'status') renderStatus(status, m.status);
  else if (m.type === 'memmap') render(m);
});
post({ type: 'ready' });
