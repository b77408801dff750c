// Interval timer and real-time clock. The clock registers give emulated time since power-on:
// cycles, and nanoseconds derived from cycles and the clock rate (read HI, LO, HI again and
// retry if HI changed; reads have no side effects). Each CPU has its own periodic (or one-shot)
// timer with a period in cycles, an EXPIRED status that drives the CPU's IP5 line while
// interrupts are enabled, and a write-one-to-clear acknowledge. A bank at TIMER_LOCAL always
// addresses the accessing CPU's timer. docs/devices.md §Timer.

import { type DeviceState, DeviceStateError, type JsonSafe, WordRegisterDevice } from './device';
import type { InterruptLine } from './interrupts';
import type { EventScheduler, ScheduledEvent } from './scheduler';

/** Register offsets: global clock registers, then per-CPU banks (offsets within a bank). */
export const TIMER_REGISTERS = {
  NS_LO: 0x00,
  NS_HI: 0x04,
  CYCLES_LO: 0x08,
  CYCLES_HI: 0x0c,
  HZ: 0x10,
  LOCAL: 0x80,
  CPU_BASE: 0x100,
  CPU_STRIDE: 0x20,
  PERIOD: 0x00,
  CTRL: 0x04,
  STATUS: 0x08,
  TICKS: 0x0c,
  REMAINING: 0x10,
} as const;

export const TIMER_BITS = {
  CTRL_ENABLE: 0x1,
  CTRL_IE: 0x2,
  CTRL_ONESHOT: 0x4,
  STATUS_EXPIRED: 0x1,
} as const;

/** Shorter periods run at this one (so that a guest cannot flood the event queue). */
export const TIMER_MIN_PERIOD = 64;

const R = TIMER_REGISTERS;
const CPU_REGS = 5;

export interface IntervalTimerOptions {
  readonly name?: string;
  readonly base: number;
  readonly bigEndian: boolean;
  readonly scheduler: EventScheduler;
  /** CPU clock in Hz (cycles per emulated second). */
  readonly clockHz: number;
  /** One line per CPU (its IP5 input). */
  readonly irqs: readonly InterruptLine[];
}

interface CpuTimer {
  period: number;
  ctrl: number;
  expired: boolean;
  ticks: number;
  /** Cycle of the next expiry while running, else -1. */
  nextAt: number;
  event: number;
}

const idle = (): CpuTimer => ({ period: 0, ctrl: 0, expired: false, ticks: 0, nextAt: -1, event: 0 });

export class IntervalTimer extends WordRegisterDevice {
  private readonly scheduler: EventScheduler;
  private readonly clockHz: number;
  private readonly irqs: readonly InterruptLine[];
  private timers: CpuTimer[];

  constructor(o: IntervalTimerOptions) {
    super(o.name ?? 'timer', o.base, 0x1000, o.bigEndian);
    if (!Number.isInteger(o.clockHz) || o.clockHz <= 0) throw new RangeError(`bad clock rate ${o.clockHz}`);
    if (o.irqs.length < 1 || R.CPU_BASE + o.irqs.length * R.CPU_STRIDE > this.size) throw new RangeError(`bad timer CPU count ${o.irqs.length}`);
    this.scheduler = o.scheduler;
    this.clockHz = o.clockHz;
    this.irqs = o.irqs;
    this.timers = o.irqs.map(idle);
    this.scheduler.register(this.name, (e) => this.expire(e));
  }

  /** Emulated nanoseconds since power-on at the scheduler's current cycle. */
  nanoseconds(): bigint {
    return (BigInt(this.scheduler.now) * 1_000_000_000n) / BigInt(this.clockHz);
  }

  /** Which timer and register an offset names, or undefined. */
  private bank(offset: number, cpu: number): { t: CpuTimer; cpu: number; reg: number } | undefined {
    let n: number;
    let reg: number;
    if (offset >= R.LOCAL && offset < R.LOCAL + CPU_REGS * 4) {
      n = cpu;
      reg = offset - R.LOCAL;
    } else if (offset >= R.CPU_BASE) {
      n = (offset - R.CPU_BASE) >> 5;
      reg = (offset - R.CPU_BASE) & (R.CPU_STRIDE - 1);
      if (reg >= CPU_REGS * 4) return undefined;
    } else {
      return undefined;
    }
    const t = this.timers[n];
    return t === undefined ? undefined : { t, cpu: n, reg };
  }

