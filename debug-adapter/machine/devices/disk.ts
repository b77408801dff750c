// Block disk controller with DMA. The guest sets LBA, COUNT and DMA_ADDR, then writes COMMAND
// (read, write, flush). Parameters are checked at once: a bad command, a sector range beyond
// the image, a DMA range outside RAM or a write to a read-only image completes immediately
// with an error code. A good command sets BUSY and completes after a modelled latency (seek +
// per-sector cycles): the data moves by DMA at that moment, BUSY clears, DONE sets and the
// disk line (IP3) rises while CONTROL.IE is set; writing DONE to STATUS acknowledges.
// docs/devices.md §Disk.

import { type DeviceState, DeviceStateError, stateBoolean, stateNumber, stateNumbers, WordRegisterDevice } from './device';
import { SECTOR_SIZE, type DiskImage } from './diskImage';
import type { DmaEngine } from './dma';
import type { InterruptLine } from './interrupts';
import type { EventScheduler } from './scheduler';

export const DISK_REGISTERS = {
  LBA: 0x00,
  COUNT: 0x04,
  DMA_ADDR: 0x08,
  COMMAND: 0x0c,
  STATUS: 0x10,
  CONTROL: 0x14,
  CAPACITY: 0x18,
  SECTOR_SIZE: 0x1c,
  FLAGS: 0x20,
  MAX_COUNT: 0x24,
} as const;

export const DISK_BITS = {
  CMD_READ: 1,
  CMD_WRITE: 2,
  CMD_FLUSH: 3,
  STATUS_BUSY: 0x1,
  STATUS_DONE: 0x2,
  STATUS_ERROR_SHIFT: 8,
  STATUS_ERROR_MASK: 0xff00,
  CONTROL_IE: 0x1,
  FLAGS_READONLY: 0x1,
  ERR_NONE: 0,
  ERR_COMMAND: 1,
  ERR_RANGE: 2,
  ERR_DMA: 3,
  ERR_READONLY: 4,
} as const;

/** Most sectors one command may move. */
export const DISK_MAX_COUNT = 256;

/** Default latencies in cycles. */
export const DISK_SEEK_CYCLES = 10_000;
export const DISK_SECTOR_CYCLES = 1_000;
export const DISK_FLUSH_CYCLES = 5_000;

const R = DISK_REGISTERS;
const K = DISK_BITS;

export interface DiskControllerOptions {
  readonly name: string;
  readonly base: number;
  readonly bigEndian: boolean;
  readonly image: DiskImage;
  readonly dma: DmaEngine;
  readonly scheduler: EventScheduler;
  readonly irq: InterruptLine;
  readonly seekCycles?: number;
  readonly sectorCycles?: number;
  readonly flushCycles?: number;
}

export class DiskController extends WordRegisterDevice {
  readonly image: DiskImage;
  private readonly dma: DmaEngine;
  private readonly scheduler: EventScheduler;
  private readonly irq: InterruptLine;
  private readonly seekCycles: number;
  private readonly sectorCycles: number;
  private readonly flushCycles: number;
  private lba = 0;
  private count = 0;
  private dmaAddr = 0;
  private command = 0;
  private control = 0;
  private busy = false;
  private done = false;
  private error = 0;
  /** The command in flight: [command, lba, count, dmaAddr]. */
  private op: number[] = [];
  private event = 0;

  constructor(o: DiskControllerOptions) {
    super(o.name, o.base, 0x1000, o.bigEndian);
    this.image = o.image;
    this.dma = o.dma;
    this.scheduler = o.scheduler;
    this.irq = o.irq;
    this.seekCycles = o.seekCycles ?? DISK_SEEK_CYCLES;
    this.sectorCycles = o.sectorCycles ?? DISK_SECTOR_CYCLES;
    this.flushCycles = o.flushCycles ?? DISK_FLUSH_CYCLES;
    this.scheduler.register(this.name, () => this.complete());
  }

  private status(): number {
    return (this.busy ? K.STATUS_BUSY : 0) | (this.done ? K.STATUS_DONE : 0) | (this.error << K.STATUS_ERROR_SHIFT);
  }

