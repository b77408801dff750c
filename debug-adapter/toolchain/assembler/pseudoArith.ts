// Arithmetic pseudo-instructions as gas expands them for MIPS32: ALU operations with a 32-bit
// immediate, set-on-condition (seq/sne/sge/sgt/sle and unsigned forms), multiply with overflow
// checks (mulo/mulou), three-operand div/divu/rem/remu with the divide-by-zero and overflow
// BREAKs, rotates (rol/ror via ROTR/ROTRV), abs, and traps against a constant.

import { type Expander, fitsS16, fitsU16 } from './expander';

/** add/addu/sub/subu/and/or/nor/xor/slt/sltu with an immediate. */
export function aluImm(x: Expander, op: string, d: number, s: number, imm: bigint): void {
  switch (op) {
    case 'add':
    case 'addu':
      if (fitsS16(imm)) return x.emit(op === 'add' ? 'addi' : 'addiu', { t: d, s, j: Number(imm) });
      return viaAt(x, op, d, s, imm);
    case 'sub':
    case 'subu':
      if (imm > -0x8000n && imm <= 0x8000n) return x.emit(op === 'sub' ? 'addi' : 'addiu', { t: d, s, j: Number(-imm) });
      return viaAt(x, op, d, s, imm);
    case 'slt':
    case 'sltu':
      if (fitsS16(imm)) return x.emit(op === 'slt' ? 'slti' : 'sltiu', { t: d, s, j: Number(imm) });
      return viaAt(x, op, d, s, imm);
    default:
      if (fitsU16(imm)) {
        if (op === 'nor') {
          x.emit('ori', { t: d, s, i: Number(imm) });
          return x.emit('nor', { d, s: d, t: 0 });
        }
        return x.emit(`${op}i`, { t: d, s, i: Number(imm) });
      }
      return viaAt(x, op, d, s, imm);
  }
}

function viaAt(x: Expander, op: string, d: number, s: number, imm: bigint): void {
  const at = x.at();
  x.loadRegister(at, imm);
  x.emit(op, { d, s, t: at });
}

/** seq/sne/sge/sgeu/sgt/sgtu/sle/sleu with a register. */
export function setCompare(x: Expander, op: string, d: number, s: number, t: number): void {
  switch (op) {
    case 'seq':
      if (s === 0) return x.emit('sltiu', { t: d, s: t, j: 1 });
      if (t === 0) return x.emit('sltiu', { t: d, s, j: 1 });
      x.emit('xor', { d, s, t });
      return x.emit('sltiu', { t: d, s: d, j: 1 });
    case 'sne':
      if (s === 0) return x.emit('sltu', { d, s: 0, t });
      if (t === 0) return x.emit('sltu', { d, s: 0, t: s });
      x.emit('xor', { d, s, t });
      return x.emit('sltu', { d, s: 0, t: d });
    case 'sge':
    case 'sgeu':
      x.emit(op === 'sge' ? 'slt' : 'sltu', { d, s, t });
      return x.emit('xori', { t: d, s: d, i: 1 });
    case 'sgt':
    case 'sgtu':
      return x.emit(op === 'sgt' ? 'slt' : 'sltu', { d, s: t, t: s });
    default:
      x.emit(op === 'sle' ? 'slt' : 'sltu', { d, s: t, t: s });
      return x.emit('xori', { t: d, s: d, i: 1 });
  }
}

/** seq/sne/sge/sgeu/sgt/sgtu/sle/sleu with an immediate. */
export function setCompareImm(x: Expander, op: string, d: number, s: number, imm: bigint): void {
  switch (op) {
    case 'seq':
    case 'sne': {
      const eq = op === 'seq';
      if (imm === 0n) return eq ? x.emit('sltiu', { t: d, s, j: 1 }) : x.emit('sltu', { d, s: 0, t: s });
      if (s === 0) {
        x.ctx.warn(x.loc, `instruction ${op}: result is always ${eq ? 'false' : 'true'}`);
        return eq ? x.move(d, 0) : x.emit('addiu', { t: d, s: 0, j: 1 });
      }
      if (fitsU16(imm)) x.emit('xori', { t: d, s, i: Number(imm) });
      else if (imm > -0x8000n && imm < 0n) x.emit('addiu', { t: d, s, j: Number(-imm) });
      else {
        const at = x.at();
        x.loadRegister(at, imm);
        x.emit('xor', { d, s, t: at });
      }
      return eq ? x.emit('sltiu', { t: d, s: d, j: 1 }) : x.emit('sltu', { d, s: 0, t: d });
    }
    case 'sge':
    case 'sgeu':
      if (fitsS16(imm)) x.emit(op === 'sge' ? 'slti' : 'sltiu', { t: d, s, j: Number(imm) });
      else {
        const at = x.at();
        x.loadRegister(at, imm);
        x.emit(op === 'sge' ? 'slt' : 'sltu', { d, s, t: at });
      }
      return x.emit('xori', { t: d, s: d, i: 1 });
    default: {
      const at = x.at();
      x.loadRegister(at, imm);
      const u = op.endsWith('u');
      x.emit(u ? 'sltu' : 'slt', { d, s: at, t: s });
      if (op.startsWith('sle')) x.emit('xori', { t: d, s: d, i: 1 });
    }
  }
}

