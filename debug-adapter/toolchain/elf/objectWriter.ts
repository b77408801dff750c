// Writes an ObjectFile as a relocatable ELF32 MIPS object (ET_REL) that GNU ld can
// link: o32 SHT_REL sections with the addends stored in the relocated fields (HI16
// paired with the following LO16), section symbols, and a relocated .debug_line.

import { UserError } from '../../util/diagnostic';
import { RELOC_NUMBERS, type Fixup, type ObjSection, type ObjectFile } from '../object';
import { encodeDebugLine, type LineSequence } from '../dwarf/lineWriter';
import { ByteSink } from './byteSink';
import * as C from './constants';
import { writeElf, type WriterSection, type WriterSymbol } from './elfWriter';
import { REL } from './structs';

const fits = (v: number, bits: number, signed: boolean) => (signed ? v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1) : v >= 0 && v < 2 ** bits);

/** Stores a fixup's addend in its field the way o32 REL relocations expect; returns an error message if it cannot. */
function storeAddend(bytes: Uint8Array, f: Fixup, little: boolean, pairedLo: Fixup | undefined): string | undefined {
  const size = f.type === 'R_MIPS_16' ? 2 : 4;
  if (f.offset < 0 || f.offset + size > bytes.length) return `relocation at 0x${f.offset.toString(16)} is outside the section`;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = dv.getUint32(f.offset, little);
  const low16 = (v: number) => dv.setUint32(f.offset, ((word & 0xffff0000) | (v & 0xffff)) >>> 0, little);
  const A = f.addend;
  switch (f.type) {
    case 'R_MIPS_16':
      if (!fits(A, 16, true)) return `addend ${A} does not fit R_MIPS_16`;
      dv.setUint16(f.offset, A & 0xffff, little);
      return undefined;
    case 'R_MIPS_26':
      if (A & 3 || !fits(A, 28, true)) return `addend ${A} does not fit R_MIPS_26`;
      dv.setUint32(f.offset, ((word & 0xfc000000) | ((A >>> 2) & 0x3ffffff)) >>> 0, little);
      return undefined;
    case 'R_MIPS_HI16':
      // The LO16 field supplies the low half of the combined addend (AHL), so it must agree.
      if (!pairedLo || ((pairedLo.addend ^ A) & 0xffff) !== 0) return 'R_MIPS_HI16 needs a following R_MIPS_LO16 against the same symbol with the same low 16 bits of addend';
      low16(((A + 0x8000) >>> 16) & 0xffff);
      return undefined;
    case 'R_MIPS_PC16':
      if (A & 3 || !fits(A / 4, 16, true)) return `addend ${A} does not fit R_MIPS_PC16`;
      low16(A / 4);
      return undefined;
    case 'R_MIPS_LO16':
      low16(A);
      return undefined;
    case 'R_MIPS_GPREL16':
    case 'R_MIPS_GOT16':
    case 'R_MIPS_CALL16':
      if (!fits(A, 16, true)) return `addend ${A} does not fit ${f.type}`;
      low16(A);
      return undefined;
    default:
      dv.setUint32(f.offset, A >>> 0, little);
      return undefined;
  }
}

function sectionFlags(s: ObjSection): number {
  return (s.flags.alloc ? C.SHF_ALLOC : 0) | (s.flags.write ? C.SHF_WRITE : 0) | (s.flags.exec ? C.SHF_EXECINSTR : 0);
}

