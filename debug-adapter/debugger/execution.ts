// Run control and reverse execution over a DebugTarget. Every forward operation (a resume to a
// position, a step of a thread) is recorded with the stops in force; checkpoints of the whole
// state are saved every `snapshotEvery` positions. Going back restores the latest checkpoint
// before the goal and re-executes the recorded operations, which reproduce the same states
// instruction by instruction; a goal inside an operation is reached with an exact position cut
// (goto, stepBack) or by counting stops of an extra stop set laid over it (reverseContinue).
// Resuming from the past discards the history beyond and executes forward from there.
// Positions count progress of the whole machine: instructions retired plus exceptions entered,
// every CPU together (Machine.position). docs/debugger.md.

import type { MonitorEvent } from '../monitor/core';
import { type Checkpoint, History } from './history';
import { type OpRecord, type Op, Runner, type Scan } from './runner';
import { type BreakpointSpec, type ExecStop, NO_STOPS, type StopConfig, type WatchpointSpec } from './stops';
import type { DebugTarget, DebugThread } from './target';

export type { ExecStop } from './stops';

/** Default checkpoint interval (positions): a reverse step re-executes at most about three intervals. */
export const DEFAULT_SNAPSHOT_EVERY = 1_000_000;
/** A step that has not happened after this many positions ends (its vCPU never ran). */
const STEP_BOUND = 100_000_000;
/** Positions between progress samples in a reverse step's first pass. */
const SAMPLES = 256;

interface LogEntry {
  readonly rec: OpRecord;
  readonly before: number;
  readonly after: number;
  readonly stop: ExecStop | undefined;
}

export class Execution {
  /** Monitor events of new execution with their position (a timeline); events are built only while set. */
  onMonitorEvent: ((e: MonitorEvent, position: number) => void) | undefined;
  private readonly runner: Runner;
  private readonly checkpoints: History;
  private readonly every: number;
  private config: StopConfig = NO_STOPS;
  private readonly log: LogEntry[] = [];
  /** Log entries applied to the current state. */
  private done = 0;
  /** The current state lies inside log[done]: the record that reaches it. */
  private partial: OpRecord | undefined;

