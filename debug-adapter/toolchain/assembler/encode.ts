// Matches parsed operands against one instruction-table entry and encodes the word, the way
// gas' match_insn does: registers of the right class, immediates in the field's range, and a
// relocatable field when an operand is symbolic (%hi/%lo operators, branch and jump targets; in
// the "lax" retry pass any 16-bit immediate, with R_MIPS_LO16, as gas falls back to, and
// 0x8000..0xffff in signed 16-bit fields).

import { type InsnSpec, type OperandRef, parseSyntax } from '../../isa';
import type { SourceLocation } from '../../util/diagnostic';
import type { RelocType } from '../object';
import type { Expr } from './expr';
import type { Operand } from './operands';
import { parseRegister } from './registers';

/** The relocatable field of an encoded instruction. */
export interface InsnFixup {
  readonly type: RelocType;
  readonly expr: Expr;
  readonly loc: SourceLocation;
}

export interface Encoded {
  readonly spec: InsnSpec;
  readonly word: number;
  readonly fixup: InsnFixup | undefined;
}

export interface MatchFailure {
  readonly message: string;
  readonly loc: SourceLocation | undefined;
  /** How many operands matched before the failure; the best failure is reported. */
  readonly score: number;
}

/** Evaluates an expression now: its value if absolute, undefined if it depends on a symbol. */
export type ConstEval = (e: Expr, loc: SourceLocation) => bigint | undefined;

/** Mnemonics whose second operand may be left out, repeating the first (gas' v/w/r/V/W letters). */
export const OMIT_SECOND = new Set([
  'add', 'addu', 'sub', 'subu', 'and', 'or', 'xor', 'nor', 'slt', 'sltu', 'mul',
  'addi', 'addiu', 'andi', 'ori', 'xori', 'slti', 'sltiu', 'ext', 'ins',
  'sll', 'srl', 'sra', 'rotr', 'ror', 'neg', 'negu', 'not', 'seb', 'seh', 'wsbh', 'rdpgpr', 'wrpgpr', 'abs',
  'add.s', 'add.d', 'add.ps', 'sub.s', 'sub.d', 'sub.ps', 'mul.s', 'mul.d', 'mul.ps', 'div.s', 'div.d',
  'abs.s', 'abs.d', 'neg.s', 'neg.d', 'alnv.ps', 'cvt.ps.s', 'pll.ps', 'plu.ps', 'pul.ps', 'puu.ps',
  'div', 'divu', 'rem', 'remu', 'mulo', 'mulou', 'rol', 'rotl', 'seq', 'sne', 'sge', 'sgeu', 'sgt', 'sgtu', 'sle', 'sleu',
]);

/** Operand groups of a syntax: "o(b)" and "t(b)" are one written operand. */
export function syntaxGroups(syntax: string): OperandRef[][] {
  const groups: OperandRef[][] = [];
  for (const r of parseSyntax(syntax)) {
    if (r.parenthesised && groups.length > 0) (groups[groups.length - 1] as OperandRef[]).push(r);
    else groups.push([r]);
  }
  return groups;
}

/** Applies gas' operand omission: `add $t0,$t1` means `add $t0,$t0,$t1`. */
export function withOmitted(name: string, ops: readonly Operand[], wanted: number): readonly Operand[] {
  if (ops.length === wanted - 1 && ops.length >= 1 && OMIT_SECOND.has(name)) return [ops[0] as Operand, ...ops];
  return ops;
}

const fail = (message: string, loc: SourceLocation | undefined, score: number): MatchFailure => ({ message, loc, score });

function range(kind: string, bits: number): [bigint, bigint] {
  if (kind === 'simm' || kind === 'offset') return [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n];
  return [0n, (1n << BigInt(bits)) - 1n];
}

