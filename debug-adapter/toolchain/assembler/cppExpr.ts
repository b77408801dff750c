// Integer expressions of the C preprocessor's #if/#elif (C11 6.10.1): `defined NAME`,
// `defined(NAME)`, C operators with C precedence (including ?:), identifiers that are not
// macros evaluate to 0. Evaluated in 64-bit signed arithmetic.

import type { SourceLocation } from '../../util/diagnostic';
import { AsmError } from './errors';

type Tok = { t: 'num'; v: bigint } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(text: string, loc: SourceLocation): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)[uUlL]*/.exec(text.slice(i));
    if (num) {
      const body = num[1] as string;
      let v: bigint;
      if (/^0[xXbB]/.test(body)) v = BigInt(body);
      else if (body.length > 1 && body.startsWith('0')) v = BigInt(`0o${body.slice(1)}`);
      else v = BigInt(body);
      out.push({ t: 'num', v });
      i += num[0].length;
      continue;
    }
    const ch = /^'(\\.|[^'\\])'/.exec(text.slice(i));
    if (ch) {
      const body = ch[1] as string;
      const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39 };
      out.push({ t: 'num', v: BigInt(body.length === 2 ? (esc[body.charAt(1)] ?? body.charCodeAt(1)) : body.charCodeAt(0)) });
      i += ch[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%<>&|^!~?:()])/.exec(text.slice(i));
    if (!op) throw new AsmError(`invalid character '${c}' in #if expression`, loc);
    out.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

const BINARY: ReadonlyArray<readonly string[]> = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

/**
 * Evaluates a #if expression whose macros have already been expanded, except `defined`, which
 * `isDefined` answers.
 */
export function evalCppExpr(text: string, isDefined: (name: string) => boolean, loc: SourceLocation): bigint {
  const toks = tokenize(text, loc);
  let p = 0;
  const fail = (m: string): never => {
    throw new AsmError(`#if: ${m}`, loc);
  };
  const peekOp = (): string | undefined => {
    const t = toks[p];
    return t && t.t === 'op' ? t.v : undefined;
  };
  const cond = (): bigint => {
    const c = binary(0);
    if (peekOp() === '?') {
      p++;
      const a = cond();
      if (peekOp() !== ':') fail("expected ':'");
      p++;
      const b = cond();
      return c !== 0n ? a : b;
    }
    return c;
  };
  const binary = (level: number): bigint => {
    if (level >= BINARY.length) return unary();
    let l = binary(level + 1);
    for (;;) {
      const op = peekOp();
      if (!op || !(BINARY[level] as readonly string[]).includes(op)) return l;
      p++;
      const r = binary(level + 1);
      l = apply(op, l, r);
    }
  };
  const apply = (op: string, a: bigint, b: bigint): bigint => {
    const w = (x: bigint): bigint => BigInt.asIntN(64, x);
    switch (op) {
      case '||': return a !== 0n || b !== 0n ? 1n : 0n;
      case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
      case '<<': return w(a << (b & 63n));
      case '>>': return a >> (b & 63n);
      case '+': return w(a + b);
      case '-': return w(a - b);
      case '*': return w(a * b);
      case '/': return b === 0n ? fail('division by zero') : w(a / b);
      default: return b === 0n ? fail('division by zero') : w(a % b);
    }
  };
  const unary = (): bigint => {
    const t = toks[p];
    if (!t) return fail('missing operand');
    p++;
    if (t.t === 'num') return t.v;
    if (t.t === 'id') {
      if (t.v !== 'defined') return 0n;
      const paren = peekOp() === '(';
      if (paren) p++;
      const n = toks[p];
      if (!n || n.t !== 'id') return fail("'defined' needs a macro name");
      p++;
      if (paren) {
        if (peekOp() !== ')') fail("missing ')' after 'defined'");
        p++;
      }
      return isDefined(n.v) ? 1n : 0n;
    }
    switch (t.v) {
      case '(': {
        const v = cond();
        if (peekOp() !== ')') fail("missing ')'");
        p++;
        return v;
      }
      case '-': return BigInt.asIntN(64, -unary());
      case '+': return unary();
      case '~': return ~unary();
      case '!': return unary() === 0n ? 1n : 0n;
      default: return fail(`unexpected '${t.v}'`);
    }
  };
  const v = cond();
  if (p < toks.length) fail('junk at end of expression');
  return v;
}
