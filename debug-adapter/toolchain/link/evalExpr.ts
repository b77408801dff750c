// Evaluation of linker-script expressions (GNU ld manual, "Expressions in Linker
// Scripts" and "Builtin Functions") over the location counter, script symbols and
// the output sections laid out so far. Arithmetic is on 32-bit addresses.

import { DiagnosticError, type SourceLocation } from '../../util/diagnostic';
import type { Expr } from './scriptAst';

/** What an expression can see while the layout runs. */
export interface ExprScope {
  readonly dot: number;
  symbol(name: string): number | undefined;
  section(name: string): { readonly addr: number; readonly size: number; readonly align: number } | undefined;
}

const MAXPAGESIZE = 0x10000;
const COMMONPAGESIZE = 0x1000;

function fail(loc: SourceLocation, message: string): never {
  throw new DiagnosticError([{ loc, severity: 'error', message }]);
}

export function alignUp(v: number, a: number): number {
  return a <= 1 ? v : Math.ceil(v / a) * a;
}

function checkAlign(a: number, loc: SourceLocation): number {
  if (a <= 0 || (a & (a - 1)) !== 0) fail(loc, `alignment ${a} is not a power of two`);
  return a;
}

function binary(op: string, l: number, r: number, loc: SourceLocation): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      if (r === 0) fail(loc, 'division by zero');
      return Math.trunc(l / r);
    case '%':
      if (r === 0) fail(loc, 'division by zero');
      return l % r;
    case '&':
      return (l & r) >>> 0;
    case '|':
      return (l | r) >>> 0;
    case '^':
      return (l ^ r) >>> 0;
    case '<<':
      return (l << r) >>> 0;
    case '>>':
      return l >>> r;
    case '==':
      return Number(l === r);
    case '!=':
      return Number(l !== r);
    case '<':
      return Number(l < r);
    case '>':
      return Number(l > r);
    case '<=':
      return Number(l <= r);
    case '>=':
      return Number(l >= r);
    case '&&':
      return Number(l !== 0 && r !== 0);
    default:
      return Number(l !== 0 || r !== 0);
  }
}

function call(fn: string, args: readonly Expr[], scope: ExprScope, loc: SourceLocation): number {
  const arg = (i: number) => {
    const a = args[i];
    if (!a) fail(loc, `${fn}() needs ${i + 1} argument${i === 0 ? '' : 's'}`);
    return a;
  };
  const value = (i: number) => evalExpr(arg(i), scope);
  const sectionArg = () => {
    const a = arg(0);
    const name = a.kind === 'sym' ? a.name : '';
    const s = scope.section(name);
    if (!s) fail(loc, `${fn}(${name}) refers to an output section that is not laid out before this point`);
    return s;
  };
  switch (fn) {
    case 'ALIGN':
      return args.length === 1 ? alignUp(scope.dot, checkAlign(value(0), loc)) : alignUp(value(0), checkAlign(value(1), loc));
    case 'ADDR':
      return sectionArg().addr;
    case 'SIZEOF':
      return sectionArg().size;
    case 'ALIGNOF':
      return sectionArg().align;
    case 'ABSOLUTE':
      return value(0);
    case 'MAX':
      return Math.max(value(0), value(1));
    case 'MIN':
      return Math.min(value(0), value(1));
    case 'DEFINED': {
      const a = arg(0);
      return Number(a.kind === 'sym' && scope.symbol(a.name) !== undefined);
    }
    case 'CONSTANT': {
      const a = arg(0);
      const name = a.kind === 'sym' ? a.name : '';
      if (name === 'MAXPAGESIZE') return MAXPAGESIZE;
      if (name === 'COMMONPAGESIZE') return COMMONPAGESIZE;
      return fail(loc, `unknown CONSTANT(${name})`);
    }
    case 'SEGMENT_START':
      return value(1);
    case '?:':
      return value(0) !== 0 ? value(1) : value(2);
    default:
      return fail(loc, `unsupported function ${fn}()`);
  }
}

/** The expression's value, wrapped to 32 bits. */
export function evalExpr(e: Expr, scope: ExprScope): number {
  let v: number;
  switch (e.kind) {
    case 'num':
      v = e.value;
      break;
    case 'dot':
      v = scope.dot;
      break;
    case 'sym': {
      const s = scope.symbol(e.name);
      if (s === undefined) fail(e.loc, `symbol '${e.name}' is not defined by the script before this point`);
      v = s;
      break;
    }
    case 'call':
      v = call(e.fn, e.args, scope, e.loc);
      break;
    case 'unary': {
      const x = evalExpr(e.operand, scope);
      v = e.op === '-' ? -x : e.op === '~' ? ~x : Number(x === 0);
      break;
    }
    case 'binary':
      v = binary(e.op, evalExpr(e.left, scope), evalExpr(e.right, scope), e.loc);
      break;
  }
  return ((v % 0x100000000) + 0x100000000) % 0x100000000;
}
