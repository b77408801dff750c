// What the privileged machine needs from the device side, kept as small interfaces so any bus
// and event scheduler can plug in: an MMIO bus answering physical addresses outside RAM, and a
// cycle-timed event clock the machine advances between scheduling rounds. Both default to
// "nothing there" (every non-RAM access is a bus error; no events).

/** Memory-mapped devices at physical addresses outside RAM. */
export interface MmioTarget {
  /** True if a device answers at physical address pa. */
  claims(pa: number): boolean;
  /** A load of `size` bytes by CPU `cpu` (side effects allowed). */
  read(pa: number, size: 1 | 2 | 4, cpu: number): number;
  /** A store of the low `size` bytes of value by CPU `cpu`. */
  write(pa: number, size: 1 | 2 | 4, value: number, cpu: number): void;
  /** The value a load would return, without side effects, or undefined if unknown. */
  peek(pa: number, size: 1 | 2 | 4): number | undefined;
}

/** Deterministic device time: events ordered by cycle. */
export interface EventClock {
  /** The cycle of the earliest pending event, or Infinity. */
  nextEventCycle(): number;
  /** Fires every event due at or before `cycle`, in cycle order. */
  advanceTo(cycle: number): void;
}

/** Device state that takes part in machine snapshots. */
export interface SavesState {
  saveState(): unknown;
  loadState(state: unknown): void;
}

export const NO_DEVICES: MmioTarget = {
  claims: () => false,
  read: () => 0,
  write: () => {},
  peek: () => undefined,
};

export const NO_EVENTS: EventClock = {
  nextEventCycle: () => Infinity,
  advanceTo: () => {},
};
