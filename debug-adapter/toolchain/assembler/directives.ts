// The directive table: every pseudo-op the assembler knows, mapped to its handler. Directives
// that only carry information for other tools (.cfi_*, .frame, .mask, .gnu_attribute, .nan,
// .ident…) are accepted and checked loosely, as they do not change the generated code.

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { Cursor, splitArgs } from './cursor';
import * as data from './dataDirectives';
import type { Driver } from './driver';
import { AsmError } from './errors';
import { parseExpr } from './expr';
import { includeFile } from './include';
import { splitMacroList } from './macros';
import * as sec from './sectionDirectives';
import { abicallsDirective, moduleDirective, optionDirective, setDirective } from './setDirective';
import * as sym from './symbolDirectives';

export type DirectiveHandler = (ctx: AsmContext, args: string, loc: SourceLocation, driver: Driver) => void;

const ignore: DirectiveHandler = () => undefined;

function message(kind: 'error' | 'warning' | 'print'): DirectiveHandler {
  return (ctx, args, loc) => {
    const s = args.trim();
    const text = s === '' ? (kind === 'error' ? '.err encountered' : '.warning directive invoked in source file') : data.parseStrings(s, loc).map((b) => String.fromCharCode(...b)).join('');
    if (kind === 'print') ctx.warn(loc, text);
    else ctx.report(loc, text, kind);
  };
}

function repeatCount(ctx: AsmContext, args: string, loc: SourceLocation): number {
  const c = new Cursor(args, loc);
  const n = Number(ctx.absolute(parseExpr(c, ctx), loc, 'the repeat count'));
  c.end();
  if (n > 1_000_000) throw new AsmError('.rept count too large', loc);
  return Math.max(n, 0);
}

const rept: DirectiveHandler = (ctx, args, loc, d) => {
  const n = repeatCount(ctx, args, loc);
  d.collect('block', loc, (body) => d.repeat(body, n, loc));
};

function irp(chars: boolean): DirectiveHandler {
  return (_ctx, args, loc, d) => {
    const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*(?:,\s*)?(.*)$/.exec(args);
    if (!m) throw new AsmError(`missing model parameter in ${chars ? '.irpc' : '.irp'}`, loc);
    const rest = (m[2] as string).trim();
    const values = chars ? [...rest] : rest === '' ? [''] : splitMacroList(rest);
    d.collect('block', loc, (body) => d.iterate(body, m[1] as string, chars && values.length === 0 ? [''] : values, loc));
  };
}

const fileDirective: DirectiveHandler = (ctx, args, loc) => {
  const m = /^\s*([0-9]+)\s+"([^"]*)"/.exec(args);
  if (m) ctx.fileNumbers.set(Number(m[1]), m[2] as string);
  else if (!/^\s*("[^"]*")?\s*$/.test(args)) throw new AsmError('.file expects a file name', loc);
};

const locDirective: DirectiveHandler = (ctx, args, loc) => {
  const m = /^\s*([0-9]+)\s+([0-9]+)/.exec(args);
  if (!m) throw new AsmError('.loc expects a file number and a line', loc);
  const file = ctx.fileNumbers.get(Number(m[1]));
  if (file === undefined) throw new AsmError(`unassigned file number ${m[1]}`, loc);
  ctx.dotLoc = { file, line: Number(m[2]), col: 1 };
};

const insnDirective: DirectiveHandler = (ctx) => {
  ctx.emitter.flush();
};

const nanDirective: DirectiveHandler = (_ctx, args, loc) => {
  if (!/^\s*(legacy|2008)\s*$/.test(args)) throw new AsmError('invalid NaN setting', loc);
};

const frameDirective: DirectiveHandler = (_ctx, args, loc) => {
  if (splitArgs(args).length !== 3) throw new AsmError('.frame expects REG, SIZE, RETURN-REG', loc);
};

const maskDirective: DirectiveHandler = (_ctx, args, loc) => {
  if (splitArgs(args).length !== 2) throw new AsmError('.mask expects MASK, OFFSET', loc);
};

