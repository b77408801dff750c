// Network interface with DMA. Transmit: the guest gives a frame's physical address and length
// and writes TX_CMD; after a modelled latency the frame is read by DMA and sent on the link,
// TX_DONE sets. Receive: the guest posts one buffer (RX_ADDR, RX_SIZE, RX_CMD); frames accepted
// from the link (own MAC, broadcast/multicast, or all in PROMISC) wait in a 64-frame queue
// and the oldest lands in the posted buffer after a latency, setting RX_READY and RX_LEN; the
// guest then posts again. TX_DONE/RX_READY drive the NIC line (IP4) while enabled in CONTROL.
// docs/devices.md §Network.

import { bytesToHex, type DeviceState, DeviceStateError, hexToBytes, stateNumbers, WordRegisterDevice } from './device';
import type { DmaEngine } from './dma';
import type { InterruptLine } from './interrupts';
import type { NetworkEndpoint, NetworkPort, NetworkSwitch } from './networkLink';
import type { EventScheduler, ScheduledEvent } from './scheduler';

export const NET_REGISTERS = {
  MAC_HI: 0x00,
  MAC_LO: 0x04,
  CONTROL: 0x08,
  STATUS: 0x0c,
  TX_ADDR: 0x10,
  TX_LEN: 0x14,
  TX_CMD: 0x18,
  RX_ADDR: 0x20,
  RX_SIZE: 0x24,
  RX_CMD: 0x28,
  RX_LEN: 0x2c,
  RX_QUEUED: 0x30,
  RX_DROPPED: 0x34,
  TX_FRAMES: 0x38,
  RX_FRAMES: 0x3c,
  MAX_FRAME: 0x40,
} as const;

export const NET_BITS = {
  CONTROL_RX_ENABLE: 0x1,
  CONTROL_RX_IE: 0x2,
  CONTROL_TX_IE: 0x4,
  CONTROL_PROMISC: 0x8,
  STATUS_TX_BUSY: 0x01,
  STATUS_TX_DONE: 0x02,
  STATUS_RX_POSTED: 0x04,
  STATUS_RX_READY: 0x08,
  STATUS_RX_TRUNCATED: 0x10,
  STATUS_TX_ERROR_SHIFT: 8,
  STATUS_RX_ERROR_SHIFT: 16,
  CMD_GO: 1,
  ERR_NONE: 0,
  ERR_LENGTH: 1,
  ERR_DMA: 2,
} as const;

/** Frame length limits (Ethernet header up to a VLAN-tagged frame without FCS). */
export const NET_MIN_FRAME = 14;
export const NET_MAX_FRAME = 1518;
/** Frames waiting for a posted buffer; more are dropped. */
export const NET_RX_QUEUE = 64;
/** Latency of a frame: base plus per-byte cycles, for transmit and for receive. */
export const NET_BASE_CYCLES = 1_000;
export const NET_BYTE_CYCLES = 4;

const R = NET_REGISTERS;
const K = NET_BITS;

export interface NetworkInterfaceOptions {
  readonly name: string;
  readonly base: number;
  readonly bigEndian: boolean;
  readonly dma: DmaEngine;
  readonly scheduler: EventScheduler;
  readonly irq: InterruptLine;
  /** Six bytes. */
  readonly mac: Uint8Array;
}

export class NetworkInterface extends WordRegisterDevice implements NetworkEndpoint {
  private readonly dma: DmaEngine;
  private readonly scheduler: EventScheduler;
  private readonly irq: InterruptLine;
  private readonly initialMac: Uint8Array;
  private port: NetworkPort | undefined;
  private mac: Uint8Array;
  private control = 0;
  /** STATUS flag bits (the error fields are kept apart). */
  private flags = 0;
  private txError = 0;
  private rxError = 0;
  private txAddr = 0;
  private txLen = 0;
  private rxAddr = 0;
  private rxSize = 0;
  private rxLen = 0;
  private rxDropped = 0;
  private txFrames = 0;
  private rxFrames = 0;
  private rxQueue: Uint8Array[] = [];
  /** The transmit in flight: [addr, len]. */
  private txOp: number[] = [];
  private txEvent = 0;
  private rxEvent = 0;

  constructor(o: NetworkInterfaceOptions) {
    super(o.name, o.base, 0x1000, o.bigEndian);
    if (o.mac.length !== 6) throw new RangeError(`${o.name}: a MAC address has 6 bytes`);
    this.dma = o.dma;
    this.scheduler = o.scheduler;
    this.irq = o.irq;
    this.initialMac = o.mac.slice();
    this.mac = o.mac.slice();
    this.scheduler.register(this.name, (e) => this.fire(e));
  }

