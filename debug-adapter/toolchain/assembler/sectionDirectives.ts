// Section directives: .text/.data/.bss/.rdata/.sdata/.sbss, `.section NAME[, "FLAGS"[, @TYPE]]`,
// .previous, .pushsection/.popsection.

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { splitArgs } from './cursor';
import { AsmError } from './errors';
import { type Section, parseFlagLetters } from './sections';

/** `.text`, `.data`…; gas' MIPS `.rdata`/`.sdata`/`.sbss` directives also give 16-byte alignment. */
export function simpleSection(name: string, align = 1) {
  return (ctx: AsmContext, args: string, loc: SourceLocation): void => {
    if (args.trim() !== '' && !/^[0-9]+$/.test(args.trim())) throw new AsmError(`junk at end of line: \`${args}'`, loc);
    const s = ctx.getSection(name);
    if (align > s.align) s.align = align;
    ctx.switchTo(s);
  };
}

function sectionFromArgs(ctx: AsmContext, args: string, loc: SourceLocation): Section {
  const parts = splitArgs(args);
  const first = parts[0];
  if (!first || first.text === '') throw new AsmError('missing section name', loc);
  const name = first.text.replace(/^"(.*)"$/, '$1');
  if (!/^[A-Za-z_.$][A-Za-z0-9_.$-]*$/.test(name)) throw new AsmError(`bad section name \`${name}'`, loc);
  const flagsText = parts[1]?.text;
  if (flagsText === undefined || /^[0-9]+$/.test(flagsText)) return ctx.getSection(name);
  const m = /^"([A-Za-z?]*)"$/.exec(flagsText);
  if (!m) throw new AsmError(`bad section flags ${flagsText}`, { ...loc, col: loc.col + (parts[1]?.at ?? 0) });
  const typeText = parts[2]?.text.replace(/^[@%]/, '');
  if (typeText !== undefined && typeText !== 'progbits' && typeText !== 'nobits' && typeText !== 'note' && !/^[0-9]+$/.test(typeText)) {
    throw new AsmError(`unrecognized section type \`${parts[2]?.text}'`, loc);
  }
  const existing = ctx.sections.get(name);
  if (existing) return existing;
  const kind = typeText === 'nobits' ? 'nobits' : typeText === undefined && /^\.s?bss/.test(name) ? 'nobits' : 'progbits';
  return ctx.getSection(name, { kind, flags: parseFlagLetters(m[1] as string) });
}

export function sectionDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  ctx.switchTo(sectionFromArgs(ctx, args, loc));
}

export function previousDirective(ctx: AsmContext): void {
  ctx.switchTo(ctx.prev);
}

export function pushSection(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const target = sectionFromArgs(ctx, args, loc);
  ctx.sectionStack.push([ctx.cur, ctx.prev]);
  ctx.switchTo(target);
}

export function popSection(ctx: AsmContext, _args: string, loc: SourceLocation): void {
  const top = ctx.sectionStack.pop();
  if (!top) throw new AsmError('.popsection without corresponding .pushsection; ignored', loc);
  ctx.switchTo(top[0]);
  ctx.prev = top[1];
}
