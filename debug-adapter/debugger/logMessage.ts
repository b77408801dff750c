// Logpoint messages: text with `{expression}` holes, each optionally ending in a format, as in
// `a0={$a0} sp={$sp:x} ra={$ra:s}`: `:x` hex, `:d` signed decimal, `:u` unsigned decimal, `:c` a
// character, `:s` symbol+offset; without one a number prints in decimal and a string as it is.
// `{{` and `}}` are literal braces. The message is parsed once (errors carry the column in the
// message); a hole that fails at run time prints `<error: why>` instead of stopping the run.

import { charLiteralEnd } from '../toolchain/assembler/cursor';
import { evaluateNode, type ExpressionValue } from './expression';
import { type ExprNode, ExpressionError, parseExpression } from './expressionSyntax';
import type { DebugTarget, DebugThread } from './target';

export type LogFormat = 'x' | 'd' | 'u' | 'c' | 's';

export type LogPart = string | { readonly expr: ExprNode; readonly format: LogFormat | undefined };

/** Index of the `}` closing the hole opened before `from`, skipping string and char literals; -1 if none. */
function holeEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '}') return i;
    if (ch === "'") i = charLiteralEnd(text, i) - 1;
    else if (ch === '"') {
      for (i++; i < text.length && text.charAt(i) !== '"'; i++) if (text.charAt(i) === '\\') i++;
    }
  }
  return -1;
}

/** Parses a logpoint message; throws ExpressionError with the column in the whole message. */
export function parseLogMessage(text: string): LogPart[] {
  const parts: LogPart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if ((ch === '{' || ch === '}') && text.charAt(i + 1) === ch) {
      literal += ch;
      i++;
      continue;
    }
    if (ch === '}') throw new ExpressionError("unmatched '}' (write '}}' for a brace)", i + 1);
    if (ch !== '{') {
      literal += ch;
      continue;
    }
    const end = holeEnd(text, i + 1);
    if (end < 0) throw new ExpressionError("'{' without its '}'", i + 1);
    let inner = text.slice(i + 1, end);
    const f = /:([xducs])\s*$/.exec(inner);
    if (f !== null) inner = inner.slice(0, f.index);
    try {
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push({ expr: parseExpression(inner), format: f === null ? undefined : (f[1] as LogFormat) });
    } catch (e) {
      if (e instanceof ExpressionError) throw new ExpressionError(e.reason, i + 1 + e.column);
      throw e;
    }
    i = end;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

function show(target: DebugTarget, thread: DebugThread, v: ExpressionValue, format: LogFormat | undefined): string {
  if (v.kind === 'string') return v.value;
  switch (format) {
    case 'x': return `0x${(v.value >>> 0).toString(16)}`;
    case 'u': return String(v.value >>> 0);
    case 'c': return String.fromCharCode(v.value & 0xff);
    case 's': return target.symbols.formatAddress(v.value, target.space(thread));
    case 'd': return String(v.value | 0);
    case undefined: return String(v.value);
  }
}

/** The message for one hit of the logpoint. */
export function formatLogMessage(target: DebugTarget, thread: DebugThread, parts: readonly LogPart[]): string {
  return parts.map((p) => {
    if (typeof p === 'string') return p;
    try {
      return show(target, thread, evaluateNode(target, thread, p.expr), p.format);
    } catch (e) {
      if (e instanceof ExpressionError) return `<error: ${e.reason}>`;
      throw e;
    }
  }).join('');
}