  /** Connects the interface to a switch (leaving any previous one). */
  connect(link: NetworkSwitch): void {
    this.port?.detach();
    this.port = link.attach(this);
  }

  /** The current MAC address. */
  get macAddress(): Uint8Array {
    return this.mac.slice();
  }

  /** A frame arrives from the link. */
  receiveFrame(frame: Uint8Array): void {
    if (!(this.control & K.CONTROL_RX_ENABLE) || !this.accepts(frame) || this.rxQueue.length >= NET_RX_QUEUE) {
      this.rxDropped = (this.rxDropped + 1) >>> 0;
      return;
    }
    this.rxQueue.push(frame);
    this.scheduleDelivery();
  }

  private accepts(frame: Uint8Array): boolean {
    if (this.control & K.CONTROL_PROMISC) return true;
    if (frame.length < 6) return false;
    if ((frame[0] as number) & 1) return true; // broadcast and multicast
    for (let i = 0; i < 6; i++) if (frame[i] !== this.mac[i]) return false;
    return true;
  }

  private status(): number {
    return this.flags | (this.txError << K.STATUS_TX_ERROR_SHIFT) | (this.rxError << K.STATUS_RX_ERROR_SHIFT);
  }

  protected readWord(offset: number): number | undefined {
    const m = this.mac;
    switch (offset) {
      case R.MAC_HI:
        return ((m[0] as number) << 8) | (m[1] as number);
      case R.MAC_LO:
        return (((m[2] as number) << 24) | ((m[3] as number) << 16) | ((m[4] as number) << 8) | (m[5] as number)) >>> 0;
      case R.CONTROL:
        return this.control;
      case R.STATUS:
        return this.status();
      case R.TX_ADDR:
        return this.txAddr;
      case R.TX_LEN:
        return this.txLen;
      case R.RX_ADDR:
        return this.rxAddr;
      case R.RX_SIZE:
        return this.rxSize;
      case R.TX_CMD:
      case R.RX_CMD:
        return 0;
      case R.RX_LEN:
        return this.rxLen;
      case R.RX_QUEUED:
        return this.rxQueue.length;
      case R.RX_DROPPED:
        return this.rxDropped;
      case R.TX_FRAMES:
        return this.txFrames;
      case R.RX_FRAMES:
        return this.rxFrames;
      case R.MAX_FRAME:
        return NET_MAX_FRAME;
      default:
        return undefined;
    }
  }

  protected writeWord(offset: number, value: number): boolean {
    switch (offset) {
      case R.MAC_HI:
        this.mac[0] = value >>> 8;
        this.mac[1] = value;
        return true;
      case R.MAC_LO:
        this.mac.set([value >>> 24, value >>> 16, value >>> 8, value], 2);
        return true;
      case R.CONTROL:
        this.control = value & 0xf;
        break;
      case R.STATUS:
        this.flags &= ~(value & (K.STATUS_TX_DONE | K.STATUS_RX_READY | K.STATUS_RX_TRUNCATED));
        break;
      case R.TX_ADDR:
        this.txAddr = value;
        return true;
      case R.TX_LEN:
        this.txLen = value;
        return true;
      case R.TX_CMD:
        if (value & K.CMD_GO && !(this.flags & K.STATUS_TX_BUSY)) this.startTx();
        break;
      case R.RX_ADDR:
        this.rxAddr = value;
        return true;
      case R.RX_SIZE:
        this.rxSize = value;
        return true;
      case R.RX_CMD:
        if (value & K.CMD_GO) this.post();
        break;
      default:
        return false;
    }
    this.updateIrq();
    return true;
  }

  private startTx(): void {
    const len = this.txLen;
    let err: number = K.ERR_NONE;
    if (len < NET_MIN_FRAME || len > NET_MAX_FRAME) err = K.ERR_LENGTH;
    else if (!this.dma.inRange(this.txAddr, len)) err = K.ERR_DMA;
    this.flags &= ~K.STATUS_TX_DONE;
    if (err !== K.ERR_NONE) {
      this.txError = err;
      this.flags |= K.STATUS_TX_DONE;
      return;
    }
    this.txError = K.ERR_NONE;
    this.flags |= K.STATUS_TX_BUSY;
    this.txOp = [this.txAddr, len];
    this.txEvent = this.scheduler.schedule(NET_BASE_CYCLES + len * NET_BYTE_CYCLES, this.name, 'tx');
  }

