// A hand-assembled ELF32 MIPS executable for reader tests, built field by field from
// the gABI layout so that it does not depend on our own writer: one PT_LOAD, sections
// null/.text/.symtab/.strtab/.shstrtab and one global function symbol `start`.

export interface TinyElfLayout {
  readonly bytes: Uint8Array;
  readonly shoff: number;
  readonly phoff: number;
  readonly symtabOffset: number;
}

/** Builds the file; `little` selects ELFDATA2LSB. */
export function tinyElf(little = false): TinyElfLayout {
  const text = [0x3c, 0x08, 0x12, 0x34, 0x03, 0xe0, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00];
  const strtab = '\0start\0';
  const shstrtab = '\0.text\0.symtab\0.strtab\0.shstrtab\0';
  const phoff = 52;
  const textOff = 0x100;
  const symtabOffset = 0x110;
  const strtabOff = symtabOffset + 32;
  const shstrOff = strtabOff + strtab.length;
  const shoff = (shstrOff + shstrtab.length + 3) & ~3;
  const bytes = new Uint8Array(shoff + 5 * 40);
  const dv = new DataView(bytes.buffer);
  const u16 = (o: number, v: number) => dv.setUint16(o, v, little);
  const u32 = (o: number, v: number) => dv.setUint32(o, v, little);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, little ? 1 : 2, 1], 0);
  u16(16, 2); // ET_EXEC
  u16(18, 8); // EM_MIPS
  u32(20, 1);
  u32(24, 0x80001000); // e_entry
  u32(28, phoff);
  u32(32, shoff);
  u32(36, 0x70001005);
  u16(40, 52);
  u16(42, 32);
  u16(44, 1);
  u16(46, 40);
  u16(48, 5);
  u16(50, 4);
  // PT_LOAD R+X covering .text
  [1, textOff, 0x80001000, 0x00001000, text.length, text.length + 4, 5, 0x100].forEach((v, i) => u32(phoff + 4 * i, v));
  bytes.set(text, textOff);
  // symbol 1: start, value 0x80001000, size 12, GLOBAL FUNC, section 1
  u32(symtabOffset + 16, 1);
  u32(symtabOffset + 20, 0x80001000);
  u32(symtabOffset + 24, 12);
  bytes[symtabOffset + 28] = 0x12;
  u16(symtabOffset + 30, 1);
  bytes.set(new TextEncoder().encode(strtab), strtabOff);
  bytes.set(new TextEncoder().encode(shstrtab), shstrOff);
  const sh = (i: number, f: number[]) => f.forEach((v, k) => u32(shoff + i * 40 + 4 * k, v));
  sh(1, [1, 1, 6, 0x80001000, textOff, text.length, 0, 0, 4, 0]);
  sh(2, [7, 2, 0, 0, symtabOffset, 32, 3, 1, 4, 16]);
  sh(3, [15, 3, 0, 0, strtabOff, strtab.length, 0, 0, 1, 0]);
  sh(4, [23, 3, 0, 0, shstrOff, shstrtab.length, 0, 0, 1, 0]);
  return { bytes, shoff, phoff, symtabOffset };
}
