// Directives about symbols: equates (.set SYM,EXPR / SYM = EXPR / .equ / .equiv), binding
// (.globl, .local, .weak), ELF type and size (.type, .size, and MIPS .ent/.end which mark a
// function and measure it), and common storage (.comm, .lcomm).

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { Cursor, splitArgs } from './cursor';
import { AsmError } from './errors';
import { type Expr, parseExpr } from './expr';
import { displayName } from './symbols';

/** Gives `name` the value of `expr`, folded now when possible (so `.set n, n+1` works). */
export function defineEquate(ctx: AsmContext, name: string, expr: Expr, loc: SourceLocation, equiv: boolean): void {
  const sym = ctx.symbols.ref(name, loc);
  if (sym.def && (sym.def.kind === 'label' || sym.def.kind === 'common' || equiv || sym.equiv)) {
    throw new AsmError(`symbol \`${displayName(name)}' is already defined`, loc);
  }
  const v = ctx.evaluate(expr, loc);
  let stored: Expr = expr;
  if (!v.pending) {
    const num: Expr = { k: 'num', v: v.add };
    stored = v.sym ? { k: 'bin', op: '+', l: { k: 'sym', name: v.sym.name, at: 0 }, r: num, at: 0 } : num;
  }
  sym.def = { kind: 'equ', expr: stored };
  sym.equiv = equiv;
  sym.loc = loc;
}

/** Parses `NAME, EXPR` (the operands of .set/.equ/.equiv). */
export function parseEquate(ctx: AsmContext, args: string, loc: SourceLocation, equiv: boolean): void {
  const c = new Cursor(args, loc);
  const name = c.name() ?? c.fail('expected a symbol name');
  c.expect(',');
  const e = parseExpr(c, ctx);
  c.end();
  defineEquate(ctx, name, e, loc, equiv);
}

function names(args: string, loc: SourceLocation): Array<{ name: string; loc: SourceLocation }> {
  const out = splitArgs(args).map((a) => ({ name: a.text, loc: { ...loc, col: loc.col + a.at } }));
  for (const n of out) if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(n.name)) throw new AsmError(`expected a symbol name, got \`${n.name}'`, n.loc);
  if (out.length === 0) throw new AsmError('expected a symbol name', loc);
  return out;
}

export function setBinding(ctx: AsmContext, args: string, loc: SourceLocation, binding: 'global' | 'local' | 'weak'): void {
  for (const n of names(args, loc)) ctx.symbols.ref(n.name, n.loc).binding = binding;
}

export function setType(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const parts = splitArgs(args);
  const [n, t] = parts;
  if (!n || !t) throw new AsmError('.type needs a symbol and a type', loc);
  const type = t.text.replace(/^[@%#]/, '').replace(/^"(.*)"$/, '$1').toLowerCase();
  const sym = ctx.symbols.ref(n.text, loc);
  if (type === 'function' || type === 'stt_func') sym.type = 'func';
  else if (type === 'object' || type === 'stt_object') sym.type = 'object';
  else if (type === 'notype' || type === 'stt_notype') sym.type = 'notype';
  else if (type === 'tls_object' || type === 'common' || type === 'gnu_indirect_function') sym.type = 'object';
  else throw new AsmError(`unrecognized symbol type "${t.text}"`, { ...loc, col: loc.col + t.at });
}

export function setSize(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const c = new Cursor(args, loc);
  const name = c.name() ?? c.fail('expected a symbol name');
  c.expect(',');
  const e = parseExpr(c, ctx);
  c.end();
  ctx.symbols.ref(name, loc).size = e;
}

/** `.ent NAME[, N]` / `.aent NAME`: NAME is a function. */
export function functionStart(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const c = new Cursor(args, loc);
  const name = c.name() ?? c.fail('expected a function name');
  if (c.eat(',')) parseExpr(c, ctx);
  c.end();
  ctx.symbols.ref(name, loc).type = 'func';
}

/** `.end [NAME]`: NAME's size, unless `.size` gave one, runs to here. */
export function functionEnd(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const c = new Cursor(args, loc);
  const name = c.name();
  c.end();
  if (!name) return;
  const sym = ctx.symbols.ref(name, loc);
  if (sym.size) return;
  sym.size = { k: 'bin', op: '-', l: ctx.dot(), r: { k: 'sym', name, at: 0 }, at: 0 };
}

/** `.comm`/`.lcomm NAME, SIZE[, ALIGN]`: storage in .bss (.sbss when small enough for $gp). */
export function commonSymbol(ctx: AsmContext, args: string, loc: SourceLocation, global: boolean): void {
  const c = new Cursor(args, loc);
  const name = c.name() ?? c.fail('expected a symbol name');
  c.expect(',');
  const size = Number(ctx.absolute(parseExpr(c, ctx), loc, 'the size'));
  let align = size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
  if (c.eat(',')) {
    align = Number(ctx.absolute(parseExpr(c, ctx), loc, 'the alignment'));
    if (!global) align = 1 << align;
  }
  c.end();
  if (size < 0) throw new AsmError('.comm length is negative', loc);
  if (align <= 0 || (align & (align - 1)) !== 0) throw new AsmError('alignment must be a power of two', loc);
  const sym = ctx.symbols.ref(name, loc);
  if (sym.def) throw new AsmError(`symbol \`${name}' is already defined`, loc);
  const saved = [ctx.cur, ctx.prev] as const;
  const target = ctx.getSection(size > 0 && size <= ctx.gpSize ? '.sbss' : '.bss');
  ctx.cur = target;
  if (align > target.align) target.align = align;
  target.appendFill((align - (target.size % align)) % align);
  sym.def = { kind: 'label', section: target.name, offset: target.size };
  target.appendFill(size);
  [ctx.cur, ctx.prev] = saved;
  if (global) sym.binding = 'global';
  if (sym.type === 'notype') sym.type = 'object';
  sym.size = { k: 'num', v: BigInt(size) };
}
