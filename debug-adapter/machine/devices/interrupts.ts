// Interrupt lines of the board (MIPS32 PRA, Vol. III §6.1.2, interrupt compatibility mode):
// each CPU has five hardware inputs wired by the board, seen as Cause.IP2..IP6; IP7 is left to
// the CP0 Count/Compare timer (Cause.TI) as on MIPS32r2 cores. Devices own named, level-
// triggered lines; several lines may share one input (wired OR). The CPU reads its pending
// word in Cause bit positions and registers a listener to be woken from WAIT.

import { type DeviceState, DeviceStateError } from './device';

/** Cause.IP number of each board input (docs/devices.md, "Interrupts"). */
export const IP_UART = 2;
export const IP_DISK = 3;
export const IP_NET = 4;
export const IP_TIMER = 5;
export const IP_IPI = 6;
/** Cause.IP7: the CP0 Count/Compare timer; no board device drives it. */
export const IP_CP0_TIMER = 7;

/** The Cause bit of hardware input `ip` (IP2 → 0x400). */
export const causeBit = (ip: number): number => 1 << (8 + ip);

/** Called when a CPU's pending word changes. */
export type InterruptListener = (cpu: number, pending: number) => void;

/** One level-triggered interrupt source driving input `ip` of CPU `cpu`. */
export class InterruptLine {
  private asserted = false;

  /** @internal created by InterruptController.line */
  constructor(
    private readonly controller: InterruptController,
    readonly name: string,
    readonly cpu: number,
    readonly ip: number,
  ) {}

  /** The line's current level. */
  get level(): boolean {
    return this.asserted;
  }

  /** Drives the line high or low. */
  set(level: boolean): void {
    if (level === this.asserted) return;
    this.asserted = level;
    this.controller.lineChanged(this.cpu, this.ip, level);
  }

  raise(): void {
    this.set(true);
  }

  lower(): void {
    this.set(false);
  }
}

export class InterruptController {
  /** Per CPU, per input 0..7: how many asserted lines drive it. */
  private readonly counts: Uint16Array;
  private readonly pendingWords: Int32Array;
  private readonly byName = new Map<string, InterruptLine>();
  private readonly listeners: InterruptListener[] = [];

  constructor(readonly cpuCount: number) {
    if (!Number.isInteger(cpuCount) || cpuCount < 1 || cpuCount > 32) throw new RangeError(`bad CPU count ${cpuCount}`);
    this.counts = new Uint16Array(cpuCount * 8);
    this.pendingWords = new Int32Array(cpuCount);
  }

  /** Creates the line `name` (unique) driving input IP`ip` (2..6) of CPU `cpu`. */
  line(name: string, cpu: number, ip: number): InterruptLine {
    if (this.byName.has(name)) throw new Error(`interrupt line "${name}" already exists`);
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.cpuCount) throw new RangeError(`interrupt line "${name}": no CPU ${cpu}`);
    if (!Number.isInteger(ip) || ip < 2 || ip > 6) throw new RangeError(`interrupt line "${name}": IP${ip} is not a board input (IP2..IP6)`);
    const l = new InterruptLine(this, name, cpu, ip);
    this.byName.set(name, l);
    return l;
  }

  /** Every line, in creation order (for the debugger's views). */
  lines(): InterruptLine[] {
    return [...this.byName.values()];
  }

  /** The asserted board inputs of a CPU, in Cause bit positions (IP2 = bit 10 … IP6 = bit 14). */
  pending(cpu: number): number {
    return this.pendingWords[cpu] ?? 0;
  }

  /** Registers a listener for changes of any CPU's pending word. */
  onChange(listener: InterruptListener): void {
    this.listeners.push(listener);
  }

  /** @internal called by InterruptLine.set */
  lineChanged(cpu: number, ip: number, level: boolean): void {
    const i = cpu * 8 + ip;
    const n = (this.counts[i] as number) + (level ? 1 : -1);
    this.counts[i] = n;
    const before = this.pendingWords[cpu] as number;
    const after = n > 0 ? before | causeBit(ip) : before & ~causeBit(ip);
    if (after === before) return;
    this.pendingWords[cpu] = after;
    for (const f of this.listeners) f(cpu, after);
  }

  /** The level of every line by name. */
  saveState(): DeviceState {
    const levels: Record<string, boolean> = {};
    for (const [name, l] of this.byName) levels[name] = l.level;
    return { levels };
  }

  /** Restores line levels (devices also re-derive theirs when restored; both agree). */
  loadState(s: DeviceState): void {
    const levels = s.levels;
    if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) throw new DeviceStateError('interrupts', 'lacks "levels"');
    for (const [name, l] of this.byName) {
      const v = (levels as DeviceState)[name];
      if (typeof v !== 'boolean') throw new DeviceStateError('interrupts', `lacks the level of line "${name}"`);
      l.set(v);
    }
  }
}
