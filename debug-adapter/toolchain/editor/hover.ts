// What a hover shows at a position of an assembly line: an instruction's documentation on its
// mnemonic, a register's on a register (a CP0 register by number in an mfc0/mtc0 operand), or a
// symbol's definition (`#define`, `.equ`, label), with the CP0 register a `#define`d operand names.

import { instructionDoc } from './instructionDocs';
import { cp0NameDoc, cp0RegisterDoc, gprDoc } from './registerDocs';
import { type SymbolDefinition, wordAt } from './sourceIndex';

export interface HoverResult {
  readonly markdown: string;
  /** 0-based start column and length of the word the hover is about. */
  readonly col: number;
  readonly length: number;
}

/** Finds the definition of a symbol; the path is shown in the hover. */
export type DefinitionLookup = (name: string) => { readonly path: string; readonly def: SymbolDefinition } | undefined;

/** The line's statement after its labels: mnemonic and its column, operand texts. */
function statementOf(line: string): { mnemonic: string; col: number; operands: string[] } | undefined {
  const m = /^((?:\s*[A-Za-z_.$0-9][A-Za-z0-9_.$]*\s*:)*)\s*([A-Za-z_.][A-Za-z0-9_.]*)/.exec(line.replace(/#(?!\s*(include|define|if|else|endif)).*$/, ''));
  if (!m || (m[2] ?? '').startsWith('.')) return undefined;
  const mnemonic = m[2] ?? '';
  const col = m[0].length - mnemonic.length;
  const rest = line.slice(m[0].length).replace(/(#|\/\*|\/\/).*$/, '');
  return { mnemonic, col, operands: rest.split(',').map((s) => s.trim()) };
}

/** `$12, 1` or `$12` → [12, 1]. */
function cp0Operand(text: string): readonly [number, number] | undefined {
  const m = /^\$([0-9]+)\s*(?:,\s*([0-7]))?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** The hover for column `col` of `line`, or undefined where there is nothing to say. */
export function hoverAt(line: string, col: number, lookup: DefinitionLookup): HoverResult | undefined {
  const w = wordAt(line, col);
  if (!w) return undefined;
  const at = (markdown: string | undefined): HoverResult | undefined => (markdown === undefined ? undefined : { markdown, col: w.col, length: w.word.length });
  const stmt = statementOf(line);
  const isCp0Move = stmt !== undefined && /^m[ft]c0$/i.test(stmt.mnemonic);
  if (stmt && w.col === stmt.col) return at(instructionDoc(w.word));
  if (w.word.startsWith('$')) {
    if (isCp0Move && stmt && stmt.operands[1]?.trim() === w.word) {
      return at(cp0RegisterDoc(Number(w.word.slice(1)), Number(stmt.operands[2] ?? 0)));
    }
    return at(gprDoc(w.word));
  }
  if (/^c0_/i.test(w.word)) return at(cp0NameDoc(w.word));
  const found = lookup(w.word);
  if (!found) return undefined;
  const d = found.def;
  const shown = d.kind === 'define' ? `#define ${d.name} ${d.value ?? ''}` : d.kind === 'constant' ? `.equ ${d.name}, ${d.value ?? ''}` : `${d.name}:`;
  const kind = { label: 'label', function: 'function', constant: 'constant', define: 'macro', macro: 'assembler macro' }[d.kind];
  const parts = ['```mips', shown.trimEnd(), '```', `${kind}, ${found.path}:${d.span.line + 1}`];
  const reg = d.value === undefined ? undefined : cp0Operand(d.value);
  const cp0 = isCp0Move && reg ? cp0RegisterDoc(reg[0], reg[1]) : undefined;
  if (cp0 !== undefined) parts.push('', cp0);
  return at(parts.join('\n'));
}