export const DIRECTIVES: ReadonlyMap<string, DirectiveHandler> = new Map<string, DirectiveHandler>([
  ['.text', sec.simpleSection('.text')],
  ['.data', sec.simpleSection('.data')],
  ['.bss', sec.simpleSection('.bss')],
  ['.rdata', sec.simpleSection('.rodata', 16)],
  ['.sdata', sec.simpleSection('.sdata', 16)],
  ['.sbss', sec.simpleSection('.sbss', 16)],
  ['.section', sec.sectionDirective],
  ['.previous', (ctx) => sec.previousDirective(ctx)],
  ['.pushsection', sec.pushSection],
  ['.popsection', sec.popSection],
  ['.globl', (c, a, l) => sym.setBinding(c, a, l, 'global')],
  ['.global', (c, a, l) => sym.setBinding(c, a, l, 'global')],
  ['.local', (c, a, l) => sym.setBinding(c, a, l, 'local')],
  ['.weak', (c, a, l) => sym.setBinding(c, a, l, 'weak')],
  ['.type', sym.setType],
  ['.size', sym.setSize],
  ['.ent', sym.functionStart],
  ['.aent', sym.functionStart],
  ['.end', sym.functionEnd],
  ['.comm', (c, a, l) => sym.commonSymbol(c, a, l, true)],
  ['.lcomm', (c, a, l) => sym.commonSymbol(c, a, l, false)],
  ['.equ', (c, a, l) => sym.parseEquate(c, a, l, false)],
  ['.equiv', (c, a, l) => sym.parseEquate(c, a, l, true)],
  ['.eqv', (c, a, l) => sym.parseEquate(c, a, l, false)],
  ['.set', setDirective],
  ['.module', moduleDirective],
  ['.option', optionDirective],
  ['.abicalls', (c) => abicallsDirective(c)],
  ['.byte', data.byteDirective],
  ['.half', data.halfDirective],
  ['.hword', data.halfDirective],
  ['.short', data.halfDirective],
  ['.word', data.wordDirective],
  ['.long', data.wordDirective],
  ['.int', data.wordDirective],
  ['.2byte', data.unaligned2],
  ['.4byte', data.unaligned4],
  ['.8byte', data.unaligned8],
  ['.dword', data.dwordDirective],
  ['.quad', data.unaligned8],
  ['.gpword', data.gpwordDirective],
  ['.ascii', data.stringDirective(false)],
  ['.asciz', data.stringDirective(true)],
  ['.string', data.stringDirective(true)],
  ['.float', data.floatDirective(false)],
  ['.single', data.floatDirective(false)],
  ['.double', data.floatDirective(true)],
  ['.space', data.spaceDirective],
  ['.skip', data.spaceDirective],
  ['.zero', data.spaceDirective],
  ['.fill', data.fillDirective],
  ['.align', data.alignDirective('align')],
  ['.balign', data.alignDirective('balign')],
  ['.p2align', data.alignDirective('p2align')],
  ['.org', data.orgDirective],
  ['.include', includeFile],
  ['.macro', (_c, a, l, d) => d.defineMacro(a, l)],
  ['.endm', (_c, _a, l) => {
    throw new AsmError('.endm without .macro', l);
  }],
  ['.endr', (_c, _a, l) => {
    throw new AsmError('.endr without .rept, .irp or .irpc', l);
  }],
  ['.exitm', (_c, _a, l, d) => d.exitMacro(l)],
  ['.purgem', (_c, a, _l, d) => void d.macros.delete(a.trim())],
  ['.rept', rept],
  ['.irp', irp(false)],
  ['.irpc', irp(true)],
  ['.err', message('error')],
  ['.error', message('error')],
  ['.warning', message('warning')],
  ['.print', message('print')],
  ['.file', fileDirective],
  ['.loc', locDirective],
  ['.insn', insnDirective],
  ['.nan', nanDirective],
  ['.frame', frameDirective],
  ['.mask', maskDirective],
  ['.fmask', maskDirective],
  ['.gnu_attribute', ignore],
  ['.ident', ignore],
  ['.extern', ignore],
  ['.hidden', ignore],
  ['.protected', ignore],
  ['.internal', ignore],
  ['.loc_mark_labels', ignore],
  ['.mdebug', ignore],
  ['.verstamp', ignore],
  ['.cfi_sections', ignore],
  ...[
    'startproc', 'endproc', 'def_cfa', 'def_cfa_offset', 'def_cfa_register', 'adjust_cfa_offset', 'offset', 'rel_offset',
    'register', 'restore', 'undefined', 'same_value', 'remember_state', 'restore_state', 'return_column', 'signal_frame',
    'window_save', 'escape', 'personality', 'lsda', 'val_offset',
  ].map((n): [string, DirectiveHandler] => [`.cfi_${n}`, ignore]),
]);
