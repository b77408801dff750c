// `objdump -d` text of a whole ELF32 MIPS file: the file-format header, then every section
// with code and contents, with the file's symbols converted the way BFD sees them
// (no section/file symbols, no undefined or common ones).

import type { ElfFile, ElfSymbol } from '../elf/elfFile';
import { SHF_EXECINSTR, SHN_ABS, SHN_LORESERVE, SHN_UNDEF, SHT_NOBITS } from '../elf/constants';
import type { DisasmSymbol } from './symbolOrder';
import { disassembleSection, type ListingOptions } from './listing';

const STT_GNU_IFUNC = 10;

/** The symbols objdump keeps for disassembly, with BFD's flags. */
export function disasmSymbols(elf: ElfFile): DisasmSymbol[] {
  const out: DisasmSymbol[] = [];
  const keep = (s: ElfSymbol): boolean =>
    s.name !== '' &&
    s.type !== 'section' &&
    s.type !== 'file' &&
    s.sectionIndex !== SHN_UNDEF &&
    (s.sectionIndex < SHN_LORESERVE || s.sectionIndex === SHN_ABS);
  for (const s of elf.symbols) {
    if (!keep(s)) continue;
    out.push({
      name: s.name,
      value: s.value >>> 0,
      section: s.sectionIndex === SHN_ABS ? '*ABS*' : (s.sectionName ?? ''),
      isFunction: s.type === 'func' || (s.info & 15) === STT_GNU_IFUNC,
      isObject: s.type === 'object',
      isLocal: s.bind === 'local',
      isGlobal: s.bind === 'global',
    });
  }
  return out;
}

/** Display options of `disco disasm` (objdump's -M no-aliases and gpr-names=numeric). */
export type ObjdumpOptions = Pick<ListingOptions, 'gprNames' | 'aliases'>;

/** The complete `objdump -d FILE` output for `elf`, printed under the name `displayName`. */
export function objdumpDisassembly(elf: ElfFile, displayName: string, options: ObjdumpOptions = {}): string {
  const symbols = disasmSymbols(elf);
  const format = elf.endian === 'big' ? 'elf32-tradbigmips' : 'elf32-tradlittlemips';
  const parts = [`\n${displayName}:     file format ${format}\n\n`];
  for (const sec of elf.sections) {
    if ((sec.flags & SHF_EXECINSTR) === 0 || sec.type === SHT_NOBITS) continue;
    parts.push(
      disassembleSection(
        { name: sec.name, addr: sec.addr >>> 0, bytes: sec.data },
        { ...options, endian: elf.endian, symbols, relocatable: elf.type === 'rel' },
      ),
    );
  }
  return parts.join('');
}
