// The symbol and line information of one loaded image (a kernel, a user program, a
// System.map), independent of where it came from: built from an ElfFile with its
// DWARF line table, or from a LinkedImage straight out of the linker.

import { readElfLineUnits } from '../dwarf/elfLines';
import * as C from '../elf/constants';
import type { ElfFile } from '../elf/elfTypes';
import type { LinkedImage } from '../link/image';

export type SymbolKind = 'func' | 'object' | 'label';

export interface SymbolEntry {
  readonly name: string;
  readonly address: number;
  /** 0 when unknown (assembly labels, System.map entries). */
  readonly size: number;
  readonly kind: SymbolKind;
  readonly global: boolean;
  /** End of the section holding the symbol; lookups never attribute addresses past it to the symbol. */
  readonly limit?: number;
}

/** Source position of the code in [address, end). */
export interface LineRange {
  readonly address: number;
  readonly end: number;
  readonly file: string;
  readonly line: number;
  /** The row starts a statement (a breakpoint location). */
  readonly isStmt: boolean;
}

export interface SymbolImage {
  /** A label for messages (the file it came from). */
  readonly name: string;
  /** Address-space tag (e.g. a VM name or ASID); undefined for the shared space. */
  readonly space: string | undefined;
  readonly symbols: readonly SymbolEntry[];
  readonly lines: readonly LineRange[];
}

function kindOf(type: string): SymbolKind {
  return type === 'func' ? 'func' : type === 'object' ? 'object' : 'label';
}

/** Symbols and line ranges of an ELF file (symbols in allocated sections only). */
export function imageFromElf(elf: ElfFile, space?: string): SymbolImage {
  const symbols: SymbolEntry[] = [];
  for (const s of elf.symbols) {
    if (s.name === '' || (s.type !== 'func' && s.type !== 'object' && s.type !== 'notype')) continue;
    const sec = elf.sections[s.sectionIndex];
    if (!sec || s.sectionName === undefined || (sec.flags & C.SHF_ALLOC) === 0) continue;
    symbols.push({ name: s.name, address: s.value, size: s.size, kind: kindOf(s.type), global: s.bind !== 'local', limit: sec.addr + sec.size });
  }
  const lines: LineRange[] = [];
  for (const unit of readElfLineUnits(elf)) {
    const rows = unit.rows;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const next = rows[i + 1];
      if (!r || r.endSequence || !next) continue;
      lines.push({ address: r.address, end: next.address, file: r.file, line: r.line, isStmt: r.isStmt });
    }
  }
  return { name: elf.fileName, space, symbols, lines };
}

/** Symbols and line ranges of a linked image (each row runs to the next row or its section's end). */
export function imageFromLinked(image: LinkedImage, name: string, space?: string): SymbolImage {
  const symbols: SymbolEntry[] = [];
  for (const s of image.symbols) {
    if (s.type === 'file' || s.type === 'section' || s.section === 'abs') continue;
    const sec = image.sections.find((x) => x.name === s.section);
    symbols.push({ name: s.name, address: s.value, size: s.size, kind: kindOf(s.type), global: s.binding !== 'local', ...(sec && { limit: sec.addr + sec.size }) });
  }
  const lines: LineRange[] = [];
  for (const sec of image.sections) {
    const rows = image.lines.filter((l) => l.address >= sec.addr && l.address < sec.addr + sec.size);
    rows.forEach((r, i) => lines.push({ address: r.address, end: rows[i + 1]?.address ?? sec.addr + sec.size, file: r.file, line: r.line, isStmt: true }));
  }
  return { name, space, symbols, lines };
}
