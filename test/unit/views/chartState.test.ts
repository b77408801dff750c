// A counters chart's steps: the "no interval yet" message until there are series and an interval,
// then a plot built in an emptied box (the message never left above a plot), new data handed to
// the plot while its series stay, a new plot when they change or the theme does, and the message
// again when the history restarts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_CHART, nextChart, type ChartState } from '../../../media/counters/chartState';
import { ratesPerKiloInstruction, type PlotData } from '../../../media/counters/series';
import type { CounterSample } from '../../../debug-adapter/debugger/viewModels';

const sample = (cycle: number, instructions: number, values: Record<string, number>): CounterSample => ({ cycle, instructions, values });
const tlb = (samples: CounterSample[]): PlotData => ratesPerKiloInstruction(samples, ['total.tlb.l2tlbHits', 'total.tlb.reflected'], 'total.tlb.');

/** Feeds plot data through nextChart, returning the steps taken. */
function run(datas: { d: PlotData; rebuild?: boolean }[]): string[] {
  let state: ChartState = EMPTY_CHART;
  return datas.map(({ d, rebuild }) => {
    const next = nextChart(state, d, rebuild ?? false);
    state = next.state;
    return next.step;
  });
}

test('a chart with no samples, then one sample, shows the message; with an interval it builds its plot', () => {
  const s0 = sample(1000, 500, { 'total.tlb.l2tlbHits': 0, 'total.tlb.reflected': 0 });
  const s1 = sample(2000, 1500, { 'total.tlb.l2tlbHits': 4, 'total.tlb.reflected': 1 });
  const s2 = sample(3000, 2500, { 'total.tlb.l2tlbHits': 9, 'total.tlb.reflected': 1 });
  assert.deepEqual(run([{ d: tlb([]) }, { d: tlb([s0]) }, { d: tlb([s0, s1]) }, { d: tlb([s0, s1, s2]) }]), ['message', 'message', 'build', 'update']);
});

test('series appearing after the first samples (traps of a new kind) build a new plot', () => {
  const none: PlotData = { x: [], series: [] };
  const one: PlotData = { x: [1], series: [{ label: 'CpU', values: [2] }] };
  const two: PlotData = { x: [1, 2], series: [{ label: 'CpU', values: [2, 3] }, { label: 'Sys', values: [null, 1] }] };
  assert.deepEqual(run([{ d: none }, { d: one }, { d: one }, { d: two }]), ['message', 'build', 'update', 'build']);
});

test('a theme change rebuilds; a restarted history (reverse execution) goes back to the message', () => {
  const one: PlotData = { x: [1], series: [{ label: 'idle', values: [50] }] };
  const restarted: PlotData = { x: [], series: [{ label: 'idle', values: [] }] };
  assert.deepEqual(run([{ d: one }, { d: one, rebuild: true }, { d: restarted }, { d: one }]), ['build', 'build', 'message', 'build']);
});
