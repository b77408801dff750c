// The contract every memory-mapped device of the Disco board fulfils: a physical window, sized
// register accesses carrying the accessing CPU's number (so WHOAMI-style registers work), a
// side-effect-free peek for the debugger, reset, and JSON-safe save/restore. Also the shared
// helpers for word-register devices (sub-word reads pick a byte lane by the guest byte order)
// and for checking restored state. Register maps: docs/devices.md.

/** An access width in bytes. */
export type AccessSize = 1 | 2 | 4;

/** A JSON-safe value: what saveState returns and loadState accepts. */
export type JsonSafe = null | boolean | number | string | readonly JsonSafe[] | { readonly [key: string]: JsonSafe };

/** A device's saved state. */
export type DeviceState = { readonly [key: string]: JsonSafe };

export interface Device {
  /** Unique name on the board ("uart", "disk0"…), also its scheduler owner name. */
  readonly name: string;
  /** Physical base address of the register window. */
  readonly base: number;
  /** Size of the window in bytes. */
  readonly size: number;
  /**
   * A guest read of `size` bytes at `offset` within the window, by CPU `cpu`. Returns the value
   * (the low size×8 bits, unsigned), or undefined for a bus error (the CPU raises DBE).
   */
  read(offset: number, size: AccessSize, cpu: number): number | undefined;
  /** A guest write; false for a bus error. */
  write(offset: number, size: AccessSize, value: number, cpu: number): boolean;
  /** What read would return, without any side effect (no FIFO pop, no status clear). */
  peek(offset: number, size: AccessSize, cpu: number): number | undefined;
  /** Back to the power-on state (host attachments such as images and links are kept). */
  reset(): void;
  saveState(): DeviceState;
  loadState(state: DeviceState): void;
}

/**
 * The lane of a `size`-byte access at `offset` inside the 32-bit register `word`: the bytes a
 * guest of the given byte order sees at those addresses.
 */
export function wordLane(word: number, offset: number, size: AccessSize, bigEndian: boolean): number {
  if (size === 4) return word >>> 0;
  const k = offset & 3;
  const shift = bigEndian ? (4 - size - k) * 8 : k * 8;
  return (word >>> shift) & (size === 1 ? 0xff : 0xffff);
}

/**
 * A device whose registers are 32-bit words whose reads have no side effects (every device of
 * the board except the UART). Sub-word reads return a lane of the word; writes must be whole
 * aligned words, anything else is a bus error. Offsets a device does not decode are bus errors.
 */
export abstract class WordRegisterDevice implements Device {
  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    protected readonly bigEndian: boolean,
  ) {}

  /** The register at a word-aligned offset, or undefined if the offset is not decoded. */
  protected abstract readWord(offset: number, cpu: number): number | undefined;
  /** Writes the register at a word-aligned offset; false if it is not decoded or not writable. */
  protected abstract writeWord(offset: number, value: number, cpu: number): boolean;
  abstract reset(): void;
  abstract saveState(): DeviceState;
  abstract loadState(state: DeviceState): void;

  read(offset: number, size: AccessSize, cpu: number): number | undefined {
    if (offset & (size - 1)) return undefined;
    const w = this.readWord(offset & ~3, cpu);
    return w === undefined ? undefined : wordLane(w, offset, size, this.bigEndian);
  }

  peek(offset: number, size: AccessSize, cpu: number): number | undefined {
    return this.read(offset, size, cpu);
  }

  write(offset: number, size: AccessSize, value: number, cpu: number): boolean {
    if (size !== 4 || offset & 3) return false;
    return this.writeWord(offset, value >>> 0, cpu);
  }
}

/** Thrown by loadState when a saved state does not have the expected shape. */
export class DeviceStateError extends Error {
  constructor(device: string, what: string) {
    super(`${device}: saved state ${what}`);
    this.name = 'DeviceStateError';
  }
}

/** Reads a numeric field of a saved state. */
export function stateNumber(device: string, s: DeviceState, key: string): number {
  const v = s[key];
  if (typeof v !== 'number') throw new DeviceStateError(device, `lacks number "${key}"`);
  return v;
}

/** Reads a boolean field of a saved state. */
export function stateBoolean(device: string, s: DeviceState, key: string): boolean {
  const v = s[key];
  if (typeof v !== 'boolean') throw new DeviceStateError(device, `lacks boolean "${key}"`);
  return v;
}

/** Reads an array-of-numbers field of a saved state (a copy: the state stays untouched). */
export function stateNumbers(device: string, s: DeviceState, key: string): number[] {
  const v = s[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new DeviceStateError(device, `lacks number list "${key}"`);
  return [...(v as number[])];
}

/** Reads an object field of a saved state. */
export function stateObject(device: string, s: DeviceState, key: string): DeviceState {
  const v = s[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DeviceStateError(device, `lacks object "${key}"`);
  return v as DeviceState;
}

/** Bytes as a lowercase hex string (frames and buffers in saved states). */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The inverse of bytesToHex. */
export function hexToBytes(device: string, hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new DeviceStateError(device, 'holds a malformed byte string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
