// Bit-field extractors of MIPS32 instruction words (Vol. II, "Instruction Formats": R, I, J,
// COP1 FR/FI, COP0). All take the word as a number (any sign) and return small integers.

/** Major opcode, bits 31..26. */
export const opcode = (w: number): number => w >>> 26;
/** rs / base / fmt, bits 25..21. */
export const rs = (w: number): number => (w >>> 21) & 31;
/** rt, bits 20..16. */
export const rt = (w: number): number => (w >>> 16) & 31;
/** rd, bits 15..11. */
export const rd = (w: number): number => (w >>> 11) & 31;
/** sa (shift amount), bits 10..6. */
export const sa = (w: number): number => (w >>> 6) & 31;
/** funct, bits 5..0. */
export const funct = (w: number): number => w & 63;
/** 16-bit immediate, sign-extended. */
export const simm16 = (w: number): number => (w << 16) >> 16;
/** 16-bit immediate, zero-extended. */
export const uimm16 = (w: number): number => w & 0xffff;
/** 26-bit jump target field (word index). */
export const target26 = (w: number): number => w & 0x3ffffff;
/** CP0 register select, bits 2..0. */
export const sel = (w: number): number => w & 7;
/** FPU format field (same bits as rs). */
export const fmt = rs;
/** FPU ft, bits 20..16. */
export const ft = rt;
/** FPU fs, bits 15..11. */
export const fs = rd;
/** FPU fd, bits 10..6. */
export const fd = sa;
/** COP1X fr, bits 25..21. */
export const fr = rs;
/** FPU condition code of BC1x/MOVF/MOVT, bits 20..18. */
export const ccBranch = (w: number): number => (w >>> 18) & 7;
/** FPU condition code of C.cond.fmt, bits 10..8. */
export const ccCompare = (w: number): number => (w >>> 8) & 7;
/** True/false bit of BC1x/MOVF/MOVT (tf, bit 16). */
export const tf = (w: number): number => (w >>> 16) & 1;
/** Branch-likely bit of BC1x (nd, bit 17). */
export const nd = (w: number): number => (w >>> 17) & 1;
/** BREAK/SYSCALL/SDBBP 20-bit code, bits 25..6. */
export const code20 = (w: number): number => (w >>> 6) & 0xfffff;
/** Trap code, bits 15..6. */
export const trapCode = (w: number): number => (w >>> 6) & 0x3ff;
/** EXT/INS lsb (pos), bits 10..6. */
export const extPos = sa;
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
