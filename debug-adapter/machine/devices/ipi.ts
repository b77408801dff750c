// Inter-processor interrupts. Writing a CPU number (IPI_SEND) or a CPU bit mask (IPI_SEND_MASK)
// sets the IPI pending flag of those CPUs, which drives their IP6 input until acknowledged:
// by the CPU itself (IPI_ACK, any value) or on its behalf through the per-CPU registers.
// Messages travel in memory; the device only carries the doorbell. docs/devices.md §IPI.

import { type DeviceState, DeviceStateError, stateNumber, WordRegisterDevice } from './device';
import type { InterruptLine } from './interrupts';

export const IPI_REGISTERS = {
  SEND: 0x00,
  SEND_MASK: 0x04,
  STATUS: 0x08,
  ACK: 0x0c,
  PENDING_MASK: 0x10,
  CPU_BASE: 0x100,
  CPU_STRIDE: 0x4,
} as const;

const R = IPI_REGISTERS;

export interface IpiOptions {
  readonly name?: string;
  readonly base: number;
  readonly bigEndian: boolean;
  /** One line per CPU (its IP6 input). */
  readonly irqs: readonly InterruptLine[];
}

export class InterProcessorInterrupts extends WordRegisterDevice {
  private readonly irqs: readonly InterruptLine[];
  /** Bit i: CPU i has an IPI pending. */
  private pendingMask = 0;
  /** IPIs sent to each CPU since reset (for the views). */
  private sent: number[];

  constructor(o: IpiOptions) {
    super(o.name ?? 'ipi', o.base, 0x1000, o.bigEndian);
    if (o.irqs.length < 1 || o.irqs.length > 32) throw new RangeError(`bad IPI CPU count ${o.irqs.length}`);
    this.irqs = o.irqs;
    this.sent = o.irqs.map(() => 0);
  }

  /** The pending flags, bit i for CPU i. */
  get pending(): number {
    return this.pendingMask >>> 0;
  }

  /** How many IPIs each CPU has been sent since reset. */
  get sentCounts(): readonly number[] {
    return this.sent;
  }

  /** Raises the IPI of every CPU whose bit is set in mask (host side: the monitor may use it). */
  send(mask: number): void {
    const valid = this.irqs.length === 32 ? 0xffffffff : (1 << this.irqs.length) - 1;
    const m = mask & valid;
    for (let i = 0; i < this.irqs.length; i++) if (m & (1 << i)) this.sent[i] = (this.sent[i] as number) + 1;
    this.pendingMask |= m;
    this.update();
  }

  /** Clears CPU cpu's IPI. */
  acknowledge(cpu: number): void {
    this.pendingMask &= ~(1 << cpu);
    this.update();
  }

  protected readWord(offset: number, cpu: number): number | undefined {
    switch (offset) {
      case R.SEND:
      case R.SEND_MASK:
      case R.ACK:
        return 0;
      case R.STATUS:
        return (this.pendingMask >>> cpu) & 1;
      case R.PENDING_MASK:
        return this.pendingMask >>> 0;
    }
    const n = this.cpuIndex(offset);
    return n === undefined ? undefined : (this.pendingMask >>> n) & 1;
  }

  protected writeWord(offset: number, value: number, cpu: number): boolean {
    switch (offset) {
      case R.SEND:
        if (value < this.irqs.length) this.send(1 << value);
        return true;
      case R.SEND_MASK:
        this.send(value);
        return true;
      case R.ACK:
        this.acknowledge(cpu);
        return true;
      case R.STATUS:
      case R.PENDING_MASK:
        return false;
    }
    const n = this.cpuIndex(offset);
    if (n === undefined) return false;
    this.acknowledge(n);
    return true;
  }

  private cpuIndex(offset: number): number | undefined {
    if (offset < R.CPU_BASE) return undefined;
    const n = (offset - R.CPU_BASE) / R.CPU_STRIDE;
    return n < this.irqs.length ? n : undefined;
  }

  private update(): void {
    this.irqs.forEach((l, i) => l.set(((this.pendingMask >>> i) & 1) !== 0));
  }

  reset(): void {
    this.pendingMask = 0;
    this.sent = this.irqs.map(() => 0);
    this.update();
  }

  saveState(): DeviceState {
    return { pending: this.pendingMask >>> 0, sent: [...this.sent] };
  }

  loadState(s: DeviceState): void {
    const sent = s.sent;
    if (!Array.isArray(sent) || sent.length !== this.irqs.length || !sent.every((x) => typeof x === 'number')) {
      throw new DeviceStateError(this.name, 'has a malformed "sent" list');
    }
    this.pendingMask = stateNumber(this.name, s, 'pending') | 0;
    this.sent = [...(sent as number[])];
    this.update();
  }
}
