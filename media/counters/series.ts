// The counters dashboard's plot data from the history of flat counter samples: per interval
// between two samples, the share of cycles spent as guest user, guest kernel, monitor and idle,
// and event rates (TLB misses by outcome, traps by kind) per thousand instructions. Intervals
// make plots independent of how often samples came. Plain TypeScript with no DOM, unit-tested.

import type { CounterSample } from '../../debug-adapter/debugger/viewModels';

export interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export interface PlotData {
  /** Millions of cycles (the machine's furthest clock) at the end of each interval. */
  readonly x: readonly number[];
  readonly series: readonly Series[];
}

export const CYCLE_KINDS = ['user', 'kernel', 'monitor', 'idle'] as const;

/** Labels of the cycle kinds. */
export const CYCLE_LABEL: Readonly<Record<(typeof CYCLE_KINDS)[number], string>> = {
  user: 'guest user', kernel: 'guest kernel', monitor: 'monitor (Disco)', idle: 'idle',
};

const get = (s: CounterSample, k: string): number => s.values[k] ?? 0;

/** The intervals between consecutive samples (pairs). */
function intervals(samples: readonly CounterSample[]): [CounterSample, CounterSample][] {
  const out: [CounterSample, CounterSample][] = [];
  for (let i = 1; i < samples.length; i++) out.push([samples[i - 1] as CounterSample, samples[i] as CounterSample]);
  return out;
}

/** Share (%) of each cycle kind in each interval, of `total` or of one VM (`vm.NAME`, which has no idle). */
export function cycleShares(samples: readonly CounterSample[], scope: string): PlotData {
  const kinds = scope === 'total' ? CYCLE_KINDS : CYCLE_KINDS.filter((k) => k !== 'idle');
  const pairs = intervals(samples);
  const series = kinds.map((k) => ({
    label: CYCLE_LABEL[k],
    values: pairs.map(([a, b]) => {
      const total = kinds.reduce((t, kk) => t + get(b, `${scope}.cycles.${kk}`) - get(a, `${scope}.cycles.${kk}`), 0);
      return total > 0 ? (100 * (get(b, `${scope}.cycles.${k}`) - get(a, `${scope}.cycles.${k}`))) / total : null;
    }),
  }));
  return { x: pairs.map(([, b]) => b.cycle / 1e6), series };
}

/** Counter names under a prefix (`total.tlb.`) in any sample, sorted, minus the excluded ones. */
export function keysUnder(samples: readonly CounterSample[], prefix: string, exclude: readonly string[] = []): string[] {
  const keys = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.values)) if (k.startsWith(prefix) && !exclude.includes(k.slice(prefix.length))) keys.add(k);
  return [...keys].sort();
}

/** Per-thousand-instruction rate of each counter in each interval. */
export function ratesPerKiloInstruction(samples: readonly CounterSample[], keys: readonly string[], prefix: string): PlotData {
  const pairs = intervals(samples);
  return {
    x: pairs.map(([, b]) => b.cycle / 1e6),
    series: keys.map((k) => ({
      label: k.slice(prefix.length),
      values: pairs.map(([a, b]) => {
        const di = b.instructions - a.instructions;
        return di > 0 ? (1000 * (get(b, k) - get(a, k))) / di : null;
      }),
    })),
  };
}

/** The VM names present in samples (from `vm.NAME.cycles.user`). */
export function vmNames(samples: readonly CounterSample[]): string[] {
  const names = new Set<string>();
  for (const s of samples) {
    for (const k of Object.keys(s.values)) {
      const m = /^vm\.(.+)\.cycles\.user$/.exec(k);
      if (m !== null) names.add(m[1] as string);
    }
  }
  return [...names];
}
