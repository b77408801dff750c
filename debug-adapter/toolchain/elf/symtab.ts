// Decoding of an ELF32 symbol table section (gABI "Symbol Table") and its linked
// string table into ElfSymbol records, with every index checked.

import { ByteView } from './byteView';
import { SHN_LORESERVE, SHT_STRTAB, SHN_UNDEF } from './constants';
import type { ElfSection, ElfSymbol, ElfSymbolBind, ElfSymbolType } from './elfTypes';
import { SYM } from './structs';

const BINDS: readonly ElfSymbolBind[] = ['local', 'global', 'weak'];
const TYPES: readonly ElfSymbolType[] = ['notype', 'object', 'func', 'section', 'file', 'common', 'tls'];

/** The string table a symbol or relocation section links to, checked to be SHT_STRTAB. */
export function linkedStringTable(view: ByteView, section: ElfSection, sections: readonly ElfSection[]): ElfSection {
  const strtab = sections[section.link];
  if (!strtab || section.link === SHN_UNDEF || strtab.type !== SHT_STRTAB) {
    throw view.error(section.offset, `section ${section.name} links to section ${section.link}, which is not a string table`);
  }
  return strtab;
}

/** Reads every symbol of `symtab` except the null entry 0. */
export function readSymbols(view: ByteView, symtab: ElfSection, sections: readonly ElfSection[]): ElfSymbol[] {
  if (symtab.entsize !== SYM.size) {
    throw view.error(symtab.offset, `symbol table ${symtab.name} has entry size ${symtab.entsize}, expected ${SYM.size}`);
  }
  if (symtab.size % SYM.size !== 0) {
    throw view.error(symtab.offset, `symbol table ${symtab.name} size ${symtab.size} is not a multiple of ${SYM.size}`);
  }
  const strtab = linkedStringTable(view, symtab, sections);
  const count = symtab.size / SYM.size;
  const out: ElfSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const at = symtab.offset + i * SYM.size;
    const s = view.struct(SYM, at);
    if (s.st_name >= strtab.size) {
      throw view.error(at, `symbol ${i} name index ${s.st_name} is outside string table ${strtab.name} (${strtab.size} bytes)`);
    }
    const name = view.cstring(strtab.offset + s.st_name, strtab.offset + strtab.size, `name of symbol ${i}`);
    const shndx = s.st_shndx;
    let sectionName: string | undefined;
    if (shndx !== SHN_UNDEF && shndx < SHN_LORESERVE) {
      const sec = sections[shndx];
      if (!sec) throw view.error(at, `symbol ${i} (${name}) refers to section ${shndx}, but there are ${sections.length} sections`);
      sectionName = sec.name;
    }
    out.push({
      index: i,
      name,
      value: s.st_value,
      size: s.st_size,
      bind: BINDS[s.st_info >> 4] ?? 'other',
      type: TYPES[s.st_info & 0xf] ?? 'other',
      info: s.st_info,
      other: s.st_other,
      sectionIndex: shndx,
      sectionName,
    });
  }
  return out;
}
