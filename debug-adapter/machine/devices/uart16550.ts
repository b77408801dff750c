// The console UART: an ns16550a as the PC16550D datasheet describes it, the chip Linux's 8250
// driver identifies as "16550A". 16-byte receive and transmit FIFOs (FCR), DLAB-selected
// divisor latch, loopback (MCR.LOOP) with modem outputs fed back to MSR, and the four
// prioritised interrupt sources of IIR: line status > received data / character timeout >
// THR empty > modem status. Registers sit 2^regShift bytes apart, each a 1/2/4-byte unit whose
// value is in bits 7..0 (reg-shift 0..3, 8- or 32-bit access). Host side: an output sink and an
// input queue that feeds the receive FIFO as room appears (flow control, nothing lost).
// Timing: `byteCycles` per character, or 0 for an instantaneous line. docs/devices.md §UART.

import { type AccessSize, type Device, type DeviceState, DeviceStateError, stateBoolean, stateNumbers } from './device';
import type { InterruptLine } from './interrupts';
import type { EventScheduler, ScheduledEvent } from './scheduler';
import { UART_BITS as B, UART_FIFO_DEPTH } from './uartRegisters';

export interface Uart16550Options {
  /** Device and event-owner name ("uart" by default). */
  readonly name?: string;
  readonly base: number;
  /** Register spacing 2^regShift bytes (0..3). */
  readonly regShift: number;
  readonly bigEndian: boolean;
  readonly scheduler: EventScheduler;
  /** The interrupt line the chip's INTR output drives, if wired. */
  readonly irq?: Pick<InterruptLine, 'set'>;
  /** Emulated cycles per character on the line; 0 = instantaneous (the default). */
  readonly byteCycles?: number;
  /** Receives every byte transmitted outside loopback. */
  readonly output?: (byte: number) => void;
}

/** Modem inputs of a host terminal that is always there: CTS, DSR and DCD asserted. */
const HOST_MODEM_INPUTS = B.MSR_CTS | B.MSR_DSR | B.MSR_DCD;
const TRIGGER_LEVELS = [1, 4, 8, 14] as const;

export class Uart16550 implements Device {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  private readonly regShift: number;
  private readonly width: number;
  private readonly bigEndian: boolean;
  private readonly scheduler: EventScheduler;
  private readonly irq: Pick<InterruptLine, 'set'> | undefined;
  private readonly byteCycles: number;
  private output: (byte: number) => void;

  private rx: number[] = [];
  private tx: number[] = [];
  private hostQueue: number[] = [];
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  private fifoEnabled = false;
  private trigger = 1;
  /** Sticky LSR error bits (OE, PE, FE, BI) until LSR is read. */
  private lsrErrors = 0;
  /** MSR delta bits until MSR is read. */
  private msrDelta = 0;
  private msrStatus = HOST_MODEM_INPUTS;
  /** The THR-empty interrupt condition, set when THR empties, cleared by IIR read or THR write. */
  private thrIpending = false;
  private timeoutPending = false;
  /** The transmitter shift register holds a character being sent (timed mode). */
  private tsrBusy = false;
  private tsrByte = 0;
  private txEvent = 0;
  private rxEvent = 0;
  private timeoutEvent = 0;

  constructor(o: Uart16550Options) {
    if (!Number.isInteger(o.regShift) || o.regShift < 0 || o.regShift > 3) throw new RangeError(`UART reg-shift ${o.regShift} is not 0..3`);
    const byteCycles = o.byteCycles ?? 0;
    if (!Number.isSafeInteger(byteCycles) || byteCycles < 0) throw new RangeError(`UART byteCycles ${byteCycles} is not a cycle count`);
    this.name = o.name ?? 'uart';
    this.base = o.base;
    this.regShift = o.regShift;
    this.size = 8 << o.regShift;
    this.width = Math.min(1 << o.regShift, 4);
    this.bigEndian = o.bigEndian;
    this.scheduler = o.scheduler;
    this.irq = o.irq;
    this.byteCycles = byteCycles;
    this.output = o.output ?? (() => {});
    this.scheduler.register(this.name, (e) => this.fire(e));
  }

  /** Replaces the output sink. */
  setOutput(sink: (byte: number) => void): void {
    this.output = sink;
  }