/** mul with an immediate, mulo/mulou with a register or an immediate. */
export function multiply(x: Expander, op: string, d: number, s: number, t: number | undefined, imm: bigint): void {
  let rt = t;
  if (op === 'mul') {
    const at = x.at();
    x.loadRegister(at, imm);
    x.emit('mult', { s, t: at });
    return x.emit('mflo', { d });
  }
  const e = x.ctx.emitter;
  e.startNoreorder();
  const at = x.at();
  if (rt === undefined) {
    x.loadRegister(at, imm);
    rt = at;
  }
  if (op === 'mulo') {
    x.emit('mult', { s, t: rt });
    x.emit('mflo', { d });
    x.emit('sra', { d, t: d, '<': 31 });
    x.emit('mfhi', { d: at });
    x.branchOffset('beq', { s: d, t: at }, 8);
    x.emit('nop', {});
    x.emit('break', { c: 6 });
    e.endNoreorder();
    return x.emit('mflo', { d });
  }
  x.emit('multu', { s, t: rt });
  x.emit('mfhi', { d: at });
  x.emit('mflo', { d });
  x.branchOffset('beq', { s: at, t: 0 }, 8);
  x.emit('nop', {});
  x.emit('break', { c: 6 });
  e.endNoreorder();
}

/** div/divu/rem/remu with three registers. */
export function divide(x: Expander, op: string, d: number, s: number, t: number): void {
  const signed = op === 'div' || op === 'rem';
  const mf = op.startsWith('div') ? 'mflo' : 'mfhi';
  const base = signed ? 'div' : 'divu';
  const e = x.ctx.emitter;
  if (signed && t === 0) {
    x.ctx.warn(x.loc, 'divide by zero');
    return x.emit('break', { c: 7 });
  }
  e.startNoreorder();
  x.branchOffset('bne', { s: t, t: 0 }, 8);
  x.emit(base, { s, t });
  if (!signed) {
    e.endNoreorder();
    x.emit('break', { c: 7 });
    return x.emit(mf, { d });
  }
  x.emit('break', { c: 7 });
  const at = x.at();
  x.loadRegister(at, -1n);
  x.branchOffset('bne', { s: t, t: at }, 16);
  x.emit('lui', { t: at, u: 0x8000 });
  x.branchOffset('bne', { s, t: at }, 8);
  x.emit('nop', {});
  e.endNoreorder();
  x.emit('break', { c: 6 });
  x.emit(mf, { d });
}

/** div/divu/rem/remu with an immediate divisor. */
export function divideImm(x: Expander, op: string, d: number, s: number, imm: bigint): void {
  const unsigned = op.endsWith('u');
  const lo = op.startsWith('div');
  if (imm === 0n) {
    x.ctx.warn(x.loc, 'divide by zero');
    return x.emit('break', { c: 7 });
  }
  if (imm === 1n) return lo ? x.move(d, s) : x.move(d, 0);
  if (imm === -1n && !unsigned) return lo ? x.emit('neg', { d, t: s }) : x.move(d, 0);
  const at = x.at();
  x.loadRegister(at, imm);
  x.emit(unsigned ? 'divu' : 'div', { s, t: at });
  x.emit(lo ? 'mflo' : 'mfhi', { d });
}

/** rol/ror with a register amount (MIPS32r2 ROTRV, negating for rol). */
export function rotate(x: Expander, op: string, d: number, s: number, t: number): void {
  if (x.ctx.opts.isa === 'mips32') {
    const at = x.at();
    x.emit('subu', { d: at, s: 0, t });
    x.emit(op === 'rol' ? 'srlv' : 'sllv', { d: at, t: s, s: at });
    x.emit(op === 'rol' ? 'sllv' : 'srlv', { d, t: s, s: t });
    return x.emit('or', { d, s: d, t: at });
  }
  if (op === 'ror') return x.emit('rotrv', { d, t: s, s: t });
  const temp = d === s ? x.at() : d;
  x.emit('negu', { d: temp, t });
  x.emit('rotrv', { d, t: s, s: temp });
}

/** rol/ror by a constant. */
export function rotateImm(x: Expander, op: string, d: number, s: number, imm: bigint): void {
  const rot = Number(BigInt.asUintN(5, imm));
  if (x.ctx.opts.isa === 'mips32') {
    if (rot === 0) return x.emit('srl', { d, t: s, '<': 0 });
    const at = x.at();
    x.emit(op === 'rol' ? 'sll' : 'srl', { d: at, t: s, '<': rot });
    x.emit(op === 'rol' ? 'srl' : 'sll', { d, t: s, '<': (32 - rot) & 31 });
    return x.emit('or', { d, s: d, t: at });
  }
  x.emit('rotr', { d, t: s, '<': op === 'rol' ? (32 - rot) & 31 : rot });
}

/** abs d, s. */
export function absolute(x: Expander, d: number, s: number): void {
  const e = x.ctx.emitter;
  e.startNoreorder();
  x.branchOffset('bgez', { s }, 8);
  if (d === s) x.emit('nop', {});
  else x.move(d, s);
  x.emit('sub', { d, s: 0, t: s });
  e.endNoreorder();
}

/** teq/tne/tge/tgeu/tlt/tltu against a constant: the immediate trap (TEQI…) when it fits. */
export function trapImm(x: Expander, op: string, s: number, imm: bigint, raw: bigint): void {
  if (fitsS16(raw)) return x.emit(op.endsWith('u') ? `${op.slice(0, -1)}iu` : `${op}i`, { s, j: Number(imm) });
  const at = x.at();
  x.loadRegister(at, imm);
  x.emit(op, { s, t: at });
}