  constructor(readonly target: DebugTarget, options: { readonly snapshotEvery?: number } = {}) {
    const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`snapshotEvery must be a positive integer, got ${every}`);
    this.every = every;
    this.runner = new Runner(target);
    this.checkpoints = new History(target);
  }

  /** The checkpoints; the first one is saved on first use, so a launch reaches its entry stop without saving the whole machine. */
  private get history(): History {
    if (this.checkpoints.empty) this.checkpoints.add(0, this.threadProgress());
    return this.checkpoints;
  }

  /** Position of the current state in the execution history. */
  get position(): number {
    return this.target.machine.position;
  }

  /** The current state is earlier than the furthest one executed. */
  get inPast(): boolean {
    return this.done < this.log.length || this.partial !== undefined;
  }

  /** Position of the earliest state the history holds. */
  get start(): number {
    return this.checkpoints.empty ? this.position : this.history.first.position;
  }

  /** Position of the furthest state executed. */
  get furthest(): number {
    return this.log.length === 0 ? this.start : (this.log[this.log.length - 1] as LogEntry).after;
  }

  setBreakpoints(list: readonly BreakpointSpec[]): void {
    this.config = { ...this.config, breakpoints: list.map((b) => ({ ...b })) };
  }

  setWatchpoints(list: readonly WatchpointSpec[]): void {
    for (const w of list) if (!Number.isInteger(w.length) || w.length < 1) throw new RangeError(`watchpoint length must be a positive integer, got ${w.length}`);
    this.config = { ...this.config, watchpoints: list.map((w) => ({ ...w })) };
  }

  setExceptionStops(excCodes: ReadonlySet<number>): void {
    this.config = { ...this.config, exceptions: new Set(excCodes) };
  }

  setEventStops(kinds: ReadonlySet<MonitorEvent['kind']>): void {
    this.config = { ...this.config, events: new Set(kinds) };
  }

  /** Runs forward `budget` positions (all CPUs); undefined when the budget ran out with nothing to report. */
  resume(budget: number): ExecStop | undefined {
    let left = Math.max(0, Math.floor(budget));
    while (left > 0) {
      const room = Math.max(1, this.every - (this.position - this.history.last.position));
      const before = this.position;
      const stop = this.perform({ kind: 'run', to: before + Math.min(left, room) });
      if (stop !== undefined) return stop;
      const made = this.position - before;
      if (made === 0) return undefined;
      left -= made;
    }
    return undefined;
  }

  /**
   * One instruction or one exception entry of `thread`. With othersRun false the other CPUs stay
   * frozen; a vCPU that is not on a CPU needs the machine to run (every CPU) until the monitor
   * schedules it, and then executes one instruction.
   */
  stepInstruction(thread: DebugThread, othersRun: boolean): ExecStop {
    return this.perform({ kind: 'step', thread: thread.id, alone: !othersRun, to: this.position + STEP_BOUND }) ?? { reason: 'step', thread };
  }

  /** To the state just before `thread`'s previous instruction or exception entry. */
  stepBack(thread: DebugThread): ExecStop {
    const index = this.target.threads.indexOf(thread);
    if (index < 0) throw new RangeError(`thread ${thread.id} is not a thread of this target`);
    const T = this.runner.progress(thread);
    const P = this.position;
    const bound = this.boundary();
    const k = this.history.latest(bound.done, (c) => (c.progress[index] as number) <= T - 1 && c.position < P);
    if (k === undefined) return this.toStart();
    // First pass: the last sample where the thread had not yet made its latest step. That step
    // lies before the next checkpoint (where the thread had made it), however long ago it was.
    const end = Math.min(P, this.history.after(k)?.position ?? P);
    const every = Math.max(1, Math.ceil((end - k.position) / SAMPLES));
    let b = k.position;
    this.walk(k, bound, k.position + every, every, () => {
      if (this.runner.progress(thread) >= T) return true;
      b = this.position;
      return false;
    });
    // Second pass: position by position from there.
    let q = P - 1;
    this.walk(k, bound, b + 1, 1, () => {
      if (this.runner.progress(thread) < T) return false;
      q = this.position - 1;
      return true;
    });
    this.land(q);
    return { reason: 'step', thread };
  }

  /**
   * Back to the latest earlier stop of the stops in force (breakpoint, watchpoint, exception,
   * event) that `accept` takes, evaluated at that stop's state; else to the start of history.
   */
  reverseContinue(accept: (s: ExecStop) => boolean = () => true): ExecStop {
    const scanConfig = this.config;
    const top = this.boundary();
    let upTo = top;
    for (let k = this.history.latest(top.done); k !== undefined; k = this.history.before(k)) {
      let found: { index: number; ordinal: number; stop: ExecStop; ends: boolean } | undefined;
      const last = upTo;
      this.walk(k, last, Infinity, 1, () => false, (index) => ({
        config: scanConfig,
        onStop: (stop, ordinal, endsRecord) => {
          const isCurrent = last === top && (top.partial === undefined ? endsRecord && index === top.done - 1 : this.position >= top.position);
          if (!isCurrent && accept(stop)) found = { index, ordinal, stop, ends: endsRecord };
        },
      }));
      if (found !== undefined) {
        const f = found;
        const rec = (this.log[f.index] as LogEntry).rec;
        if (f.ends) this.replay(f.index + 1, undefined);
        else this.replay(f.index, { ...rec, ends: [...(rec.ends ?? []), { config: scanConfig, ordinal: f.ordinal }] });
        return f.stop;
      }
      upTo = { done: k.opIndex, partial: undefined, position: k.position };
    }
    return this.toStart();
  }

  /** To any position of the history (clamped to its start and furthest state). */
  goto(position: number): void {
    if (!Number.isFinite(position)) throw new RangeError(`position must be a number, got ${position}`);
    this.land(Math.min(this.furthest, Math.max(this.start, Math.floor(position))));
  }

  // ---- forward -------------------------------------------------------------------------------

  private perform(op: Op): ExecStop | undefined {
    if (this.inPast) this.discardFuture();
    const rec: OpRecord = { op, config: this.config };
    const before = this.position;
    const checkpoint = this.history.last;
    this.runner.feed = this.onMonitorEvent;
    let stop: ExecStop | undefined;
    try {
      const last = this.log[this.log.length - 1];
      if (last?.stop?.reason === 'ended') return last.stop;
      const r = this.runner.start(rec).advance(Infinity);
      stop = r.done ? r.stop : undefined;
    } finally {
      this.runner.feed = undefined;
    }
    this.log.push({ rec, before, after: this.position, stop });
    this.done = this.log.length;
    if (this.position - checkpoint.position >= this.every) this.history.add(this.done, this.threadProgress());
    return stop;
  }

  /** Makes the current state the end of the history: the operation it lies inside becomes the last one. */
  private discardFuture(): void {
    const keep = this.done;
    const p = this.partial;
    const before = keep === 0 ? this.start : (this.log[keep - 1] as LogEntry).after;
    this.log.length = keep;
    if (p !== undefined) this.log.push({ rec: p, before, after: this.position, stop: undefined });
    this.done = this.log.length;
    this.partial = undefined;
    this.history.dropAfter(keep);
  }

  // ---- backward ------------------------------------------------------------------------------

  private threadProgress(): number[] {
    return this.target.threads.map((t) => this.runner.progress(t));
  }

  /** Where the current state is: log entries applied, the partial record, the position. */
  private boundary(): { done: number; partial: OpRecord | undefined; position: number } {
    return { done: this.done, partial: this.partial, position: this.position };
  }

  private toStart(): ExecStop {
    this.replay(0, undefined);
    return { reason: 'history-start' };
  }

  /** Lands on the state at position x: the end of the last operation ending there, or a cut inside the next. */
  private land(x: number): void {
    let j = -1;
    while (j + 1 < this.log.length && (this.log[j + 1] as LogEntry).after <= x) j++;
    const endAt = j < 0 ? this.start : (this.log[j] as LogEntry).after;
    if (endAt === x || j + 1 >= this.log.length) {
      this.replay(j + 1, undefined);
      return;
    }
    const rec = (this.log[j + 1] as LogEntry).rec;
    this.replay(j + 1, { ...rec, cut: Math.min(rec.cut ?? Infinity, x) });
  }

  /** Restores the latest checkpoint before log[done] and re-executes up to it, then `partial`. */
  private replay(done: number, partial: OpRecord | undefined): void {
    const k = this.history.latest(done) ?? this.history.first;
    this.history.restore(k);
    for (let i = k.opIndex; i < done; i++) this.runner.start((this.log[i] as LogEntry).rec).advance(Infinity);
    if (partial !== undefined) this.runner.start(partial).advance(Infinity);
    this.done = done;
    this.partial = partial;
  }

  /**
   * Re-executes from checkpoint k up to `bound` (a state of the history), calling visit at the
   * positions first, first+every, … (stopping early when it returns true). `scan`, when given,
   * lays an extra stop set over each re-executed operation (its index passed).
   */
  private walk(
    k: Checkpoint,
    bound: { done: number; partial: OpRecord | undefined; position: number },
    first: number,
    every: number,
    visit: () => boolean,
    scan?: (index: number) => Scan,
  ): void {
    this.history.restore(k);
    let next = first;
    const last = bound.partial === undefined ? bound.done : bound.done + 1;
    for (let i = k.opIndex; i < last; i++) {
      const rec = i === bound.done && bound.partial !== undefined ? bound.partial : (this.log[i] as LogEntry).rec;
      const run = this.runner.start(rec, scan?.(i));
      for (;;) {
        const r = run.advance(next);
        if (this.position >= next) {
          if (visit()) return;
          next += every;
        }
        if (r.done) break;
      }
    }
  }
}