  /** Host input: queued, then moved into the receive FIFO as room appears. */
  input(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.hostQueue.push((bytes[i] as number) & 0xff);
    this.pumpHostInput();
  }

  /** Host bytes not yet in the receive FIFO. */
  get hostInputPending(): number {
    return this.hostQueue.length;
  }

  read(offset: number, size: AccessSize, _cpu: number): number | undefined {
    const d = this.decode(offset, size);
    if (d === undefined) return undefined;
    return d < 0 ? 0 : this.readRegister(offset >>> this.regShift, true) << d;
  }

  peek(offset: number, size: AccessSize, _cpu: number): number | undefined {
    const d = this.decode(offset, size);
    if (d === undefined) return undefined;
    return d < 0 ? 0 : this.readRegister(offset >>> this.regShift, false) << d;
  }

  write(offset: number, size: AccessSize, value: number, _cpu: number): boolean {
    const d = this.decode(offset, size);
    if (d === undefined) return false;
    if (d >= 0) this.writeRegister(offset >>> this.regShift, (value >>> d) & 0xff);
    return true;
  }

  /**
   * Where the register byte lies in an access: the left shift of the register value within
   * the accessed value; -1 when the access touches only bytes outside the register (reads 0,
   * writes ignored); undefined for a bus error (misaligned, or straddling registers).
   */
  private decode(offset: number, size: AccessSize): number | undefined {
    if (offset & (size - 1) || offset + size > this.size) return undefined;
    const inSlot = offset & ((1 << this.regShift) - 1);
    if (inSlot + size > 1 << this.regShift) return undefined;
    if (inSlot >= this.width) return -1;
    if (inSlot + size > this.width) return undefined;
    const low = this.bigEndian ? this.width - 1 : 0;
    if (low < inSlot || low >= inSlot + size) return -1;
    const k = low - inSlot;
    return this.bigEndian ? (size - 1 - k) * 8 : k * 8;
  }

  private get dlab(): boolean {
    return (this.lcr & B.LCR_DLAB) !== 0;
  }

  private get loop(): boolean {
    return (this.mcr & B.MCR_LOOP) !== 0;
  }

  private get capacity(): number {
    return this.fifoEnabled ? UART_FIFO_DEPTH : 1;
  }

  private readRegister(index: number, act: boolean): number {
    switch (index) {
      case 0:
        return this.dlab ? this.dll : act ? this.popRx() : (this.rx[0] ?? 0);
      case 1:
        return this.dlab ? this.dlm : this.ier;
      case 2: {
        const id = this.interruptId();
        if (act && id === B.IIR_THRE) {
          this.thrIpending = false;
          this.updateIrq();
        }
        return id | (this.fifoEnabled ? B.IIR_FIFO_ENABLED : 0);
      }
      case 3:
        return this.lcr;
      case 4:
        return this.mcr;
      case 5: {
        const v = this.lsr();
        if (act && this.lsrErrors !== 0) {
          this.lsrErrors = 0;
          this.updateIrq();
        }
        return v;
      }
      case 6: {
        const v = this.msrStatus | this.msrDelta;
        if (act && this.msrDelta !== 0) {
          this.msrDelta = 0;
          this.updateIrq();
        }
        return v;
      }
      default:
        return this.scr;
    }
  }

  private writeRegister(index: number, v: number): void {
    switch (index) {
      case 0:
        if (this.dlab) this.dll = v;
        else this.transmit(v);
        break;
      case 1:
        if (this.dlab) this.dlm = v;
        else this.writeIer(v & 0x0f);
        break;
      case 2:
        this.writeFcr(v);
        break;
      case 3:
        this.lcr = v;
        break;
      case 4:
        this.writeMcr(v & 0x1f);
        break;
      case 7:
        this.scr = v;
        break;
      default:
        break; // LSR and MSR writes are factory-test only: ignored
    }
    this.updateIrq();
  }

  private lsr(): number {
    let v = this.lsrErrors;
    if (this.rx.length > 0) v |= B.LSR_DR;
    if (this.tx.length === 0) v |= B.LSR_THRE;
    if (this.tx.length === 0 && !this.tsrBusy) v |= B.LSR_TEMT;
    return v;
  }

