// The linker's result: a linked executable image with final addresses, symbols and
// line rows, ready to be loaded into emulated memory or written as an ELF32 file.

import type { Endian, SymbolBinding, SymbolType } from '../object';

export interface ImageSection {
  readonly name: string;
  readonly kind: 'progbits' | 'nobits';
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  /** Contents for progbits (size bytes); empty for nobits, which loads as zeros. */
  readonly data: Uint8Array;
}

export interface ImageSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly binding: SymbolBinding;
  readonly type: SymbolType;
  /** Output section name, or 'abs' for an absolute symbol. */
  readonly section: string | 'abs';
}

/** The instruction at `address` came from file:line. */
export interface ImageLine {
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

export interface LinkedImage {
  readonly endian: Endian;
  readonly entry: number;
  /** ELF e_flags merged from the inputs that carry them, as GNU ld merges them; undefined if none do. */
  readonly flags?: number;
  /** Output sections by ascending address. */
  readonly sections: readonly ImageSection[];
  readonly symbols: readonly ImageSymbol[];
  /** Line rows by ascending address. */
  readonly lines: readonly ImageLine[];
}

export interface LinkOptions {
  /** Start of .text when no script is given (default 0x00400000, like ld's static default without headers). */
  readonly textAddress?: number;
  /** Start of .data; by default the next 64 KiB page plus the offset within the page, like ld. */
  readonly dataAddress?: number;
  /** Entry symbol or address; default: script ENTRY, then `__start`, `_start`, then the start of .text. */
  readonly entry?: string | number;
  /** Required output byte order; every object must match it. Default: that of the first object. */
  readonly endian?: Endian;
  /** A linker script and the name it is reported under. */
  readonly script?: { readonly text: string; readonly fileName: string };
}
