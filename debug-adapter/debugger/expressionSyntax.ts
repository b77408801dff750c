// The syntax of debugger expressions (evaluate, hovers, watches, breakpoint conditions,
// logpoints): C operators with C precedence over 32-bit values, names (registers, symbols, `vm`,
// `vcpu`, `cpu`), number/char/string literals, value casts `(u8)x`, dereferences `*addr`,
// `*(s16*)addr` and `[addr]`, and one top-level assignment `lvalue = value`. Scanning reuses the
// assembler's cursor and escape reader; every error carries its 1-based column.

import { Cursor, isNameChar } from '../toolchain/assembler/cursor';
import { AsmError } from '../toolchain/assembler/errors';
import { readEscapedChar } from '../toolchain/assembler/expr';

/** A width and signedness for casts and dereferences. */
export interface ValueType {
  readonly bytes: 1 | 2 | 4;
  readonly signed: boolean;
}

export const TYPES: Readonly<Record<string, ValueType>> = {
  u8: { bytes: 1, signed: false }, s8: { bytes: 1, signed: true },
  u16: { bytes: 2, signed: false }, s16: { bytes: 2, signed: true },
  u32: { bytes: 4, signed: false }, s32: { bytes: 4, signed: true },
};

/** What `*addr` and `[addr]` read. */
export const WORD: ValueType = TYPES.u32 as ValueType;

export type BinaryOperator =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '<=' | '>' | '>='
  | '==' | '!=' | '&' | '^' | '|' | '&&' | '||';

/** A parsed expression; `at` is the 1-based column of the node's first character (or operator). */
export type ExprNode =
  | { readonly k: 'num'; readonly v: number; readonly signed: boolean; readonly at: number }
  | { readonly k: 'str'; readonly v: string; readonly at: number }
  | { readonly k: 'name'; readonly name: string; readonly at: number }
  | { readonly k: 'unary'; readonly op: '-' | '~' | '!'; readonly e: ExprNode; readonly at: number }
  | { readonly k: 'cast'; readonly type: ValueType; readonly e: ExprNode; readonly at: number }
  | { readonly k: 'deref'; readonly type: ValueType; readonly addr: ExprNode; readonly at: number }
  | { readonly k: 'binary'; readonly op: BinaryOperator; readonly l: ExprNode; readonly r: ExprNode; readonly at: number }
  | { readonly k: 'cond'; readonly c: ExprNode; readonly t: ExprNode; readonly f: ExprNode; readonly at: number }
  | { readonly k: 'assign'; readonly target: ExprNode; readonly value: ExprNode; readonly at: number };

/** A mistake in an expression, or a failure to evaluate it, at a 1-based column. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`column ${column}: ${message}`);
    this.name = 'ExpressionError';
  }

  /** The message without its column. */
  get reason(): string {
    return this.message.slice(this.message.indexOf(': ') + 2);
  }
}

/** Binary operators by C precedence level, loosest first. */
const LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

/** Two-character operators first, so `<<` is not read as `<`. */
const OPERATORS: readonly string[] = ['||', '&&', '==', '!=', '<=', '>=', '<<', '>>', '|', '^', '&', '<', '>', '+', '-', '*', '/', '%'];

class Parser {
  constructor(private readonly c: Cursor) {}

  /** Column of text position `at`. */
  col(at = this.c.pos): number {
    return at + 1;
  }

  fail(message: string, at = this.c.pos): never {
    throw new ExpressionError(message, this.col(at));
  }

  top(): ExprNode {
    const e = this.conditional();
    this.c.skipSpace();
    if (this.c.peek() === '=' && this.c.peek(1) !== '=') {
      const at = this.c.pos;
      if (e.k !== 'name' && e.k !== 'deref') this.fail('only a register or a dereference can be assigned', e.at - 1);
      this.c.pos++;
      return { k: 'assign', target: e, value: this.conditional(), at: this.col(at) };
    }
    return e;
  }

  conditional(): ExprNode {
    const c = this.binary(0);
    this.c.skipSpace();
    if (this.c.peek() !== '?') return c;
    const at = this.c.pos;
    this.c.pos++;
    const t = this.conditional();
    this.c.skipSpace();
    if (this.c.peek() !== ':') this.fail("expected ':' of the '?' operator");
    this.c.pos++;
    return { k: 'cond', c, t, f: this.conditional(), at: this.col(at) };
  }

  /** The operator at the cursor if it belongs to `level`, without consuming it (`&&` is never read as `&`). */
  private operator(level: readonly BinaryOperator[]): BinaryOperator | undefined {
    this.c.skipSpace();
    const rest = this.c.text.slice(this.c.pos);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    return op !== undefined && level.includes(op as BinaryOperator) ? (op as BinaryOperator) : undefined;
  }

