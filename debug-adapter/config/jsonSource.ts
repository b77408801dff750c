// A JSON parser that keeps the source position of every value, so that guest
// config errors can name the JSON path *and* the line:col where it was written
// (the editor shows them as diagnostics). Strict RFC 8259 JSON, plus `//` and
// `/* */` comments as VS Code's jsonc allows in *.disco.json files.

import type { SourceLocation } from '../util/diagnostic';
import { DiagnosticError } from '../util/diagnostic';

export type JsonValue =
  | { readonly kind: 'object'; readonly loc: SourceLocation; readonly entries: ReadonlyMap<string, JsonMember> }
  | { readonly kind: 'array'; readonly loc: SourceLocation; readonly items: readonly JsonValue[] }
  | { readonly kind: 'string'; readonly loc: SourceLocation; readonly value: string }
  | { readonly kind: 'number'; readonly loc: SourceLocation; readonly value: number }
  | { readonly kind: 'boolean'; readonly loc: SourceLocation; readonly value: boolean }
  | { readonly kind: 'null'; readonly loc: SourceLocation };

/** An object member: the key's own location (for "unknown property" errors) and its value. */
export interface JsonMember {
  readonly keyLoc: SourceLocation;
  readonly value: JsonValue;
}

/** Parses text as JSON with comments; throws DiagnosticError with file:line:col on a syntax error. */
export function parseJsonSource(text: string, file: string): JsonValue {
  return new Parser(text, file).parseDocument();
}

class Parser {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parseDocument(): JsonValue {
    this.skipSpace();
    const v = this.parseValue();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON document');
    return v;
  }

  private loc(): SourceLocation {
    return { file: this.file, line: this.line, col: this.pos - this.lineStart + 1 };
  }

  private fail(message: string, loc: SourceLocation = this.loc()): never {
    throw new DiagnosticError([{ loc, severity: 'error', message }]);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '/' && t[this.pos + 1] === '/') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const start = this.loc();
        this.pos += 2;
        while (this.pos < t.length && !(t[this.pos] === '*' && t[this.pos + 1] === '/')) {
          if (t[this.pos] === '\n') {
            this.line++;
            this.lineStart = this.pos + 1;
          }
          this.pos++;
        }
        if (this.pos >= t.length) this.fail('unterminated comment', start);
        this.pos += 2;
      } else break;
    }
  }

  private parseValue(): JsonValue {
    const loc = this.loc();
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(loc);
    if (c === '[') return this.parseArray(loc);
    if (c === '"') return { kind: 'string', loc, value: this.parseString() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { kind: 'number', loc, value: this.parseNumber() };
    for (const [word, v] of [
      ['true', { kind: 'boolean', loc, value: true }],
      ['false', { kind: 'boolean', loc, value: false }],
      ['null', { kind: 'null', loc }],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    if (c === undefined) this.fail('unexpected end of file, expected a value');
    this.fail(`unexpected character '${c}', expected a value`);
  }

  private parseObject(loc: SourceLocation): JsonValue {
    const entries = new Map<string, JsonMember>();
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', loc, entries };
    }
    for (;;) {
      this.skipSpace();
      const keyLoc = this.loc();
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.parseString();
      if (entries.has(key)) this.fail(`duplicate property "${key}"`, keyLoc);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after the property name");
      this.pos++;
      this.skipSpace();
      entries.set(key, { keyLoc, value: this.parseValue() });
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return { kind: 'object', loc, entries };
      if (c !== ',') this.fail(c === undefined ? "unexpected end of file, expected ',' or '}'" : "expected ',' or '}'", this.back());
    }
  }

  private parseArray(loc: SourceLocation): JsonValue {
    const items: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', loc, items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.parseValue());
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return { kind: 'array', loc, items };
      if (c !== ',') this.fail(c === undefined ? "unexpected end of file, expected ',' or ']'" : "expected ',' or ']'", this.back());
    }
  }

  private back(): SourceLocation {
    this.pos--;
    return this.loc();
  }

  private parseString(): string {
    const start = this.loc();
    const t = this.text;
    let out = '';
    this.pos++;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string', start);
      this.pos++;
      if (c === '"') return out;
      if (c < ' ') this.fail('control character in string', this.back());
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = t[this.pos++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && simple[e] !== undefined) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(t.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else this.fail('invalid escape in string', { ...this.loc(), col: this.pos - this.lineStart });
    }
  }

  private parseNumber(): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) this.fail('invalid number');
    this.pos += m[0].length;
    return Number(m[0]);
  }
}
