// Coprocessor 0 (privileged) instructions of MIPS32 Release 2: MFC0/MTC0 with select, TLB
// operations, ERET, DERET, WAIT, DI/EI (MFMC0), RDPGPR/WRPGPR. Vol. II and Vol. III.

import { type InsnSpec, InsnFlag as F, insn } from '../spec';

const P = F.Privileged | F.Cp0;

/** CP0 instructions. */
export const COP0_INSTRUCTIONS: readonly InsnSpec[] = [
  insn('mfc0', 0x40000000, 0xffe007f8, 't,G,H', P),
  insn('mtc0', 0x40800000, 0xffe007f8, 't,G,H', P),
  insn('rdpgpr', 0x41400000, 0xffe007ff, 'd,t', P),
  insn('di', 0x41606000, 0xffe0ffff, 't', P),
  insn('ei', 0x41606020, 0xffe0ffff, 't', P),
  insn('wrpgpr', 0x41c00000, 0xffe007ff, 'd,t', P),
  insn('tlbr', 0x42000001, 0xffffffff, '', P),
  insn('tlbwi', 0x42000002, 0xffffffff, '', P),
  insn('tlbwr', 0x42000006, 0xffffffff, '', P),
  insn('tlbp', 0x42000008, 0xffffffff, '', P),
  insn('eret', 0x42000018, 0xffffffff, '', P),
  insn('deret', 0x4200001f, 0xffffffff, '', P),
  insn('wait', 0x42000020, 0xfe00003f, 'J', P),
];
