// Builds .symtab and .strtab contents (gABI "Symbol Table"): the null symbol, then
// local symbols, then global and weak ones, as sh_info requires.

import type { Endian } from '../object';
import { ByteSink } from './byteSink';
import * as C from './constants';
import { SYM } from './structs';

export interface WriterSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly bind: 'local' | 'global' | 'weak';
  readonly type: 'notype' | 'object' | 'func' | 'section' | 'file';
  /** Defining section name, 'abs' for an absolute value, undefined for an undefined symbol. */
  readonly section: string | undefined;
}

const BIND = { local: C.STB_LOCAL, global: C.STB_GLOBAL, weak: C.STB_WEAK } as const;
const TYPE = { notype: C.STT_NOTYPE, object: C.STT_OBJECT, func: C.STT_FUNC, section: C.STT_SECTION, file: C.STT_FILE } as const;

export interface BuiltSymbolTable {
  readonly symtab: Uint8Array;
  readonly strtab: Uint8Array;
  /** Index of the first non-local symbol (the symtab's sh_info). */
  readonly firstGlobal: number;
  /** Symbol name → index in the table (for relocation entries). */
  readonly indexOf: ReadonlyMap<WriterSymbol, number>;
}

export function buildSymbolTable(endian: Endian, symbols: readonly WriterSymbol[], sectionIndex: (name: string) => number): BuiltSymbolTable {
  const ordered = [...symbols.filter((s) => s.bind === 'local'), ...symbols.filter((s) => s.bind !== 'local')];
  const strings = new ByteSink(endian);
  strings.u8(0);
  const nameOffset = new Map<string, number>([['', 0]]);
  const sink = new ByteSink(endian);
  sink.struct(SYM, { st_name: 0, st_value: 0, st_size: 0, st_info: 0, st_other: 0, st_shndx: 0 });
  const indexOf = new Map<WriterSymbol, number>();
  for (const [i, s] of ordered.entries()) {
    let off = nameOffset.get(s.name);
    if (off === undefined) {
      off = strings.length;
      nameOffset.set(s.name, off);
      strings.cstring(s.name);
    }
    const shndx = s.section === undefined ? C.SHN_UNDEF : s.section === 'abs' ? C.SHN_ABS : sectionIndex(s.section);
    sink.struct(SYM, { st_name: off, st_value: s.value, st_size: s.size, st_info: (BIND[s.bind] << 4) | TYPE[s.type], st_other: 0, st_shndx: shndx });
    indexOf.set(s, i + 1);
  }
  return { symtab: sink.finish(), strtab: strings.finish(), firstGlobal: 1 + symbols.filter((s) => s.bind === 'local').length, indexOf };
}