  /** IIR bits 3..0: the highest-priority enabled interrupt condition. */
  private interruptId(): number {
    const ier = this.ier;
    if (ier & B.IER_ELSI && this.lsrErrors !== 0) return B.IIR_RLS;
    if (ier & B.IER_ERBFI) {
      if (this.fifoEnabled ? this.rx.length >= this.trigger : this.rx.length > 0) return B.IIR_RDA;
      if (this.fifoEnabled && this.timeoutPending) return B.IIR_CTI;
    }
    if (ier & B.IER_ETBEI && this.thrIpending) return B.IIR_THRE;
    if (ier & B.IER_EDSSI && this.msrDelta !== 0) return B.IIR_MS;
    return B.IIR_NO_INT;
  }

  private updateIrq(): void {
    this.irq?.set(this.interruptId() !== B.IIR_NO_INT);
  }

  private writeIer(v: number): void {
    const enabling = v & B.IER_ETBEI && !(this.ier & B.IER_ETBEI);
    // 16550: enabling ETBEI while THR is empty raises the THR-empty interrupt; disabling drops it.
    if (enabling && this.tx.length === 0) this.thrIpending = true;
    if (!(v & B.IER_ETBEI)) this.thrIpending = false;
    this.ier = v;
  }

  private writeFcr(v: number): void {
    const enable = (v & B.FCR_FE) !== 0;
    const toggled = enable !== this.fifoEnabled;
    this.fifoEnabled = enable;
    this.trigger = TRIGGER_LEVELS[(v & B.FCR_TRIGGER_MASK) >> 6] as number;
    if (toggled || v & B.FCR_RFR) {
      this.rx = [];
      this.restartTimeout();
    }
    if (toggled || v & B.FCR_XFR) {
      this.tx = [];
      this.thrIpending = true;
    }
    this.pumpHostInput();
  }

  private writeMcr(v: number): void {
    const wasLoop = this.loop;
    this.mcr = v;
    const s = this.loop
      ? (v & B.MCR_RTS ? B.MSR_CTS : 0) | (v & B.MCR_DTR ? B.MSR_DSR : 0) | (v & B.MCR_OUT1 ? B.MSR_RI : 0) | (v & B.MCR_OUT2 ? B.MSR_DCD : 0)
      : HOST_MODEM_INPUTS;
    const changed = s ^ this.msrStatus;
    if (changed & B.MSR_CTS) this.msrDelta |= B.MSR_DCTS;
    if (changed & B.MSR_DSR) this.msrDelta |= B.MSR_DDSR;
    if (changed & B.MSR_DCD) this.msrDelta |= B.MSR_DDCD;
    if (this.msrStatus & B.MSR_RI && !(s & B.MSR_RI)) this.msrDelta |= B.MSR_TERI;
    this.msrStatus = s;
    if (wasLoop && !this.loop) this.pumpHostInput();
  }

  /** A THR write: into the shift register if idle, else into the FIFO (lost when full). */
  private transmit(v: number): void {
    this.thrIpending = false;
    if (this.byteCycles === 0) {
      this.sendOut(v);
      this.thrIpending = true;
      return;
    }
    if (!this.tsrBusy) {
      this.tsrBusy = true;
      this.tsrByte = v;
      this.txEvent = this.scheduler.schedule(this.byteCycles, this.name, 'tx');
      this.thrIpending = true;
    } else if (this.tx.length < this.capacity) {
      this.tx.push(v);
    }
  }

  private sendOut(v: number): void {
    if (this.loop) this.receive(v);
    else this.output(v);
  }

  /** A character arrives at the receiver: into the FIFO, or an overrun when it is full. */
  private receive(v: number): void {
    if (this.rx.length >= this.capacity) {
      this.lsrErrors |= B.LSR_OE;
    } else {
      this.rx.push(v);
      this.restartTimeout();
    }
    this.updateIrq();
  }

  private popRx(): number {
    const v = this.rx.shift();
    if (v === undefined) return 0;
    this.restartTimeout();
    this.pumpHostInput();
    this.updateIrq();
    return v;
  }

