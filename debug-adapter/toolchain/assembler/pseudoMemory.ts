// Address pseudo-instructions, expanded as gas' macro() does for non-PIC code: `la`, loads and
// stores with a 32-bit or symbolic address (lui + %hi/%lo, through the destination register for
// loads and $at otherwise, or $gp-relative for small data), and the unaligned ulw/usw/ulh/ulhu/ush.

import type { RelocType } from '../object';
import { type Expander, loHalf, normalize32 } from './expander';
import { AsmError } from './errors';
import type { Expr } from './expr';
import type { Address } from './pseudoArgs';
import { isSmallDataSection } from './sections';

const GP = 28;
const MAX_GPREL_OFFSET = 0x7ff0n;
const NOT_GP = new Set(['eprol', 'etext', '_gp', 'edata', '_fbss', '_fdata', '_ftext', 'end', '_gp_disp']);

/** An offset operand: a known constant, or an expression with the relocation to apply to it. */
type Offset = { readonly k: 'const'; readonly v: bigint } | { readonly k: 'expr'; readonly expr: Expr; readonly reloc: RelocType | undefined };

function offsetOf(a: Address): Offset {
  // gas normalize_address_expr: 32-bit constants with bit 31 set are negative offsets.
  if (!a.reloc && !a.value.pending && !a.value.sym) return { k: 'const', v: normalize32(a.value.add) };
  return { k: 'expr', expr: a.expr, reloc: a.reloc };
}

function plus(o: Offset, n: number): Offset {
  if (n === 0) return o;
  if (o.k === 'const') return { k: 'const', v: o.v + BigInt(n) };
  return { ...o, expr: { k: 'bin', op: '+', l: o.expr, r: { k: 'num', v: BigInt(n) }, at: 0 } };
}

/** gas offset_high_part for 16-bit offsets. */
function highPart(v: bigint): bigint {
  return (v + 0x8000n) & ~0xffffn;
}

/** gas small_offset_p(range, align 1, 16 bits). */
function small(a: Address, range: number): boolean {
  if (a.reloc && range < 1) return true;
  if (a.reloc === 'R_MIPS_GPREL16') return true;
  const o = offsetOf(a);
  return o.k === 'const' && highPart(o.v) === 0n && highPart(o.v + BigInt(range)) === 0n;
}

/** Emits `name reg, off(base)` where letter is the register's operand letter. */
function memOp(x: Expander, name: string, letter: string, reg: number, off: Offset, base: number, reloc: RelocType = 'R_MIPS_LO16', variant = false): void {
  if (off.k === 'const') x.emit(name, { [letter]: reg, o: loHalf(off.v), b: base }, undefined, variant);
  else x.emit(name, { [letter]: reg, b: base }, { type: off.reloc ?? reloc, expr: off.expr }, variant);
}

function addiu(x: Expander, t: number, s: number, off: Offset): void {
  if (off.k === 'const') x.emit('addiu', { t, s, j: loHalf(off.v) });
  else x.emit('addiu', { t, s }, { type: off.reloc ?? 'R_MIPS_LO16', expr: off.expr });
}

/** Whether gas starts a $gp relaxation for this symbolic address, and whether $gp wins. */
function gpChoice(x: Expander, a: Address): { relax: boolean; gp: boolean } {
  const v = a.value;
  if (x.ctx.gpSize <= 0 || a.reloc) return { relax: false, gp: false };
  if (!v.pending && BigInt.asUintN(64, v.add) > MAX_GPREL_OFFSET) return { relax: false, gp: false };
  const sym = v.pending ? undefined : v.sym;
  if (sym && NOT_GP.has(sym.name)) return { relax: false, gp: false };
  const d = sym?.def;
  if (!d || d.kind === 'equ' || d.kind === 'common') {
    if (sym) x.ctx.relaxedRefs.add(sym.name);
    return { relax: true, gp: sym !== undefined && x.ctx.gpHints.has(sym.name) };
  }
  if (d.kind === 'label' && isSmallDataSection(d.section)) return { relax: true, gp: true };
  return { relax: false, gp: false };
}

function checkSymbolic(a: Address): void {
  const v = a.value;
  if (!v.pending && v.sym === undefined) return;
  if (v.pending) return;
  if (BigInt.asIntN(32, v.add) !== v.add) throw new AsmError('offset too large', a.loc);
}

/** gas load_address: the address (no base) into reg. */
function loadAddress(x: Expander, reg: number, a: Address): void {
  const o = offsetOf(a);
  if (o.k === 'const') {
    x.loadRegister(reg, o.v);
    return;
  }
  checkSymbolic(a);
  const g = gpChoice(x, a);
  if (g.gp) {
    x.emit('addiu', { t: reg, s: GP }, { type: 'R_MIPS_GPREL16', expr: o.expr }, true);
    return;
  }
  x.emit('lui', { t: reg }, { type: 'R_MIPS_HI16', expr: o.expr }, g.relax);
  x.emit('addiu', { t: reg, s: reg }, { type: 'R_MIPS_LO16', expr: o.expr }, g.relax);
}

