// Device DMA into machine memory. Every transfer is bounds-checked against RAM (a transfer
// reaching outside it, or into the I/O hole, fails and the device reports an error status, the emulator never crashes)
// and goes through PhysicalMemory's byte copies, which keep the guest byte order and drop
// compiled code on the pages written. An observer sees each transfer (watchpoints on DMA
// writes, the machine-memory view).

/** What DMA needs of machine memory (PhysicalMemory provides it). */
export interface DmaMemory {
  readonly size: number;
  /** True if [pa, pa+len) is RAM (inside memory and clear of the board's I/O hole). */
  isRam(pa: number, len: number): boolean;
  /** Guest bytes at [pa, pa+len), side-effect free. */
  readBytes(pa: number, len: number): Uint8Array;
  /** Writes guest bytes at pa, invalidating compiled code there. */
  writeBytes(pa: number, data: Uint8Array): void;
}

/** One DMA transfer as an observer sees it (after it happened). */
export interface DmaTransfer {
  readonly device: string;
  readonly pa: number;
  readonly length: number;
  /** True when the device wrote memory. */
  readonly toMemory: boolean;
}

export type DmaObserver = (transfer: DmaTransfer) => void;

export class DmaEngine {
  private readonly observers: DmaObserver[] = [];

  constructor(readonly memory: DmaMemory) {}

  /** Registers an observer of every successful transfer. */
  onTransfer(observer: DmaObserver): void {
    this.observers.push(observer);
  }

  /** True if [pa, pa+len) lies inside RAM. */
  inRange(pa: number, len: number): boolean {
    return Number.isInteger(pa) && Number.isInteger(len) && this.memory.isRam(pa, len);
  }

  /** Device reads memory; undefined if the range leaves RAM. */
  read(device: string, pa: number, len: number): Uint8Array | undefined {
    if (!this.inRange(pa, len)) return undefined;
    const data = this.memory.readBytes(pa, len);
    this.notify({ device, pa, length: len, toMemory: false });
    return data;
  }

  /** Device writes memory; false (and nothing written) if the range leaves RAM. */
  write(device: string, pa: number, data: Uint8Array): boolean {
    if (!this.inRange(pa, data.length)) return false;
    this.memory.writeBytes(pa, data);
    this.notify({ device, pa, length: data.length, toMemory: true });
    return true;
  }

  private notify(t: DmaTransfer): void {
    for (const o of this.observers) o(t);
  }
}
