// The MMIO bus: physical address ranges → devices. The CPU's slow path hands it every physical
// access outside RAM; an address no device decodes (or an access the device refuses) comes
// back as undefined/false so that the CPU raises the bus error (IBE for fetches, DBE for data,
// MIPS32 PRA Vol. III §6.2.9). Every access carries the accessing CPU's number. `peek` is the
// debugger's read: it never pops a FIFO or clears a status bit.

import type { AccessSize, Device, DeviceState } from './device';
import { DeviceStateError, stateObject } from './device';

export class MmioBus {
  /** Devices sorted by base address. */
  private readonly sorted: Device[] = [];
  private last: Device | undefined;

  /** Attaches a device; its window must not overlap another's. */
  attach(device: Device): void {
    const { base, size, name } = device;
    if (!Number.isInteger(base) || base < 0 || !Number.isInteger(size) || size <= 0 || base + size > 0x100000000) {
      throw new RangeError(`device ${name}: bad window 0x${base.toString(16)}+0x${size.toString(16)}`);
    }
    for (const d of this.sorted) {
      if (d.name === name) throw new Error(`device name "${name}" is already on the bus`);
      if (base < d.base + d.size && d.base < base + size) throw new Error(`device ${name} overlaps ${d.name}`);
    }
    this.sorted.push(device);
    this.sorted.sort((a, b) => a.base - b.base);
  }

  /** The attached devices in address order. */
  get devices(): readonly Device[] {
    return this.sorted;
  }

  /** The device by name. */
  device(name: string): Device | undefined {
    return this.sorted.find((d) => d.name === name);
  }

  /** The device whose window holds physical address pa (unsigned). */
  find(pa: number): Device | undefined {
    const a = pa >>> 0;
    const l = this.last;
    if (l !== undefined && a >= l.base && a < l.base + l.size) return l;
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.sorted[mid] as Device;
      if (a < d.base) hi = mid - 1;
      else if (a >= d.base + d.size) lo = mid + 1;
      else return (this.last = d);
    }
    return undefined;
  }

  private target(pa: number, size: AccessSize): Device | undefined {
    const a = pa >>> 0;
    if (a & (size - 1)) return undefined;
    const d = this.find(a);
    return d !== undefined && a + size <= d.base + d.size ? d : undefined;
  }

  /** A guest read: the value (low size×8 bits, unsigned) or undefined for a bus error. */
  read(pa: number, size: AccessSize, cpu: number): number | undefined {
    const d = this.target(pa, size);
    return d?.read((pa >>> 0) - d.base, size, cpu);
  }

  /** A guest write: false for a bus error. */
  write(pa: number, size: AccessSize, value: number, cpu: number): boolean {
    const d = this.target(pa, size);
    return d !== undefined && d.write((pa >>> 0) - d.base, size, value, cpu);
  }

  /** A side-effect-free read for debuggers (as if by CPU `cpu`). */
  peek(pa: number, size: AccessSize, cpu = 0): number | undefined {
    const d = this.target(pa, size);
    return d?.peek((pa >>> 0) - d.base, size, cpu);
  }

  /** Resets every device. */
  reset(): void {
    for (const d of this.sorted) d.reset();
  }

  /** The state of every device, by name. */
  saveState(): DeviceState {
    const out: Record<string, DeviceState> = {};
    for (const d of this.sorted) out[d.name] = d.saveState();
    return out;
  }

  loadState(s: DeviceState): void {
    for (const d of this.sorted) {
      if (!(d.name in s)) throw new DeviceStateError('bus', `lacks device "${d.name}"`);
      d.loadState(stateObject('bus', s, d.name));
    }
  }
}
