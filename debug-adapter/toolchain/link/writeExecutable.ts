// Serialises a LinkedImage as an ELF32 MIPS executable: one ELF section per output
// section, PT_LOAD segments, .symtab, and a DWARF 3 .debug_line built from the image's
// line rows (one sequence per output section).

import { writeDebugLine, type LineSequence } from '../dwarf/lineWriter';
import * as C from '../elf/constants';
import { writeElf, type WriterSection } from '../elf/elfWriter';
import type { LinkedImage } from './image';

export interface ExecutableOptions {
  /** e_flags; default the image's merged flags, else EF_MIPS_ARCH_32R2 | EF_MIPS_ABI_O32 (0x70001000). */
  readonly flags?: number;
  /** PT_LOAD alignment; default 0x10000 like GNU ld. */
  readonly pageSize?: number;
}

/** The ELF32 executable bytes of a linked image. */
export function writeExecutable(image: LinkedImage, options: ExecutableOptions = {}): Uint8Array {
  const sections: WriterSection[] = image.sections.map((s) => ({
    name: s.name,
    type: s.kind === 'nobits' ? C.SHT_NOBITS : C.SHT_PROGBITS,
    flags: (s.flags.alloc ? C.SHF_ALLOC : 0) | (s.flags.write ? C.SHF_WRITE : 0) | (s.flags.exec ? C.SHF_EXECINSTR : 0),
    addr: s.addr,
    align: s.align,
    data: s.data,
    size: s.size,
  }));
  const sequences: LineSequence[] = image.sections
    .map((s) => ({ rows: image.lines.filter((l) => l.address >= s.addr && l.address < s.addr + s.size), endAddress: s.addr + s.size }))
    .filter((q) => q.rows.length > 0);
  if (sequences.length > 0) {
    sections.push({ name: '.debug_line', type: C.SHT_PROGBITS, flags: 0, addr: 0, align: 1, data: writeDebugLine(image.endian, sequences) });
  }
  return writeElf({
    endian: image.endian,
    type: 'exec',
    flags: options.flags ?? image.flags ?? C.EF_MIPS_ARCH_32R2 | C.EF_MIPS_ABI_O32,
    entry: image.entry,
    sections,
    symbols: image.symbols.map((s) => ({ name: s.name, value: s.value, size: s.size, bind: s.binding, type: s.type, section: s.section })),
    ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
  });
}
