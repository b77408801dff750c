// The counters dashboard: uPlot charts over the machine's time of where the cycles go (guest user,
// guest kernel, monitor, idle; whole machine or one VM), TLB misses by how the monitor answered
// them and traps into the monitor by kind, per thousand instructions, from the bounded history
// of samples the extension keeps. Totals since boot sit under the charts.

import uPlot from 'uplot';
import type { CounterSample } from '../../debug-adapter/debugger/viewModels';
import type { ToWebview } from '../../src/views/protocol';
import { explainer, h, renderStatus } from '../common/dom';
import { themeColour } from '../common/heatMap';
import { seriesColour } from '../common/pageColours';
import { Select } from '../common/select';
import { onMessage, post, save, saved } from '../common/vscodeApi';
import { type ChartState, EMPTY_CHART, nextChart } from './chartState';
import { cycleShares, keysUnder, type PlotData, ratesPerKiloInstruction, vmNames } from './series';

let samples: CounterSample[] = [];
let scope = saved('scope', 'total');

const app = document.getElementById('app') as HTMLElement;
const status = h('div', { class: 'runstate', role: 'status' });
const help = explainer(
  'Where the time goes',
  `Each sample is taken at a stop and four times a second while the guests run; each point covers the interval since
  the previous sample. <b>Cycles</b>: guest user and guest kernel time run directly on the CPU; <b>monitor</b> time is
  Disco trapping and emulating privileged instructions, filling TLB misses, handling monitor calls and switching vCPUs — the
  virtualization overhead of the paper's Figure 5 (§2.2). <b>TLB misses</b>: “windowFills” are the relinked kernel's
  KSEG0 replacement (§1.2), “l2tlbHits” are answered from the L2TLB or virtual TLB, “reflected” go to the guest's handler.
  <b>Traps</b>: every exception that entered the monitor, by kind (CpU = a privileged instruction to emulate, TLBL/TLBS =
  TLB misses, Sys = system calls and monitor calls).`,
);
help.open = saved('helpOpen', true);
help.addEventListener('toggle', () => save('helpOpen', help.open));
const scopeSelect = new Select('Cycles of', (v) => {
  scope = v;
  save('scope', scope);
  redraw(true);
});
const charts = h('div', { class: 'charts' });
const totals = h('div', { class: 'counts' });
app.append(status, help, h('div', { class: 'toolbar' }, scopeSelect.element), charts, totals);

interface Chart {
  readonly box: HTMLElement;
  plot: uPlot | undefined;
  state: ChartState;
}

const chartDefs = [
  {
    title: 'Cycles by kind (% of each interval)', data: () => cycleShares(samples, scope), y: '%',
    note: 'Of each interval between two samples: the share of CPU cycles running guest user code, guest kernel code, in the monitor (the virtualization overhead, §2.2), or idle.',
  },
  {
    title: 'TLB misses by outcome (per 1,000 instructions)', data: () => rate('total.tlb.', ['hardwareMisses']), y: 'per 1k instr',
    note: 'How the monitor answered each hardware TLB miss: windowFills refill the relinked kernel\'s KSEG0 window (§1.2), l2tlbHits come from the L2TLB or virtual TLB (§2.2), reflected go to the guest\'s own refill handler.',
  },
  {
    title: 'Traps into the monitor by kind (per 1,000 instructions)', data: () => rate('total.traps.', []), y: 'per 1k instr',
    note: 'Every exception that entered the monitor, by MIPS cause: CpU a privileged instruction to emulate (§1.1), TLBL/TLBS TLB misses on loads/stores, Sys system and monitor calls (§1.4), Int interrupts.',
  },
];
const made: Chart[] = chartDefs.map((d) => {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': d.title });
  charts.append(h('section', {}, h('h3', {}, d.title), h('div', { class: 'chart-note muted' }, d.note), box));
  return { box, plot: undefined, state: EMPTY_CHART };
});

function rate(prefix: string, exclude: string[]): PlotData {
  return ratesPerKiloInstruction(samples, keysUnder(samples, prefix, exclude), prefix);
}

function options(d: PlotData, yLabel: string, width: number): uPlot.Options {
  const fg = themeColour('--vscode-foreground');
  const grid = themeColour('--vscode-panel-border');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  return {
    width,
    height: 220,
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false } },
    axes: [{ ...axis, label: 'machine time (millions of cycles)' }, { ...axis, label: yLabel }],
    series: [{ label: 'Mcycles' }, ...d.series.map((s, i) => ({ label: s.label, stroke: themeColour(seriesColour(i)), width: 1.5, points: { show: false } }))],
  };
}

function redraw(rebuild = false): void {
  chartDefs.forEach((def, i) => {
    const c = made[i] as Chart;
    const d = def.data();
    const data = [d.x, ...d.series.map((s) => s.values)] as uPlot.AlignedData;
    const next = nextChart(c.state, d, rebuild);
    c.state = next.state;
    if (next.step === 'update') {
      c.plot?.setData(data);
      return;
    }
    c.plot?.destroy();
    c.plot = undefined;
    c.box.replaceChildren();
    if (next.step === 'message') c.box.append(h('div', { class: 'muted' }, 'No interval yet: a point needs two samples — run or step the guests.'));
    else c.plot = new uPlot(options(d, def.y, Math.max(300, c.box.clientWidth)), data, c.box);
  });
  renderTotals();
}

function renderTotals(): void {
  const s = samples[samples.length - 1];
  if (s === undefined) {
    totals.textContent = samples.length === 0 ? 'Waiting for the first sample…' : '';
    return;
  }
  const v = (k: string): string => (s.values[k] ?? 0).toLocaleString();
  const cycles = s.values['total.cycles'] ?? 0;
  const pct = (k: string): string => (cycles > 0 ? `${((100 * (s.values[k] ?? 0)) / cycles).toFixed(1)}%` : '—');
  totals.replaceChildren(
    h('b', {}, 'Since boot: '), `${s.instructions.toLocaleString()} instructions, ${cycles.toLocaleString()} CPU cycles — user ${pct('total.cycles.user')}, kernel ${pct('total.cycles.kernel')}, monitor ${pct('total.cycles.monitor')}, idle ${pct('total.cycles.idle')}; `,
    `TLB misses ${v('total.tlb.hardwareMisses')} (window ${v('total.tlb.windowFills')}, L2TLB ${v('total.tlb.l2tlbHits')}, reflected ${v('total.tlb.reflected')}); `,
    `machine pages in use ${v('pages.machineInUse')}, shared ${v('pages.shared')}, copy-on-write mappings ${v('pages.copyOnWrite')}. `,
    h('span', { class: 'muted' }, `${samples.length} samples kept.`),
  );
}

new ResizeObserver(() => {
  for (const c of made) c.plot?.setSize({ width: Math.max(300, c.box.clientWidth), height: 220 });
}).observe(charts);
new MutationObserver(() => redraw(true)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

onMessage((m: ToWebview) => {
  if (m.type === 'status') renderStatus(status, m.status);
  else if (m.type === 'counters') {
    samples = m.reset ? [...m.samples] : [...samples, ...m.samples].slice(-600);
    const names = vmNames(samples);
    scopeSelect.set([{ value: 'total', label: 'the whole machine' }, ...names.map((n) => ({ value: `vm.${n}`, label: `VM ${n}` }))], scope);
    redraw();
  }
});
post({ type: 'ready' });
