// ELF32 MIPS writer (gABI chapter 4): lays out the given sections, adds .symtab,
// .strtab and .shstrtab, and for executables builds PT_LOAD program headers whose
// file offsets are congruent to their addresses modulo the page size, as GNU ld does.

import type { Endian } from '../object';
import { ByteSink } from './byteSink';
import * as C from './constants';
import { buildSymbolTable, type WriterSymbol } from './symtabWriter';
import { EHDR, PHDR, SHDR } from './structs';
import { planSegments, type PlannedSegment } from './segments';

export type { WriterSymbol } from './symtabWriter';

export interface WriterSection {
  readonly name: string;
  /** sh_type, e.g. SHT_PROGBITS or SHT_NOBITS. */
  readonly type: number;
  /** sh_flags, e.g. SHF_ALLOC | SHF_EXECINSTR. */
  readonly flags: number;
  readonly addr: number;
  readonly align: number;
  /** Contents; ignored for SHT_NOBITS, whose size is `size`. */
  readonly data: Uint8Array;
  /** Size of an SHT_NOBITS section. */
  readonly size?: number;
  /** sh_link as the name of another section. */
  readonly link?: string;
  readonly info?: number;
  readonly entsize?: number;
}

export interface ElfWriteInput {
  readonly endian: Endian;
  readonly type: 'exec' | 'rel';
  /** e_flags, e.g. EF_MIPS_ARCH_32R2 | EF_MIPS_ABI_O32. */
  readonly flags: number;
  readonly entry: number;
  readonly sections: readonly WriterSection[];
  readonly symbols: readonly WriterSymbol[];
  /** Page size for PT_LOAD alignment (GNU ld's MIPS default is 0x10000). */
  readonly pageSize?: number;
}

/** Builds the string table bytes and the offset of each distinct name. */
export function stringTable(names: Iterable<string>): { bytes: Uint8Array; offsetOf: Map<string, number> } {
  const sink = new ByteSink('big');
  const offsetOf = new Map<string, number>([['', 0]]);
  sink.u8(0);
  for (const n of names) {
    if (offsetOf.has(n)) continue;
    offsetOf.set(n, sink.length);
    sink.cstring(n);
  }
  return { bytes: sink.finish(), offsetOf };
}

interface Placed {
  readonly s: WriterSection;
  /** sh_offset, fixed during layout. */
  offset: number;
}

function sizeOf(s: WriterSection): number {
  return s.type === C.SHT_NOBITS ? (s.size ?? 0) : s.data.length;
}

/** Serialises an ELF32 file; section and symbol names must be unique per the caller's model. */
export function writeElf(input: ElfWriteInput): Uint8Array {
  const pageSize = input.pageSize ?? 0x10000;
  const sections: WriterSection[] = [...input.sections];
  const indexOf = (name: string): number => sections.findIndex((s) => s.name === name) + 1;
  const { symtab, strtab, firstGlobal } = buildSymbolTable(input.endian, input.symbols, (name) => {
    const i = indexOf(name);
    if (i === 0) throw new Error(`symbol refers to section ${name}, which is not being written`);
    return i;
  });
  sections.push(
    { name: '.symtab', type: C.SHT_SYMTAB, flags: 0, addr: 0, align: 4, data: symtab, link: '.strtab', info: firstGlobal, entsize: 16 },
    { name: '.strtab', type: C.SHT_STRTAB, flags: 0, addr: 0, align: 1, data: strtab },
  );
  const shstr = stringTable(['.shstrtab', ...sections.map((s) => s.name)]);
  sections.push({ name: '.shstrtab', type: C.SHT_STRTAB, flags: 0, addr: 0, align: 1, data: shstr.bytes });

  const out = new ByteSink(input.endian);
  const plan: PlannedSegment[] = input.type === 'exec' ? planSegments(sections, pageSize) : [];
  const phoff = plan.length > 0 ? EHDR.size : 0;
  out.padTo(EHDR.size + plan.length * PHDR.size);

  const placed: Placed[] = sections.map((s) => ({ s, offset: 0 }));
  for (const seg of plan) {
    seg.offset = out.length + ((seg.vaddr - out.length) % pageSize + pageSize) % pageSize;
    out.padTo(seg.offset);
    for (const i of seg.sections) {
      const p = placed[i];
      if (!p) continue;
      p.offset = seg.offset + (p.s.addr - seg.vaddr);
      if (p.s.type !== C.SHT_NOBITS) {
        out.padTo(p.offset);
        out.bytes(p.s.data);
      }
    }
  }
  const inSegment = new Set(plan.flatMap((p) => p.sections));
  for (const [i, p] of placed.entries()) {
    if (inSegment.has(i)) continue;
    out.alignTo(Math.max(1, p.s.align));
    p.offset = out.length;
    if (p.s.type !== C.SHT_NOBITS) out.bytes(p.s.data);
  }
  out.alignTo(4);
  const shoff = out.length;
  out.struct(SHDR, { sh_name: 0, sh_type: 0, sh_flags: 0, sh_addr: 0, sh_offset: 0, sh_size: 0, sh_link: 0, sh_info: 0, sh_addralign: 0, sh_entsize: 0 });
  for (const { s, offset } of placed) {
    out.struct(SHDR, {
      sh_name: shstr.offsetOf.get(s.name) ?? 0,
      sh_type: s.type,
      sh_flags: s.flags,
      sh_addr: s.addr,
      sh_offset: offset,
      sh_size: sizeOf(s),
      sh_link: s.link === undefined ? 0 : indexOf(s.link),
      sh_info: s.info ?? 0,
      sh_addralign: s.align,
      sh_entsize: s.entsize ?? 0,
    });
  }
  const bytes = out.finish();
  const head = new ByteSink(input.endian);
  head.bytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, C.ELFCLASS32, input.endian === 'big' ? C.ELFDATA2MSB : C.ELFDATA2LSB, C.EV_CURRENT, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  head.struct(EHDR, {
    e_type: input.type === 'exec' ? C.ET_EXEC : C.ET_REL,
    e_machine: C.EM_MIPS,
    e_version: C.EV_CURRENT,
    e_entry: input.entry,
    e_phoff: phoff,
    e_shoff: shoff,
    e_flags: input.flags,
    e_ehsize: EHDR.size,
    e_phentsize: plan.length > 0 ? PHDR.size : 0,
    e_phnum: plan.length,
    e_shentsize: SHDR.size,
    e_shnum: sections.length + 1,
    e_shstrndx: sections.length,
  });
  for (const seg of plan) {
    head.struct(PHDR, {
      p_type: C.PT_LOAD,
      p_offset: seg.offset,
      p_vaddr: seg.vaddr,
      p_paddr: seg.vaddr,
      p_filesz: seg.filesz,
      p_memsz: seg.memsz,
      p_flags: seg.flags,
      p_align: pageSize,
    });
  }
  bytes.set(head.finish(), 0);
  return bytes;
}
