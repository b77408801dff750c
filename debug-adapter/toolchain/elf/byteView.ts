// Bounds-checked, endian-aware access to the bytes of a binary file. Every read that
// would leave the file becomes a UserError naming the file, the byte offset and what
// was being read, so malformed input never surfaces as a RangeError.

import { UserError } from '../../util/diagnostic';
import type { Endian } from '../object';
import type { StructDef } from './structs';

/** The error for malformed binary input: `file: byte 0x1c: message`. */
export function binaryError(fileName: string, offset: number, message: string): UserError {
  return new UserError(`${fileName}: byte 0x${offset.toString(16)}: ${message}`);
}

const utf8 = new TextDecoder('utf-8');

/** Reads fixed-width unsigned fields and NUL-terminated strings from a file image. */
export class ByteView {
  private readonly dv: DataView;
  private readonly little: boolean;

  constructor(
    readonly bytes: Uint8Array,
    readonly fileName: string,
    readonly endian: Endian,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = endian === 'little';
  }

  get length(): number {
    return this.bytes.length;
  }

  /** An error located at `offset` in this file. */
  error(offset: number, message: string): UserError {
    return binaryError(this.fileName, offset, message);
  }

  /** Throws unless [offset, offset+size) lies inside the file. */
  check(offset: number, size: number, what: string): void {
    if (offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw this.error(offset, `${what} (${size} bytes) extends past the end of the file (${this.bytes.length} bytes)`);
    }
  }

  u8(offset: number, what: string): number {
    this.check(offset, 1, what);
    return this.dv.getUint8(offset);
  }

  u16(offset: number, what: string): number {
    this.check(offset, 2, what);
    return this.dv.getUint16(offset, this.little);
  }

  u32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.dv.getUint32(offset, this.little);
  }

  /** A view of [offset, offset+size), checked against the file's end. */
  slice(offset: number, size: number, what: string): Uint8Array {
    this.check(offset, size, what);
    return this.bytes.subarray(offset, offset + size);
  }

  /** The NUL-terminated string at `offset`, which must end before `limit`. */
  cstring(offset: number, limit: number, what: string): string {
    const end = Math.min(limit, this.bytes.length);
    if (offset < 0 || offset >= end) throw this.error(offset, `${what} starts outside its string table`);
    const nul = this.bytes.indexOf(0, offset);
    if (nul < 0 || nul >= end) throw this.error(offset, `${what} is not NUL-terminated inside its string table`);
    return utf8.decode(this.bytes.subarray(offset, nul));
  }

  /** Reads one structure of `def` at `offset` into a record of unsigned field values. */
  struct<K extends string>(def: StructDef<K>, offset: number): Record<K, number> {
    this.check(offset, def.size, def.name);
    const out = {} as Record<K, number>;
    let p = offset + def.start;
    for (const [field, width] of def.fields) {
      out[field] = width === 1 ? this.dv.getUint8(p) : width === 2 ? this.dv.getUint16(p, this.little) : this.dv.getUint32(p, this.little);
      p += width;
    }
    return out;
  }
}