  /** Restarts the 4-character timeout after receive-FIFO activity. */
  private restartTimeout(): void {
    this.timeoutPending = false;
    if (this.timeoutEvent !== 0) this.scheduler.cancel(this.timeoutEvent);
    this.timeoutEvent = this.fifoEnabled && this.rx.length > 0 ? this.scheduler.schedule(4 * this.byteCycles, this.name, 'timeout') : 0;
  }

  /** Moves host input towards the receive FIFO (now, or one character time from now). */
  private pumpHostInput(): void {
    if (this.loop || this.hostQueue.length === 0) return;
    if (this.byteCycles === 0) {
      while (this.hostQueue.length > 0 && this.rx.length < this.capacity) this.receive(this.hostQueue.shift() as number);
    } else if (this.rxEvent === 0 && this.rx.length < this.capacity) {
      this.rxEvent = this.scheduler.schedule(this.byteCycles, this.name, 'rx');
    }
  }

  private fire(e: ScheduledEvent): void {
    if (e.kind === 'tx') {
      this.txEvent = 0;
      this.sendOut(this.tsrByte);
      const next = this.tx.shift();
      if (next === undefined) {
        this.tsrBusy = false;
      } else {
        this.tsrByte = next;
        this.txEvent = this.scheduler.schedule(this.byteCycles, this.name, 'tx');
        if (this.tx.length === 0) this.thrIpending = true;
      }
    } else if (e.kind === 'rx') {
      this.rxEvent = 0;
      if (!this.loop && this.rx.length < this.capacity && this.hostQueue.length > 0) this.receive(this.hostQueue.shift() as number);
      this.pumpHostInput();
    } else {
      this.timeoutEvent = 0;
      this.timeoutPending = this.rx.length > 0;
    }
    this.updateIrq();
  }

  reset(): void {
    this.scheduler.cancelOwner(this.name);
    this.rx = [];
    this.tx = [];
    this.ier = 0;
    this.lcr = 0;
    this.mcr = 0;
    this.scr = 0;
    this.dll = 0;
    this.dlm = 0;
    this.fifoEnabled = false;
    this.trigger = 1;
    this.lsrErrors = 0;
    this.msrDelta = 0;
    this.msrStatus = HOST_MODEM_INPUTS;
    this.thrIpending = false;
    this.timeoutPending = false;
    this.tsrBusy = false;
    this.tsrByte = 0;
    this.txEvent = 0;
    this.rxEvent = 0;
    this.timeoutEvent = 0;
    this.pumpHostInput();
    this.updateIrq();
  }

  saveState(): DeviceState {
    return {
      rx: [...this.rx],
      tx: [...this.tx],
      hostQueue: [...this.hostQueue],
      regs: [this.ier, this.lcr, this.mcr, this.scr, this.dll, this.dlm, this.trigger, this.lsrErrors, this.msrDelta, this.msrStatus, this.tsrByte],
      fifoEnabled: this.fifoEnabled,
      thrIpending: this.thrIpending,
      timeoutPending: this.timeoutPending,
      tsrBusy: this.tsrBusy,
      events: [this.txEvent, this.rxEvent, this.timeoutEvent],
    };
  }

  loadState(s: DeviceState): void {
    const n = this.name;
    const regs = stateNumbers(n, s, 'regs');
    const events = stateNumbers(n, s, 'events');
    if (regs.length !== 11 || events.length !== 3) throw new DeviceStateError(n, 'has a malformed register list');
    this.rx = stateNumbers(n, s, 'rx');
    this.tx = stateNumbers(n, s, 'tx');
    this.hostQueue = stateNumbers(n, s, 'hostQueue');
    [this.ier, this.lcr, this.mcr, this.scr, this.dll, this.dlm, this.trigger, this.lsrErrors, this.msrDelta, this.msrStatus, this.tsrByte] = regs.map((x) => x | 0) as [
      number, number, number, number, number, number, number, number, number, number, number,
    ];
    this.fifoEnabled = stateBoolean(n, s, 'fifoEnabled');
    this.thrIpending = stateBoolean(n, s, 'thrIpending');
    this.timeoutPending = stateBoolean(n, s, 'timeoutPending');
    this.tsrBusy = stateBoolean(n, s, 'tsrBusy');
    [this.txEvent, this.rxEvent, this.timeoutEvent] = events as [number, number, number];
    this.updateIrq();
  }
}
