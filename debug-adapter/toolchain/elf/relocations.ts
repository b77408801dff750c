// Relocation entries of a relocatable ELF32 MIPS object (gABI "Relocation", MIPS
// psABI o32): decodes SHT_REL/SHT_RELA sections and turns o32's implicit REL addends
// (stored in the relocated field, HI16 paired with the following LO16) into explicit ones.

import { RELOC_NUMBERS, type Fixup, type RelocType } from '../object';
import type { ByteView } from './byteView';
import * as C from './constants';
import type { ElfSection, ElfSymbol } from './elfTypes';
import { REL, RELA } from './structs';

const RELOC_BY_NUMBER = new Map<number, RelocType>(Object.entries(RELOC_NUMBERS).map(([name, n]) => [n, name as RelocType]));
const R_MIPS_NONE = 0;

interface RawReloc {
  readonly at: number;
  readonly offset: number;
  readonly type: RelocType;
  readonly symIndex: number;
  readonly explicitAddend: number | undefined;
}

const sext16 = (v: number) => ((v & 0xffff) ^ 0x8000) - 0x8000;

function readRaw(view: ByteView, rel: ElfSection): RawReloc[] {
  const isRela = rel.type === C.SHT_RELA;
  const def = isRela ? RELA : REL;
  if (rel.entsize !== def.size) throw view.error(rel.offset, `relocation section ${rel.name} has entry size ${rel.entsize}, expected ${def.size}`);
  if (rel.size % def.size !== 0) throw view.error(rel.offset, `relocation section ${rel.name} size ${rel.size} is not a multiple of ${def.size}`);
  const out: RawReloc[] = [];
  for (let at = rel.offset; at < rel.offset + rel.size; at += def.size) {
    const r = view.struct(REL, at);
    const typeNumber = r.r_info & 0xff;
    if (typeNumber === R_MIPS_NONE) continue;
    const type = RELOC_BY_NUMBER.get(typeNumber);
    if (!type) throw view.error(at, `unsupported relocation type ${typeNumber} in ${rel.name}`);
    const explicitAddend = isRela ? view.u32(at + 8, 'r_addend') | 0 : undefined;
    out.push({ at, offset: r.r_offset, type, symIndex: r.r_info >>> 8, explicitAddend });
  }
  return out;
}

/** Resolves a relocation's symbol to the name a Fixup uses (a section symbol becomes its section's name). */
export type SymbolNamer = (symIndex: number, at: number) => { readonly name: string; readonly local: boolean };

/** The fixups a relocation section applies to `target`, with explicit addends. */
export function readFixups(view: ByteView, rel: ElfSection, target: ElfSection, nameOf: SymbolNamer): Fixup[] {
  const raw = readRaw(view, rel);
  const field = (r: RawReloc, size: 2 | 4): number => {
    if (r.offset + size > target.size) {
      throw view.error(r.at, `relocation offset 0x${r.offset.toString(16)} is outside section ${target.name} (${target.size} bytes)`);
    }
    return size === 2 ? view.u16(target.offset + r.offset, 'relocated field') : view.u32(target.offset + r.offset, 'relocated field');
  };
  return raw.map((r, i) => {
    const sym = nameOf(r.symIndex, r.at);
    let addend = r.explicitAddend;
    if (addend === undefined) {
      switch (r.type) {
        case 'R_MIPS_16':
          addend = sext16(field(r, 2));
          break;
        case 'R_MIPS_26': {
          const a = (field(r, 4) & 0x3ffffff) * 4;
          addend = sym.local ? a : a >= 0x8000000 ? a - 0x10000000 : a;
          break;
        }
        case 'R_MIPS_HI16': {
          const lo = raw.slice(i + 1).find((x) => x.type === 'R_MIPS_LO16' && x.symIndex === r.symIndex);
          if (!lo) throw view.error(r.at, `R_MIPS_HI16 at ${target.name}+0x${r.offset.toString(16)} has no matching R_MIPS_LO16`);
          addend = (field(r, 4) & 0xffff) * 0x10000 + sext16(field(lo, 4));
          break;
        }
        case 'R_MIPS_PC16':
          addend = sext16(field(r, 4)) * 4;
          break;
        case 'R_MIPS_LO16':
        case 'R_MIPS_GPREL16':
        case 'R_MIPS_GOT16':
        case 'R_MIPS_CALL16':
          addend = sext16(field(r, 4));
          break;
        default:
          addend = field(r, 4) | 0;
      }
    }
    return { offset: r.offset, type: r.type, symbol: sym.name, addend };
  });
}

/** Symbol-name resolution for relocations over a symbol list indexed like .symtab. */
export function symbolNamer(view: ByteView, symbols: readonly ElfSymbol[]): SymbolNamer {
  return (symIndex, at) => {
    const s = symbols[symIndex - 1];
    if (!s || symIndex === 0) throw view.error(at, `relocation refers to symbol ${symIndex}, but the symbol table has ${symbols.length + 1} entries`);
    if (s.type === 'section') {
      if (s.sectionName === undefined) throw view.error(at, `relocation refers to section symbol ${symIndex} without a section`);
      return { name: s.sectionName, local: true };
    }
    return { name: s.name, local: s.bind === 'local' };
  };
}
