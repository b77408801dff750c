// Output sections while assembling: growable contents, the location counter, alignment, the
// relocatable fields (fixups) still to resolve and the line rows of the instructions. Section
// attributes follow GNU as' ELF defaults for the well-known names (.text "ax", .data "aw", …).

import type { SourceLocation } from '../../util/diagnostic';
import type { Endian, RelocType } from '../object';
import type { Expr } from './expr';

export interface SectionFlags {
  alloc: boolean;
  write: boolean;
  exec: boolean;
}

/** A field whose contents depend on an expression not known when it was emitted. */
export interface PendingFixup {
  /** Byte offset of the (32-bit, or data-sized) field; moves when a delay-slot swap moves its instruction. */
  offset: number;
  readonly type: RelocType;
  /** Field size in bytes for data fixups (1, 2, 4); instructions use 4. */
  readonly size: number;
  readonly expr: Expr;
  readonly loc: SourceLocation;
  /** Location counter context for `.` inside expr is already folded in; nothing else to carry. */
}

export class Section {
  private buf = new Uint8Array(256);
  size = 0;
  align: number;
  readonly fixups: PendingFixup[] = [];
  /** Line rows of the instructions (offsets move with delay-slot swaps). */
  readonly lines: Array<{ offset: number; readonly file: string; readonly line: number }> = [];

  constructor(
    readonly name: string,
    readonly kind: 'progbits' | 'nobits',
    readonly flags: SectionFlags,
    align: number,
  ) {
    this.align = align;
  }

  private ensure(n: number): void {
    if (n <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.size));
    this.buf = nb;
  }

  /** Appends bytes at the location counter. */
  append(bytes: ArrayLike<number>): void {
    this.ensure(this.size + bytes.length);
    this.buf.set(bytes, this.size);
    this.size += bytes.length;
  }

  /** Appends n copies of a fill pattern (default zero bytes). */
  appendFill(n: number, pattern: ArrayLike<number> = [0]): void {
    this.ensure(this.size + n);
    for (let i = 0; i < n; i++) this.buf[this.size + i] = pattern[i % pattern.length] as number;
    this.size += n;
  }

  byteAt(offset: number): number {
    return this.buf[offset] ?? 0;
  }

  setByte(offset: number, v: number): void {
    this.ensure(offset + 1);
    this.buf[offset] = v & 0xff;
  }

  /** Writes an integer of `size` bytes at offset in the given byte order. */
  writeInt(offset: number, size: number, value: number, endian: Endian): void {
    for (let i = 0; i < size; i++) {
      const shift = endian === 'big' ? (size - 1 - i) * 8 : i * 8;
      this.setByte(offset + i, Number((BigInt(value) >> BigInt(shift)) & 0xffn));
    }
  }

  readWord(offset: number, endian: Endian): number {
    let v = 0;
    for (let i = 0; i < 4; i++) v = v * 256 + this.byteAt(endian === 'big' ? offset + i : offset + 3 - i);
    return v >>> 0;
  }

  contents(): Uint8Array {
    return this.buf.slice(0, this.size);
  }
}

const KNOWN: ReadonlyArray<readonly [RegExp, 'progbits' | 'nobits', string]> = [
  [/^\.text(\..*)?$/, 'progbits', 'ax'],
  [/^\.(s?data|rodata|sdata2|srdata)(\..*)?$/, 'progbits', 'aw'],
  [/^\.(s?bss|tbss)(\..*)?$/, 'nobits', 'aw'],
  [/^\.(init|fini)$/, 'progbits', 'ax'],
  [/^\.(lit4|lit8|lita)$/, 'progbits', 'aw'],
];

/** GNU as' default type and flags for a section name given without attributes. */
export function defaultSectionAttributes(name: string): { kind: 'progbits' | 'nobits'; flags: SectionFlags } {
  for (const [re, kind, f] of KNOWN) {
    if (re.test(name)) {
      const flags = parseFlagLetters(f);
      if (/^\.rodata/.test(name)) flags.write = false;
      return { kind, flags };
    }
  }
  return { kind: 'progbits', flags: { alloc: false, write: false, exec: false } };
}

/** Flags from a `.section` flag string such as "ax" or "aw". Unknown letters are ignored. */
export function parseFlagLetters(s: string): SectionFlags {
  return { alloc: s.includes('a'), write: s.includes('w'), exec: s.includes('x') };
}

/** Sections whose data gas addresses off $gp (small data, -G 8). */
export function isSmallDataSection(name: string): boolean {
  return /^\.(sdata|sbss)(\..*)?$/.test(name) || name.startsWith('.gnu.linkonce.s');
}
