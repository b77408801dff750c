// The layout used when no linker script is given, modelled on GNU ld's default for
// elf32-tradbigmips with -Ttext/-Tdata: .text, .rodata, then .data on the next
// 64 KiB page, _gp, .sdata, .sbss, .bss, and the symbols ld provides around them.

import type { Assignment, Expr, InputSpec, LinkScript, OutputSectionStmt, Statement } from './scriptAst';

const LOC = { file: '<default linker script>', line: 1, col: 1 };
const num = (value: number): Expr => ({ kind: 'num', value });
const dot: Expr = { kind: 'dot', loc: LOC };
const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args, loc: LOC });
const bin = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, loc: LOC });
const assign = (target: string, expr: Expr, provide = false): Assignment => ({ kind: 'assign', target, op: '=', expr, provide, loc: LOC });
const input = (...sectionPatterns: string[]): InputSpec => ({ kind: 'input', filePattern: '*', sectionPatterns, loc: LOC });
const output = (name: string, items: OutputSectionStmt['items'], address?: number): OutputSectionStmt => ({
  kind: 'output',
  name,
  address: address === undefined ? undefined : num(address),
  align: undefined,
  items,
  loc: LOC,
});

/** Input sections that only describe the object (ABI flags, register usage, …) and are never linked in. */
export const METADATA_SECTIONS = ['.reginfo', '.MIPS.abiflags', '.MIPS.options', '.pdr', '.gnu.attributes', '.mdebug.*', '.comment', '.note.GNU-stack', '.gnu_debuglink'];

export function defaultScript(textAddress: number, dataAddress: number | undefined): LinkScript {
  const dataStart =
    dataAddress === undefined
      ? assign('.', bin('+', call('ALIGN', num(0x10000)), bin('&', dot, num(0xffff))))
      : assign('.', num(dataAddress));
  const statements: Statement[] = [
    assign('.', num(textAddress)),
    output('.text', [assign('_ftext', dot), input('.text', '.text.*')]),
    assign('etext', dot, true),
    assign('_etext', dot, true),
    output('.rodata', [input('.rodata', '.rodata.*', '.rodata1')]),
    dataStart,
    output('.data', [assign('_fdata', dot), input('.data', '.data.*')]),
    assign('_gp', bin('+', call('ALIGN', num(16)), num(0x7ff0))),
    output('.sdata', [input('.sdata', '.sdata.*')]),
    assign('_edata', dot),
    assign('edata', dot, true),
    assign('__bss_start', dot),
    assign('_fbss', dot),
    output('.sbss', [input('.sbss', '.sbss.*', '.scommon')]),
    output('.bss', [input('.bss', '.bss.*', 'COMMON')]),
    assign('.', call('ALIGN', num(4))),
    assign('_end', dot),
    assign('end', dot, true),
    output('/DISCARD/', [input(...METADATA_SECTIONS)]),
  ];
  return { fileName: LOC.file, entry: undefined, statements };
}
