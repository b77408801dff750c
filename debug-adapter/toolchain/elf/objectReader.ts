// Reads a relocatable ELF32 MIPS object (as written by GNU as) into the linker's
// ObjectFile model: allocated sections with their fixups, symbols, and line rows
// from .debug_line placed by the relocations of .rel.debug_line.

import type { Fixup, LineRow, ObjSection, ObjSymbol, ObjectFile, SymbolType } from '../object';
import { readDebugLine } from '../dwarf/lineProgram';
import { ByteView, binaryError } from './byteView';
import * as C from './constants';
import { findSection, readElf, type ElfFile } from './elfFile';
import type { ElfSection, ElfSymbol } from './elfTypes';
import { readFixups, symbolNamer } from './relocations';

/** MIPS psABI special section indexes for small and all common symbols. */
const SHN_MIPS_ACOMMON = 0xff00;
const SHN_MIPS_SCOMMON = 0xff03;

/** Largest .bss-like section accepted, so a corrupt size cannot exhaust memory. */
const MAX_NOBITS = 0x10000000;

const isAlloc = (s: ElfSection) => (s.flags & C.SHF_ALLOC) !== 0 && (s.type === C.SHT_PROGBITS || s.type === C.SHT_NOBITS || s.type >= 0x70000000);

function objType(s: ElfSymbol): SymbolType {
  if (s.type === 'func' || s.type === 'object' || s.type === 'file' || s.type === 'notype') return s.type;
  return s.type === 'common' || s.type === 'tls' ? 'object' : 'notype';
}

function relocationsFor(elf: ElfFile, target: ElfSection): ElfSection[] {
  return elf.sections.filter((r) => (r.type === C.SHT_REL || r.type === C.SHT_RELA) && r.info === target.index);
}

/**
 * Common symbols become space in an input section named like ld's: `.scommon` for
 * small commons (SHN_MIPS_SCOMMON), `COMMON` for the others. They are weak, so a real
 * definition elsewhere wins, as it does for a common symbol.
 */
function commonSections(elf: ElfFile): { sections: ObjSection[]; symbols: ObjSymbol[] } {
  const sections: ObjSection[] = [];
  const symbols: ObjSymbol[] = [];
  for (const name of ['.scommon', 'COMMON']) {
    const small = name === '.scommon';
    let size = 0;
    let align = 1;
    for (const s of elf.symbols) {
      const isCommon = small ? s.sectionIndex === SHN_MIPS_SCOMMON : s.sectionIndex === C.SHN_COMMON || s.sectionIndex === SHN_MIPS_ACOMMON;
      if (!isCommon) continue;
      const a = Math.max(1, Math.min(s.value, 0x10000));
      size = Math.ceil(size / a) * a;
      align = Math.max(align, a);
      symbols.push({ name: s.name, section: name, value: size, size: s.size, binding: s.bind === 'local' ? 'local' : 'weak', type: 'object' });
      size += s.size;
    }
    if (size > MAX_NOBITS) throw binaryError(elf.fileName, 0, `common symbols need 0x${size.toString(16)} bytes; at most 0x${MAX_NOBITS.toString(16)} are supported`);
    if (size > 0) sections.push({ name, kind: 'nobits', flags: { alloc: true, write: true, exec: false }, align, data: new Uint8Array(size), fixups: [] });
  }
  return { sections, symbols };
}

function readLines(view: ByteView, elf: ElfFile, kept: ReadonlySet<string>): LineRow[] {
  const line = findSection(elf, '.debug_line');
  if (!line) return [];
  const lineStr = findSection(elf, '.debug_line_str');
  const str = findSection(elf, '.debug_str');
  const origin = (s: ElfSection) => ({ fileName: elf.fileName, sectionName: s.name, fileOffset: s.offset });
  const units = readDebugLine(line.data, elf.endian, origin(line), {
    ...(lineStr && { lineStr: { data: lineStr.data, origin: origin(lineStr) } }),
    ...(str && { str: { data: str.data, origin: origin(str) } }),
  });
  // A sequence's DW_LNE_set_address operand holds (REL) or omits (RELA) the addend; the
  // relocation names the section. Row offset = symbol value + addend + (row address - field).
  const base = new Map<number, { section: string; delta: number }>();
  const namer = symbolNamer(view, elf.symbols);
  for (const rel of relocationsFor(elf, line)) {
    for (const f of readFixups(view, rel, line, namer)) {
      if (f.type !== 'R_MIPS_32') continue;
      const sym = elf.symbols.find((s) => s.name === f.symbol && s.sectionName !== undefined && s.type !== 'section');
      const field = view.u32(line.offset + f.offset, 'DW_LNE_set_address operand');
      base.set(f.offset, { section: sym?.sectionName ?? f.symbol, delta: (sym ? sym.value : 0) + f.addend - field });
    }
  }
  const rows: LineRow[] = [];
  for (const r of units.flatMap((u) => u.rows)) {
    if (r.endSequence || r.addressOperandOffset === undefined) continue;
    const b = base.get(r.addressOperandOffset);
    if (!b || !kept.has(b.section)) continue;
    rows.push({ section: b.section, offset: b.delta + r.address, file: r.file, line: r.line });
  }
  return rows;
}

/** Parses a relocatable object; throws UserError for anything malformed or unsupported. */
export function readObjectFile(bytes: Uint8Array, fileName: string): ObjectFile {
  const elf = readElf(bytes, fileName);
  const view = new ByteView(bytes, fileName, elf.endian);
  if (elf.type !== 'rel') throw view.error(16, `expected a relocatable object (ET_REL), found ${elf.type}`);
  const namer = symbolNamer(view, elf.symbols);
  const allocSections = elf.sections.filter(isAlloc);
  const names = new Set<string>();
  for (const s of allocSections) {
    if (names.has(s.name)) throw view.error(s.offset, `section name ${s.name} appears twice; section groups are not supported`);
    names.add(s.name);
  }
  const sections: ObjSection[] = allocSections.map((s) => {
    const fixups: Fixup[] = relocationsFor(elf, s).flatMap((r) => readFixups(view, r, s, namer));
    const nobits = s.type === C.SHT_NOBITS;
    if (nobits && s.size > MAX_NOBITS) throw view.error(s.offset, `section ${s.name} is 0x${s.size.toString(16)} bytes; at most 0x${MAX_NOBITS.toString(16)} are supported`);
    return {
      name: s.name,
      kind: nobits ? 'nobits' : 'progbits',
      flags: { alloc: true, write: (s.flags & C.SHF_WRITE) !== 0, exec: (s.flags & C.SHF_EXECINSTR) !== 0 },
      align: Math.max(1, s.addralign),
      data: nobits ? new Uint8Array(s.size) : s.data.slice(),
      fixups,
    };
  });
  const commons = commonSections(elf);
  sections.push(...commons.sections);
  const symbols: ObjSymbol[] = [];
  for (const s of elf.symbols) {
    if (s.type === 'section') continue;
    let section: string | 'abs' | undefined;
    if (s.sectionIndex === C.SHN_ABS) section = 'abs';
    else if (s.sectionIndex === C.SHN_UNDEF) section = undefined;
    else if (s.sectionName !== undefined && names.has(s.sectionName)) section = s.sectionName;
    else continue;
    const binding = s.bind === 'other' ? 'global' : s.bind;
    symbols.push({ name: s.name, section, value: s.value, size: s.size, binding, type: objType(s) });
  }
  symbols.push(...commons.symbols);
  return { name: fileName, endian: elf.endian, sections, symbols, lines: readLines(view, elf, names), flags: elf.flags };
}
