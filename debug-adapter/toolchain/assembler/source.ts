// Source text as the assembler reads it: files split into lines that remember where they came
// from, with C-style comments removed (GNU as' scrubber removes them for every target) and the
// MIPS `#` line comment cut off. Lines produced by `.macro`/`.rept` expansion keep the location of
// the line that invoked them, which is also where gas attributes their instructions.

import type { SourceLocation } from '../../util/diagnostic';
import { charLiteralEnd } from './cursor';

/** One logical input line. */
export interface SourceLine {
  readonly text: string;
  /** Where the line is, for messages; col is 1. */
  readonly loc: SourceLocation;
  /** For lines expanded from a macro: the line that invoked the (outermost) macro. */
  readonly invokedAt?: SourceLocation;
}

/** Splits a file's text into lines with 1-based locations. */
export function splitLines(file: string, text: string): SourceLine[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ text: t, loc: { file, line: i + 1, col: 1 } }));
}

/**
 * Removes `/* … *\/` comments (which may span lines; the lines stay, emptied) and `#` comments,
 * leaving string and character literals intact.
 */
export function stripComments(lines: readonly SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  let inBlock = false;
  for (const l of lines) {
    let s = '';
    const t = l.text;
    for (let i = 0; i < t.length; i++) {
      const c = t.charAt(i);
      if (inBlock) {
        if (c === '*' && t.charAt(i + 1) === '/') {
          inBlock = false;
          i++;
          s += ' ';
        }
        continue;
      }
      if (c === '/' && t.charAt(i + 1) === '*') {
        inBlock = true;
        i++;
        continue;
      }
      if (c === '#') break;
      if (c === '"') {
        const j = endOfString(t, i);
        s += t.slice(i, j);
        i = j - 1;
        continue;
      }
      if (c === "'") {
        const j = charLiteralEnd(t, i);
        s += t.slice(i, j);
        i = j - 1;
        continue;
      }
      s += c;
    }
    out.push({ ...l, text: s });
  }
  return out;
}

/** Index just past the string literal starting at `start` (a '"'), or the end of the line. */
export function endOfString(t: string, start: number): number {
  let i = start + 1;
  while (i < t.length && t.charAt(i) !== '"') {
    if (t.charAt(i) === '\\') i++;
    i++;
  }
  return Math.min(i + 1, t.length);
}

/**
 * Splits a comment-free line into statements at `;` (outside literals), each with the column
 * where it starts.
 */
export function splitStatements(text: string): Array<{ text: string; col: number }> {
  const out: Array<{ text: string; col: number }> = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') i = endOfString(text, i) - 1;
    else if (c === "'") i = charLiteralEnd(text, i) - 1;
    else if (c === ';') {
      out.push({ text: text.slice(start, i), col: start + 1 });
      start = i + 1;
    }
  }
  out.push({ text: text.slice(start), col: start + 1 });
  return out;
}
