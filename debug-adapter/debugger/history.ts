// The checkpoints of an execution history: the whole state (machine and monitor) saved at
// operation boundaries every `every` positions, with each thread's progress there. Saving is
// incremental (unchanged pages are shared with the previous checkpoint). At most MAX_CHECKPOINTS
// are kept: beyond it the checkpoint closing the smallest gap is dropped (never the first, nor
// the most recent RECENT ones), so old history thins out while the recent past stays dense.

import { restoreMachine, saveMachine, type MachineSnapshot } from '../machine/system/machineSnapshot';
import type { SavedRun } from '../monitor/monitor';
import type { DebugTarget } from './target';

const MAX_CHECKPOINTS = 64;
const RECENT = 8;

export interface Checkpoint {
  readonly position: number;
  /** Operations of the log applied in this state. */
  readonly opIndex: number;
  /** Each thread's progress (target.threads order). */
  readonly progress: readonly number[];
  readonly state: SavedRun | MachineSnapshot;
}

export class History {
  private readonly list: Checkpoint[] = [];

  constructor(private readonly target: DebugTarget) {}

  get empty(): boolean {
    return this.list.length === 0;
  }

  get first(): Checkpoint {
    return this.list[0] as Checkpoint;
  }

  get last(): Checkpoint {
    return this.list[this.list.length - 1] as Checkpoint;
  }

  /** Saves the current state as the checkpoint after `opIndex` operations. */
  add(opIndex: number, progress: readonly number[]): void {
    const { machine, monitor } = this.target;
    this.list.push({ position: machine.position, opIndex, progress, state: monitor === undefined ? saveMachine(machine) : monitor.save() });
    if (this.list.length > MAX_CHECKPOINTS) this.thin();
  }

  /** Puts the target back into checkpoint c. */
  restore(c: Checkpoint): void {
    const { machine, monitor } = this.target;
    if (monitor === undefined) restoreMachine(machine, c.state as MachineSnapshot);
    else monitor.restore(c.state as SavedRun);
  }

  /** The latest checkpoint at or before operation index `opIndex` that `ok` accepts. */
  latest(opIndex: number, ok: (c: Checkpoint) => boolean = () => true): Checkpoint | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const c = this.list[i] as Checkpoint;
      if (c.opIndex <= opIndex && ok(c)) return c;
    }
    return undefined;
  }

  /** The checkpoint before c, if any. */
  before(c: Checkpoint): Checkpoint | undefined {
    const i = this.list.indexOf(c);
    return i > 0 ? this.list[i - 1] : undefined;
  }

  /** The checkpoint after c, if any. */
  after(c: Checkpoint): Checkpoint | undefined {
    const i = this.list.indexOf(c);
    return i >= 0 ? this.list[i + 1] : undefined;
  }

  /** Forgets checkpoints after operation index `opIndex` (the history beyond was discarded). */
  dropAfter(opIndex: number): void {
    while (this.list.length > 1 && this.last.opIndex > opIndex) this.list.pop();
  }

  private thin(): void {
    let best = -1;
    let gap = Infinity;
    for (let i = 1; i < this.list.length - RECENT; i++) {
      const g = (this.list[i + 1] as Checkpoint).position - (this.list[i - 1] as Checkpoint).position;
      if (g < gap) {
        gap = g;
        best = i;
      }
    }
    if (best > 0) this.list.splice(best, 1);
  }
}
