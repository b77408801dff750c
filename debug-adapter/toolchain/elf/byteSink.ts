// A growable, endian-aware output buffer for writing ELF files and DWARF sections:
// appends fixed-width fields, LEB128 numbers, strings and struct-table records.

import type { Endian } from '../object';
import type { StructDef } from './structs';

export class ByteSink {
  private buf = new Uint8Array(256);
  private dv = new DataView(this.buf.buffer);
  private readonly little: boolean;
  /** Bytes written so far. */
  length = 0;

  constructor(readonly endian: Endian) {
    this.little = endian === 'little';
  }

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.dv = new DataView(next.buffer);
    }
    this.length += n;
    return at;
  }

  u8(v: number): void {
    const at = this.reserve(1);
    this.dv.setUint8(at, v);
  }

  u16(v: number): void {
    const at = this.reserve(2);
    this.dv.setUint16(at, v, this.little);
  }

  u32(v: number): void {
    const at = this.reserve(4);
    this.dv.setUint32(at, v >>> 0, this.little);
  }

  /** Overwrites a 32-bit field already written at `at`. */
  patchU32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, this.little);
  }

  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  /** A string and its terminating NUL. */
  cstring(s: string): void {
    this.bytes(new TextEncoder().encode(s));
    this.u8(0);
  }

  uleb(v: number): void {
    let n = v;
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n !== 0) b |= 0x80;
      this.u8(b);
    } while (n !== 0);
  }

  sleb(v: number): void {
    let n = v;
    for (;;) {
      const b = ((n % 128) + 128) % 128;
      n = Math.floor(n / 128);
      const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }

  /** Zero bytes up to the next multiple of `align`. */
  alignTo(align: number): void {
    const pad = (align - (this.length % align)) % align;
    this.reserve(pad);
  }

  /** Zero bytes up to absolute offset `offset` (which must not be behind the end). */
  padTo(offset: number): void {
    if (offset < this.length) throw new Error(`ByteSink.padTo(${offset}) is behind the end (${this.length})`);
    this.reserve(offset - this.length);
  }

  struct<K extends string>(def: StructDef<K>, values: Readonly<Record<K, number>>): void {
    const at = this.reserve(def.size - def.start) - def.start;
    let p = at + def.start;
    for (const [field, width] of def.fields) {
      const v = values[field];
      if (width === 1) this.dv.setUint8(p, v);
      else if (width === 2) this.dv.setUint16(p, v, this.little);
      else this.dv.setUint32(p, v >>> 0, this.little);
      p += width;
    }
  }

  /** The bytes written, as a copy of exactly `length` bytes. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
