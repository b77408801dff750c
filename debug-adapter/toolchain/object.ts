// The relocatable object model: what the assembler produces for one source file
// and what the linker consumes (together with objects read from ELF .o files).
// It mirrors an ELF32 relocatable object closely enough to be written as one.

import type { SourceLocation } from '../util/diagnostic';

export type Endian = 'big' | 'little';

/** MIPS o32 relocation types (System V ABI MIPS supplement), by their ELF names. */
export type RelocType =
  | 'R_MIPS_16'
  | 'R_MIPS_32'
  | 'R_MIPS_REL32'
  | 'R_MIPS_26'
  | 'R_MIPS_HI16'
  | 'R_MIPS_LO16'
  | 'R_MIPS_GPREL16'
  | 'R_MIPS_GOT16'
  | 'R_MIPS_PC16'
  | 'R_MIPS_CALL16'
  | 'R_MIPS_GPREL32';

export const RELOC_NUMBERS: Readonly<Record<RelocType, number>> = {
  R_MIPS_16: 1,
  R_MIPS_32: 2,
  R_MIPS_REL32: 3,
  R_MIPS_26: 4,
  R_MIPS_HI16: 5,
  R_MIPS_LO16: 6,
  R_MIPS_GPREL16: 7,
  R_MIPS_GOT16: 9,
  R_MIPS_PC16: 10,
  R_MIPS_CALL16: 11,
  R_MIPS_GPREL32: 12,
};

/** A place in a section whose final bytes depend on a symbol's address. */
export interface Fixup {
  /** Byte offset of the field's 32-bit (or 16-bit for R_MIPS_16) word in the section. */
  readonly offset: number;
  readonly type: RelocType;
  /** The symbol the field refers to; section-relative references name the section's symbol (e.g. '.text'). */
  readonly symbol: string;
  /** Added to the symbol's address (RELA-style: the linker does not read the addend from the field). */
  readonly addend: number;
  /** Where in the source the reference was written, for link errors (undefined symbol, out of range). */
  readonly loc?: SourceLocation;
}

export interface ObjSection {
  readonly name: string;
  /** 'nobits' sections (.bss) occupy no file space; their data holds zeros only for size. */
  readonly kind: 'progbits' | 'nobits';
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  /** Alignment in bytes (a power of two). */
  readonly align: number;
  readonly data: Uint8Array;
  readonly fixups: readonly Fixup[];
}

export type SymbolBinding = 'local' | 'global' | 'weak';
export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file';

export interface ObjSymbol {
  readonly name: string;
  /** The defining section; 'abs' for absolute values (.equ), undefined for an external reference. */
  readonly section: string | 'abs' | undefined;
  /** Offset in the section, or the value for 'abs'. */
  readonly value: number;
  readonly size: number;
  readonly binding: SymbolBinding;
  readonly type: SymbolType;
}

/** One row of the line table: the instruction at `offset` of `section` came from file:line. */
export interface LineRow {
  readonly section: string;
  readonly offset: number;
  readonly file: string;
  readonly line: number;
}

export interface ObjectFile {
  /** The source (or .o) this object came from, for messages. */
  readonly name: string;
  readonly endian: Endian;
  readonly sections: readonly ObjSection[];
  readonly symbols: readonly ObjSymbol[];
  readonly lines: readonly LineRow[];
  /** ELF e_entry request from the source, if any (e.g. the `__start` convention is the linker's). */
  readonly entry?: string;
  /** ELF e_flags of an object read from a file (EF_MIPS_NOREORDER, arch and ABI bits), passed on by the linker. */
  readonly flags?: number;
}
