// What a counters chart does with new plot data: show the "no samples yet" message (no series or
// no interval yet: one sample, or a history restarted by reverse execution), build a new uPlot
// (first data, other series, a theme change) in a box it has to itself, or hand the new data to
// the plot it has. Plain TypeScript with no DOM, unit-tested.

import type { PlotData } from './series';

export interface ChartState {
  /** What the chart's box holds. */
  readonly shows: 'nothing' | 'message' | 'plot';
  /** The series labels of the plot it holds ('' otherwise). */
  readonly labels: string;
}

export const EMPTY_CHART: ChartState = { shows: 'nothing', labels: '' };

/** message: empty the box and show the message; build: empty the box and make a plot; update: setData on the plot. */
export type ChartStep = 'message' | 'build' | 'update';

/** The next step for data d and the state after it; rebuild forces a new plot (theme change). */
export function nextChart(state: ChartState, d: PlotData, rebuild: boolean): { step: ChartStep; state: ChartState } {
  if (d.series.length === 0 || d.x.length === 0) return { step: 'message', state: { shows: 'message', labels: '' } };
  const labels = d.series.map((s) => s.label).join('|');
  const step = state.shows === 'plot' && state.labels === labels && !rebuild ? 'update' : 'build';
  return { step, state: { shows: 'plot', labels } };
}
