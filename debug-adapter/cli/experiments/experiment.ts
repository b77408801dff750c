// What every experiment of `disco experiments` has in common: its sizes (tiny for tests, the
// scaled default, the paper's with --full), its output (rows for results.json, a table beside the
// paper's numbers, an SVG figure), and the subtraction of the guest OS's boot from a run.

import { type CycleSplit, newCycles } from '../../monitor/counters';
import type { RunKit, RunResult } from './guestRuns';

export type ExperimentSize = 'tiny' | 'default' | 'full';

export interface ExperimentOutput {
  readonly name: string;
  readonly rows: readonly Record<string, string | number>[];
  /** The terminal table with the paper's numbers and the notes. */
  readonly table: string;
  /** The figure (SVG text). */
  readonly svg: string;
}

export interface Experiment {
  readonly name: string;
  run(kit: RunKit, size: ExperimentSize): ExperimentOutput;
}

/** A workload's own share of a run: the run less the same configuration booting an empty init. */
export interface Measured {
  readonly cycles: number;
  readonly split: CycleSplit;
}

export function minusBoot(run: RunResult, boot: RunResult): Measured {
  const split = newCycles();
  for (const k of ['user', 'kernel', 'monitor', 'idle'] as const) split[k] = run.split[k] - boot.split[k];
  return { cycles: run.cycles - boot.cycles, split };
}

/** a / b as a percentage, one decimal. */
export const percent = (a: number, b: number): number => Math.round((1000 * a) / b) / 10;
