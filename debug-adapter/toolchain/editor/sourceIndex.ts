// What an editor needs to know about one assembly source without assembling it: the symbols it
// defines (labels, `.ent` functions, `.globl`, `.equ`/`.set`/`=` constants, `#define`s, `.macro`s),
// every identifier it mentions outside comments and strings, and the files it includes. A light
// line scanner, tolerant of half-typed text; the assembler itself reports the real errors.

/** A span on one line; line and col are 0-based, as editors count them. */
export interface SourceSpan {
  readonly line: number;
  readonly col: number;
  readonly length: number;
}

export type SymbolKind = 'label' | 'function' | 'constant' | 'define' | 'macro';

export interface SymbolDefinition {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly span: SourceSpan;
  /** The line of the function's `.end` (functions only). */
  readonly endLine?: number;
  /** The defining text after the name (`#define`/`.equ` value), for hovers. */
  readonly value?: string;
}

export interface IncludeRef {
  /** As written: `disco/monitor.h`. */
  readonly path: string;
  /** `<…>` searches only the include path; `"…"` and `.include` try the file's folder first. */
  readonly system: boolean;
  readonly span: SourceSpan;
}

export interface SourceIndex {
  readonly definitions: readonly SymbolDefinition[];
  /** Names declared `.globl`/`.global`. */
  readonly globals: ReadonlySet<string>;
  /** Every identifier occurrence (definitions included) outside comments, strings and registers. */
  readonly references: ReadonlyArray<{ readonly name: string; readonly span: SourceSpan }>;
  readonly includes: readonly IncludeRef[];
}

