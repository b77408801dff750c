// Control transfer and system instructions of MIPS32 Release 2: branches (incl. branch-likely and
// and-link forms), jumps (J, JAL, JR, JALR and their .HB hazard-barrier forms), traps, SYSCALL,
// BREAK, SDBBP, SYNC, SYNCI, RDHWR. Vol. II, "Alphabetical List of Instructions".

import { type InsnSpec, InsnFlag as F, insn } from '../spec';

const B = F.Branch | F.DelaySlot;
const BL = B | F.Likely;
const RI = 0xfc1f0000; // REGIMM / one-register branch
const TRAP_R = 0xfc00003f;

/** Branches, jumps, traps and system-control instructions. */
export const CONTROL_INSTRUCTIONS: readonly InsnSpec[] = [
  insn('j', 0x08000000, 0xfc000000, 'a', F.Jump | F.DelaySlot),
  insn('jal', 0x0c000000, 0xfc000000, 'a', F.Jump | F.Link | F.DelaySlot),
  insn('jr', 0x00000008, 0xfc1fffff, 's', F.Jump | F.Register | F.DelaySlot),
  insn('jr.hb', 0x00000408, 0xfc1fffff, 's', F.Jump | F.Register | F.DelaySlot),
  insn('jalr', 0x00000009, 0xfc1f07ff, 'd,s', F.Jump | F.Register | F.Link | F.DelaySlot),
  insn('jalr.hb', 0x00000409, 0xfc1f07ff, 'd,s', F.Jump | F.Register | F.Link | F.DelaySlot),
  insn('beq', 0x10000000, 0xfc000000, 's,t,p', B),
  insn('bne', 0x14000000, 0xfc000000, 's,t,p', B),
  insn('blez', 0x18000000, RI, 's,p', B),
  insn('bgtz', 0x1c000000, RI, 's,p', B),
  insn('beql', 0x50000000, 0xfc000000, 's,t,p', BL),
  insn('bnel', 0x54000000, 0xfc000000, 's,t,p', BL),
  insn('blezl', 0x58000000, RI, 's,p', BL),
  insn('bgtzl', 0x5c000000, RI, 's,p', BL),
  insn('bltz', 0x04000000, RI, 's,p', B),
  insn('bgez', 0x04010000, RI, 's,p', B),
  insn('bltzl', 0x04020000, RI, 's,p', BL),
  insn('bgezl', 0x04030000, RI, 's,p', BL),
  insn('bltzal', 0x04100000, RI, 's,p', B | F.Link),
  insn('bgezal', 0x04110000, RI, 's,p', B | F.Link),
  insn('bltzall', 0x04120000, RI, 's,p', BL | F.Link),
  insn('bgezall', 0x04130000, RI, 's,p', BL | F.Link),
  // traps
  insn('tge', 0x00000030, TRAP_R, 's,t,q', F.Trap),
  insn('tgeu', 0x00000031, TRAP_R, 's,t,q', F.Trap),
  insn('tlt', 0x00000032, TRAP_R, 's,t,q', F.Trap),
  insn('tltu', 0x00000033, TRAP_R, 's,t,q', F.Trap),
  insn('teq', 0x00000034, TRAP_R, 's,t,q', F.Trap),
  insn('tne', 0x00000036, TRAP_R, 's,t,q', F.Trap),
  insn('tgei', 0x04080000, RI, 's,j', F.Trap),
  insn('tgeiu', 0x04090000, RI, 's,j', F.Trap),
  insn('tlti', 0x040a0000, RI, 's,j', F.Trap),
  insn('tltiu', 0x040b0000, RI, 's,j', F.Trap),
  insn('teqi', 0x040c0000, RI, 's,j', F.Trap),
  insn('tnei', 0x040e0000, RI, 's,j', F.Trap),
  // system
  insn('syscall', 0x0000000c, 0xfc00003f, 'B', F.Exception),
  insn('break', 0x0000000d, 0xfc00003f, 'c,q', F.Exception),
  insn('sdbbp', 0x7000003f, 0xfc00003f, 'B', F.Exception),
  insn('sync', 0x0000000f, 0xfffff83f, '1'),
  insn('synci', 0x041f0000, RI, 'o(b)'),
  insn('rdhwr', 0x7c00003b, 0xffe007ff, 't,K'),
];