/** The relocatable ELF bytes of an object (e_flags: the object's own, else o32 MIPS32r2); throws UserError for fixups REL cannot express. */
export function writeObjectFile(obj: ObjectFile, flags = obj.flags ?? C.EF_MIPS_ARCH_32R2 | C.EF_MIPS_ABI_O32): Uint8Array {
  const little = obj.endian === 'little';
  const sectionNames = new Set(obj.sections.map((s) => s.name));
  // Symbols: section symbols and locals first (gABI), then globals, weak ones and undefined references.
  const locals: WriterSymbol[] = obj.sections.map((s) => ({ name: '', value: 0, size: 0, bind: 'local', type: 'section', section: s.name }));
  const others: WriterSymbol[] = [];
  const indexOf = new Map<string, number>();
  for (const s of obj.symbols) {
    if (s.type === 'section') continue;
    const w: WriterSymbol = { name: s.name, value: s.value, size: s.size, bind: s.binding, type: s.type, section: s.section };
    (s.binding === 'local' ? locals : others).push(w);
  }
  for (const f of obj.sections.flatMap((s) => s.fixups)) {
    const known = sectionNames.has(f.symbol) || obj.symbols.some((s) => s.name === f.symbol);
    if (!known && !others.some((w) => w.name === f.symbol)) others.push({ name: f.symbol, value: 0, size: 0, bind: 'global', type: 'notype', section: undefined });
  }
  const symbols = [...locals, ...others];
  symbols.forEach((w, i) => {
    const key = w.type === 'section' ? `section:${w.section}` : w.bind === 'local' ? `local:${w.name}` : `global:${w.name}`;
    if (!indexOf.has(key)) indexOf.set(key, i + 1);
  });
  const symbolIndex = (name: string) => indexOf.get(`local:${name}`) ?? indexOf.get(`global:${name}`) ?? indexOf.get(`section:${name}`) ?? 0;

  const errors: string[] = [];
  const relocs = (target: string, data: Uint8Array, fixups: readonly Fixup[]): Uint8Array => {
    const sink = new ByteSink(obj.endian);
    fixups.forEach((f, i) => {
      const lo = f.type === 'R_MIPS_HI16' ? fixups.slice(i + 1).find((x) => x.type === 'R_MIPS_LO16' && x.symbol === f.symbol) : undefined;
      const msg = storeAddend(data, f, little, lo);
      if (msg) errors.push(`${f.loc ? `${f.loc.file}:${f.loc.line}:${f.loc.col}` : `${obj.name}(${target}+0x${f.offset.toString(16)})`}: ${msg}`);
      sink.struct(REL, { r_offset: f.offset, r_info: ((symbolIndex(f.symbol) << 8) | RELOC_NUMBERS[f.type]) >>> 0 });
    });
    return sink.finish();
  };

  const sections: WriterSection[] = [];
  const relSections: WriterSection[] = [];
  obj.sections.forEach((s, i) => {
    const data = s.kind === 'nobits' ? new Uint8Array(0) : s.data.slice();
    const rel = s.fixups.length > 0 ? relocs(s.name, data, s.fixups) : undefined;
    sections.push({ name: s.name, type: s.kind === 'nobits' ? C.SHT_NOBITS : C.SHT_PROGBITS, flags: sectionFlags(s), addr: 0, align: s.align, data, size: s.data.length });
    if (rel) relSections.push({ name: `.rel${s.name}`, type: C.SHT_REL, flags: C.SHF_INFO_LINK, addr: 0, align: 4, data: rel, link: '.symtab', info: i + 1, entsize: REL.size });
  });
  const sequences: (LineSequence & { section: string })[] = obj.sections
    .map((s) => ({ section: s.name, rows: obj.lines.filter((l) => l.section === s.name).map((l) => ({ address: l.offset, file: l.file, line: l.line })).sort((a, b) => a.address - b.address), endAddress: s.data.length }))
    .filter((q) => q.rows.length > 0);
  if (sequences.length > 0) {
    const { bytes, addressOperandOffsets } = encodeDebugLine(obj.endian, sequences);
    sections.push({ name: '.debug_line', type: C.SHT_PROGBITS, flags: 0, addr: 0, align: 1, data: bytes });
    const fixups: Fixup[] = sequences.map((q, i) => ({ offset: addressOperandOffsets[i] ?? 0, type: 'R_MIPS_32', symbol: q.section, addend: q.rows[0]?.address ?? 0 }));
    relSections.push({ name: '.rel.debug_line', type: C.SHT_REL, flags: C.SHF_INFO_LINK, addr: 0, align: 4, data: relocs('.debug_line', bytes, fixups), link: '.symtab', info: sections.length, entsize: REL.size });
  }
  if (errors.length > 0) throw new UserError(errors.join('\n'));
  return writeElf({ endian: obj.endian, type: 'rel', flags, entry: 0, sections: [...sections, ...relSections], symbols });
}