const IDENT = /[A-Za-z_.][A-Za-z0-9_.$]*/y;
const CPP_DIRECTIVES = new Set(['include', 'define', 'undef', 'if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'error', 'warning', 'pragma', 'line']);

/** One line with comments and string contents blanked out (same length), carrying `/* … *\/` state across lines. */
function blankComments(line: string, inBlock: boolean): { text: string; inBlock: boolean } {
  let out = '';
  let i = 0;
  const cpp = /^\s*#\s*([a-z]+)/.exec(line);
  const isCpp = cpp !== null && CPP_DIRECTIVES.has(cpp[1] ?? '');
  while (i < line.length) {
    if (inBlock) {
      const end = line.indexOf('*/', i);
      const stop = end < 0 ? line.length : end + 2;
      out += ' '.repeat(stop - i);
      i = stop;
      inBlock = end < 0;
      continue;
    }
    const c = line[i];
    if (c === '/' && line[i + 1] === '*') {
      inBlock = true;
      continue;
    }
    if ((c === '#' && !(isCpp && out.trim() === '')) || (c === '/' && line[i + 1] === '/')) {
      out += ' '.repeat(line.length - i);
      break;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
      if (c === "'" && j >= line.length) j = Math.min(i + 2, line.length - 1); // '0' or a bare 'c
      const stop = Math.min(j + 1, line.length);
      out += c + ' '.repeat(Math.max(0, stop - i - 2)) + (stop - i >= 2 ? line[stop - 1] : '');
      i = stop;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, inBlock };
}

function identifiers(text: string): Array<{ name: string; col: number }> {
  const out: Array<{ name: string; col: number }> = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i] ?? '';
    if (/[0-9]/.test(c) || c === '$' || c === '%') {
      // numbers, registers and %hi-style operators are not symbols
      i++;
      while (i < text.length && /[A-Za-z0-9_.$]/.test(text[i] ?? '')) i++;
      continue;
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(text);
    if (m) {
      out.push({ name: m[0], col: i });
      i += m[0].length;
    } else i++;
  }
  return out;
}

/** Indexes one source text. */
export function indexSource(text: string): SourceIndex {
  const definitions: SymbolDefinition[] = [];
  const globals = new Set<string>();
  const references: Array<{ name: string; span: SourceSpan }> = [];
  const includes: IncludeRef[] = [];
  const openFunctions = new Map<string, number>();
  let inBlock = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, line) => {
    const inc = /^\s*(#\s*include|\.include)\s*([<"])([^>"]+)[>"]/.exec(raw);
    if (inc) {
      const col = raw.indexOf(inc[3] ?? '', inc[0].length - (inc[3] ?? '').length - 1);
      includes.push({ path: inc[3] ?? '', system: inc[2] === '<', span: { line, col, length: (inc[3] ?? '').length } });
    }
    const b = blankComments(raw, inBlock);
    inBlock = b.inBlock;
    const ids = identifiers(b.text).filter((t) => !t.name.startsWith('.') || t.name.length === 1);
    const span = (t: { name: string; col: number }): SourceSpan => ({ line, col: t.col, length: t.name.length });
    const define = /^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?\s*(.*)$/.exec(b.text);
    if (define) {
      const name = define[1] ?? '';
      definitions.push({ name, kind: 'define', span: { line, col: b.text.indexOf(name, b.text.indexOf('define') + 6), length: name.length }, value: (define[3] ?? '').trim() });
    }
    if (/^\s*#\s*include/.test(b.text)) return;
    for (const stmt of statements(b.text)) {
      const d = statementDefinition(stmt.text, stmt.col, line);
      if (d) {
        if (d.kind === 'function') openFunctions.set(d.name, definitions.length);
        definitions.push(d);
      }
      const g = /^\s*\.(globl|global)\s+([A-Za-z_.$][A-Za-z0-9_.$]*)/.exec(stmt.text);
      if (g) globals.add(g[2] ?? '');
      const end = /^\s*\.end\s+([A-Za-z_.$][A-Za-z0-9_.$]*)/.exec(stmt.text);
      const open = end ? openFunctions.get(end[1] ?? '') : undefined;
      const fn = open === undefined ? undefined : definitions[open];
      if (open !== undefined && fn) definitions[open] = { ...fn, endLine: line };
    }
    for (const t of ids) references.push({ name: t.name, span: span(t) });
  });
  return { definitions, globals, references, includes };
}

/** Statements of a line (labels split off as their own statements), with their start columns. */
function statements(text: string): Array<{ text: string; col: number }> {
  const out: Array<{ text: string; col: number }> = [];
  let col = 0;
  for (const part of text.split(';')) {
    let rest = part;
    let at = col;
    for (;;) {
      const label = /^(\s*)([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?!=)/.exec(rest);
      if (!label) break;
      out.push({ text: label[0], col: at });
      at += label[0].length;
      rest = rest.slice(label[0].length);
    }
    out.push({ text: rest, col: at });
    col += part.length + 1;
  }
  return out;
}

function statementDefinition(text: string, col: number, line: number): SymbolDefinition | undefined {
  const at = (name: string, from = 0): SourceSpan => ({ line, col: col + text.indexOf(name, from), length: name.length });
  const label = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*:$/.exec(text.trimEnd());
  if (label) return { name: label[1] ?? '', kind: 'label', span: at(label[1] ?? '') };
  const ent = /^\s*\.ent\s+([A-Za-z_.$][A-Za-z0-9_.$]*)/.exec(text);
  if (ent) return { name: ent[1] ?? '', kind: 'function', span: at(ent[1] ?? '', text.indexOf('.ent') + 4) };
  const equ = /^\s*\.(equ|set|equiv|eqv)\s+([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,\s*(.*)$/.exec(text);
  if (equ) return { name: equ[2] ?? '', kind: 'constant', span: at(equ[2] ?? '', text.indexOf(equ[1] ?? '') + (equ[1] ?? '').length), value: (equ[3] ?? '').trim() };
  const assign = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=\s*(.*)$/.exec(text);
  if (assign) return { name: assign[1] ?? '', kind: 'constant', span: at(assign[1] ?? ''), value: (assign[2] ?? '').trim() };
  const macro = /^\s*\.macro\s+([A-Za-z_.$][A-Za-z0-9_.$]*)/.exec(text);
  if (macro) return { name: macro[1] ?? '', kind: 'macro', span: at(macro[1] ?? '', text.indexOf('.macro') + 6) };
  return undefined;
}

/** The identifier (or register, `$t0`, `$f2`, `$12`) under column `col` of `line`, with its start column. */
export function wordAt(line: string, col: number): { word: string; col: number } | undefined {
  const re = /\$?[A-Za-z0-9_.]+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (col >= m.index && col <= m.index + m[0].length) return { word: m[0], col: m.index };
  }
  return undefined;
}
