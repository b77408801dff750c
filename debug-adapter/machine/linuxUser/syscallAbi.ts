// The context a system call implementation gets: its process, the guest memory accessors that
// turn bad pointers into EFAULT, and little helpers to write guest-endian integers.

import type { UserAddressSpace } from './userAddressSpace';

/** A syscall's result: a value, or a negated errno. */
export type SyscallResult = number;

/** Serialises 32/64-bit integers in the guest's byte order. */
export class GuestStruct {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(
    size: number,
    private readonly big: boolean,
  ) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u32(at: number, v: number): this {
    this.view.setUint32(at, v >>> 0, !this.big);
    return this;
  }

  u16(at: number, v: number): this {
    this.view.setUint16(at, v & 0xffff, !this.big);
    return this;
  }

  u64(at: number, v: number): this {
    const hi = Math.floor(v / 4294967296);
    const lo = v - hi * 4294967296;
    if (this.big) {
      this.view.setUint32(at, hi >>> 0);
      this.view.setUint32(at + 4, lo >>> 0);
    } else {
      this.view.setUint32(at, lo >>> 0, true);
      this.view.setUint32(at + 4, hi >>> 0, true);
    }
    return this;
  }

  str(at: number, s: string, max: number): this {
    const b = new TextEncoder().encode(s).subarray(0, max - 1);
    this.bytes.set(b, at);
    return this;
  }
}

/** Reads a guest-endian u32 from bytes. */
export function readU32(bytes: Uint8Array, at: number, big: boolean): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, !big);
}

/** Reads a guest u32 at va; undefined = EFAULT. */
export function guestU32(space: UserAddressSpace, va: number): number | undefined {
  const b = space.read(va, 4);
  return b ? readU32(b, 0, space.memory.bigEndian) : undefined;
}