/** `la reg, addr(base)`. */
export function expandLa(x: Expander, reg: number, a: Address): void {
  const breg = a.base;
  if (small(a, 0)) {
    addiu(x, reg, breg, offsetOf(a));
    return;
  }
  const tempreg = x.ctx.opts.at && reg === breg ? x.at() : reg;
  loadAddress(x, tempreg, a);
  if (breg !== 0) x.emit('addu', { d: reg, s: tempreg, t: breg });
}

/**
 * A load or store with any address: `name reg, addr(base)`. `viaDest` selects gas' "ld" path
 * (loads use their destination as the temporary unless it is $0 or the base).
 */
export function expandLoadStore(x: Expander, name: string, letter: string, reg: number, a: Address, viaDest: boolean): void {
  const breg = a.base;
  let tempreg: number;
  if (viaDest && reg !== breg && reg !== 0) tempreg = reg;
  else tempreg = 1;
  if (small(a, 0)) {
    memOp(x, name, letter, reg, offsetOf(a), breg);
    return;
  }
  if (tempreg === 1) x.at();
  const o = offsetOf(a);
  if (o.k === 'const') {
    const v = normalize32(o.v);
    if (BigInt.asIntN(32, v) !== v) x.ctx.report(x.loc, `number (0x${BigInt.asUintN(64, o.v).toString(16)}) larger than 32 bits`);
    const hi = highPart(v);
    x.loadRegister(tempreg, hi);
    if (breg !== 0) x.emit('addu', { d: tempreg, s: tempreg, t: breg });
    memOp(x, name, letter, reg, { k: 'const', v: v - hi }, tempreg);
    return;
  }
  checkSymbolic(a);
  const g = gpChoice(x, a);
  if (breg === 0) {
    if (g.gp) {
      memOp(x, name, letter, reg, o, GP, 'R_MIPS_GPREL16', true);
      return;
    }
    x.emit('lui', { t: tempreg }, { type: 'R_MIPS_HI16', expr: o.expr }, g.relax);
    memOp(x, name, letter, reg, o, tempreg, 'R_MIPS_LO16', g.relax);
    return;
  }
  if (g.gp) {
    x.emit('addu', { d: tempreg, s: breg, t: GP }, undefined, true);
    memOp(x, name, letter, reg, o, tempreg, 'R_MIPS_GPREL16', true);
    return;
  }
  x.emit('lui', { t: tempreg }, { type: 'R_MIPS_HI16', expr: o.expr }, g.relax);
  x.emit('addu', { d: tempreg, s: tempreg, t: breg }, undefined, g.relax);
  memOp(x, name, letter, reg, o, tempreg, 'R_MIPS_LO16', g.relax);
}

/** ulw/usw (off 3) and ulh/ulhu/ush (off 1): unaligned accesses by halves or bytes. */
export function expandUnaligned(x: Expander, kind: 'ulw' | 'usw' | 'ulh' | 'ulhu' | 'ush', reg: number, a: Address): void {
  const [s, s2, off, ust] = {
    ulw: ['lwl', 'lwr', 3, false],
    usw: ['swl', 'swr', 3, true],
    ulh: ['lb', 'lbu', 1, false],
    ulhu: ['lbu', 'lbu', 1, false],
    ush: ['sb', 'sb', 1, true],
  }[kind] as [string, string, number, boolean];
  const big = x.ctx.endian === 'big';
  let breg = a.base;
  const large = !small(a, off);
  let ep: Offset = offsetOf(a);
  let tempreg: number;
  if (large) {
    const at = x.at();
    if (small(a, 0)) addiu(x, at, breg, ep);
    else {
      loadAddress(x, at, a);
      if (breg !== 0) x.emit('addu', { d: at, s: at, t: breg });
    }
    breg = at;
    tempreg = reg;
    ep = { k: 'const', v: 0n };
  } else if (!ust && reg === breg) tempreg = x.at();
  else tempreg = reg;
  if (off === 3) {
    memOp(x, s, 't', tempreg, big ? ep : plus(ep, off), breg);
    memOp(x, s2, 't', tempreg, big ? plus(ep, off) : ep, breg);
    if (!ust && reg !== tempreg) x.move(reg, tempreg);
    return;
  }
  const at = x.at();
  let e = big === ust ? plus(ep, off) : ep;
  memOp(x, s, 't', ust || large ? reg : at, e, breg);
  const t2 = ust === large ? reg : at;
  if (ust) x.emit('srl', { d: t2, t: reg, '<': 8 });
  e = big === ust ? ep : plus(ep, off);
  memOp(x, s2, 't', t2, e, breg);
  if (ust && large) memOp(x, 'lbu', 't', at, big ? plus(ep, off) : ep, at);
  if (!ust || large) {
    const t3 = !large ? at : reg;
    x.emit('sll', { d: t3, t: t3, '<': 8 });
    x.emit('or', { d: reg, s: reg, t: at });
  }
}
