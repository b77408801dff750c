// The TLB panel: for one vCPU, the virtual TLB its guest wrote (guest-physical page numbers), the
// hardware TLB of the physical CPU it runs on (machine page numbers), and its L2TLB; the entry
// the last TLB miss used is marked in each, and hardware entries that disagree with the guest's
// mapping are flagged with the reason. Page numbers open memory in their address space.

import type { HardwareTlbRowView, TlbRowView, TlbView, VirtualTlbRowView } from '../../debug-adapter/debugger/viewModels';
import type { ThreadChoice, ToWebview } from '../../src/views/protocol';
import { explainer, h, hex, renderStatus } from '../common/dom';
import { Select } from '../common/select';
import { onMessage, post, save, saved } from '../common/vscodeApi';
import { isInvalid, listedRows, missMarks, sizeText } from './tlbRows';

let view: TlbView | undefined;
let showAll = saved('showAll', false);

const app = document.getElementById('app') as HTMLElement;
const status = h('div', { class: 'runstate', role: 'status' });
const help = explainer(
  'Three TLBs for one virtual CPU',
  `The guest kernel believes it owns a MIPS TLB and writes it with TLBWI/TLBWR; those instructions trap and Disco
  keeps what was written as the <b>virtual TLB</b>, in guest-physical page numbers (paper §1.2). Disco then puts a
  translated copy in the <b>hardware TLB</b> of the physical CPU: the same virtual page, but the <b>machine</b> page its
  pmap gives, and writable only when both the guest entry (D bit) and the pmap allow it. The hardware TLB is small and
  flushed when the CPU switches vCPUs, so misses are frequent; Disco's <b>L2TLB</b>, a larger software cache of guest
  entries, answers most of them without bothering the guest (§1.2, §2.2). Only a miss the L2TLB and virtual TLB cannot
  answer is reflected to the guest's own TLB-refill handler.
  <br><b>Columns</b>: slot, virtual address of the even page, page size, ASID (or G: global), then the even and odd page
  numbers (“w” = writable, D set); click a page number to open that memory. ◆ marks virtual TLB entries the hardware holds now.`,
);
help.open = saved('helpOpen', true);
help.addEventListener('toggle', () => save('helpOpen', help.open));
const threadSelect = new Select('vCPU', (v) => post({ type: 'selectThread', threadId: Number(v) }));
const allBox = h('input', { type: 'checkbox', id: 'all' });
allBox.checked = showAll;
allBox.addEventListener('change', () => {
  showAll = allBox.checked;
  save('showAll', showAll);
  render();
});
const title = h('h2');
const summary = h('div', { class: 'counts' });
const miss = h('div', { class: 'miss', role: 'note' });
const grid = h('div', { class: 'tlb-grid' });
app.append(status, help, h('div', { class: 'toolbar' }, threadSelect.element, h('label', { class: 'checks' }, allBox, 'Show invalid slots too')), title, summary, miss, grid);

function open(reference: string, what: string): void {
  post({ type: 'openMemory', reference, title: what });
}

/** A page number cell: PFN (w when writable), a link into its memory. */
function pfnCell(row: TlbRowView, half: 0 | 1, space: 'gpa' | 'ma'): HTMLElement {
  const pfn = row.pfn[half];
  if (pfn < 0) return h('td', { class: 'muted' }, 'invalid');
  const v = view as TlbView;
  const addr = hex(pfn * 4096);
  const ref = space === 'ma' ? `ma:${addr}` : `gpa:${v.vm}:${addr}`;
  const label = space === 'ma' ? `machine ${addr}` : `${v.vm} gpa ${addr}`;
  const a = h('a', { href: '#', class: 'addr', title: `Open ${space === 'ma' ? 'machine' : 'guest-physical'} memory at ${addr}` }, hex(pfn, 5));
  a.addEventListener('click', (e) => {
    e.preventDefault();
    open(ref, label);
  });
  return h('td', {}, a, row.dirty[half] ? ' w' : '');
}