/** Tries to encode `spec` with `operands`; returns the encoding or why it does not match. */
export function encode(spec: InsnSpec, operandsIn: readonly Operand[], evalConst: ConstEval, lax: boolean): Encoded | MatchFailure {
  const groups = syntaxGroups(spec.syntax);
  const operands = withOmitted(spec.name, operandsIn, groups.length);
  const last = groups[groups.length - 1];
  if (operands.length === groups.length - 1 && last && last[0]?.def.kind === 'sel') groups.pop();
  if (operands.length !== groups.length) return fail('invalid operands', undefined, Math.min(operands.length, groups.length) - 1);
  let word = spec.match >>> 0;
  let fixup: InsnFixup | undefined;
  const put = (ref: OperandRef, v: number): void => {
    const mask = ref.def.bits >= 32 ? 0xffffffff : (1 << ref.def.bits) - 1;
    word = (word | ((v & mask) << ref.def.shift)) >>> 0;
  };
  let pos = -1;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as OperandRef[];
    const op = operands[i] as Operand;
    const ref = g[0] as OperandRef;
    const n = i + 1;
    const kind = ref.def.kind;
    if (g.length === 2) {
      const baseRef = g[1] as OperandRef;
      if (op.k !== 'mem') {
        if (op.k === 'imm' && kind === 'offset') {
          // "o(b)" with the base left out: base $0.
          const r = immediate(op.expr, op.reloc, op.loc, ref, n, evalConst, lax, 'R_MIPS_LO16');
          if ('message' in r) return { ...r, score: i };
          put(ref, r.value);
          fixup = r.fixup;
          continue;
        }
        return fail(`operand ${n} must be an address`, op.loc, i);
      }
      if (kind === 'gpr') {
        const idx = parseRegister(op.body);
        if (!idx || idx.cls !== 'gpr') return fail(`operand ${n} must be an index register`, op.loc, i);
        put(ref, idx.num);
      } else if (op.expr) {
        const r = immediate(op.expr, op.reloc, op.loc, ref, n, evalConst, lax, 'R_MIPS_LO16');
        if ('message' in r) return { ...r, score: i };
        put(ref, r.value);
        fixup = r.fixup;
      }
      put(baseRef, op.base.num);
      continue;
    }
    if (['gpr', 'gprPair', 'zero', 'fpr', 'fcr', 'cp0', 'cp2', 'hwr', 'cc', 'cp2cc'].includes(kind)) {
      if (op.k !== 'reg') return fail(kind === 'gpr' ? `operand ${n} must be a register` : 'invalid operands', op.loc, i);
      const r = op.reg;
      const ok =
        kind === 'gpr' || kind === 'gprPair'
          ? r.cls === 'gpr'
          : kind === 'zero'
            ? r.cls === 'gpr' && r.num === 0
            : kind === 'fpr'
              ? r.cls === 'fpr'
              : kind === 'cc'
                ? r.cls === 'fcc'
                : kind === 'cp2cc'
                  ? r.cls === 'cc'
                  : r.cls === 'gpr' && r.numeric;
      if (!ok) return fail(`invalid register operand ${n}`, op.loc, i);
      put(ref, r.num);
      if (kind === 'gprPair') word = (word | (r.num << 16)) >>> 0;
      continue;
    }
    if (op.k !== 'imm') return fail(`operand ${n} must be an immediate`, op.loc, i);
    if (kind === 'branch') {
      fixup = { type: 'R_MIPS_PC16', expr: op.expr, loc: op.loc };
      if (op.reloc) return fail(`operand ${n}: relocation operator not allowed`, op.loc, i);
      continue;
    }
    if (kind === 'jump') {
      if (op.reloc) return fail(`operand ${n}: relocation operator not allowed`, op.loc, i);
      const v = evalConst(op.expr, op.loc);
      if (v === undefined) fixup = { type: 'R_MIPS_26', expr: op.expr, loc: op.loc };
      else {
        if ((v & 3n) !== 0n) return fail(`jump to misaligned address (0x${BigInt.asUintN(32, v).toString(16)})`, op.loc, i + 1);
        put(ref, Number((BigInt.asUintN(32, v) >> 2n) & 0x3ffffffn));
      }
      continue;
    }
    if (kind === 'pos' || kind === 'extSize' || kind === 'insSize') {
      const v = evalConst(op.expr, op.loc);
      if (v === undefined) return fail(`operand ${n} must be constant`, op.loc, i);
      const x = Number(v);
      if (kind === 'pos') {
        if (x < 0 || x > 31) return fail(`operand ${n} out of range`, op.loc, i);
        pos = x;
        put(ref, x);
      } else {
        // gas' match_msb_operand: EXT needs size 1..32, INS only a field ending at bit 0..31
        // (size 0 is accepted when pos > 0, encoding msb = pos - 1).
        const msb = kind === 'extSize' ? x : pos + x;
        if (x < 0 || msb < 1 || msb > 32 || pos + x > 32) return fail(`operand ${n} out of range`, op.loc, i);
        put(ref, msb - 1);
      }
      continue;
    }
    const r = immediate(op.expr, op.reloc, op.loc, ref, n, evalConst, lax, kind === 'simm' || kind === 'uimm' ? 'R_MIPS_LO16' : undefined);
    if ('message' in r) return { ...r, score: i };
    put(ref, r.value);
    fixup = r.fixup ?? fixup;
  }
  return { spec, word, fixup };
}

function immediate(
  expr: Expr,
  reloc: RelocType | undefined,
  loc: SourceLocation,
  ref: OperandRef,
  n: number,
  evalConst: ConstEval,
  lax: boolean,
  laxReloc: RelocType | undefined,
): { value: number; fixup: InsnFixup | undefined } | MatchFailure {
  const sixteen = ref.def.bits === 16 && ref.def.shift === 0;
  if (reloc) {
    if (!sixteen) return fail(`operand ${n}: relocation operator not allowed`, loc, n - 1);
    return { value: 0, fixup: { type: reloc, expr, loc } };
  }
  const v = evalConst(expr, loc);
  if (v === undefined) {
    if (lax && sixteen && laxReloc) return { value: 0, fixup: { type: laxReloc, expr, loc } };
    return fail(`operand ${n} must be constant`, loc, n - 1);
  }
  const [lo, hi] = range(ref.def.kind, ref.def.bits);
  // "For compatibility with older assemblers" gas' lax pass takes 0x8000..0xffff in a signed
  // 16-bit field (`tltiu $a2, 0xffff`, `addiu $t0, $t0, 0x8000`) when no macro took the value.
  const unsignedSixteen = lax && sixteen && lo < 0n && v > hi && v <= 0xffffn;
  if ((v < lo || v > hi) && !unsignedSixteen) return fail(`operand ${n} out of range`, loc, n - 1);
  return { value: Number(BigInt.asUintN(32, v)), fixup: undefined };
}
