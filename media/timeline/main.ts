// The monitor event timeline: what the monitor did (emulations, reflections, monitor calls,
// switches, page allocation and sharing, …) at each history position, filtered by kind and VM,
// with a density strip over the recorded history and the current position. Clicking an event
// (or Enter) takes the session to its position: reverse execution.

import type { TimelineEventView } from '../../debug-adapter/debugger/viewModels';
import type { ToWebview } from '../../src/views/protocol';
import { explainer, h, renderStatus } from '../common/dom';
import { themeColour } from '../common/heatMap';
import { Select } from '../common/select';
import { ROW_HEIGHT, VirtualRows } from '../common/virtualRows';
import { onMessage, post, save, saved } from '../common/vscodeApi';
import { density, filterEvents, KIND_LABEL, lastAtOrBefore, tally } from './timelineFilter';

let events: TimelineEventView[] = [];
let shown: TimelineEventView[] = [];
let start = 0;
let furthest = 0;
let position = 0;
let hiddenKinds = saved<string[]>('hiddenKinds', []);
let vm = saved<string | undefined>('vm', undefined);
let selected = -1;
let follow = true;

const app = document.getElementById('app') as HTMLElement;
const status = h('div', { class: 'runstate', role: 'status' });
const help = explainer(
  'The monitor at work, over time',
  `Every time a guest does something a virtual machine monitor must handle, Disco records an event with its
  <b>history position</b> (instructions and exceptions since boot): privileged instructions trapped and emulated
  (§1.1), exceptions reflected to the guest's vectors, monitor calls of the virtual devices (§1.4), vCPU switches and
  migrations (§1.1 scheduler), machine pages allocated and shared copy-on-write (§1.2, §1.4).
  <b>Click an event (or select it and press Enter) to take the debugger back or forward to that moment</b>, then inspect
  registers, memory and the other views there. Greyed events lie after the current position.
  <br><b>Columns</b> (two lines an event): its history position, over the machine cycle it happened at; the VM and vCPU;
  the kind of event and what that kind is, over what happened (the instruction, exception, monitor call or page).`,
);
help.open = saved('helpOpen', true);
help.addEventListener('toggle', () => save('helpOpen', help.open));
const vmSelect = new Select('VM', (v) => {
  vm = v === '' ? undefined : v;
  save('vm', vm);
  rebuild();
});
const kindBox = h('div', { class: 'checks', role: 'group', 'aria-label': 'event kinds' });
const strip = h('canvas', { class: 'heatmap', 'aria-label': 'event density over the recorded history' });
const stripLabel = h('div', { class: 'hover-line' });
/** A row is two lines: position, VM, vCPU and kind over cycle and detail (the detail gets the width). */
const ROW = 2 * ROW_HEIGHT;
const header = h('div', { class: 'thead', role: 'row' },
  ...[['position', 'pos'], ['VM', 'vm'], ['vCPU', 'vcpu'], ['event', 'kind'], ['cycle', 'cycle'], ['what happened', 'detail']]
    .map(([t, area]) => h('span', { role: 'columnheader', class: area }, t as string)));
const scroller = h('div', { class: 'tscroll', tabindex: 0, role: 'grid', 'aria-label': 'monitor events' });
scroller.style.height = '480px';
const rows = new VirtualRows(scroller, renderRow, () => {}, ROW);
app.append(status, help, h('div', { class: 'toolbar' }, vmSelect.element), kindBox, strip, stripLabel, h('div', { class: 'table tl-table' }, header, scroller));

function goto(i: number): void {
  const e = shown[i];
  if (e === undefined) return;
  selected = i;
  follow = false;
  post({ type: 'goto', position: e.position });
}

function renderRow(i: number): HTMLElement {
  const e = shown[i] as TimelineEventView;
  const cls = `trow${e.position > position ? ' future' : ''}${i === lastAtOrBefore(shown, position) ? ' current' : ''}${i === selected ? ' selected' : ''}`;
  const row = h('div', { class: cls, role: 'row', title: `${KIND_LABEL[e.kind]}: ${e.detail} — click to go to position ${e.position.toLocaleString()}` },
    h('span', { class: 'pos' }, e.position.toLocaleString()), h('span', { class: 'vm' }, e.vmName ?? '—'),
    h('span', { class: 'vcpu' }, e.vcpu >= 0 ? String(e.vcpu) : '—'),
    h('span', { class: 'kind' }, h('b', {}, e.kind), ` ${KIND_LABEL[e.kind]}`),
    h('span', { class: 'cycle' }, e.cycle.toLocaleString()), h('span', { class: 'detail' }, e.detail));
  row.style.height = `${ROW}px`;
  row.addEventListener('click', () => goto(i));
  return row;
}