  protected readWord(offset: number, cpu: number): number | undefined {
    const now = this.scheduler.now;
    switch (offset) {
      case R.NS_LO:
        return Number(this.nanoseconds() & 0xffffffffn);
      case R.NS_HI:
        return Number((this.nanoseconds() >> 32n) & 0xffffffffn);
      case R.CYCLES_LO:
        return now % 0x100000000;
      case R.CYCLES_HI:
        return Math.floor(now / 0x100000000) >>> 0;
      case R.HZ:
        return this.clockHz;
    }
    const b = this.bank(offset, cpu);
    if (b === undefined) return undefined;
    const t = b.t;
    switch (b.reg) {
      case R.PERIOD:
        return t.period;
      case R.CTRL:
        return t.ctrl;
      case R.STATUS:
        return t.expired ? TIMER_BITS.STATUS_EXPIRED : 0;
      case R.TICKS:
        return t.ticks >>> 0;
      default:
        return t.nextAt < 0 ? 0 : Math.min(t.nextAt - now, 0xffffffff);
    }
  }

  protected writeWord(offset: number, value: number, cpu: number): boolean {
    const b = this.bank(offset, cpu);
    if (b === undefined) return false;
    const t = b.t;
    switch (b.reg) {
      case R.PERIOD:
        t.period = value;
        if (t.ctrl & TIMER_BITS.CTRL_ENABLE) this.start(b.cpu);
        return true;
      case R.CTRL: {
        const starting = value & TIMER_BITS.CTRL_ENABLE && !(t.ctrl & TIMER_BITS.CTRL_ENABLE);
        t.ctrl = value & 7;
        if (!(t.ctrl & TIMER_BITS.CTRL_ENABLE)) this.stop(b.cpu);
        else if (starting) this.start(b.cpu);
        this.updateIrq(b.cpu);
        return true;
      }
      case R.STATUS:
        if (value & TIMER_BITS.STATUS_EXPIRED) t.expired = false;
        this.updateIrq(b.cpu);
        return true;
      default:
        return false;
    }
  }

  private start(cpu: number): void {
    const t = this.timers[cpu] as CpuTimer;
    this.stop(cpu);
    t.ticks = 0;
    if (t.period === 0) return;
    t.nextAt = this.scheduler.now + Math.max(t.period, TIMER_MIN_PERIOD);
    t.event = this.scheduler.scheduleAt(t.nextAt, this.name, 'expire', cpu);
  }

  private stop(cpu: number): void {
    const t = this.timers[cpu] as CpuTimer;
    if (t.event !== 0) this.scheduler.cancel(t.event);
    t.event = 0;
    t.nextAt = -1;
  }

  private expire(e: ScheduledEvent): void {
    const t = this.timers[e.data];
    if (t === undefined) return;
    t.expired = true;
    t.ticks = (t.ticks + 1) >>> 0;
    t.event = 0;
    if (t.ctrl & TIMER_BITS.CTRL_ONESHOT) {
      t.ctrl &= ~TIMER_BITS.CTRL_ENABLE;
      t.nextAt = -1;
    } else {
      t.nextAt = e.at + Math.max(t.period, TIMER_MIN_PERIOD);
      t.event = this.scheduler.scheduleAt(t.nextAt, this.name, 'expire', e.data);
    }
    this.updateIrq(e.data);
  }

  private updateIrq(cpu: number): void {
    const t = this.timers[cpu] as CpuTimer;
    this.irqs[cpu]?.set(t.expired && (t.ctrl & TIMER_BITS.CTRL_IE) !== 0);
  }

  reset(): void {
    this.scheduler.cancelOwner(this.name);
    this.timers = this.irqs.map(idle);
    this.timers.forEach((_, i) => this.updateIrq(i));
  }

  saveState(): DeviceState {
    return { timers: this.timers.map((t) => [t.period, t.ctrl, t.expired ? 1 : 0, t.ticks, t.nextAt, t.event]) };
  }

  loadState(s: DeviceState): void {
    const list = s.timers;
    if (!Array.isArray(list) || list.length !== this.timers.length) throw new DeviceStateError(this.name, 'has the wrong number of timers');
    this.timers = (list as readonly JsonSafe[]).map((v) => {
      if (!Array.isArray(v) || v.length !== 6 || !v.every((x) => typeof x === 'number')) throw new DeviceStateError(this.name, 'has a malformed timer');
      const [period, ctrl, expired, ticks, nextAt, event] = v as [number, number, number, number, number, number];
      return { period, ctrl, expired: expired !== 0, ticks, nextAt, event };
    });
    this.timers.forEach((_, i) => this.updateIrq(i));
  }
}