  binary(level: number): ExprNode {
    const ops = LEVELS[level];
    if (ops === undefined) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.operator(ops);
      if (op === undefined) return left;
      const at = this.c.pos;
      this.c.pos += op.length;
      left = { k: 'binary', op, l: left, r: this.binary(level + 1), at: this.col(at) };
    }
  }

  unary(): ExprNode {
    this.c.skipSpace();
    const at = this.c.pos;
    const ch = this.c.peek();
    if (ch === '-' || ch === '~' || ch === '!') {
      this.c.pos++;
      return { k: 'unary', op: ch, e: this.unary(), at: this.col(at) };
    }
    if (ch === '+') {
      this.c.pos++;
      return this.unary();
    }
    if (ch === '*') {
      this.c.pos++;
      const cast = this.castAhead();
      if (cast !== undefined && cast.pointer) return { k: 'deref', type: cast.type, addr: this.unary(), at: this.col(at) };
      if (cast !== undefined) this.c.pos = cast.start;
      return { k: 'deref', type: WORD, addr: this.unary(), at: this.col(at) };
    }
    const cast = this.castAhead();
    if (cast !== undefined) {
      if (cast.pointer) this.fail(`a pointer cast '(${cast.name}*)' must follow '*'`, cast.start);
      return { k: 'cast', type: cast.type, e: this.unary(), at: this.col(at) };
    }
    return this.primary();
  }

  /** Consumes `(type)` or `(type*)` when it is next; otherwise leaves the cursor alone. */
  private castAhead(): { type: ValueType; pointer: boolean; name: string; start: number } | undefined {
    this.c.skipSpace();
    const start = this.c.pos;
    const m = /^\(\s*([a-z0-9]+)\s*(\*?)\s*\)/.exec(this.c.text.slice(start));
    const type = m === null ? undefined : TYPES[m[1] as string];
    if (m === null || type === undefined) return undefined;
    this.c.pos += m[0].length;
    return { type, pointer: m[2] === '*', name: m[1] as string, start };
  }

  primary(): ExprNode {
    this.c.skipSpace();
    const at = this.c.pos;
    const ch = this.c.peek();
    if (ch === '(' || ch === '[') {
      this.c.pos++;
      const e = this.top();
      this.c.skipSpace();
      const close = ch === '(' ? ')' : ']';
      if (this.c.peek() !== close) this.fail(`expected '${close}'`);
      this.c.pos++;
      return ch === '(' ? e : { k: 'deref', type: WORD, addr: e, at: this.col(at) };
    }
    if (ch === "'") {
      this.c.pos++;
      const v = readEscapedChar(this.c);
      if (this.c.peek() !== "'") this.fail('expected the closing quote of the character');
      this.c.pos++;
      return { k: 'num', v, signed: true, at: this.col(at) };
    }
    if (ch === '"') return this.string();
    if (/[0-9]/.test(ch)) return this.number();
    if (ch === '$' || /[A-Za-z_.]/.test(ch)) {
      this.c.pos++;
      while (this.c.pos < this.c.text.length && isNameChar(this.c.peek())) this.c.pos++;
      return { k: 'name', name: this.c.text.slice(at, this.c.pos), at: this.col(at) };
    }
    if (ch === '') this.fail('missing operand');
    return this.fail(`unexpected '${ch}'`);
  }

  private string(): ExprNode {
    const at = this.c.pos;
    this.c.pos++;
    let s = '';
    while (this.c.peek() !== '"') {
      if (this.c.peek() === '') this.fail('unterminated string', at);
      s += String.fromCharCode(readEscapedChar(this.c));
    }
    this.c.pos++;
    return { k: 'str', v: s, at: this.col(at) };
  }

  private number(): ExprNode {
    const at = this.c.pos;
    const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)/.exec(this.c.text.slice(at)) as RegExpExecArray;
    const text = m[0];
    this.c.pos += text.length;
    if (isNameChar(this.c.peek())) this.fail(`invalid digit '${this.c.peek()}' in number`);
    const v = Number(text.startsWith('0') && /^0[0-7]+$/.test(text) ? `0o${text.slice(1)}` : text);
    if (/^0[0-9]*[89]/.test(text)) this.fail('invalid digit in octal number', at);
    if (v > 0xffffffff) this.fail('number does not fit 32 bits', at);
    // C: a decimal literal is signed while it fits int; a hex/octal/binary one above INT_MAX is unsigned.
    return { k: 'num', v: v | 0, signed: v <= 0x7fffffff, at: this.col(at) };
  }
}

/** Parses a whole expression; throws ExpressionError with the column of the first mistake. */
export function parseExpression(text: string): ExprNode {
  const c = new Cursor(text, { file: '<expression>', line: 1, col: 1 });
  const p = new Parser(c);
  try {
    if (c.atEnd()) p.fail('empty expression');
    const e = p.top();
    if (!c.atEnd()) p.fail(`unexpected '${c.peek()}'`);
    return e;
  } catch (err) {
    if (err instanceof AsmError) throw new ExpressionError(err.message, err.loc.col);
    throw err;
  }
}
