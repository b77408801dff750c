// ELF32 numeric constants used by the reader and writer (System V gABI, chapter 4,
// and the MIPS processor supplement). Names are the ones the specifications use.

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

export const EM_MIPS = 8;

/** e_flags bits for the MIPS o32 ABI. */
export const EF_MIPS_NOREORDER = 0x1;
export const EF_MIPS_PIC = 0x2;
export const EF_MIPS_CPIC = 0x4;
export const EF_MIPS_ABI_O32 = 0x1000;
export const EF_MIPS_ARCH_32R2 = 0x70000000;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_PHDR = 6;
export const PT_MIPS_REGINFO = 0x70000000;
export const PT_MIPS_ABIFLAGS = 0x70000003;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_MIPS_REGINFO = 0x70000006;
export const SHT_MIPS_ABIFLAGS = 0x7000002a;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
