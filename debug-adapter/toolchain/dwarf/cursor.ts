// A bounds-checked reading cursor over one DWARF section (DWARF 5 §7.6 LEB128,
// §7.4 32- and 64-bit formats). Errors name the file and the absolute file offset.

import type { Endian } from '../object';
import { binaryError } from '../elf/byteView';
import type { UserError } from '../../util/diagnostic';

const utf8 = new TextDecoder('utf-8');

/** Where a section's bytes came from, for messages. */
export interface SectionOrigin {
  readonly fileName: string;
  readonly sectionName: string;
  /** File offset of the section's first byte. */
  readonly fileOffset: number;
}

export class DwarfCursor {
  private readonly dv: DataView;
  private readonly little: boolean;
  /** Current position, relative to the start of the section. */
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly endian: Endian,
    readonly origin: SectionOrigin,
    start = 0,
    /** Reads may not go past this section-relative offset. */
    public limit = bytes.length,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = endian === 'little';
    this.pos = start;
  }

  /** An error at section offset `at` (default: the current position). */
  error(message: string, at = this.pos): UserError {
    return binaryError(this.origin.fileName, this.origin.fileOffset + at, `${this.origin.sectionName}+0x${at.toString(16)}: ${message}`);
  }

  get atEnd(): boolean {
    return this.pos >= this.limit;
  }

  private need(n: number, what: string): number {
    const at = this.pos;
    if (n < 0 || at + n > this.limit) throw this.error(`${what} runs past the end of its unit`, at);
    this.pos += n;
    return at;
  }

  u8(what: string): number {
    return this.dv.getUint8(this.need(1, what));
  }

  s8(what: string): number {
    return this.dv.getInt8(this.need(1, what));
  }

  u16(what: string): number {
    return this.dv.getUint16(this.need(2, what), this.little);
  }

  u32(what: string): number {
    return this.dv.getUint32(this.need(4, what), this.little);
  }

  /** A 64-bit value; values that do not fit a double exactly are an error. */
  u64(what: string): number {
    const at = this.need(8, what);
    const lo = this.dv.getUint32(at + (this.little ? 0 : 4), this.little);
    const hi = this.dv.getUint32(at + (this.little ? 4 : 0), this.little);
    if (hi >= 0x200000) throw this.error(`${what} 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is too large`, at);
    return hi * 0x100000000 + lo;
  }

  /** An unsigned value of `size` bytes (1, 2, 4 or 8). */
  unsigned(size: number, what: string): number {
    switch (size) {
      case 1:
        return this.u8(what);
      case 2:
        return this.u16(what);
      case 4:
        return this.u32(what);
      case 8:
        return this.u64(what);
      default:
        throw this.error(`unsupported ${size}-byte ${what}`);
    }
  }

  uleb(what: string): number {
    const at = this.pos;
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8(what);
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) break;
      if (scale > 2 ** 56) throw this.error(`${what} LEB128 value is too large`, at);
    }
    if (result > Number.MAX_SAFE_INTEGER) throw this.error(`${what} LEB128 value is too large`, at);
    return result;
  }

  sleb(what: string): number {
    const at = this.pos;
    let result = 0;
    let scale = 1;
    let b: number;
    do {
      b = this.u8(what);
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (scale > 2 ** 56 && b & 0x80) throw this.error(`${what} LEB128 value is too large`, at);
    } while (b & 0x80);
    if (b & 0x40) result -= scale;
    if (!Number.isSafeInteger(result)) throw this.error(`${what} LEB128 value is too large`, at);
    return result;
  }

  /** A NUL-terminated string within the current limit. */
  cstring(what: string): string {
    const at = this.pos;
    const nul = this.bytes.indexOf(0, at);
    if (nul < 0 || nul >= this.limit) throw this.error(`${what} is not NUL-terminated`, at);
    this.pos = nul + 1;
    return utf8.decode(this.bytes.subarray(at, nul));
  }

  skip(n: number, what: string): void {
    this.need(n, what);
  }

  block(n: number, what: string): Uint8Array {
    const at = this.need(n, what);
    return this.bytes.subarray(at, at + n);
  }
}

/** The NUL-terminated string at `offset` of a string section (.debug_str, .debug_line_str). */
export function stringAt(section: Uint8Array, offset: number, origin: SectionOrigin, what: string): string {
  if (offset >= section.length) {
    throw binaryError(origin.fileName, origin.fileOffset, `${what}: offset 0x${offset.toString(16)} is outside ${origin.sectionName} (${section.length} bytes)`);
  }
  const nul = section.indexOf(0, offset);
  if (nul < 0) throw binaryError(origin.fileName, origin.fileOffset + offset, `${what} in ${origin.sectionName} is not NUL-terminated`);
  return utf8.decode(section.subarray(offset, nul));
}
