// ELF32 reader for MIPS files of either byte order (gABI chapter 4, MIPS psABI):
// header, program headers, section headers with bytes, and .symtab symbols.
// Every offset, size, count and string index is checked against the file, so bad
// input gives a UserError naming the file and byte offset, never another exception.

import type { Endian } from '../object';
import { ByteView, binaryError } from './byteView';
import * as C from './constants';
import type { ElfFile, ElfSection, ElfSegment, ElfType } from './elfTypes';
import { EHDR, EI_NIDENT, PHDR, SHDR } from './structs';
import { readSymbols } from './symtab';

export type { ElfFile, ElfSection, ElfSegment, ElfSymbol, ElfType, ElfSymbolBind, ElfSymbolType } from './elfTypes';

const TYPES: Readonly<Record<number, ElfType>> = { [C.ET_REL]: 'rel', [C.ET_EXEC]: 'exec', [C.ET_DYN]: 'dyn' };

/** Checks e_ident and returns the file's byte order. */
export function readIdent(bytes: Uint8Array, fileName: string): Endian {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw binaryError(fileName, 0, 'not an ELF file (the first four bytes are not 7f 45 4c 46)');
  }
  if (bytes.length < EI_NIDENT) throw binaryError(fileName, 0, `file ends inside the ELF identification (${bytes.length} bytes)`);
  const cls = bytes[4];
  if (cls === C.ELFCLASS64) throw binaryError(fileName, 4, 'ELF64 file: only ELF32 (MIPS32) files are supported');
  if (cls !== C.ELFCLASS32) throw binaryError(fileName, 4, `unknown ELF class ${cls}`);
  const data = bytes[5];
  if (data !== C.ELFDATA2MSB && data !== C.ELFDATA2LSB) throw binaryError(fileName, 5, `unknown ELF data encoding ${data}`);
  if (bytes[6] !== C.EV_CURRENT) throw binaryError(fileName, 6, `unknown ELF version ${bytes[6]}`);
  return data === C.ELFDATA2MSB ? 'big' : 'little';
}

function readSegments(view: ByteView, phoff: number, phnum: number, phentsize: number): ElfSegment[] {
  if (phnum === 0) return [];
  if (phentsize !== PHDR.size) throw view.error(42, `program header entry size is ${phentsize}, expected ${PHDR.size}`);
  view.check(phoff, phnum * PHDR.size, `program header table of ${phnum} entries`);
  const out: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR.size;
    const p = view.struct(PHDR, at);
    const data = p.p_type === C.PT_NULL ? new Uint8Array(0) : view.slice(p.p_offset, p.p_filesz, `contents of program header ${i} (at 0x${at.toString(16)})`);
    out.push({
      type: p.p_type,
      offset: p.p_offset,
      vaddr: p.p_vaddr,
      paddr: p.p_paddr,
      filesz: p.p_filesz,
      memsz: p.p_memsz,
      flags: p.p_flags,
      align: p.p_align,
      data,
    });
  }
  return out;
}

type RawSection = Omit<ElfSection, 'name' | 'data'> & { readonly nameIndex: number; readonly at: number };

function readSectionHeaders(view: ByteView, shoff: number, shnumField: number, shentsize: number): RawSection[] {
  if (shoff === 0) return [];
  if (shentsize !== SHDR.size) throw view.error(46, `section header entry size is ${shentsize}, expected ${SHDR.size}`);
  // Extended numbering: e_shnum 0 means the count is in section 0's sh_size.
  const shnum = shnumField === 0 ? view.struct(SHDR, shoff).sh_size : shnumField;
  view.check(shoff, shnum * SHDR.size, `section header table of ${shnum} entries`);
  const out: RawSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * SHDR.size;
    const s = view.struct(SHDR, at);
    out.push({
      index: i,
      at,
      nameIndex: s.sh_name,
      type: s.sh_type,
      flags: s.sh_flags,
      addr: s.sh_addr,
      offset: s.sh_offset,
      size: s.sh_size,
      link: s.sh_link,
      info: s.sh_info,
      addralign: s.sh_addralign,
      entsize: s.sh_entsize,
    });
  }
  return out;
}

function nameSections(view: ByteView, raw: readonly RawSection[], shstrndxField: number): ElfSection[] {
  if (raw.length === 0) return [];
  const shstrndx = shstrndxField === C.SHN_XINDEX ? (raw[0]?.link ?? 0) : shstrndxField;
  let names: RawSection | undefined;
  if (shstrndx !== C.SHN_UNDEF) {
    names = raw[shstrndx];
    if (!names) throw view.error(50, `section name table index ${shstrndx} is out of range (${raw.length} sections)`);
    if (names.type !== C.SHT_STRTAB) throw view.error(names.at, `section name table (section ${shstrndx}) is not a string table`);
    view.check(names.offset, names.size, `section name table (section ${shstrndx})`);
  }
  return raw.map((s) => {
    let name = '';
    if (names && (s.index !== 0 || s.nameIndex !== 0)) {
      if (s.nameIndex >= names.size) {
        throw view.error(s.at, `section ${s.index} name index ${s.nameIndex} is outside the section name table (${names.size} bytes)`);
      }
      name = view.cstring(names.offset + s.nameIndex, names.offset + names.size, `name of section ${s.index}`);
    }
    const hasBytes = s.type !== C.SHT_NOBITS && s.type !== C.SHT_NULL;
    const data = hasBytes ? view.slice(s.offset, s.size, `contents of section ${s.index} (${name})`) : new Uint8Array(0);
    const { nameIndex: _n, at: _a, ...rest } = s;
    return { ...rest, name, data };
  });
}

/**
 * Parses an ELF32 MIPS file. Rejects ELF64, non-MIPS machines and types other than
 * REL/EXEC/DYN; throws UserError (`file: byte 0x…: what`) for any malformed structure.
 */
export function readElf(bytes: Uint8Array, fileName: string): ElfFile {
  const endian = readIdent(bytes, fileName);
  const view = new ByteView(bytes, fileName, endian);
  const h = view.struct(EHDR, 0);
  if (h.e_machine !== C.EM_MIPS) throw view.error(18, `machine is ${h.e_machine}, not MIPS (${C.EM_MIPS})`);
  const type = TYPES[h.e_type];
  if (!type) throw view.error(16, `ELF type ${h.e_type} is not a relocatable, executable or shared object`);
  const segments = readSegments(view, h.e_phoff, h.e_phnum, h.e_phentsize);
  const sections = nameSections(view, readSectionHeaders(view, h.e_shoff, h.e_shnum, h.e_shentsize), h.e_shstrndx);
  const symtab = sections.find((s) => s.type === C.SHT_SYMTAB);
  const symbols = symtab ? readSymbols(view, symtab, sections) : [];
  return { fileName, endian, type, machine: h.e_machine, flags: h.e_flags, entry: h.e_entry, segments, sections, symbols, bytes };
}

/** The section called `name`, if any. */
export function findSection(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name);
}