  private post(): void {
    this.flags &= ~K.STATUS_RX_POSTED;
    if (this.rxSize === 0) this.rxError = K.ERR_LENGTH;
    else if (!this.dma.inRange(this.rxAddr, this.rxSize)) this.rxError = K.ERR_DMA;
    else {
      this.rxError = K.ERR_NONE;
      this.flags |= K.STATUS_RX_POSTED;
      this.scheduleDelivery();
    }
  }

  private scheduleDelivery(): void {
    const next = this.rxQueue[0];
    if (next === undefined || !(this.flags & K.STATUS_RX_POSTED) || this.rxEvent !== 0) return;
    this.rxEvent = this.scheduler.schedule(NET_BASE_CYCLES + next.length * NET_BYTE_CYCLES, this.name, 'rx');
  }

  private fire(e: ScheduledEvent): void {
    if (e.kind === 'tx') {
      this.txEvent = 0;
      const [addr, len] = this.txOp as [number, number];
      this.txOp = [];
      const frame = this.dma.read(this.name, addr, len);
      if (frame === undefined) this.txError = K.ERR_DMA;
      else {
        this.txFrames = (this.txFrames + 1) >>> 0;
        this.port?.send(frame);
      }
      this.flags = (this.flags & ~K.STATUS_TX_BUSY) | K.STATUS_TX_DONE;
    } else {
      this.rxEvent = 0;
      const frame = this.rxQueue.shift();
      if (frame !== undefined && this.flags & K.STATUS_RX_POSTED) this.deliver(frame);
      this.scheduleDelivery();
    }
    this.updateIrq();
  }

  private deliver(frame: Uint8Array): void {
    const n = Math.min(frame.length, this.rxSize);
    this.flags &= ~(K.STATUS_RX_POSTED | K.STATUS_RX_TRUNCATED);
    if (!this.dma.write(this.name, this.rxAddr, frame.subarray(0, n))) {
      this.rxError = K.ERR_DMA;
      return;
    }
    this.rxLen = frame.length;
    this.rxFrames = (this.rxFrames + 1) >>> 0;
    this.flags |= K.STATUS_RX_READY | (n < frame.length ? K.STATUS_RX_TRUNCATED : 0);
  }

  private updateIrq(): void {
    const tx = this.flags & K.STATUS_TX_DONE && this.control & K.CONTROL_TX_IE;
    const rx = this.flags & K.STATUS_RX_READY && this.control & K.CONTROL_RX_IE;
    this.irq.set(tx !== 0 || rx !== 0);
  }

  reset(): void {
    this.scheduler.cancelOwner(this.name);
    this.mac = this.initialMac.slice();
    this.control = this.flags = this.txError = this.rxError = 0;
    this.txAddr = this.txLen = this.rxAddr = this.rxSize = this.rxLen = 0;
    this.rxDropped = this.txFrames = this.rxFrames = 0;
    this.rxQueue = [];
    this.txOp = [];
    this.txEvent = this.rxEvent = 0;
    this.updateIrq();
  }

  saveState(): DeviceState {
    return {
      mac: bytesToHex(this.mac),
      regs: [this.control, this.flags, this.txError, this.rxError, this.txAddr, this.txLen, this.rxAddr, this.rxSize, this.rxLen, this.rxDropped, this.txFrames, this.rxFrames],
      rxQueue: this.rxQueue.map(bytesToHex),
      txOp: [...this.txOp],
      events: [this.txEvent, this.rxEvent],
    };
  }

  loadState(s: DeviceState): void {
    const n = this.name;
    const regs = stateNumbers(n, s, 'regs');
    const events = stateNumbers(n, s, 'events');
    const queue = s.rxQueue;
    if (typeof s.mac !== 'string' || regs.length !== 12 || events.length !== 2 || !Array.isArray(queue) || !queue.every((f) => typeof f === 'string')) {
      throw new DeviceStateError(n, 'is malformed');
    }
    const mac = hexToBytes(n, s.mac);
    if (mac.length !== 6) throw new DeviceStateError(n, 'has a bad MAC address');
    this.mac = mac;
    [this.control, this.flags, this.txError, this.rxError, this.txAddr, this.txLen, this.rxAddr, this.rxSize, this.rxLen, this.rxDropped, this.txFrames, this.rxFrames] =
      regs as [number, number, number, number, number, number, number, number, number, number, number, number];
    this.rxQueue = (queue as string[]).map((f) => hexToBytes(n, f));
    this.txOp = stateNumbers(n, s, 'txOp');
    [this.txEvent, this.rxEvent] = events as [number, number];
    this.updateIrq();
  }
}
