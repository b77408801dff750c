// Branch pseudo-instructions as gas expands them: comparisons against a register or a constant
// (blt/ble/bgt/bge and unsigned and branch-likely forms) through slt/sltu/slti/sltiu into $at,
// beq/bne with an immediate, and the "always true/false" shortcuts with their warnings.

import type { Expander } from './expander';
import { fitsS16 } from './expander';
import type { Expr } from './expr';

type Target = { readonly expr: Expr };

function br(x: Expander, name: string, s: number, t: number | undefined, target: Target): void {
  x.emit(name, t === undefined ? { s } : { s, t }, { type: 'R_MIPS_PC16', expr: target.expr });
}

/** beq/bne/beql/bnel REG, IMM, target. */
export function branchImmEq(x: Expander, name: 'beq' | 'bne' | 'beql' | 'bnel', s: number, imm: bigint, target: Target): void {
  let t = 0;
  if (imm !== 0n) {
    t = x.at();
    x.loadRegister(t, imm);
  }
  br(x, name, s, t, target);
}

function setAt(x: Expander, reg: number, imm: bigint, unsigned: boolean): void {
  const at = x.at();
  if (fitsS16(imm)) x.emit(unsigned ? 'sltiu' : 'slti', { t: at, s: reg, j: Number(imm) });
  else {
    x.loadRegister(at, imm);
    x.emit(unsigned ? 'sltu' : 'slt', { d: at, s: reg, t: at });
  }
}

const l = (name: string, likely: boolean): string => (likely ? `${name}l` : name);

function always(x: Expander, name: string, target: Target): void {
  x.ctx.warn(x.loc, `branch ${name} is always true`);
  x.emit('b', {}, { type: 'R_MIPS_PC16', expr: target.expr });
}

function never(x: Expander, likely: boolean, target: Target): void {
  if (!likely) x.emit('nop', {});
  else br(x, 'bnel', 0, 0, target);
}

/** blt/ble/bgt/bge[u][l] with two registers. */
export function branchCompare(x: Expander, op: string, s: number, t: number, target: Target): void {
  const m = /^b(lt|le|gt|ge)(u?)(l?)$/.exec(op) as RegExpExecArray;
  const rel = m[1] as string;
  const unsigned = m[2] === 'u';
  const likely = m[3] === 'l';
  const slt = unsigned ? 'sltu' : 'slt';
  if (!unsigned) {
    // bge: s>=t; bgt: s>t; ble: s<=t; blt: s<t.
    const zeroT: Record<string, string> = { ge: 'bgez', gt: 'bgtz', le: 'blez', lt: 'bltz' };
    const zeroS: Record<string, string> = { ge: 'blez', gt: 'bltz', le: 'bgez', lt: 'bgtz' };
    if (t === 0) return br(x, l(zeroT[rel] as string, likely), s, undefined, target);
    if (s === 0) return br(x, l(zeroS[rel] as string, likely), t, undefined, target);
  } else {
    if (rel === 'ge') {
      if (t === 0) return always(x, op, target);
      if (s === 0) return br(x, l('beq', likely), 0, t, target);
    } else if (rel === 'gt') {
      if (t === 0) return br(x, l('bne', likely), s, 0, target);
      if (s === 0) return never(x, likely, target);
    } else if (rel === 'le') {
      if (t === 0) return br(x, l('beq', likely), s, 0, target);
      if (s === 0) return always(x, op, target);
    } else {
      if (t === 0) return never(x, likely, target);
      if (s === 0) return br(x, l('bne', likely), 0, t, target);
    }
  }
  const at = x.at();
  const swap = rel === 'gt' || rel === 'le';
  x.emit(slt, { d: at, s: swap ? t : s, t: swap ? s : t });
  br(x, l(rel === 'ge' || rel === 'le' ? 'beq' : 'bne', likely), at, 0, target);
}

/** blt/ble/bgt/bge[u][l] against a constant. */
export function branchCompareImm(x: Expander, op: string, s: number, immIn: bigint, target: Target): void {
  const m = /^b(lt|le|gt|ge)(u?)(l?)$/.exec(op) as RegExpExecArray;
  let rel = m[1] as string;
  const unsigned = m[2] === 'u';
  const likely = m[3] === 'l';
  let imm = immIn;
  const SMAX = 0x7fffffffn;
  const SMIN = -0x80000000n;
  if (!unsigned) {
    if (rel === 'gt') {
      if (imm >= SMAX) return never(x, likely, target);
      imm++;
      rel = 'ge';
    } else if (rel === 'le') {
      if (imm >= SMAX) return always(x, op, target);
      imm++;
      rel = 'lt';
    }
    if (rel === 'ge') {
      if (imm === 0n) return br(x, l('bgez', likely), s, undefined, target);
      if (imm === 1n) return br(x, l('bgtz', likely), s, undefined, target);
      if (imm <= SMIN) return always(x, op, target);
      setAt(x, s, imm, false);
      return br(x, l('beq', likely), 1, 0, target);
    }
    if (imm === 0n) return br(x, l('bltz', likely), s, undefined, target);
    if (imm === 1n) return br(x, l('blez', likely), s, undefined, target);
    setAt(x, s, imm, false);
    return br(x, l('bne', likely), 1, 0, target);
  }
  if (rel === 'gt') {
    if (s === 0 || imm === -1n) return never(x, likely, target);
    imm++;
    rel = 'ge';
  } else if (rel === 'le') {
    if (s === 0 || imm === -1n) return always(x, op, target);
    imm++;
    rel = 'lt';
  }
  if (rel === 'ge') {
    if (imm === 0n) return always(x, op, target);
    if (imm === 1n) return br(x, l('bne', likely), s, 0, target);
    setAt(x, s, imm, true);
    return br(x, l('beq', likely), 1, 0, target);
  }
  if (imm === 0n) return never(x, likely, target);
  if (imm === 1n) return br(x, l('beq', likely), s, 0, target);
  setAt(x, s, imm, true);
  return br(x, l('bne', likely), 1, 0, target);
}
