// Data directives: integers (.byte, .half/.short/.hword, .word/.long/.int, .2byte/.4byte/.8byte,
// .dword/.quad, .gpword), strings (.ascii, .asciz/.string), floating point (.float/.single,
// .double), space (.space/.skip/.zero, .fill), alignment (.align, .balign, .p2align) and .org.
// MIPS gas aligns .half/.word/.float/.double automatically, pulling preceding labels along.

import type { SourceLocation } from '../../util/diagnostic';
import type { RelocType } from '../object';
import type { AsmContext } from './context';
import { Cursor, splitArgs } from './cursor';
import { AsmError } from './errors';
import { parseExpr, readEscapedChar } from './expr';

/** Largest block one directive may reserve (256 MiB), so a typo cannot exhaust memory. */
const MAX_SPACE = 0x10000000;

function beginData(ctx: AsmContext, log2: number): void {
  const labels = ctx.pendingLabels();
  ctx.emitter.flush();
  if (log2 > 0 && ctx.autoAlign) {
    ctx.alignTo(1 << log2, undefined, undefined, false);
    for (const l of labels) {
      const d = l.def;
      if (d && d.kind === 'label' && d.section === ctx.cur.name) l.def = { ...d, offset: ctx.cur.size };
    }
  }
}

function checkNobits(ctx: AsmContext, loc: SourceLocation, nonZero: boolean): boolean {
  if (ctx.cur.kind !== 'nobits') return false;
  if (nonZero) throw new AsmError(`attempt to store non-zero value in section \`${ctx.cur.name}'`, loc);
  return true;
}

/** Emits one integer item of `size` bytes (a relocation when it is symbolic). */
export function emitInteger(ctx: AsmContext, text: string, loc: SourceLocation, size: number, reloc: RelocType | undefined): void {
  const c = new Cursor(text, loc);
  const e = parseExpr(c, ctx);
  let count = 1;
  if (c.eat(':')) count = Number(ctx.absolute(parseExpr(c, ctx), loc, 'the repeat count'));
  c.end();
  for (let k = 0; k < count; k++) {
    const v = ctx.evaluate(e, loc);
    const s = ctx.cur;
    if (!v.pending && !v.sym) {
      if (checkNobits(ctx, loc, v.add !== 0n)) {
        s.appendFill(size);
        continue;
      }
      const bytes: number[] = [];
      for (let i = 0; i < size; i++) bytes.push(Number(BigInt.asUintN(8, v.add >> BigInt(8 * (ctx.endian === 'big' ? size - 1 - i : i)))));
      s.append(bytes);
      continue;
    }
    if (!reloc) throw new AsmError(`cannot represent a relocatable value in ${size} byte${size > 1 ? 's' : ''}`, loc);
    checkNobits(ctx, loc, true);
    s.fixups.push({ offset: s.size, type: reloc, size, expr: e, loc });
    s.appendFill(size);
  }
}

function integers(size: number, log2: number, reloc: RelocType | undefined, align: boolean) {
  return (ctx: AsmContext, args: string, loc: SourceLocation): void => {
    beginData(ctx, align ? log2 : 0);
    for (const a of splitArgs(args)) emitInteger(ctx, a.text, { ...loc, col: loc.col + a.at }, size, reloc);
  };
}

export const byteDirective = integers(1, 0, undefined, false);
export const halfDirective = integers(2, 1, 'R_MIPS_16', true);
export const wordDirective = integers(4, 2, 'R_MIPS_32', true);
export const dwordDirective = integers(8, 3, undefined, true);
export const unaligned2 = integers(2, 1, 'R_MIPS_16', false);
export const unaligned4 = integers(4, 2, 'R_MIPS_32', false);
export const unaligned8 = integers(8, 3, undefined, false);
export const gpwordDirective = integers(4, 2, 'R_MIPS_GPREL32', true);

/** Parses a sequence of string literals. */
export function parseStrings(args: string, loc: SourceLocation): number[][] {
  const out: number[][] = [];
  const c = new Cursor(args, loc);
  do {
    c.skipSpace();
    if (c.peek() !== '"') c.fail('expected a string');
    c.pos++;
    const bytes: number[] = [];
    while (c.peek() !== '"') {
      if (c.pos >= c.text.length) c.fail('unterminated string');
      const code = readEscapedChar(c);
      if (code > 0xff) bytes.push(...new TextEncoder().encode(String.fromCodePoint(code)));
      else bytes.push(code);
    }
    c.pos++;
    out.push(bytes);
  } while (c.eat(','));
  c.end();
  return out;
}

export function stringDirective(zero: boolean) {
  return (ctx: AsmContext, args: string, loc: SourceLocation): void => {
    beginData(ctx, 0);
    for (const s of parseStrings(args, loc)) {
      const bytes = zero ? [...s, 0] : s;
      if (checkNobits(ctx, loc, bytes.some((b) => b !== 0))) ctx.cur.appendFill(bytes.length);
      else ctx.cur.append(bytes);
    }
  };
}

