// Splits an instruction's operand text into typed operands: registers, immediates (optionally
// wrapped in a relocation operator such as %hi(…)/%lo(…)/%gp_rel(…)) and memory references
// `expr(base)`. Expressions stay unevaluated; matching against a syntax decides what they must be.

import type { SourceLocation } from '../../util/diagnostic';
import type { RelocType } from '../object';
import { Cursor, splitArgs } from './cursor';
import { type Expr, type ExprContext, parseExpr } from './expr';
import { type ParsedRegister, parseRegister } from './registers';

/** Relocation operators accepted before an operand: %hi(sym) and friends. */
export const RELOC_OPERATORS: Readonly<Record<string, RelocType>> = {
  hi: 'R_MIPS_HI16',
  lo: 'R_MIPS_LO16',
  gp_rel: 'R_MIPS_GPREL16',
  gprel: 'R_MIPS_GPREL16',
  got: 'R_MIPS_GOT16',
  call16: 'R_MIPS_CALL16',
};

export type Operand =
  | { readonly k: 'reg'; readonly reg: ParsedRegister; readonly loc: SourceLocation }
  | { readonly k: 'imm'; readonly expr: Expr; readonly reloc: RelocType | undefined; readonly loc: SourceLocation }
  | {
      readonly k: 'mem';
      readonly expr: Expr | undefined;
      readonly reloc: RelocType | undefined;
      readonly base: ParsedRegister;
      /** The text before "(base)", for the register-indexed form `index(base)`. */
      readonly body: string;
      readonly loc: SourceLocation;
    };

/** Parses the operand list of an instruction; `at` is the column offset of `text` in its line. */
export function parseOperands(text: string, loc: SourceLocation, ctx: ExprContext): Operand[] {
  return splitArgs(text).map((a) => parseOperand(a.text, { ...loc, col: loc.col + a.at }, ctx));
}

function parseOperand(text: string, loc: SourceLocation, ctx: ExprContext): Operand {
  const c = new Cursor(text, loc);
  if (text === '') c.fail('missing operand');
  const reg = parseRegister(text);
  if (reg) return { k: 'reg', reg, loc };
  // Trailing "(reg)" makes it a memory operand.
  const base = trailingBase(text);
  const body = base ? text.slice(0, base.at) : text;
  const bc = new Cursor(body, loc);
  let reloc: RelocType | undefined;
  let expr: Expr | undefined;
  if (base && parseRegister(body.trim())) {
    return { k: 'mem', expr: undefined, reloc: undefined, base: base.reg, body: body.trim(), loc };
  }
  // `$name` that is no register is a symbol (gas accepts $LC0), but `$99` is a bad register.
  const dollar = /^\s*(\$[0-9]+)(?![A-Za-z_.$])/.exec(body);
  if (dollar) c.fail(`invalid register \`${dollar[1]}'`);
  if (bc.eat('%')) {
    const op = bc.name() ?? '';
    const r = RELOC_OPERATORS[op];
    if (!r) bc.fail(`unrecognized relocation operator %${op}`);
    reloc = r;
    bc.expect('(');
    expr = parseExpr(bc, ctx);
    bc.expect(')');
    bc.end();
  } else if (body.trim() !== '') {
    expr = parseExpr(bc, ctx);
    bc.end();
  }
  if (base) return { k: 'mem', expr, reloc, base: base.reg, body: body.trim(), loc };
  if (!expr) return c.fail('missing operand');
  return { k: 'imm', expr, reloc, loc };
}

function trailingBase(text: string): { at: number; reg: ParsedRegister } | undefined {
  const m = /\(\s*(\$[A-Za-z0-9_]+)\s*\)\s*$/.exec(text);
  if (!m) return undefined;
  const reg = parseRegister(m[1] as string);
  if (!reg || reg.cls !== 'gpr') return undefined;
  return { at: m.index, reg };
}
