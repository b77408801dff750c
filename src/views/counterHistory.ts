// The counters dashboard's bounded history of samples, kept in the extension so it survives the
// panel being hidden or reloaded. A sample from earlier in the machine's time than the last one
// (reverse execution, a restarted session) starts a new history: plots are over increasing time.

import type { CounterSample } from '../../debug-adapter/debugger/viewModels';

/** Samples kept at most (at 4 a second while running: a little over two minutes). */
export const HISTORY_MAX = 600;

export class CounterHistory {
  private samples: CounterSample[] = [];

  constructor(private readonly max = HISTORY_MAX) {}

  /** Adds a sample; returns 'reset' when it started a new history, 'same' when its time equals the last sample's (dropped), else 'appended'. */
  add(s: CounterSample): 'appended' | 'reset' | 'same' {
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && s.instructions === last.instructions && s.cycle === last.cycle) return 'same';
    if (last !== undefined && (s.cycle < last.cycle || s.instructions < last.instructions)) {
      this.samples = [s];
      return 'reset';
    }
    this.samples.push(s);
    if (this.samples.length > this.max) this.samples.splice(0, this.samples.length - this.max);
    return 'appended';
  }

  clear(): void {
    this.samples = [];
  }

  get all(): readonly CounterSample[] {
    return this.samples;
  }
}
