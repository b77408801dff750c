// gas macros and repetition: named and keyword arguments, defaults, required parameters, \@,
// .exitm, recursion with .if, .rept/.irp/.irpc, and line rows attributed to the invocation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asm, errors, leading, words } from './helpers';

const set = (body: string, n: number): number[] => leading(words(asm(`\t.set noreorder\n${body}`)), n);

test('macro arguments: positional, keyword, defaults and \\@', () => {
  const src = ['\t.macro load reg, val=5', '\tli \\reg, \\val', '\t.endm', '\tload $t0', '\tload $t1, 2', '\tload val=3, reg=$t2'].join('\n');
  assert.deepEqual(set(src, 3), [0x24080005, 0x24090002, 0x240a0003]);
  const counter = ['\t.macro m', '\t.word \\@', '\t.endm', '\tm', '\tm'].join('\n');
  assert.deepEqual(words(asm(`\t.data\n${counter}`), '.data').slice(0, 2), [0, 1]);
});

test('recursive macro with .if and .exitm', () => {
  const src = ['\t.macro count from, to', '\t.word \\from', '\t.if \\to - \\from', '\tcount "(\\from + 1)", \\to', '\t.endif', '\t.endm', '\t.macro early', '\t.word 1', '\t.exitm', '\t.word 2', '\t.endm', '\tcount 0, 3', '\tearly'].join('\n');
  assert.deepEqual(leading(words(asm(`\t.data\n${src}`), '.data'), 5), [0, 1, 2, 3, 1]);
});

test('.rept, .irp and .irpc', () => {
  const src = ['\t.rept 2', '\tnop', '\t.endr', '\t.irp r, $t0, $t1', '\tmove \\r, $0', '\t.endr', '\t.irpc d, 12', '\tli $a0, \\d', '\t.endr'].join('\n');
  assert.deepEqual(set(src, 6), [0, 0, 0x00004025, 0x00004825, 0x24040001, 0x24040002]);
});

test('a required parameter must be given; unknown and unbalanced blocks are errors', () => {
  assert.deepEqual(errors('\t.macro m a:req\n\t.endm\n\tm\n'), ["3:3: missing value for required parameter `a' of macro `m'"]);
  assert.deepEqual(errors('\t.endm\n\t.rept 2\n\tnop\n'), ['1:7: .endm without .macro', '2:8: missing .endm or .endr']);
});

test('instructions from a macro get line rows of the invocation', () => {
  const o = asm('\t.set noreorder\n\t.macro two\n\tnop\n\tnop\n\t.endm\n\ttwo\n\tnop\n');
  assert.deepEqual(o.lines.map((l) => [l.offset, l.line]), [[0, 6], [4, 6], [8, 7]]);
});

test('.file/.loc line rows override the source lines', () => {
  const o = asm('\t.file 1 "prog.c"\n\t.loc 1 42 0\n\tnop\n\t.loc 1 43\n\tnop\n');
  assert.deepEqual(o.lines.map((l) => `${l.file}:${l.line}`), ['prog.c:42', 'prog.c:43']);
});

test('conditionals: .if/.elseif/.else, .ifdef, .ifc, .ifb', () => {
  const src = ['X = 2', '\t.if X == 1', '\t.word 1', '\t.elseif X == 2', '\t.word 2', '\t.else', '\t.word 3', '\t.endif', '\t.ifdef X', '\t.word 4', '\t.endif', '\t.ifndef Y', '\t.word 5', '\t.endif', '\t.ifc a,b', '\t.word 6', '\t.endif', '\t.ifb', '\t.word 7', '\t.endif'].join('\n');
  assert.deepEqual(words(asm(`\t.data\n${src}`), '.data'), [2, 4, 5, 7]);
});
