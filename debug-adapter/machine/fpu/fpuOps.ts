// The CP1 operations as compiled code calls them: each reads its FPRs (FR=0 register pairs for
// doubles), computes with fpArith, and applies FCSR the way QEMU's update_fcr31 does: Cause is
// replaced by this operation's flags; if an enabled flag is set the operation returns true (the
// caller raises FPE) without writing its destination or the sticky Flags; else Flags |= flags.
// NaN operands give the default NaN; a signalling NaN operand raises Invalid (legacy NaNs).

import type { CpuState } from '../cpuState';
import { ccBit } from '../codegen/emitFpu';
import { add, convert, div, fromInt32, mul, sqrt, toInt32 } from './fpArith';
import {
  DOUBLE,
  type FloatFormat,
  SINGLE,
  doubleToWords,
  isSignalingDouble,
  isSignalingSingle,
  singleToWord,
  wordToSingle,
  wordsToDouble,
} from './fpFormat';
import { FLAG_INVALID, RM_DOWN, RM_NEAREST, RM_UP, RM_ZERO, status } from './exactRound';

const FCSR_FS = 1 << 24;
/** FCSR bits a CTC1 to register 31 may change (QEMU's 24Kf fcr31_rw_bitmask). */
const FCSR_RW_MASK = 0xff83ffff | 0;

function begin(S: CpuState): void {
  status.flags = 0;
  status.rm = S.fcr31 & 3;
  status.flush = (S.fcr31 & FCSR_FS) !== 0;
}

/** update_fcr31: true when the operation must trap (FPE). */
function finish(S: CpuState): boolean {
  const f = status.flags;
  S.fcr31 = (S.fcr31 & ~(0x3f << 12)) | ((f & 0x3f) << 12);
  if (f === 0) return false;
  if ((S.fcr31 >>> 7) & 0x1f & f) return true;
  S.fcr31 |= (f & 0x1f) << 2;
  return false;
}

/** Operand reading: the value, after raising Invalid for a signalling NaN. */
function readS(S: CpuState, r: number): number {
  const w = S.fpr[r] as number;
  if (isSignalingSingle(w)) status.flags |= FLAG_INVALID;
  return wordToSingle(w);
}

function readD(S: CpuState, r: number): number {
  const hi = S.fpr[r + 1] as number;
  if (isSignalingDouble(hi)) status.flags |= FLAG_INVALID;
  return wordsToDouble(hi, S.fpr[r] as number);
}

function writeS(S: CpuState, r: number, x: number): void {
  S.fpr[r] = singleToWord(x);
}

function writeD(S: CpuState, r: number, x: number): void {
  doubleToWords(x, S.fpr, r);
}

type Fmt = { read: typeof readS; write: typeof writeS; fmt: FloatFormat };
const FS: Fmt = { read: readS, write: writeS, fmt: SINGLE };
const FD: Fmt = { read: readD, write: writeD, fmt: DOUBLE };

/** NaN-propagating wrapper: any NaN operand gives the default NaN. */
function binary(f: Fmt, op: (a: number, b: number, fmt: FloatFormat) => number) {
  return (S: CpuState, fd: number, fs: number, ft: number): boolean => {
    begin(S);
    const a = f.read(S, fs);
    const b = f.read(S, ft);
    const r = a !== a || b !== b ? NaN : op(a, b, f.fmt);
    if (finish(S)) return true;
    f.write(S, fd, r);
    return false;
  };
}

function unary(f: Fmt, op: (a: number, fmt: FloatFormat) => number) {
  return (S: CpuState, fd: number, fs: number): boolean => {
    begin(S);
    const a = f.read(S, fs);
    const r = a !== a ? NaN : op(a, f.fmt);
    if (finish(S)) return true;
    f.write(S, fd, r);
    return false;
  };
}

/** CVT.W / ROUND.W / TRUNC.W / CEIL.W / FLOOR.W; mode undefined = FCSR.RM. */
function toWord(f: Fmt, mode: number | undefined) {
  return (S: CpuState, fd: number, fs: number): boolean => {
    begin(S);
    const a = f.read(S, fs);
    let r: number | undefined;
    if (a !== a) status.flags |= FLAG_INVALID;
    else r = toInt32(a, mode ?? status.rm);
    if (finish(S)) return true;
    S.fpr[fd] = r ?? 0x7fffffff;
    return false;
  };
}

/** MADD/MSUB/NMADD/NMSUB: a product then a sum, each rounded (QEMU's non-fused helpers). */
function multiplyAdd(f: Fmt, subtract: boolean, negate: boolean) {
  return (S: CpuState, fd: number, fr: number, fs: number, ft: number): boolean => {
    begin(S);
    const a = f.read(S, fs);
    const b = f.read(S, ft);
    const c = f.read(S, fr);
    const p = a !== a || b !== b ? NaN : mul(a, b, f.fmt);
    let r = p !== p || c !== c ? NaN : add(p, subtract ? -c : c, f.fmt);
    if (negate) r = -r;
    if (finish(S)) return true;
    if (r !== r && negate) {
      // QEMU negates after the default NaN was produced: the sign bit flips.
      f.write(S, fd, r);
      if (f === FS) S.fpr[fd] = (S.fpr[fd] as number) | 0x80000000;
      else S.fpr[fd + 1] = (S.fpr[fd + 1] as number) | 0x80000000;
      return false;
    }
    f.write(S, fd, r);
    return false;
  };
}

