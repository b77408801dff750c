// Line rows of an ELF file: finds .debug_line and its string sections and decodes them.

import { findSection, type ElfFile } from '../elf/elfFile';
import type { ElfSection } from '../elf/elfTypes';
import type { SectionOrigin } from './cursor';
import { readDebugLine, type LineUnit } from './lineProgram';

function origin(elf: ElfFile, s: ElfSection): SectionOrigin {
  return { fileName: elf.fileName, sectionName: s.name, fileOffset: s.offset };
}

/** All line units of the file's .debug_line (none when the section is absent). */
export function readElfLineUnits(elf: ElfFile): LineUnit[] {
  const line = findSection(elf, '.debug_line');
  if (!line) return [];
  const lineStr = findSection(elf, '.debug_line_str');
  const str = findSection(elf, '.debug_str');
  return readDebugLine(line.data, elf.endian, origin(elf, line), {
    ...(lineStr && { lineStr: { data: lineStr.data, origin: origin(elf, lineStr) } }),
    ...(str && { str: { data: str.data, origin: origin(elf, str) } }),
  });
}
