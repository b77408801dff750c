// Coprocessor 2 moves, branches and the generic COP2 function of MIPS32 Release 2
// (Vol. II: MFC2, MTC2, CFC2, CTC2, MFHC2, MTHC2, BC2F/BC2T(L), COP2). The loads/stores are in memory.ts.

import { type InsnSpec, InsnFlag as F, insn } from '../spec';

const C2 = F.Cp2;

/** CP2 instructions. */
export const COP2_INSTRUCTIONS: readonly InsnSpec[] = [
  insn('mfc2', 0x48000000, 0xffe007f8, 't,X,H', C2),
  insn('cfc2', 0x48400000, 0xffe007ff, 't,X', C2),
  insn('mfhc2', 0x48600000, 0xffe00000, 't,i', C2),
  insn('mtc2', 0x48800000, 0xffe007f8, 't,X,H', C2),
  insn('ctc2', 0x48c00000, 0xffe007ff, 't,X', C2),
  insn('mthc2', 0x48e00000, 0xffe00000, 't,i', C2),
  insn('bc2f', 0x49000000, 0xffe30000, 'Y,p', C2 | F.Branch | F.DelaySlot),
  insn('bc2t', 0x49010000, 0xffe30000, 'Y,p', C2 | F.Branch | F.DelaySlot),
  insn('bc2fl', 0x49020000, 0xffe30000, 'Y,p', C2 | F.Branch | F.DelaySlot | F.Likely),
  insn('bc2tl', 0x49030000, 0xffe30000, 'Y,p', C2 | F.Branch | F.DelaySlot | F.Likely),
  insn('c2', 0x4a000000, 0xfe000000, 'C', C2),
];
