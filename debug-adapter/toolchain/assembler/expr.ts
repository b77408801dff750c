// GNU as expressions: parsing with gas' operator ranks (expr.c op_rank: unary 9; * / % << >> 8;
// | & ^ ! 7; + - 5; comparisons 4 (true is -1); && 3; || 2), 64-bit wrap-around arithmetic,
// numbers in C notation, 'c' character constants, local label references (1b, 2f) and '.'.

import { Cursor, isNameChar, isNameStart } from './cursor';

export type BinaryOp =
  | '*' | '/' | '%' | '<<' | '>>' | '|' | '&' | '^' | '!' | '+' | '-'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type Expr =
  | { readonly k: 'num'; readonly v: bigint }
  | { readonly k: 'sym'; readonly name: string; readonly at: number }
  /** The location counter where the expression was written. */
  | { readonly k: 'dot'; readonly section: string; readonly offset: number }
  | { readonly k: 'neg' | 'not' | 'lnot'; readonly e: Expr }
  | { readonly k: 'bin'; readonly op: BinaryOp; readonly l: Expr; readonly r: Expr; readonly at: number };

/** What the parser needs from the assembler state: the location counter and local label names. */
export interface ExprContext {
  dot(): Expr;
  /** Internal name of local label `n`, backward (`1b`) or forward (`1f`). */
  localLabel(n: string, forward: boolean): string;
}

const RANK: Readonly<Record<BinaryOp, number>> = {
  '*': 8, '/': 8, '%': 8, '<<': 8, '>>': 8,
  '|': 7, '&': 7, '^': 7, '!': 7,
  '+': 5, '-': 5,
  '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4,
  '&&': 3, '||': 2,
};

/** Wraps to a signed 64-bit value, the width of gas' offsetT on MIPS hosts. */
export function wrap64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

function readOp(c: Cursor): { op: BinaryOp; len: number } | undefined {
  c.skipSpace();
  const two = c.text.slice(c.pos, c.pos + 2);
  switch (two) {
    case '<<': case '>>': case '==': case '!=': case '<=': case '>=': case '&&': case '||':
      return { op: two, len: 2 };
    case '<>':
      return { op: '!=', len: 2 };
    case '!!':
      return { op: '^', len: 2 };
    default:
      break;
  }
  const one = c.peek();
  if ('*/%|&^!+-<>'.includes(one) && one !== '') return { op: one as BinaryOp, len: 1 };
  return undefined;
}

/** Parses an expression starting at the cursor; stops before anything that cannot continue it. */
export function parseExpr(c: Cursor, ctx: ExprContext): Expr {
  return parseBinary(c, ctx, 1);
}

function parseBinary(c: Cursor, ctx: ExprContext, minRank: number): Expr {
  let left = parseUnary(c, ctx);
  for (;;) {
    const save = c.pos;
    const o = readOp(c);
    if (!o || RANK[o.op] < minRank) {
      c.pos = save;
      return left;
    }
    const at = c.pos;
    c.pos += o.len;
    const right = parseBinary(c, ctx, RANK[o.op] + 1);
    left = { k: 'bin', op: o.op, l: left, r: right, at };
  }
}

function parseUnary(c: Cursor, ctx: ExprContext): Expr {
  c.skipSpace();
  const ch = c.peek();
  if (ch === '-') {
    c.pos++;
    return { k: 'neg', e: parseUnary(c, ctx) };
  }
  if (ch === '+') {
    c.pos++;
    return parseUnary(c, ctx);
  }
  if (ch === '~') {
    c.pos++;
    return { k: 'not', e: parseUnary(c, ctx) };
  }
  if (ch === '!') {
    c.pos++;
    return { k: 'lnot', e: parseUnary(c, ctx) };
  }
  return parsePrimary(c, ctx);
}

const ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, e: 27, '\\': 92, "'": 39, '"': 34 };

/** Reads one possibly escaped character of a string or char literal; returns its code. */
export function readEscapedChar(c: Cursor): number {
  const ch = c.peek();
  if (ch === '') c.fail('unexpected end of line in character constant');
  c.pos++;
  if (ch !== '\\') return ch.charCodeAt(0);
  const e = c.peek();
  c.pos++;
  if (/[0-7]/.test(e)) {
    let v = parseInt(e, 8);
    for (let n = 0; n < 2 && /[0-7]/.test(c.peek()); n++) v = v * 8 + parseInt(c.text.charAt(c.pos++), 8);
    return v & 0xff;
  }
  if (e === 'x' || e === 'X') {
    let v = 0;
    let n = 0;
    while (/[0-9a-fA-F]/.test(c.peek())) {
      v = (v * 16 + parseInt(c.text.charAt(c.pos++), 16)) & 0xff;
      n++;
    }
    if (n === 0) return 'x'.charCodeAt(0);
    return v;
  }
  const known = ESCAPES[e];
  return known ?? e.charCodeAt(0);
}

function parsePrimary(c: Cursor, ctx: ExprContext): Expr {
  c.skipSpace();
  const start = c.pos;
  const ch = c.peek();
  if (ch === '(') {
    c.pos++;
    const e = parseBinary(c, ctx, 1);
    c.expect(')', 'to close the parenthesis');
    return e;
  }
  if (ch === "'") {
    c.pos++;
    const v = readEscapedChar(c);
    if (c.peek() === "'") c.pos++;
    return { k: 'num', v: BigInt(v) };
  }
  if (/[0-9]/.test(ch)) return parseNumber(c, ctx);
  if (ch === '.' && !isNameChar(c.peek(1))) {
    c.pos++;
    return ctx.dot();
  }
  if (isNameStart(ch)) {
    const name = c.name() as string;
    return { k: 'sym', name, at: start };
  }
  if (ch === '') return c.fail('missing expression');
  return c.fail(`bad expression: unexpected '${ch}'`);
}

function parseNumber(c: Cursor, ctx: ExprContext): Expr {
  const t = c.text;
  const start = c.pos;
  // Local label reference: digits followed by b/f and no further name character.
  const m = /^([0-9]+)([bf])(?![A-Za-z0-9_.$])/.exec(t.slice(start));
  if (m && !/^0[bB][01]/.test(t.slice(start))) {
    c.pos += m[0].length;
    return { k: 'sym', name: ctx.localLabel(m[1] as string, m[2] === 'f'), at: start };
  }
  let digits: RegExpExecArray | null;
  let v: bigint;
  if ((digits = /^0[xX]([0-9a-fA-F]+)/.exec(t.slice(start)))) v = BigInt(`0x${digits[1]}`);
  else if ((digits = /^0[bB]([01]+)/.exec(t.slice(start)))) v = BigInt(`0b${digits[1]}`);
  else if ((digits = /^0([0-7]*)(?![0-9])/.exec(t.slice(start)))) v = digits[1] ? BigInt(`0o${digits[1]}`) : 0n;
  else if ((digits = /^[0-9]+/.exec(t.slice(start)))) v = BigInt(digits[0]);
  else return c.fail('bad number');
  c.pos += digits[0].length;
  if (isNameChar(c.peek()) && c.peek() !== '.') c.fail(`bad number: invalid digit '${c.peek()}'`);
  return { k: 'num', v: wrap64(v) };
}

/** Names of the symbols an expression mentions. */
export function exprSymbols(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case 'sym':
      out.push(e.name);
      break;
    case 'neg': case 'not': case 'lnot':
      exprSymbols(e.e, out);
      break;
    case 'bin':
      exprSymbols(e.l, out);
      exprSymbols(e.r, out);
      break;
    default:
      break;
  }
  return out;
}
