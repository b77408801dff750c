// The statement loop: reads lines from files, .include'd files and macro/.rept expansions,
// splits them into statements, defines labels, and hands each statement to the conditional,
// directive, macro or instruction handler. An error stops only its own statement.

import type { SourceLocation } from '../../util/diagnostic';
import { CONDITIONAL_DIRECTIVES, Conditionals } from './conditionals';
import type { AsmContext } from './context';
import { Cursor } from './cursor';
import { DIRECTIVES } from './directives';
import { AsmError } from './errors';
import { parseExpr } from './expr';
import { assembleInstruction } from './instructions';
import { type MacroDef, bindArgs, expandIteration, expandMacro, parseMacroHeader } from './macros';
import { type SourceLine, splitStatements } from './source';
import { defineEquate } from './symbolDirectives';

interface Frame {
  readonly lines: readonly SourceLine[];
  i: number;
  /** Set for a macro expansion, so .exitm knows where to stop. */
  readonly macro: boolean;
}

interface Collector {
  readonly start: SourceLocation;
  readonly openers: RegExp;
  readonly closers: RegExp;
  depth: number;
  readonly lines: SourceLine[];
  readonly done: (body: SourceLine[]) => void;
}

const BLOCK_OPEN = /^\s*(?:[A-Za-z_.$][\w.$]*:\s*)*\.(rept|irp|irpc)\b/i;
const BLOCK_CLOSE = /^\s*\.endr\b/i;
const MACRO_OPEN = /^\s*\.macro\b/i;
const MACRO_CLOSE = /^\s*\.endm\b/i;
/** Guards against runaway expansions (a .rept inside a .rept inside…). */
const MAX_LINES = 2_000_000;
const LABEL = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?!=)/;

export class Driver {
  private readonly frames: Frame[] = [];
  readonly conds = new Conditionals();
  private collector: Collector | undefined;
  readonly macros = new Map<string, MacroDef>();
  private macroCounter = 0;
  private depth = 0;
  private lineCount = 0;

  constructor(readonly ctx: AsmContext) {}

  /** Assembles lines (a whole file, comments removed). */
  run(lines: readonly SourceLine[]): void {
    this.push(lines, false);
    while (this.frames.length > 0) {
      const f = this.frames[this.frames.length - 1] as Frame;
      if (f.i >= f.lines.length) {
        this.frames.pop();
        continue;
      }
      const line = f.lines[f.i++] as SourceLine;
      try {
        this.line(line);
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        this.ctx.report(e.loc, e.message);
      }
    }
    if (this.collector) this.ctx.report(this.collector.start, 'missing .endm or .endr');
    for (const g of this.conds.open()) this.ctx.report(g.loc, 'end of file inside a conditional');
  }

  /** Queues lines to be read next (an include or an expansion). */
  push(lines: readonly SourceLine[], macro: boolean): void {
    if (this.frames.length > 200) throw new AsmError('macros nested too deeply', this.ctx.line.loc);
    this.frames.push({ lines, i: 0, macro });
  }

