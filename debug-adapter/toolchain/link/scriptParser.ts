// Parser for the linker-script subset of scriptAst.ts. Names (section names, file and
// section globs, /DISCARD/) and expressions are read in different lexical modes, as
// GNU ld does. Syntax errors are DiagnosticErrors at file:line:col.

import { DiagnosticError, type SourceLocation } from '../../util/diagnostic';
import type { Assignment, Expr, InputSpec, LinkScript, OutputSectionStmt, SectionItem, Statement } from './scriptAst';

const NAME_STOP = new Set([...' \t\r\n(){};:,="\'']);
const SORTS = new Set(['SORT', 'SORT_BY_NAME', 'SORT_BY_ALIGNMENT', 'SORT_NONE']);
const IGNORED_COMMANDS = new Set(['OUTPUT_ARCH', 'OUTPUT_FORMAT', 'TARGET', 'SEARCH_DIR', 'OUTPUT', 'STARTUP']);
const ASSIGN_OPS = ['+=', '-=', '*=', '/=', '<<=', '>>=', '&=', '|=', '='];
/** Binary operators by precedence, lowest first (C precedence, as ld uses). */
const PRECEDENCE: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

class ScriptCursor {
  pos = 0;
  /** Offsets where each line starts, for locations. */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  loc(at = this.pos): SourceLocation {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: at - (this.lineStarts[lo] ?? 0) + 1 };
  }

  fail(message: string, at = this.pos): never {
    throw new DiagnosticError([{ loc: this.loc(at), severity: 'error', message }]);
  }

  skipSpace(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text.startsWith('/*', this.pos)) {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else if (this.text.startsWith('//', this.pos) || (this.text[this.pos] === '#' && this.atLineStart())) {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.text.length : end;
      } else return;
    }
  }

  private atLineStart(): boolean {
    const nl = this.text.lastIndexOf('\n', this.pos - 1);
    return this.text.slice(nl + 1, this.pos).trim() === '';
  }

  peek(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string, what: string): void {
    if (!this.eat(s)) this.fail(`expected '${s}' ${what}`);
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** A name in "script" mode: anything up to whitespace or punctuation (globs, /DISCARD/, .text.*). */
  name(what: string): string {
    this.skipSpace();
    if (this.text[this.pos] === '"') {
      const end = this.text.indexOf('"', this.pos + 1);
      if (end < 0) this.fail('unterminated quoted name');
      const s = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return s;
    }
    const start = this.pos;
    while (this.pos < this.text.length && !NAME_STOP.has(this.text[this.pos] ?? ' ')) {
      if (this.text.startsWith('/*', this.pos)) break;
      this.pos++;
    }
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.slice(start, this.pos);
  }
}

function parsePrimary(c: ScriptCursor): Expr {
  c.skipSpace();
  const at = c.pos;
  const loc = c.loc(at);
  if (c.eat('(')) {
    const e = parseExpr(c);
    c.expect(')', 'to close the parenthesis');
    return e;
  }
  for (const op of ['-', '~', '!'] as const) {
    if (c.eat(op)) return { kind: 'unary', op, operand: parsePrimary(c) };
  }
  const num = /^(0[xX][0-9a-fA-F]+|[0-9]+)([KM]?)/.exec(c.text.slice(at));
  if (num && num[1] !== undefined) {
    c.pos = at + num[0].length;
    const scale = num[2] === 'K' ? 1024 : num[2] === 'M' ? 1024 * 1024 : 1;
    return { kind: 'num', value: Number(num[1]) * scale };
  }
  const id = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(c.text.slice(at));
  if (!id) c.fail('expected an expression');
  c.pos = at + id[0].length;
  if (id[0] === '.') return { kind: 'dot', loc };
  if (c.eat('(')) {
    const args: Expr[] = [];
    if (!c.eat(')')) {
      if (['ADDR', 'SIZEOF', 'LOADADDR', 'ALIGNOF'].includes(id[0])) {
        args.push({ kind: 'sym', name: c.name('a section name'), loc: c.loc() });
      } else {
        do args.push(parseExpr(c));
        while (c.eat(','));
      }
      c.expect(')', `to close ${id[0]}(`);
    }
    return { kind: 'call', fn: id[0], args, loc };
  }
  return { kind: 'sym', name: id[0], loc };
}

/** Operators longest first, so that '<<=' is not read as '<<' and '+=' not as '+'. */
const OPERATORS = ['<<=', '>>=', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '&=', '|=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^'];

function parseBinary(c: ScriptCursor, level: number): Expr {
  const ops = PRECEDENCE[level];
  if (!ops) return parsePrimary(c);
  let left = parseBinary(c, level + 1);
  for (;;) {
    c.skipSpace();
    const at = c.pos;
    const op = OPERATORS.find((o) => c.text.startsWith(o, at));
    if (!op || !ops.includes(op)) return left;
    c.pos = at + op.length;
    left = { kind: 'binary', op, left, right: parseBinary(c, level + 1), loc: c.loc(at) };
  }
}

/** expr ? expr : expr, or a binary expression. */
function parseExpr(c: ScriptCursor): Expr {
  const cond = parseBinary(c, 0);
  if (!c.eat('?')) return cond;
  const yes = parseExpr(c);
  c.expect(':', 'in a conditional expression');
  const no = parseExpr(c);
  return { kind: 'call', fn: '?:', args: [cond, yes, no], loc: c.loc() };
}

