// Conditional assembly (gas cond.c): .if/.ifdef/.ifndef/.ifc/.ifnc/.ifeq/.ifne/.iflt/.ifle/
// .ifgt/.ifge/.ifb/.ifnb/.ifeqs/.ifnes with .elseif/.else/.endif. Nested groups inside a
// skipped group are tracked but not evaluated.

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { Cursor, splitArgs } from './cursor';
import { AsmError } from './errors';
import { parseExpr } from './expr';

interface Group {
  active: boolean;
  taken: boolean;
  readonly parentActive: boolean;
  sawElse: boolean;
  readonly loc: SourceLocation;
}

export const CONDITIONAL_DIRECTIVES = new Set([
  '.if', '.ifdef', '.ifndef', '.ifnotdef', '.ifc', '.ifnc', '.ifeq', '.ifne', '.iflt', '.ifle', '.ifgt', '.ifge',
  '.ifb', '.ifnb', '.ifeqs', '.ifnes', '.elseif', '.else', '.endif',
]);

export class Conditionals {
  private readonly groups: Group[] = [];

  active(): boolean {
    const g = this.groups[this.groups.length - 1];
    return g === undefined || g.active;
  }

  /** Open groups at the end of input, for the "missing .endif" error. */
  open(): readonly Group[] {
    return this.groups;
  }

  handle(ctx: AsmContext, name: string, args: string, loc: SourceLocation): void {
    const top = this.groups[this.groups.length - 1];
    if (name === '.endif') {
      if (!top) throw new AsmError('.endif without .if', loc);
      this.groups.pop();
      return;
    }
    if (name === '.else') {
      if (!top) throw new AsmError('.else without matching .if', loc);
      if (top.sawElse) throw new AsmError('duplicate .else', loc);
      top.sawElse = true;
      top.active = top.parentActive && !top.taken;
      top.taken = true;
      return;
    }
    if (name === '.elseif') {
      if (!top) throw new AsmError('.elseif without matching .if', loc);
      if (top.sawElse) throw new AsmError('.elseif after .else', loc);
      if (top.taken || !top.parentActive) top.active = false;
      else {
        top.active = evaluate(ctx, '.if', args, loc);
        top.taken = top.active;
      }
      return;
    }
    const parentActive = this.active();
    const v = parentActive ? evaluate(ctx, name, args, loc) : false;
    this.groups.push({ active: v, taken: v, parentActive, sawElse: false, loc });
  }
}

function evaluate(ctx: AsmContext, name: string, args: string, loc: SourceLocation): boolean {
  const c = new Cursor(args, loc);
  switch (name) {
    case '.ifdef':
    case '.ifndef':
    case '.ifnotdef': {
      const n = c.name() ?? c.fail(`${name} needs a symbol name`);
      c.end();
      const s = ctx.symbols.get(n);
      const defined = s !== undefined && s.def !== undefined;
      return name === '.ifdef' ? defined : !defined;
    }
    case '.ifb':
      return args.trim() === '';
    case '.ifnb':
      return args.trim() !== '';
    case '.ifc':
    case '.ifnc':
    case '.ifeqs':
    case '.ifnes': {
      const parts = splitArgs(args).map((p) => p.text.replace(/^"(.*)"$/, '$1'));
      if (parts.length !== 2) c.fail(`${name} needs two comma-separated strings`);
      const same = parts[0] === parts[1];
      return name === '.ifc' || name === '.ifeqs' ? same : !same;
    }
    default: {
      const e = parseExpr(c, ctx);
      c.end();
      const v = ctx.absolute(e, loc, 'the condition');
      switch (name) {
        case '.if':
        case '.ifne':
          return v !== 0n;
        case '.ifeq':
          return v === 0n;
        case '.iflt':
          return v < 0n;
        case '.ifle':
          return v <= 0n;
        case '.ifgt':
          return v > 0n;
        default:
          return v >= 0n;
      }
    }
  }
}
