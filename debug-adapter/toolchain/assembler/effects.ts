// What an instruction reads and writes, as GNU as' opcode flags (RD_n/WR_n, WR_31, RD_CC/WR_CC,
// NODS/TRAP, UBD/CBD/CBL) describe it; the delay-slot filler decides from these whether the
// previous instruction may move into a branch's delay slot. The rules are derived from the table
// entry's flags and syntax, with gas' few deliberate approximations (e.g. LWL/LWR and INS do not
// count as reading their destination; double-precision FPU operands cover a register pair).

import { type InsnSpec, InsnFlag, parseSyntax, operandField } from '../../isa';

export type BranchKind = 'none' | 'cond' | 'uncond' | 'likely';

export interface InsnEffects {
  readonly gprRead: number;
  readonly gprWrite: number;
  readonly fprRead: number;
  readonly fprWrite: number;
  readonly ccRead: boolean;
  readonly ccWrite: boolean;
  /** May not sit in a delay slot (gas NODS/TRAP: traps, BREAK, SYSCALL, SYNC, ERET, WAIT…). */
  readonly noDelaySlot: boolean;
  readonly branch: BranchKind;
}

export const NO_EFFECTS: InsnEffects = {
  gprRead: 0, gprWrite: 0, fprRead: 0, fprWrite: 0, ccRead: false, ccWrite: false, noDelaySlot: false, branch: 'none',
};

const NO_DELAY_SLOT = new Set(['sync', 'eret', 'deret', 'wait', 'pause', 'break', 'syscall', 'sdbbp']);
/** Instructions whose register operands are all read (moves to coprocessors / HI / LO, multiplies). */
const READ_ALL = /^(mtc[0-2]|mthc[0-2]|ctc[0-2]|mthi|mtlo|mult|multu|madd|maddu|msub|msubu|div|divu|cache|pref|synci|prefx)$/;
/** Instructions whose first operand is written and nothing is read (gas WR_1 only). */
const WRITE_ONLY = /^(lui|rdhwr|rdpgpr|di|ei|mfhi|mflo|mfc0|cfc1|cfc2|mfc2|mfhc2|li)$/;
const UNCONDITIONAL = new Set(['j', 'jal', 'jr', 'jr.hb', 'jalr', 'jalr.hb', 'b', 'bal']);
const DOUBLE = /\.(d|l|ps)(\.|$)|^(ldc1|sdc1|ldxc1|sdxc1|luxc1|suxc1|mfhc1|mthc1)$/;

/** Effects of the encoded instruction `word` of table entry `spec`. */
export function effectsOf(spec: InsnSpec, word: number): InsnEffects {
  const ops = parseSyntax(spec.syntax);
  const f = spec.flags;
  let gprRead = 0;
  let gprWrite = 0;
  let fprRead = 0;
  let fprWrite = 0;
  const regs = ops.map((o) => ({ kind: o.def.kind, num: operandField(word, o.def) }));
  const gprBit = (i: number): number => {
    const r = regs[i];
    return r && (r.kind === 'gpr' || r.kind === 'gprPair') ? 1 << r.num : 0;
  };
  const fprBit = (i: number): number => {
    const r = regs[i];
    return r && r.kind === 'fpr' ? 1 << r.num : 0;
  };
  const readAll = (from: number): void => {
    for (let i = from; i < regs.length; i++) {
      gprRead |= gprBit(i);
      fprRead |= fprBit(i);
    }
  };
  const name = spec.name;
  let branch: BranchKind = 'none';
  if ((f & InsnFlag.DelaySlot) !== 0) {
    branch = UNCONDITIONAL.has(name) ? 'uncond' : (f & InsnFlag.Likely) !== 0 ? 'likely' : 'cond';
  }
  if (name === 'jalr' || name === 'jalr.hb') {
    if (regs.length === 2) {
      gprWrite |= gprBit(0);
      gprRead |= gprBit(1);
    } else {
      gprWrite |= 1 << 31;
      gprRead |= gprBit(0);
    }
  } else if ((f & (InsnFlag.Branch | InsnFlag.Jump | InsnFlag.Trap)) !== 0 || (f & InsnFlag.Store) !== 0 || READ_ALL.test(name)) {
    readAll(0);
    if ((f & InsnFlag.Link) !== 0) gprWrite |= 1 << 31;
    if (name === 'sc') gprWrite |= gprBit(0);
    if (name === 'mtc1' || name === 'mthc1') {
      fprWrite |= fprBit(1);
      fprRead &= ~fprBit(1);
    }
  } else if (name === 'wrpgpr') {
    gprRead |= gprBit(1);
  } else if (WRITE_ONLY.test(name)) {
    gprWrite |= gprBit(0);
  } else if (/^c\.[a-z]+\.(s|d|ps)$/.test(name)) {
    readAll(0);
  } else if (regs.length > 0) {
    gprWrite |= gprBit(0);
    fprWrite |= fprBit(0);
    readAll(1);
  }
  if (DOUBLE.test(name)) {
    fprRead |= fprRead << 1;
    fprWrite |= fprWrite << 1;
  }
  // gas marks coprocessor moves and CP2 loads as writing "the condition code" (WR_CC).
  const ccWrite = /^c\.[a-z]+\./.test(name) || /^(ctc1|ctc2|mtc0|mthc0|mtc2|mthc2|lwc2|ldc2)$/.test(name);
  const ccRead = /^(bc[12][ft]l?|movf|movt)(\.|$)/.test(name);
  return {
    gprRead: gprRead & ~1,
    gprWrite: gprWrite & ~1,
    fprRead: fprRead >>> 0,
    fprWrite: fprWrite >>> 0,
    ccRead,
    ccWrite,
    noDelaySlot: NO_DELAY_SLOT.has(name) || (f & InsnFlag.Trap) !== 0,
    branch,
  };
}
