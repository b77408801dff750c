// The deterministic event queue of the board, timed in emulated CPU cycles (no wall clock).
// Devices schedule completions ("the disk transfer ends 40 000 cycles from now"); the machine
// advances time and fires every event due, in cycle order, ties broken by the order in which
// they were scheduled (a sequence number). Events name their owner (a device registered by
// name) and carry a kind and a number instead of a closure, so the queue saves and restores.

import { type DeviceState, DeviceStateError, type JsonSafe, stateNumber } from './device';

/** One pending event. */
export interface ScheduledEvent {
  /** Unique id, also the tie-breaking sequence number. */
  readonly id: number;
  /** Cycle at which it fires. */
  readonly at: number;
  /** Name of the registered handler that receives it. */
  readonly owner: string;
  /** What happens, in the owner's terms ("complete", "expire"…). */
  readonly kind: string;
  /** A number for the owner (a CPU number, a unit…). */
  readonly data: number;
}

/** Receives the events of one owner. */
export type EventHandler = (event: ScheduledEvent) => void;

const before = (a: ScheduledEvent, b: ScheduledEvent): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

export class EventScheduler {
  private nowCycles = 0;
  private nextId = 1;
  /** Binary min-heap on (at, id); cancelled events stay until popped. */
  private heap: ScheduledEvent[] = [];
  private readonly live = new Map<number, ScheduledEvent>();
  private readonly handlers = new Map<string, EventHandler>();

  /** The current emulated time in cycles. */
  get now(): number {
    return this.nowCycles;
  }

  /** Registers the handler of an owner name (once per owner). */
  register(owner: string, handler: EventHandler): void {
    if (this.handlers.has(owner)) throw new Error(`event owner "${owner}" is already registered`);
    this.handlers.set(owner, handler);
  }

  /** Schedules an event `delay` cycles from now (0 fires at the next advance); returns its id. */
  schedule(delay: number, owner: string, kind: string, data = 0): number {
    if (!Number.isSafeInteger(delay) || delay < 0) throw new RangeError(`bad event delay ${delay}`);
    return this.scheduleAt(this.nowCycles + delay, owner, kind, data);
  }

  /** Schedules an event at an absolute cycle (not before now); returns its id. */
  scheduleAt(at: number, owner: string, kind: string, data = 0): number {
    if (!Number.isSafeInteger(at) || at < this.nowCycles) throw new RangeError(`event time ${at} is before now (${this.nowCycles})`);
    if (!this.handlers.has(owner)) throw new Error(`no event owner "${owner}"`);
    const e: ScheduledEvent = { id: this.nextId++, at, owner, kind, data };
    this.push(e);
    this.live.set(e.id, e);
    return e.id;
  }

  /** Cancels an event; false if it already fired or was cancelled. */
  cancel(id: number): boolean {
    return this.live.delete(id);
  }

  /** Cancels every pending event of an owner (of one kind if given); returns how many. */
  cancelOwner(owner: string, kind?: string): number {
    let n = 0;
    for (const e of [...this.live.values()]) {
      if (e.owner === owner && (kind === undefined || e.kind === kind)) n += this.live.delete(e.id) ? 1 : 0;
    }
    return n;
  }

  /** Cycle of the earliest pending event, or undefined when none is pending. */
  nextEventAt(): number | undefined {
    this.dropCancelledTop();
    return this.heap[0]?.at;
  }

  /** Pending events in firing order (for the debugger's views). */
  pending(): ScheduledEvent[] {
    return [...this.live.values()].sort((a, b) => (before(a, b) ? -1 : 1));
  }

  /**
   * Moves time forward to `cycle`, firing every event due by then in (cycle, sequence) order;
   * while a handler runs, `now` is its event's cycle. Returns the number of events fired.
   */
  advanceTo(cycle: number): number {
    if (!Number.isSafeInteger(cycle) || cycle < this.nowCycles) throw new RangeError(`cannot move time back from ${this.nowCycles} to ${cycle}`);
    let fired = 0;
    for (;;) {
      this.dropCancelledTop();
      const e = this.heap[0];
      if (e === undefined || e.at > cycle) break;
      this.pop();
      this.live.delete(e.id);
      this.nowCycles = e.at;
      const h = this.handlers.get(e.owner);
      if (h === undefined) throw new Error(`no event owner "${e.owner}"`);
      h(e);
      fired++;
    }
    this.nowCycles = cycle;
    return fired;
  }

  /** Drops every pending event and sets time back to 0 (handlers stay registered). */
  reset(): void {
    this.heap = [];
    this.live.clear();
    this.nowCycles = 0;
    this.nextId = 1;
  }

  saveState(): DeviceState {
    const events: JsonSafe[] = this.pending().map((e) => ({ id: e.id, at: e.at, owner: e.owner, kind: e.kind, data: e.data }));
    return { now: this.nowCycles, nextId: this.nextId, events };
  }

  loadState(s: DeviceState): void {
    const events = s.events;
    if (!Array.isArray(events)) throw new DeviceStateError('scheduler', 'lacks "events"');
    this.reset();
    this.nowCycles = stateNumber('scheduler', s, 'now');
    this.nextId = stateNumber('scheduler', s, 'nextId');
    for (const raw of events as readonly JsonSafe[]) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DeviceStateError('scheduler', 'holds a malformed event');
      const r = raw as DeviceState;
      const owner = r.owner;
      const kind = r.kind;
      if (typeof owner !== 'string' || typeof kind !== 'string') throw new DeviceStateError('scheduler', 'holds an event without owner or kind');
      if (!this.handlers.has(owner)) throw new DeviceStateError('scheduler', `names unknown event owner "${owner}"`);
      const e: ScheduledEvent = { id: stateNumber('scheduler', r, 'id'), at: stateNumber('scheduler', r, 'at'), owner, kind, data: stateNumber('scheduler', r, 'data') };
      this.push(e);
      this.live.set(e.id, e);
    }
  }

  private dropCancelledTop(): void {
    for (let top = this.heap[0]; top !== undefined && !this.live.has(top.id); top = this.heap[0]) this.pop();
  }

  private push(e: ScheduledEvent): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as ScheduledEvent;
      if (!before(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r] as ScheduledEvent, h[l] as ScheduledEvent) ? r : l;
      const child = h[c] as ScheduledEvent;
      if (!before(child, last)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
  }
}