  protected readWord(offset: number): number | undefined {
    switch (offset) {
      case R.LBA:
        return this.lba;
      case R.COUNT:
        return this.count;
      case R.DMA_ADDR:
        return this.dmaAddr;
      case R.COMMAND:
        return this.command;
      case R.STATUS:
        return this.status();
      case R.CONTROL:
        return this.control;
      case R.CAPACITY:
        return this.image.sectorCount >>> 0;
      case R.SECTOR_SIZE:
        return SECTOR_SIZE;
      case R.FLAGS:
        return this.image.readOnly ? K.FLAGS_READONLY : 0;
      case R.MAX_COUNT:
        return DISK_MAX_COUNT;
      default:
        return undefined;
    }
  }

  protected writeWord(offset: number, value: number): boolean {
    switch (offset) {
      case R.LBA:
        this.lba = value;
        return true;
      case R.COUNT:
        this.count = value;
        return true;
      case R.DMA_ADDR:
        this.dmaAddr = value;
        return true;
      case R.COMMAND:
        if (!this.busy) this.start(value);
        return true;
      case R.STATUS:
        if (value & K.STATUS_DONE) this.done = false;
        this.updateIrq();
        return true;
      case R.CONTROL:
        this.control = value & K.CONTROL_IE;
        this.updateIrq();
        return true;
      default:
        return false;
    }
  }

  /** Checks a command; starts it, or completes it at once with an error. */
  private start(cmd: number): void {
    this.command = cmd;
    let err: number = K.ERR_NONE;
    const bytes = this.count * SECTOR_SIZE;
    if (cmd !== K.CMD_READ && cmd !== K.CMD_WRITE && cmd !== K.CMD_FLUSH) err = K.ERR_COMMAND;
    else if (cmd !== K.CMD_FLUSH && (this.count === 0 || this.count > DISK_MAX_COUNT || this.lba + this.count > this.image.sectorCount)) err = K.ERR_RANGE;
    else if (cmd !== K.CMD_FLUSH && !this.dma.inRange(this.dmaAddr, bytes)) err = K.ERR_DMA;
    else if (cmd === K.CMD_WRITE && this.image.readOnly) err = K.ERR_READONLY;
    if (err !== K.ERR_NONE) {
      this.finish(err);
      return;
    }
    this.busy = true;
    this.done = false;
    this.error = K.ERR_NONE;
    this.op = [cmd, this.lba, this.count, this.dmaAddr];
    const latency = cmd === K.CMD_FLUSH ? this.flushCycles : this.seekCycles + this.count * this.sectorCycles;
    this.event = this.scheduler.schedule(latency, this.name, 'complete');
    this.updateIrq();
  }

  /** The modelled transfer time is over: move the data and signal completion. */
  private complete(): void {
    const [cmd, lba, count, addr] = this.op as [number, number, number, number];
    let err: number = K.ERR_NONE;
    if (cmd === K.CMD_READ) {
      if (!this.dma.write(this.name, addr, this.image.read(lba, count))) err = K.ERR_DMA;
    } else if (cmd === K.CMD_WRITE) {
      const data = this.dma.read(this.name, addr, count * SECTOR_SIZE);
      if (data === undefined) err = K.ERR_DMA;
      else this.image.write(lba, data);
    } else {
      this.image.flush();
    }
    this.event = 0;
    this.op = [];
    this.finish(err);
  }

  private finish(err: number): void {
    this.busy = false;
    this.done = true;
    this.error = err;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irq.set(this.done && (this.control & K.CONTROL_IE) !== 0);
  }

  reset(): void {
    this.scheduler.cancelOwner(this.name);
    this.lba = this.count = this.dmaAddr = this.command = this.control = this.error = this.event = 0;
    this.busy = this.done = false;
    this.op = [];
    this.updateIrq();
  }

  /** The image contents are not part of the state: their owner saves them. */
  saveState(): DeviceState {
    return { regs: [this.lba, this.count, this.dmaAddr, this.command, this.control, this.error], busy: this.busy, done: this.done, op: [...this.op], event: this.event };
  }

  loadState(s: DeviceState): void {
    const regs = stateNumbers(this.name, s, 'regs');
    if (regs.length !== 6) throw new DeviceStateError(this.name, 'has a malformed register list');
    [this.lba, this.count, this.dmaAddr, this.command, this.control, this.error] = regs as [number, number, number, number, number, number];
    this.busy = stateBoolean(this.name, s, 'busy');
    this.done = stateBoolean(this.name, s, 'done');
    this.op = stateNumbers(this.name, s, 'op');
    this.event = stateNumber(this.name, s, 'event');
    this.updateIrq();
  }
}
