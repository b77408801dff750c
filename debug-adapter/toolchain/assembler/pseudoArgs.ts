// Operand matching for pseudo-instructions, with gas' operand letters: d/s/t/v/r registers, z $0,
// D/S/T FPU registers, E coprocessor-2 registers, I a 32-bit constant, A(b) an address with an
// optional base, p a branch target, a a jump target, k a 5-bit constant, f/F/l/L float literals.

import type { SourceLocation } from '../../util/diagnostic';
import type { RelocType } from '../object';
import type { AsmContext } from './context';
import { type MatchFailure, withOmitted } from './encode';
import { normalize32 } from './expander';
import type { EvalResult } from './evaluate';
import type { Expr } from './expr';
import type { Operand } from './operands';

/** An `A(b)` operand: an address expression (may be absent: `($t0)`) plus a base register. */
export interface Address {
  readonly expr: Expr;
  readonly reloc: RelocType | undefined;
  readonly base: number;
  readonly value: EvalResult;
  readonly loc: SourceLocation;
}

export interface PseudoArgs {
  /** Register numbers in operand order (GPR, FPR or coprocessor). */
  readonly regs: number[];
  /** The 'I' or 'k' constant ('I' sign-extended from 32 bits, as gas normalises it). */
  imm: bigint;
  /** The constant as written, for the table forms gas tries first (TEQI…). */
  immRaw: bigint;
  addr: Address | undefined;
  /** 'p'/'a' target. */
  target: { expr: Expr; loc: SourceLocation } | undefined;
  readonly loc: SourceLocation;
}

const ZERO_EXPR: Expr = { k: 'num', v: 0n };

/** Matches operands against a pseudo syntax such as "d,v,I" or "t,A(b)". */
export function matchPseudoArgs(ctx: AsmContext, name: string, syntax: string, opsIn: readonly Operand[], loc: SourceLocation): PseudoArgs | MatchFailure {
  const letters = syntax === '' ? [] : syntax.split(',');
  const ops = withOmitted(name, opsIn, letters.length);
  const out: PseudoArgs = { regs: [], imm: 0n, immRaw: 0n, addr: undefined, target: undefined, loc };
  if (ops.length !== letters.length) return { message: 'invalid operands', loc: undefined, score: Math.min(ops.length, letters.length) - 1 };
  for (let i = 0; i < letters.length; i++) {
    const l = letters[i] as string;
    const op = ops[i] as Operand;
    const n = i + 1;
    const bad = (message: string): MatchFailure => ({ message, loc: op.loc, score: i });
    switch (l) {
      case 'd': case 's': case 't': case 'v': case 'r': case 'w': {
        if (op.k !== 'reg' || op.reg.cls !== 'gpr') return bad(`operand ${n} must be a register`);
        out.regs.push(op.reg.num);
        break;
      }
      case 'z': {
        if (op.k !== 'reg' || op.reg.cls !== 'gpr' || op.reg.num !== 0) return bad(`operand ${n} must be $0`);
        out.regs.push(0);
        break;
      }
      case 'D': case 'S': case 'T': case 'V': {
        if (op.k !== 'reg' || op.reg.cls !== 'fpr') return bad(`invalid operand ${n}: floating-point register expected`);
        out.regs.push(op.reg.num);
        break;
      }
      case 'E': {
        if (op.k !== 'reg' || op.reg.cls !== 'gpr' || !op.reg.numeric) return bad(`invalid operand ${n}: coprocessor register expected`);
        out.regs.push(op.reg.num);
        break;
      }
      case 'I': case 'k': {
        if (op.k !== 'imm' || op.reloc) return bad(`operand ${n} must be an immediate`);
        const v = ctx.evaluate(op.expr, op.loc);
        if (v.pending || v.sym) return bad(`operand ${n} must be constant`);
        if (l === 'k' && (v.add < 0n || v.add > 31n)) return bad(`operand ${n} out of range`);
        out.imm = l === 'I' ? normalize32(v.add) : v.add;
        out.immRaw = v.add;
        if (l === 'k') out.regs.push(Number(v.add));
        break;
      }
      case 'A(b)': {
        if (op.k === 'reg') return bad(`operand ${n} must be an address`);
        const expr = op.expr ?? ZERO_EXPR;
        out.addr = { expr, reloc: op.reloc, base: op.k === 'mem' ? op.base.num : 0, value: ctx.evaluate(expr, op.loc), loc: op.loc };
        break;
      }
      case 'p': case 'a': {
        if (op.k !== 'imm' || op.reloc) return bad(`operand ${n} must be a label`);
        out.target = { expr: op.expr, loc: op.loc };
        break;
      }
      default:
        throw new Error(`unknown pseudo operand letter ${l}`);
    }
  }
  return out;
}
