// The in-memory model of an ELF32 MIPS file as the reader returns it: header fields,
// program headers, section headers with their bytes, and the .symtab symbols.
// Numeric fields keep their raw ELF values; names come from constants.ts.

import type { Endian } from '../object';

export type ElfType = 'rel' | 'exec' | 'dyn';

export interface ElfSegment {
  /** p_type (PT_LOAD = 1, …). */
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  /** p_flags: PF_R | PF_W | PF_X. */
  readonly flags: number;
  readonly align: number;
  /** The filesz bytes the segment loads from the file. */
  readonly data: Uint8Array;
}

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  /** sh_type (SHT_PROGBITS = 1, SHT_NOBITS = 8, …). */
  readonly type: number;
  /** sh_flags: SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR … */
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
  /** The section's bytes in the file; empty for SHT_NOBITS (whose size is still `size`). */
  readonly data: Uint8Array;
}

export type ElfSymbolBind = 'local' | 'global' | 'weak' | 'other';
export type ElfSymbolType = 'notype' | 'object' | 'func' | 'section' | 'file' | 'common' | 'tls' | 'other';

export interface ElfSymbol {
  /** Position in .symtab (0 is the null symbol, which is not listed). */
  readonly index: number;
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly bind: ElfSymbolBind;
  readonly type: ElfSymbolType;
  /** Raw st_info and st_other. */
  readonly info: number;
  readonly other: number;
  /** st_shndx: a section index, or SHN_UNDEF / SHN_ABS / SHN_COMMON / a processor-specific index. */
  readonly sectionIndex: number;
  /** Name of the defining section when st_shndx is an ordinary section index. */
  readonly sectionName: string | undefined;
}

export interface ElfFile {
  readonly fileName: string;
  readonly endian: Endian;
  readonly type: ElfType;
  /** e_machine; always EM_MIPS (8) for a file the reader accepts. */
  readonly machine: number;
  readonly flags: number;
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
  /** All section headers in index order, including the null section 0. */
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
  /** The whole file image. */
  readonly bytes: Uint8Array;
}