scroller.addEventListener('keydown', (ev) => {
  const page = Math.max(1, Math.floor(scroller.clientHeight / ROW) - 1);
  const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }[ev.key];
  if (step !== undefined) {
    selected = Math.max(0, Math.min(shown.length - 1, (selected < 0 ? lastAtOrBefore(shown, position) : selected) + step));
    follow = false;
    rows.scrollToIndex(selected);
    rows.update(shown.length);
    ev.preventDefault();
  } else if (ev.key === 'Enter' && selected >= 0) goto(selected);
});

function renderKinds(): void {
  const { kinds, vms } = tally(events);
  kindBox.replaceChildren(...[...kinds].map(([k, n]) => {
    const box = h('input', { type: 'checkbox' });
    box.checked = !hiddenKinds.includes(k);
    box.addEventListener('change', () => {
      hiddenKinds = box.checked ? hiddenKinds.filter((x) => x !== k) : [...hiddenKinds, k];
      save('hiddenKinds', hiddenKinds);
      rebuild();
    });
    return h('label', { title: KIND_LABEL[k as TimelineEventView['kind']] }, box, `${k} (${n.toLocaleString()})`);
  }));
  vmSelect.set([{ value: '', label: 'all VMs' }, ...[...vms.keys()].map((n) => ({ value: n, label: n }))], vm ?? '');
}

function drawStrip(): void {
  const width = Math.max(200, (strip.parentElement?.clientWidth ?? 400) - 2);
  const height = 28;
  const dpr = window.devicePixelRatio || 1;
  strip.style.width = `${width}px`;
  strip.style.height = `${height}px`;
  strip.width = Math.round(width * dpr);
  strip.height = Math.round(height * dpr);
  const g = strip.getContext('2d');
  if (g === null) return;
  g.scale(dpr, dpr);
  const end = Math.max(furthest, position) + 1;
  const d = density(shown, start, end, width);
  const max = Math.max(1, ...d);
  g.fillStyle = themeColour('--vscode-charts-blue');
  d.forEach((n, x) => {
    if (n > 0) g.fillRect(x, height - 2 - Math.max(1, ((height - 4) * n) / max), 1, Math.max(1, ((height - 4) * n) / max));
  });
  g.fillStyle = themeColour('--vscode-focusBorder');
  g.fillRect(Math.round(((position - start) / Math.max(1, end - start)) * width), 0, 2, height);
  stripLabel.textContent = `Recorded history: positions ${start.toLocaleString()}–${furthest.toLocaleString()}; now at ${position.toLocaleString()} (marker). ${shown.length.toLocaleString()} of ${events.length.toLocaleString()} events shown.`;
}

strip.addEventListener('click', (ev) => {
  const r = strip.getBoundingClientRect();
  const end = Math.max(furthest, position) + 1;
  const at = start + ((ev.clientX - r.left) / r.width) * (end - start);
  const i = lastAtOrBefore(shown, at);
  if (i >= 0) {
    rows.scrollToIndex(i);
    selected = i;
    follow = false;
    rows.update(shown.length);
  }
});

function rebuild(): void {
  shown = filterEvents(events, { hiddenKinds, vm });
  rows.update(shown.length);
  drawStrip();
  if (follow && shown.length > 0) rows.scrollToIndex(Math.max(0, lastAtOrBefore(shown, position)));
}

onMessage((m: ToWebview) => {
  if (m.type === 'status') {
    renderStatus(status, m.status);
    if (m.status.running) follow = true;
  } else if (m.type === 'timeline') {
    events = m.reset ? [...m.events] : [...events, ...m.events].slice(-5000);
    start = m.start;
    furthest = m.furthest;
    position = m.position;
    renderKinds();
    rebuild();
  }
});
new ResizeObserver(() => drawStrip()).observe(app);
post({ type: 'ready' });