export function floatDirective(double: boolean) {
  return (ctx: AsmContext, args: string, loc: SourceLocation): void => {
    beginData(ctx, double ? 3 : 2);
    for (const a of splitArgs(args)) {
      const v = parseFloatLiteral(a.text, { ...loc, col: loc.col + a.at });
      const bytes = floatBytes(v, double, ctx.endian === 'little');
      if (checkNobits(ctx, loc, v !== 0)) ctx.cur.appendFill(bytes.length);
      else ctx.cur.append(bytes);
    }
  };
}

/** Reads a floating-point literal as gas does (`1.5`, `-2e3`, `0f1.5`, `0d-1`, integers). */
export function parseFloatLiteral(text: string, loc: SourceLocation): number {
  const t = text.trim().replace(/^([+-]?)0[fFdDeErR]/, '$1');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return Number(BigInt(t.replace(/^[+-]/, ''))) * (t.startsWith('-') ? -1 : 1);
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) throw new AsmError(`bad floating-point constant \`${text}'`, loc);
  return Number(t);
}

/** IEEE 754 single or double encoding of v. */
export function floatBytes(v: number, double: boolean, little: boolean): number[] {
  const b = new DataView(new ArrayBuffer(double ? 8 : 4));
  if (double) b.setFloat64(0, v, little);
  else b.setFloat32(0, v, little);
  return Array.from(new Uint8Array(b.buffer));
}

export function spaceDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const parts = splitArgs(args);
  const first = parts[0];
  if (!first) throw new AsmError('missing size expression', loc);
  beginData(ctx, 0);
  const n = Number(ctx.absolute(parseExpr(new Cursor(first.text, loc), ctx), loc, 'the size'));
  const fill = parts[1] ? Number(ctx.absolute(parseExpr(new Cursor(parts[1].text, loc), ctx), loc, 'the fill value')) : 0;
  if (n < 0) throw new AsmError('.space repeat count is negative, ignored', loc);
  if (n > MAX_SPACE) throw new AsmError(`.space size ${n} is too large`, loc);
  checkNobits(ctx, loc, fill !== 0);
  ctx.cur.appendFill(n, [fill & 0xff]);
}

export function fillDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const parts = splitArgs(args).map((p) => Number(ctx.absolute(parseExpr(new Cursor(p.text, loc), ctx), loc)));
  const [repeat = 0, size = 1, value = 0] = parts;
  beginData(ctx, 0);
  if (repeat < 0) throw new AsmError('.fill repeat count is negative', loc);
  if (repeat * size > MAX_SPACE) throw new AsmError(`.fill of ${repeat} items is too large`, loc);
  const sz = Math.min(Math.max(size, 0), 8);
  checkNobits(ctx, loc, value !== 0);
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < sz; i++) {
      const byte = i < 4 ? (ctx.endian === 'big' ? Math.min(sz, 4) - 1 - i : i) : -1;
      ctx.cur.append([byte < 0 ? 0 : Number(BigInt.asUintN(8, BigInt(value) >> BigInt(8 * byte)))]);
    }
  }
}

/** `.align`/`.balign`/`.p2align` (mode: power of two, bytes). */
export function alignDirective(kind: 'align' | 'balign' | 'p2align') {
  return (ctx: AsmContext, args: string, loc: SourceLocation): void => {
    const parts = splitArgs(args);
    const nums = parts.map((p) => (p.text === '' ? undefined : Number(ctx.absolute(parseExpr(new Cursor(p.text, loc), ctx), loc))));
    const [n = 0, fill, max] = nums;
    let bytes: number;
    if (kind === 'balign') {
      if (n !== 0 && (n & (n - 1)) !== 0) throw new AsmError('alignment not a power of 2', loc);
      bytes = Math.max(n, 1);
    } else {
      if (n > 28) throw new AsmError(`alignment too large: ${n}`, loc);
      bytes = 1 << Math.max(n, 0);
    }
    if (kind === 'align') {
      if (n === 0) {
        ctx.autoAlign = false;
        return;
      }
      ctx.autoAlign = true;
    }
    ctx.alignTo(bytes, fill, max, kind === 'align');
  };
}

export function orgDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const parts = splitArgs(args);
  const first = parts[0];
  if (!first) throw new AsmError('missing expression', loc);
  ctx.emitter.flush();
  const v = ctx.evaluate(parseExpr(new Cursor(first.text, loc), ctx), loc);
  if (v.pending) throw new AsmError('.org needs an expression known here', loc);
  let target: bigint;
  if (!v.sym) target = v.add;
  else if (v.sym.def?.kind === 'label' && v.sym.def.section === ctx.cur.name) target = BigInt(v.sym.def.offset) + v.add;
  else throw new AsmError(`.org needs a value in section ${ctx.cur.name}`, loc);
  const fill = parts[1] ? Number(ctx.absolute(parseExpr(new Cursor(parts[1].text, loc), ctx), loc)) : 0;
  const t = Number(target);
  if (t < ctx.cur.size) throw new AsmError('attempt to move .org backwards', loc);
  if (t - ctx.cur.size > MAX_SPACE) throw new AsmError(`.org 0x${t.toString(16)} is too far ahead`, loc);
  ctx.cur.appendFill(t - ctx.cur.size, [fill & 0xff]);
}