function parseAssignment(c: ScriptCursor, target: string, at: number, provide: boolean): Assignment {
  c.skipSpace();
  const op = ASSIGN_OPS.find((o) => c.text.startsWith(o, c.pos));
  if (!op) c.fail(`expected an assignment to '${target}'`);
  c.pos += op.length;
  const expr = parseExpr(c);
  return { kind: 'assign', target, op, expr, provide, loc: c.loc(at) };
}

/** `name = expr;` or `PROVIDE(name = expr);` when the next name is followed by an assignment operator. */
function tryAssignment(c: ScriptCursor): Assignment | undefined {
  c.skipSpace();
  const at = c.pos;
  const word = c.name('a name');
  if (word === 'PROVIDE' || word === 'PROVIDE_HIDDEN' || word === 'HIDDEN') {
    c.expect('(', `after ${word}`);
    const nameAt = c.pos;
    const a = parseAssignment(c, c.name('a symbol name'), nameAt, word !== 'HIDDEN');
    c.expect(')', `to close ${word}(`);
    c.expect(';', 'after the assignment');
    return a;
  }
  c.skipSpace();
  if (ASSIGN_OPS.some((o) => c.text.startsWith(o, c.pos)) && !c.text.startsWith('==', c.pos)) {
    const a = parseAssignment(c, word, at, false);
    c.expect(';', 'after the assignment');
    return a;
  }
  c.pos = at;
  return undefined;
}

function parseInputSpec(c: ScriptCursor): InputSpec {
  c.skipSpace();
  const at = c.pos;
  let filePattern = c.name('an input section description');
  if (filePattern === 'KEEP' || SORTS.has(filePattern)) {
    c.expect('(', `after ${filePattern}`);
    const inner = parseInputSpec(c);
    c.expect(')', `to close ${filePattern}(`);
    return inner;
  }
  const sectionPatterns: string[] = [];
  if (c.eat('(')) {
    while (!c.eat(')')) {
      if (c.atEnd()) c.fail("expected ')' to close the section list", at);
      const p = c.name('a section pattern');
      if (p === 'EXCLUDE_FILE') c.fail('EXCLUDE_FILE is not supported');
      if (SORTS.has(p) && c.eat('(')) {
        // Sorting is not applied: sections keep the order they are written in.
        while (!c.eat(')')) {
          if (c.atEnd()) c.fail(`expected ')' to close ${p}(`, at);
          sectionPatterns.push(c.name('a section pattern'));
          c.eat(',');
        }
      } else sectionPatterns.push(p);
      c.eat(',');
    }
  } else {
    // A bare name means every section of that file.
    sectionPatterns.push('*');
  }
  if (filePattern === '') filePattern = '*';
  return { kind: 'input', filePattern, sectionPatterns, loc: c.loc(at) };
}

function parseOutputSection(c: ScriptCursor): OutputSectionStmt {
  c.skipSpace();
  const at = c.pos;
  const name = c.name('an output section name');
  let address: Expr | undefined;
  if (!c.peek(':') && !c.peek('(NOLOAD)')) address = parseExpr(c);
  c.eat('(NOLOAD)');
  c.expect(':', `after output section name ${name}`);
  let align: Expr | undefined;
  for (;;) {
    if (c.eat('ALIGN(')) {
      align = parseExpr(c);
      c.expect(')', 'to close ALIGN(');
    } else if (c.peek('AT(') || c.peek('SUBALIGN(')) c.fail('AT() and SUBALIGN() are not supported');
    else break;
  }
  c.expect('{', `to open output section ${name}`);
  const items: SectionItem[] = [];
  while (!c.eat('}')) {
    if (c.atEnd()) c.fail(`output section ${name} is not closed with '}'`, at);
    if (c.eat(';')) continue;
    items.push(tryAssignment(c) ?? parseInputSpec(c));
  }
  if (c.peek('>') || c.peek('AT>') || c.peek('=')) c.fail('memory regions and fill patterns are not supported');
  c.eat(';');
  return { kind: 'output', name, address, align, items, loc: c.loc(at) };
}

function parseSections(c: ScriptCursor, out: Statement[]): void {
  c.expect('{', 'after SECTIONS');
  while (!c.eat('}')) {
    if (c.atEnd()) c.fail("SECTIONS is not closed with '}'");
    if (c.eat(';')) continue;
    const a = tryAssignment(c);
    if (a) out.push(a);
    else {
      c.skipSpace();
      const at = c.pos;
      const word = c.name('a statement');
      c.pos = at;
      if (word === 'ENTRY') c.fail('ENTRY belongs outside SECTIONS');
      out.push(parseOutputSection(c));
    }
  }
}

/** Parses a linker script; throws DiagnosticError at the first syntax error. */
export function parseLinkScript(text: string, fileName: string): LinkScript {
  const c = new ScriptCursor(text, fileName);
  const statements: Statement[] = [];
  let entry: LinkScript['entry'];
  while (!c.atEnd()) {
    if (c.eat(';')) continue;
    const assignment = tryAssignment(c);
    if (assignment) {
      statements.push(assignment);
      continue;
    }
    const at = c.pos;
    const word = c.name('a command');
    if (word === 'ENTRY') {
      c.expect('(', 'after ENTRY');
      const loc = c.loc();
      entry = { name: c.name('an entry symbol'), loc };
      c.expect(')', 'to close ENTRY(');
    } else if (word === 'SECTIONS') {
      parseSections(c, statements);
    } else if (IGNORED_COMMANDS.has(word)) {
      c.expect('(', `after ${word}`);
      const close = c.text.indexOf(')', c.pos);
      if (close < 0) c.fail(`${word}( is not closed`, at);
      c.pos = close + 1;
    } else {
      c.fail(`unsupported linker script command '${word}'`, at);
    }
  }
  return { fileName, entry, statements };
}
