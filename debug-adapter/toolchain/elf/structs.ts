// ELF32 on-disk structures as field tables (gABI chapter 4: Elf32_Ehdr, Elf32_Phdr,
// Elf32_Shdr, Elf32_Sym, Elf32_Rel, Elf32_Rela). Each table's total size is checked
// against the specification when this module loads, so a typo cannot go unnoticed.

/** One structure: its fields in order with their byte widths, starting at `start`. */
export interface StructDef<K extends string> {
  readonly name: string;
  readonly size: number;
  readonly start: number;
  readonly fields: readonly (readonly [K, 1 | 2 | 4])[];
}

function defineStruct<K extends string>(
  name: string,
  size: number,
  fields: readonly (readonly [K, 1 | 2 | 4])[],
  start = 0,
): StructDef<K> {
  const total = fields.reduce((n, [, w]) => n + w, start);
  if (total !== size) throw new Error(`${name}: fields add up to ${total} bytes, the ELF32 specification says ${size}`);
  return { name, size, start, fields };
}

/** Elf32_Ehdr after its 16-byte e_ident. */
export const EHDR = defineStruct(
  'Elf32_Ehdr',
  52,
  [
    ['e_type', 2],
    ['e_machine', 2],
    ['e_version', 4],
    ['e_entry', 4],
    ['e_phoff', 4],
    ['e_shoff', 4],
    ['e_flags', 4],
    ['e_ehsize', 2],
    ['e_phentsize', 2],
    ['e_phnum', 2],
    ['e_shentsize', 2],
    ['e_shnum', 2],
    ['e_shstrndx', 2],
  ],
  16,
);

export const PHDR = defineStruct('Elf32_Phdr', 32, [
  ['p_type', 4],
  ['p_offset', 4],
  ['p_vaddr', 4],
  ['p_paddr', 4],
  ['p_filesz', 4],
  ['p_memsz', 4],
  ['p_flags', 4],
  ['p_align', 4],
]);

export const SHDR = defineStruct('Elf32_Shdr', 40, [
  ['sh_name', 4],
  ['sh_type', 4],
  ['sh_flags', 4],
  ['sh_addr', 4],
  ['sh_offset', 4],
  ['sh_size', 4],
  ['sh_link', 4],
  ['sh_info', 4],
  ['sh_addralign', 4],
  ['sh_entsize', 4],
]);

export const SYM = defineStruct('Elf32_Sym', 16, [
  ['st_name', 4],
  ['st_value', 4],
  ['st_size', 4],
  ['st_info', 1],
  ['st_other', 1],
  ['st_shndx', 2],
]);

export const REL = defineStruct('Elf32_Rel', 8, [
  ['r_offset', 4],
  ['r_info', 4],
]);

export const RELA = defineStruct('Elf32_Rela', 12, [
  ['r_offset', 4],
  ['r_info', 4],
  ['r_addend', 4],
]);

/** Size of e_ident, the part of the ELF header read before the endianness is known. */
export const EI_NIDENT = 16;
