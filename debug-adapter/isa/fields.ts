// Bit-field extractors of MIPS32 instruction words (Vol. II, "Instruction Formats": R, I, J,
// COP0, SPECIAL3) that the disassembler and tools need beyond the operand table; all take the
// word as a number (any sign).

/** rt, bits 20..16. */
export const rt = (w: number): number => (w >>> 16) & 31;
/** rd, bits 15..11. */
export const rd = (w: number): number => (w >>> 11) & 31;
/** sa (shift amount), bits 10..6. */
export const sa = (w: number): number => (w >>> 6) & 31;
/** 16-bit immediate, sign-extended. */
export const simm16 = (w: number): number => (w << 16) >> 16;
/** 26-bit jump target field (word index). */
export const target26 = (w: number): number => w & 0x3ffffff;
/** CP0 register select, bits 2..0. */
export const sel = (w: number): number => w & 7;
/** EXT size (msbd + 1). */
export const extSize = (w: number): number => rd(w) + 1;
/** INS size (msb - lsb + 1); may be ≤ 0 for UNPREDICTABLE encodings. */
export const insSize = (w: number): number => rd(w) - sa(w) + 1;

/** Target of a PC-relative branch at `pc` (delay slot at pc+4), unsigned 32-bit. */
export function branchTarget(w: number, pc: number): number {
  return (pc + 4 + (simm16(w) << 2)) >>> 0;
}

/** Target of J/JAL at `pc`: the 256 MB region of the delay slot plus target26 << 2. */
export function jumpTarget(w: number, pc: number): number {
  return (((pc + 4) & 0xf0000000) | (target26(w) << 2)) >>> 0;
}
