// Coprocessor 1 (FPU) instructions of MIPS32 Release 2: moves to/from CP1, BC1F/BC1T(L) with
// condition code, arithmetic/conversion/compare in .s/.d/.ps (with .w/.l conversions), conditional
// moves, and the COP1X indexed loads/stores and fused multiply-add. Vol. II, "FPU Instructions".

import { type InsnSpec, InsnFlag as F, insn } from '../spec';

const FP = F.Cp1;
const FP64 = F.Cp1 | F.Fpu64;
const FMT = { s: 0x46000000, d: 0x46200000, w: 0x46800000, l: 0x46a00000, ps: 0x46c00000 } as const;
type Fmt = keyof typeof FMT;
const R3 = 0xffe0003f; // fmt, ft, fs, fd free
const R2 = 0xffff003f; // ft = 0
const X = 0xfc00003f; // COP1X fr/ft/fs/fd free

/** One `name.fmt` entry per format; .ps (and .l) forms need a 64-bit FPU. */
function perFmt(name: string, funct: number, mask: number, syntax: string, fmts: readonly Fmt[]): InsnSpec[] {
  return fmts.map((f) => insn(`${name}.${f}`, FMT[f] | funct, mask, syntax, f === 'ps' || f === 'l' ? FP64 : FP));
}

const CONDITIONS = ['f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt'] as const;

/** FPU instructions (COP1 and COP1X). */
export const COP1_INSTRUCTIONS: readonly InsnSpec[] = [
  insn('mfc1', 0x44000000, 0xffe007ff, 't,S', FP),
  insn('cfc1', 0x44400000, 0xffe007ff, 't,F', FP),
  insn('mfhc1', 0x44600000, 0xffe007ff, 't,S', FP),
  insn('mtc1', 0x44800000, 0xffe007ff, 't,S', FP),
  insn('ctc1', 0x44c00000, 0xffe007ff, 't,F', FP),
  insn('mthc1', 0x44e00000, 0xffe007ff, 't,S', FP),
  insn('bc1f', 0x45000000, 0xffe30000, 'N,p', FP | F.Branch | F.DelaySlot),
  insn('bc1t', 0x45010000, 0xffe30000, 'N,p', FP | F.Branch | F.DelaySlot),
  insn('bc1fl', 0x45020000, 0xffe30000, 'N,p', FP | F.Branch | F.DelaySlot | F.Likely),
  insn('bc1tl', 0x45030000, 0xffe30000, 'N,p', FP | F.Branch | F.DelaySlot | F.Likely),
  ...perFmt('add', 0x00, R3, 'D,S,T', ['s', 'd', 'ps']),
  ...perFmt('sub', 0x01, R3, 'D,S,T', ['s', 'd', 'ps']),
  ...perFmt('mul', 0x02, R3, 'D,S,T', ['s', 'd', 'ps']),
  ...perFmt('div', 0x03, R3, 'D,S,T', ['s', 'd']),
  ...perFmt('sqrt', 0x04, R2, 'D,S', ['s', 'd']),
  ...perFmt('abs', 0x05, R2, 'D,S', ['s', 'd', 'ps']),
  ...perFmt('mov', 0x06, R2, 'D,S', ['s', 'd', 'ps']),
  ...perFmt('neg', 0x07, R2, 'D,S', ['s', 'd', 'ps']),
  ...(['round', 'trunc', 'ceil', 'floor'] as const).flatMap((r, k) => [
    ...perFmt(`${r}.l`, 0x08 + k, R2, 'D,S', ['s', 'd']).map((e) => ({ ...e, flags: FP64 })),
    ...perFmt(`${r}.w`, 0x0c + k, R2, 'D,S', ['s', 'd']),
  ]),
  ...perFmt('movf', 0x11, 0xffe3003f, 'D,S,N', ['s', 'd', 'ps']),
  ...perFmt('movt', 0x10011, 0xffe3003f, 'D,S,N', ['s', 'd', 'ps']),
  ...perFmt('movz', 0x12, R3, 'D,S,t', ['s', 'd', 'ps']),
  ...perFmt('movn', 0x13, R3, 'D,S,t', ['s', 'd', 'ps']),
  ...perFmt('recip', 0x15, R2, 'D,S', ['s', 'd']),
  ...perFmt('rsqrt', 0x16, R2, 'D,S', ['s', 'd']),
  ...perFmt('cvt.s', 0x20, R2, 'D,S', ['d', 'w', 'l']),
  ...perFmt('cvt.d', 0x21, R2, 'D,S', ['s', 'w', 'l']),
  ...perFmt('cvt.w', 0x24, R2, 'D,S', ['s', 'd']),
  ...perFmt('cvt.l', 0x25, R2, 'D,S', ['s', 'd']).map((e) => ({ ...e, flags: FP64 })),
  insn('cvt.ps.s', FMT.s | 0x26, R3, 'D,S,T', FP64),
  insn('cvt.s.pu', FMT.ps | 0x20, R2, 'D,S', FP64),
  insn('cvt.s.pl', FMT.ps | 0x28, R2, 'D,S', FP64),
  insn('pll.ps', FMT.ps | 0x2c, R3, 'D,S,T', FP64),
  insn('plu.ps', FMT.ps | 0x2d, R3, 'D,S,T', FP64),
  insn('pul.ps', FMT.ps | 0x2e, R3, 'D,S,T', FP64),
  insn('puu.ps', FMT.ps | 0x2f, R3, 'D,S,T', FP64),
  ...CONDITIONS.flatMap((c, k) => perFmt(`c.${c}`, 0x30 + k, 0xffe000ff, 'M,S,T', ['s', 'd', 'ps'])),
  // COP1X
  insn('lwxc1', 0x4c000000, 0xfc00f83f, 'D,t(b)', FP | F.Load, 4),
  insn('ldxc1', 0x4c000001, 0xfc00f83f, 'D,t(b)', FP | F.Load, 8),
  insn('luxc1', 0x4c000005, 0xfc00f83f, 'D,t(b)', FP64 | F.Load, 8),
  insn('swxc1', 0x4c000008, 0xfc0007ff, 'S,t(b)', FP | F.Store, 4),
  insn('sdxc1', 0x4c000009, 0xfc0007ff, 'S,t(b)', FP | F.Store, 8),
  insn('suxc1', 0x4c00000d, 0xfc0007ff, 'S,t(b)', FP64 | F.Store, 8),
  insn('prefx', 0x4c00000f, 0xfc0007ff, 'h,t(b)', FP),
  insn('alnv.ps', 0x4c00001e, X, 'D,S,T,s', FP64),
  ...(['madd', 'msub', 'nmadd', 'nmsub'] as const).flatMap((n, k) => [
    insn(`${n}.s`, 0x4c000020 + 8 * k, X, 'D,R,S,T', FP),
    insn(`${n}.d`, 0x4c000021 + 8 * k, X, 'D,R,S,T', FP),
    insn(`${n}.ps`, 0x4c000026 + 8 * k, X, 'D,R,S,T', FP64),
  ]),
];