  /** `.exitm`: abandons the innermost macro expansion. */
  exitMacro(loc: SourceLocation): void {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const f = this.frames[k] as Frame;
      if (f.macro) {
        this.frames.length = k;
        return;
      }
    }
    throw new AsmError('.exitm outside a macro', loc);
  }

  /** Starts collecting a .macro or .rept/.irp/.irpc body; `done` receives it at the matching end. */
  collect(kind: 'macro' | 'block', start: SourceLocation, done: (body: SourceLine[]) => void): void {
    this.collector = {
      start,
      openers: kind === 'macro' ? MACRO_OPEN : BLOCK_OPEN,
      closers: kind === 'macro' ? MACRO_CLOSE : BLOCK_CLOSE,
      depth: 1,
      lines: [],
      done,
    };
  }

  defineMacro(header: string, loc: SourceLocation): void {
    const { name, params } = parseMacroHeader(header, loc);
    this.collect('macro', loc, (body) => {
      this.macros.set(name, { name, params, body });
    });
  }

  private line(line: SourceLine): void {
    if (++this.lineCount > MAX_LINES) {
      this.frames.length = 0;
      throw new AsmError(`more than ${MAX_LINES} lines after macro and .rept expansion`, line.invokedAt ?? line.loc);
    }
    const col = this.collector;
    if (col) {
      if (col.closers.test(line.text) && --col.depth === 0) {
        this.collector = undefined;
        try {
          col.done(col.lines);
        } catch (e) {
          if (!(e instanceof AsmError)) throw e;
          this.ctx.report(e.loc, e.message);
        }
        return;
      }
      if (col.openers.test(line.text)) col.depth++;
      col.lines.push(line);
      return;
    }
    this.ctx.line = line;
    for (const st of splitStatements(line.text)) {
      const loc: SourceLocation = { file: line.loc.file, line: line.loc.line, col: st.col };
      try {
        this.statement(st.text, loc, line);
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        this.ctx.report(line.invokedAt ?? e.loc, e.message);
      }
      if (this.collector) break;
    }
  }

  private statement(text: string, loc: SourceLocation, line: SourceLine): void {
    let rest = text;
    let at = 0;
    const active = this.conds.active();
    for (let m = LABEL.exec(rest); m; m = LABEL.exec(rest)) {
      if (active) {
        const name = m[1] as string;
        const where = { ...loc, col: loc.col + at + m[0].indexOf(name) };
        this.ctx.defineLabel(/^[0-9]+$/.test(name) ? this.ctx.symbols.defineLocal(name) : name, where);
      }
      at += m[0].length;
      rest = rest.slice(m[0].length);
    }
    const trimmed = rest.trim();
    if (trimmed === '') return;
    const lead = rest.length - rest.trimStart().length;
    const sloc = { ...loc, col: loc.col + at + lead };
    const word = /^[^\s,]+/.exec(trimmed)?.[0] ?? '';
    const args = trimmed.slice(word.length).trim();
    const argLoc = { ...sloc, col: sloc.col + trimmed.length - trimmed.slice(word.length).trimStart().length };
    const lower = word.toLowerCase();
    if (CONDITIONAL_DIRECTIVES.has(lower)) {
      this.conds.handle(this.ctx, lower, args, argLoc);
      return;
    }
    if (!active) {
      if (lower === '.macro') this.collect('macro', sloc, () => undefined);
      else if (/^\.(rept|irp|irpc)$/.test(lower)) this.collect('block', sloc, () => undefined);
      return;
    }
    const eq = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)(.*)$/.exec(trimmed);
    if (eq && !this.macros.has(eq[1] as string)) {
      const c = new Cursor(eq[2] as string, { ...sloc, col: sloc.col + trimmed.indexOf('=') + 1 });
      defineEquate(this.ctx, eq[1] as string, parseExpr(c, this.ctx), sloc, false);
      c.end();
      return;
    }
    if (lower.startsWith('.')) {
      const d = DIRECTIVES.get(lower);
      if (d) {
        d(this.ctx, args, argLoc, this);
        return;
      }
    }
    const macro = this.macros.get(word);
    if (macro) {
      if (++this.depth > 100000) throw new AsmError('too many macro expansions', sloc);
      const values = bindArgs(macro, args, argLoc);
      this.push(expandMacro(macro, values, this.macroCounter++, line.invokedAt ?? sloc), true);
      return;
    }
    if (lower.startsWith('.')) throw new AsmError(`unknown pseudo-op: \`${word}'`, sloc);
    assembleInstruction(this.ctx, lower, args, sloc, argLoc);
  }

  /** Queues `count` copies of a .rept body. */
  repeat(body: readonly SourceLine[], count: number, at: SourceLocation): void {
    if (count * body.length > MAX_LINES) throw new AsmError(`.rept expands to more than ${MAX_LINES} lines`, at);
    const lines: SourceLine[] = [];
    for (let k = 0; k < count; k++) for (const l of body) lines.push({ ...l, invokedAt: this.ctx.line.invokedAt ?? at });
    this.push(lines, false);
  }

  /** Queues one copy of a .irp/.irpc body per value. */
  iterate(body: readonly SourceLine[], sym: string, values: readonly string[], at: SourceLocation): void {
    const lines: SourceLine[] = [];
    for (const v of values) lines.push(...expandIteration(body, sym, v, this.ctx.line.invokedAt ?? at));
    this.push(lines, false);
  }
}
