// A character cursor over one logical source statement, shared by the statement splitter, the
// expression parser and the operand parser. It tracks the 1-based column of every position so
// diagnostics can point at the exact operand, as GNU as' input_line_pointer does.

import type { SourceLocation } from '../../util/diagnostic';
import { AsmError } from './errors';

/** Characters that may start a symbol name in MIPS GNU as (`$L1`, `.Lfoo`, `_start`). */
export function isNameStart(ch: string): boolean {
  return /^[A-Za-z_.$]$/.test(ch);
}

/** Characters that may continue a symbol name. */
export function isNameChar(ch: string): boolean {
  return /^[A-Za-z0-9_.$]$/.test(ch);
}

export class Cursor {
  pos = 0;

  /**
   * @param text the statement text (comments already removed)
   * @param loc where text[0] is in the source; col counts from there
   */
  constructor(
    readonly text: string,
    readonly loc: SourceLocation,
  ) {}

  /** The source location of text position `at` (default: the current position). */
  where(at: number = this.pos): SourceLocation {
    return { file: this.loc.file, line: this.loc.line, col: this.loc.col + at };
  }

  fail(message: string, at: number = this.pos): never {
    throw new AsmError(message, this.where(at));
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  /** Consumes `s` (after spaces) if it is next; returns whether it did. */
  eat(s: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  expect(s: string, what?: string): void {
    if (!this.eat(s)) this.fail(`expected '${s}'${what ? ` ${what}` : ''}`);
  }

  /** Reads a symbol name at the current position (after spaces), or returns undefined. */
  name(): string | undefined {
    this.skipSpace();
    if (!isNameStart(this.peek())) return undefined;
    const start = this.pos;
    while (this.pos < this.text.length && isNameChar(this.text.charAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** The rest of the statement from the current position, trimmed. */
  rest(): string {
    const r = this.text.slice(this.pos).trim();
    this.pos = this.text.length;
    return r;
  }

  /** Fails unless only spaces remain. */
  end(): void {
    if (!this.atEnd()) this.fail(`junk at end of line, first unrecognized character is \`${this.peek()}'`);
  }
}

/**
 * Splits `text` at top-level commas (outside parentheses and string/char literals), returning each
 * piece with its offset in `text`. Empty input gives no pieces.
 */
export function splitArgs(text: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  if (text.trim() === '') return out;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      i++;
      while (i < text.length && text.charAt(i) !== '"') {
        if (text.charAt(i) === '\\') i++;
        i++;
      }
    } else if (c === "'") {
      i = charLiteralEnd(text, i) - 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth <= 0) {
      out.push(trimmed(text, start, i));
      start = i + 1;
    }
  }
  out.push(trimmed(text, start, text.length));
  return out;
}

/** Index just past a character constant starting at `start` ('c, 'c' or '\\n'). */
export function charLiteralEnd(text: string, start: number): number {
  let j = start + 1;
  if (text.charAt(j) === '\\') j++;
  j++;
  if (text.charAt(j) === "'") j++;
  return Math.min(j, text.length);
}

function trimmed(text: string, from: number, to: number): { text: string; at: number } {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(text.charAt(a))) a++;
  while (b > a && /\s/.test(text.charAt(b - 1))) b--;
  return { text: text.slice(a, b), at: a };
}