function entryTable<T extends TlbRowView>(
  caption: string, rows: readonly T[], space: 'gpa' | 'ma', marked: number,
  extra: { head: string[]; cells: (r: T) => HTMLElement[]; cls: (r: T) => string; tip: (r: T) => string | undefined },
): HTMLElement {
  const shown = listedRows(rows, showAll);
  const head = h('tr', {}, ...['#', 'virtual address', 'size', 'ASID', 'even page', 'odd page', ...extra.head].map((t) => h('th', { scope: 'col' }, t)));
  const body = shown.map((r) => {
    const cls = `${extra.cls(r)}${r.index === marked ? ' last-miss' : ''}${isInvalid(r) ? ' other' : ''}`;
    const tr = h('tr', { class: cls, tabindex: 0, 'data-key': `${space}:${caption.length}:${r.index}`, title: extra.tip(r) ?? (r.index === marked ? 'the entry the last TLB miss used' : undefined) },
      h('td', {}, String(r.index)), h('td', {}, hex(r.va)), h('td', {}, sizeText(r.pageBytes)), h('td', {}, r.global ? 'G' : String(r.asid)),
      pfnCell(r, 0, space), pfnCell(r, 1, space), ...extra.cells(r));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') (tr.querySelector('a.addr') as HTMLElement | null)?.click();
      else if (e.key === 'ArrowDown') (tr.nextElementSibling as HTMLElement | null)?.focus();
      else if (e.key === 'ArrowUp') (tr.previousElementSibling as HTMLElement | null)?.focus();
    });
    return tr;
  });
  const table = h('table', { class: 'entries' }, h('thead', {}, head), h('tbody', {}, ...body));
  const empty = shown.length === 0 ? h('div', { class: 'muted' }, showAll ? 'no slots' : 'no valid entries') : '';
  return h('section', {}, h('h3', {}, caption), h('div', { class: 'scrollbox' }, table, empty));
}

function render(): void {
  const v = view;
  if (v === undefined) return;
  const marks = missMarks(v);
  const focused = document.activeElement?.getAttribute('data-key');
  title.textContent = `${v.vm} vCPU ${v.vcpu}`;
  const valid = (rows: readonly TlbRowView[]): number => rows.filter((r) => !isInvalid(r)).length;
  summary.textContent = `${v.onCpu ? 'running now on' : 'queued on'} physical CPU ${v.cpu} · guest ASID ${v.guestAsid} · hardware ASID ${v.hardwareAsid < 0 ? 'none yet' : v.hardwareAsid} · ` +
    `virtual TLB ${valid(v.virtualTlb)}/${v.virtualTlb.length} valid · hardware ${v.hardwareTlb.filter((r) => r.owner === 'this').length} of this vCPU, ` +
    `${v.hardwareTlb.filter((r) => r.mismatch).length} mismatched · L2TLB ${v.l2tlb.length} entries` +
    (v.onCpu ? '' : `. This vCPU is not running now: the hardware TLB holds the entries of the vCPU CPU ${v.cpu} runs (greyed); this vCPU refills its own when it runs again.`);
  const m = v.lastMiss;
  miss.replaceChildren(m === undefined
    ? h('span', {}, 'No hardware TLB miss recorded for this vCPU since the run started or the last restore.')
    : h('span', {}, h('b', {}, 'Last TLB miss: '), `${m.store ? 'store' : 'load'} at ${hex(m.va)}, cycle ${m.cycle.toLocaleString()} → ${m.outcome}. `,
      m.entry === undefined ? 'No guest entry was used.'
        : `Entry used: ${m.virtualTlbIndex >= 0 ? `virtual TLB slot ${m.virtualTlbIndex}` : 'an L2TLB entry the guest has since evicted from its TLB'} (VA ${hex(m.entry.va)}, ASID ${m.entry.global ? 'G' : m.entry.asid}); marked in yellow below.`));
  grid.replaceChildren(
    entryTable<VirtualTlbRowView>('Virtual TLB — what the guest wrote (guest-physical pages)', v.virtualTlb, 'gpa', marks.virtual, {
      head: [], cells: () => [], cls: (r) => (r.inHardware ? 'in-hw' : ''), tip: (r) => (r.inHardware ? 'the hardware TLB holds this entry now' : undefined),
    }),
    entryTable<HardwareTlbRowView>(`Hardware TLB of CPU ${v.cpu} — what the MMU uses (machine pages)`, v.hardwareTlb, 'ma', marks.hardware, {
      head: ['owner'],
      cells: (r) => [h('td', {}, r.mismatch ? `MISMATCH: ${r.mismatchReason ?? ''}` : r.owner === 'this' ? 'this vCPU' : r.owner === 'other' ? 'another vCPU' : '')],
      cls: (r) => (r.mismatch ? 'mismatch' : r.owner === 'other' ? 'other' : ''),
      tip: (r) => (r.mismatch ? r.mismatchReason : r.owner === 'other' ? 'an entry of another vCPU (another hardware ASID)' : undefined),
    }),
    entryTable<TlbRowView>('L2TLB — Disco\'s software cache of guest entries (guest-physical pages)', v.l2tlb, 'gpa', marks.l2tlb, {
      head: [], cells: () => [], cls: () => '', tip: () => undefined,
    }),
  );
  if (focused) (grid.querySelector(`[data-key="${focused}"]`) as HTMLElement | null)?.focus();
}

function setThreads(threads: readonly ThreadChoice[], current: number): void {
  threadSelect.set(threads.map((t) => ({ value: String(t.threadId), label: t.label })), String(current));
}

onMessage((m: ToWebview) => {
  if (m.type === 'status') renderStatus(status, m.status);
  else if (m.type === 'tlb') {
    view = m.view;
    setThreads(m.threads, m.view.threadId);
    render();
  }
});
post({ type: 'ready' });
