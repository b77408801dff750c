// Evaluates parsed expressions against the symbol table, the way gas' resolve_expression does:
// absolute values fold, `label + const` stays relocatable, `label - label` in one section becomes
// absolute, and anything that still depends on an undefined symbol is reported as pending so the
// caller can retry once the whole file has been read.

import type { SourceLocation } from '../../util/diagnostic';
import { AsmError } from './errors';
import { type BinaryOp, type Expr, wrap64 } from './expr';
import { type AsmSymbol, displayName, type SymbolTable } from './symbols';

/** An evaluated expression: `sym + add`, or just `add` when absolute. */
export interface Value {
  readonly sym: AsmSymbol | undefined;
  readonly add: bigint;
  /** Relocatable minus relocatable in different/unknown sections: only the end of the file can tell. */
  readonly pending?: false;
}

export interface Pending {
  readonly pending: true;
  /** The symbol that blocked evaluation, for messages. */
  readonly blocker: string;
}

export type EvalResult = Value | Pending;

export const abs = (v: bigint): Value => ({ sym: undefined, add: wrap64(v) });

/** Section name of a value's base: 'abs' for absolute values, undefined while unresolved. */
function sectionOf(v: Value): string | undefined {
  if (!v.sym) return 'abs';
  const d = v.sym.def;
  if (d && d.kind === 'label') return d.section;
  return undefined;
}

export class Evaluator {
  constructor(
    private readonly symbols: SymbolTable,
    /** True once the whole source has been read: undefined symbols are then external. */
    private readonly final: boolean,
  ) {}

  eval(e: Expr, loc: SourceLocation): EvalResult {
    switch (e.k) {
      case 'num':
        return abs(e.v);
      case 'dot':
        return this.symbolValue(this.dotSymbol(e.section, e.offset), loc);
      case 'sym':
        return this.symbolValue(this.symbols.ref(e.name, loc), loc);
      case 'neg':
      case 'not':
      case 'lnot': {
        const v = this.eval(e.e, loc);
        if (v.pending) return v;
        if (v.sym) return this.needAbsolute(v, loc, e.k === 'neg' ? '-' : e.k === 'not' ? '~' : '!');
        if (e.k === 'neg') return abs(-v.add);
        if (e.k === 'not') return abs(~v.add);
        return abs(v.add === 0n ? 1n : 0n);
      }
      case 'bin':
        return this.binary(e.op, e.l, e.r, loc);
    }
  }

  private dotSymbol(section: string, offset: number): AsmSymbol {
    const name = `\u0002dot:${section}:${offset}`;
    const s = this.symbols.ref(name);
    if (!s.def) s.def = { kind: 'label', section, offset };
    return s;
  }

  private symbolValue(s: AsmSymbol, loc: SourceLocation): EvalResult {
    const d = s.def;
    if (!d || d.kind === 'label' || d.kind === 'common') return { sym: s, add: 0n };
    if (s.evaluating) throw new AsmError(`symbol definition loop encountered at \`${displayName(s.name)}'`, loc);
    s.evaluating = true;
    try {
      return this.eval(d.expr, loc);
    } finally {
      s.evaluating = false;
    }
  }

  private needAbsolute(v: Value, loc: SourceLocation, op: string): EvalResult {
    if (!this.final && !v.sym?.def) return { pending: true, blocker: v.sym?.name ?? '' };
    const sec = sectionOf(v) ?? '*UND*';
    throw new AsmError(`invalid operands (${sec} and *ABS* sections) for \`${op}'`, loc);
  }

  private binary(op: BinaryOp, le: Expr, re: Expr, loc: SourceLocation): EvalResult {
    const l = this.eval(le, loc);
    const r = this.eval(re, loc);
    if (l.pending) return l;
    if (r.pending) return r;
    if (op === '+') {
      if (!r.sym) return { sym: l.sym, add: wrap64(l.add + r.add) };
      if (!l.sym) return { sym: r.sym, add: wrap64(l.add + r.add) };
      return this.invalid(l, r, op, loc);
    }
    if (op === '-') {
      if (!r.sym) return { sym: l.sym, add: wrap64(l.add - r.add) };
      if (l.sym) {
        const ls = sectionOf(l);
        const rs = sectionOf(r);
        if (l.sym === r.sym) return abs(l.add - r.add);
        if (ls !== undefined && ls === rs && ls !== 'abs') {
          const lo = (l.sym.def as { offset: number }).offset;
          const ro = (r.sym.def as { offset: number }).offset;
          return abs(BigInt(lo) - BigInt(ro) + l.add - r.add);
        }
      }
      return this.invalid(l, r, op, loc);
    }
    if (l.sym || r.sym) return this.invalid(l, r, op, loc);
    return abs(foldConstant(op, l.add, r.add));
  }

  private invalid(l: Value, r: Value, op: string, loc: SourceLocation): EvalResult {
    const unresolved = (v: Value): boolean => v.sym !== undefined && !v.sym.def;
    if (!this.final && (unresolved(l) || unresolved(r))) {
      return { pending: true, blocker: (unresolved(l) ? l.sym?.name : r.sym?.name) ?? '' };
    }
    throw new AsmError(`invalid operands (${sectionOf(l) ?? '*UND*'} and ${sectionOf(r) ?? '*UND*'} sections) for \`${op}'`, loc);
  }
}

/** Constant folding with gas semantics (64-bit; >> is logical; comparisons give -1 for true). */
export function foldConstant(op: BinaryOp, a: bigint, b: bigint): bigint {
  const u = (x: bigint): bigint => BigInt.asUintN(64, x);
  const t = (c: boolean): bigint => (c ? -1n : 0n);
  switch (op) {
    case '*': return wrap64(a * b);
    case '/': return b === 0n ? a : wrap64(a / b);
    case '%': return b === 0n ? 0n : wrap64(a % b);
    case '<<': return u(b) >= 64n ? 0n : wrap64(a << b);
    case '>>': return u(b) >= 64n ? 0n : wrap64(u(a) >> b);
    case '|': return a | b;
    case '!': return wrap64(a | ~b);
    case '^': return a ^ b;
    case '&': return a & b;
    case '+': return wrap64(a + b);
    case '-': return wrap64(a - b);
    case '==': return t(a === b);
    case '!=': return t(a !== b);
    case '<': return t(a < b);
    case '<=': return t(a <= b);
    case '>': return t(a > b);
    case '>=': return t(a >= b);
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
    case '||': return a !== 0n || b !== 0n ? 1n : 0n;
  }
}
