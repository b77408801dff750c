// Integer computational instructions of MIPS32 Release 2: ALU, shifts, rotates, SLT*, LUI,
// multiply/divide and HI/LO moves, conditional moves, SPECIAL2 (MADD… MUL, CLZ/CLO) and
// SPECIAL3 bit-field ops (EXT, INS, WSBH, SEB, SEH). Vol. II, "Alphabetical List of Instructions".

import { type InsnSpec, InsnFlag as F, insn } from '../spec';

const R3 = 0xfc0007ff; // SPECIAL, sa = 0
const SHIFT = 0xffe0003f; // SPECIAL, rs = 0 (or the R bit for ROTR)
const I = 0xfc000000; // I-type

/** Integer ALU, shift, multiply/divide and bit-field instructions. */
export const INTEGER_INSTRUCTIONS: readonly InsnSpec[] = [
  // SPECIAL shifts and rotates
  insn('sll', 0x00000000, SHIFT, 'd,t,<'),
  insn('srl', 0x00000002, SHIFT, 'd,t,<'),
  insn('rotr', 0x00200002, SHIFT, 'd,t,<'),
  insn('sra', 0x00000003, SHIFT, 'd,t,<'),
  insn('sllv', 0x00000004, R3, 'd,t,s'),
  insn('srlv', 0x00000006, R3, 'd,t,s'),
  insn('rotrv', 0x00000046, R3, 'd,t,s'),
  insn('srav', 0x00000007, R3, 'd,t,s'),
  // conditional moves
  insn('movf', 0x00000001, 0xfc0307ff, 'd,s,N', F.Cp1),
  insn('movt', 0x00010001, 0xfc0307ff, 'd,s,N', F.Cp1),
  insn('movz', 0x0000000a, R3, 'd,s,t'),
  insn('movn', 0x0000000b, R3, 'd,s,t'),
  // HI/LO
  insn('mfhi', 0x00000010, 0xffff07ff, 'd', F.HiLo),
  insn('mthi', 0x00000011, 0xfc1fffff, 's', F.HiLo),
  insn('mflo', 0x00000012, 0xffff07ff, 'd', F.HiLo),
  insn('mtlo', 0x00000013, 0xfc1fffff, 's', F.HiLo),
  insn('mult', 0x00000018, 0xfc00ffff, 's,t', F.HiLo),
  insn('multu', 0x00000019, 0xfc00ffff, 's,t', F.HiLo),
  insn('div', 0x0000001a, 0xfc00ffff, 'z,s,t', F.HiLo),
  insn('divu', 0x0000001b, 0xfc00ffff, 'z,s,t', F.HiLo),
  // three-register ALU
  insn('add', 0x00000020, R3, 'd,s,t', F.Overflow),
  insn('addu', 0x00000021, R3, 'd,s,t'),
  insn('sub', 0x00000022, R3, 'd,s,t', F.Overflow),
  insn('subu', 0x00000023, R3, 'd,s,t'),
  insn('and', 0x00000024, R3, 'd,s,t'),
  insn('or', 0x00000025, R3, 'd,s,t'),
  insn('xor', 0x00000026, R3, 'd,s,t'),
  insn('nor', 0x00000027, R3, 'd,s,t'),
  insn('slt', 0x0000002a, R3, 'd,s,t'),
  insn('sltu', 0x0000002b, R3, 'd,s,t'),
  // immediate ALU
  insn('addi', 0x20000000, I, 't,s,j', F.Overflow),
  insn('addiu', 0x24000000, I, 't,s,j'),
  insn('slti', 0x28000000, I, 't,s,j'),
  insn('sltiu', 0x2c000000, I, 't,s,j'),
  insn('andi', 0x30000000, I, 't,s,i'),
  insn('ori', 0x34000000, I, 't,s,i'),
  insn('xori', 0x38000000, I, 't,s,i'),
  insn('lui', 0x3c000000, 0xffe00000, 't,u'),
  // SPECIAL2
  insn('madd', 0x70000000, 0xfc00ffff, 's,t', F.HiLo),
  insn('maddu', 0x70000001, 0xfc00ffff, 's,t', F.HiLo),
  insn('mul', 0x70000002, R3, 'd,s,t', F.HiLo),
  insn('msub', 0x70000004, 0xfc00ffff, 's,t', F.HiLo),
  insn('msubu', 0x70000005, 0xfc00ffff, 's,t', F.HiLo),
  insn('clz', 0x70000020, R3, 'U,s'),
  insn('clo', 0x70000021, R3, 'U,s'),
  // SPECIAL3 (Release 2)
  insn('ext', 0x7c000000, 0xfc00003f, 't,s,+A,+C'),
  insn('ins', 0x7c000004, 0xfc00003f, 't,s,+A,+B'),
  insn('wsbh', 0x7c0000a0, 0xffe007ff, 'd,t'),
  insn('seb', 0x7c000420, 0xffe007ff, 'd,t'),
  insn('seh', 0x7c000620, 0xffe007ff, 'd,t'),
];