/** C.cond.fmt: cond bit 0 unordered, 1 equal, 2 less, 3 signal Invalid on any NaN. */
function compare(f: Fmt) {
  return (S: CpuState, cond: number, cc: number, fs: number, ft: number): boolean => {
    begin(S);
    const a = f.read(S, fs);
    const b = f.read(S, ft);
    let c: boolean;
    if (a !== a || b !== b) {
      if (cond & 8) status.flags |= FLAG_INVALID;
      c = (cond & 1) !== 0;
    } else c = ((cond & 2) !== 0 && a === b) || ((cond & 4) !== 0 && a < b);
    if (finish(S)) return true;
    const bit = 1 << ccBit(cc);
    S.fcr31 = c ? S.fcr31 | bit : S.fcr31 & ~bit;
    return false;
  };
}

const one = (): number => 1;

/** The helper table emitted code reaches as `H.fpu`. */
export const fpuOps = {
  add_s: binary(FS, add),
  add_d: binary(FD, add),
  sub_s: binary(FS, (a, b, fmt) => add(a, -b, fmt)),
  sub_d: binary(FD, (a, b, fmt) => add(a, -b, fmt)),
  mul_s: binary(FS, mul),
  mul_d: binary(FD, mul),
  div_s: binary(FS, div),
  div_d: binary(FD, div),
  sqrt_s: unary(FS, sqrt),
  sqrt_d: unary(FD, sqrt),
  recip_s: unary(FS, (a, fmt) => div(one(), a, fmt)),
  recip_d: unary(FD, (a, fmt) => div(one(), a, fmt)),
  rsqrt_s: unary(FS, (a, fmt) => {
    const r = sqrt(a, fmt);
    return r !== r ? r : div(1, r, fmt);
  }),
  rsqrt_d: unary(FD, (a, fmt) => {
    const r = sqrt(a, fmt);
    return r !== r ? r : div(1, r, fmt);
  }),
  cvt_w_s: toWord(FS, undefined),
  cvt_w_d: toWord(FD, undefined),
  round_w_s: toWord(FS, RM_NEAREST),
  round_w_d: toWord(FD, RM_NEAREST),
  trunc_w_s: toWord(FS, RM_ZERO),
  trunc_w_d: toWord(FD, RM_ZERO),
  ceil_w_s: toWord(FS, RM_UP),
  ceil_w_d: toWord(FD, RM_UP),
  floor_w_s: toWord(FS, RM_DOWN),
  floor_w_d: toWord(FD, RM_DOWN),
  cvt_s_d: (S: CpuState, fd: number, fs: number): boolean => {
    begin(S);
    const a = readD(S, fs);
    const r = a !== a ? NaN : convert(a, SINGLE);
    if (finish(S)) return true;
    writeS(S, fd, r);
    return false;
  },
  cvt_d_s: (S: CpuState, fd: number, fs: number): boolean => {
    begin(S);
    const a = readS(S, fs);
    if (finish(S)) return true;
    writeD(S, fd, a);
    return false;
  },
  cvt_s_w: (S: CpuState, fd: number, fs: number): boolean => {
    begin(S);
    const r = fromInt32(S.fpr[fs] as number, SINGLE);
    if (finish(S)) return true;
    writeS(S, fd, r);
    return false;
  },
  cvt_d_w: (S: CpuState, fd: number, fs: number): boolean => {
    begin(S);
    const r = fromInt32(S.fpr[fs] as number, DOUBLE);
    if (finish(S)) return true;
    writeD(S, fd, r);
    return false;
  },
  madd_s: multiplyAdd(FS, false, false),
  madd_d: multiplyAdd(FD, false, false),
  msub_s: multiplyAdd(FS, true, false),
  msub_d: multiplyAdd(FD, true, false),
  nmadd_s: multiplyAdd(FS, false, true),
  nmadd_d: multiplyAdd(FD, false, true),
  nmsub_s: multiplyAdd(FS, true, true),
  nmsub_d: multiplyAdd(FD, true, true),
  c_s: compare(FS),
  c_d: compare(FD),

  /** CFC1: FIR, FCCR, FEXR, FENR or FCSR views of FCR31 (QEMU's helper_cfc1). */
  cfc1(S: CpuState, fs: number): number {
    const f = S.fcr31;
    switch (fs) {
      case 0:
        return S.fcr0;
      case 25:
        return ((f >>> 24) & 0xfe) | ((f >>> 23) & 1);
      case 26:
        return f & 0x0003f07c;
      case 28:
        return (f & 0x00000f83) | ((f >>> 22) & 4);
      case 31:
        return f;
      default:
        return 0;
    }
  },

  /** CTC1 (QEMU's helper_ctc1); true when the new Cause has an enabled (or E) bit: FPE. */
  ctc1(S: CpuState, fs: number, v: number): boolean {
    const f = S.fcr31;
    switch (fs) {
      case 25:
        if (v & 0xffffff00) return false;
        S.fcr31 = (f & 0x017fffff) | ((v & 0xfe) << 24) | ((v & 1) << 23);
        break;
      case 26:
        if (v & 0x007c0000) return false;
        S.fcr31 = (f & 0xfffc0f83) | (v & 0x0003f07c);
        break;
      case 28:
        if (v & 0x007c0000) return false;
        S.fcr31 = (f & 0xfefff07c) | (v & 0x00000f83) | ((v & 4) << 22);
        break;
      case 31:
        S.fcr31 = (v & FCSR_RW_MASK) | (f & ~FCSR_RW_MASK);
        break;
      default:
        return false;
    }
    return ((((S.fcr31 >>> 7) & 0x1f) | 0x20) & ((S.fcr31 >>> 12) & 0x3f)) !== 0;
  },
};
