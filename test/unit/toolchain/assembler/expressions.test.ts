// Expressions: gas operator ranks (not C's), 64-bit arithmetic with logical >>, comparisons that
// give -1, character constants, symbols and label differences, numeric local labels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asm, leading, wordValue, words } from './helpers';

test('binary operators follow gas ranks: shifts and bitwise ops bind tighter than + and -', () => {
  assert.equal(wordValue('1 + 2 * 3'), 7);
  assert.equal(wordValue('1 + 2 << 3'), 17); // << ranks with * in gas
  assert.equal(wordValue('1 | 2 + 4'), 7); // | binds tighter than +: (1|2)+4
  assert.equal(wordValue('6 & 3 + 1'), 3); // (6&3)+1
  assert.equal(wordValue('(1 + 2) << 3'), 24);
  assert.equal(wordValue('7 % 4 * 3'), 9);
  assert.equal(wordValue('100 / 7 / 2'), 7);
});

test('comparisons are -1 when true, && and || give 1', () => {
  assert.equal(wordValue('3 < 4'), 0xffffffff);
  assert.equal(wordValue('3 > 4'), 0);
  assert.equal(wordValue('5 == 5'), 0xffffffff);
  assert.equal(wordValue('5 <> 5'), 0);
  assert.equal(wordValue('5 != 4'), 0xffffffff);
  assert.equal(wordValue('2 && 3'), 1);
  assert.equal(wordValue('0 || 0'), 0);
  assert.equal(wordValue('1 < 2 && 2 < 3'), 1);
});

test('unary operators, logical right shift of negative numbers and 64-bit wrap-around', () => {
  assert.equal(wordValue('-1 >> 60'), 15);
  assert.equal(wordValue('~0xff & 0xfff'), 0xf00);
  assert.equal(wordValue('!0 + !5'), 1);
  assert.equal(wordValue('- -3'), 3);
  assert.equal(wordValue('0x100000000 >> 4'), 0x10000000);
});

test('numbers in every base and character constants', () => {
  assert.equal(wordValue('0x1F + 0b101 + 017 + 10'), 31 + 5 + 15 + 10);
  assert.equal(wordValue("'a'"), 97);
  assert.equal(wordValue("'a"), 97);
  assert.equal(wordValue("'\\n' + 1"), 11);
  assert.equal(wordValue("'\\''"), 39);
});

test('equates fold when defined, so a symbol can be incremented', () => {
  assert.equal(wordValue('n', '\t.set n, 1\n\t.set n, n + 1\n\tn = n * 10'), 20);
  assert.equal(wordValue('LATER * 2', '\t.equ LATER, 21'), 42);
});

test('a forward equate in a .word resolves at the end of the file', () => {
  assert.deepEqual(words(asm('\t.data\n\t.word FWD + 1\n\tFWD = 41\n'), '.data')[0], 42);
});

test('the difference of two labels in one section is absolute', () => {
  const o = asm('\t.data\na:\t.word 1, 2, 3\nb:\n\t.word b - a, (b - a) / 4, . - a\n');
  assert.deepEqual(words(o, '.data').slice(3, 6), [12, 3, 20]);
});

test('numeric local labels: nb refers back, nf forward, each definition a new instance', () => {
  // As GNU as: each `nop` moves into the delay slot of the branch after it (the label stays put).
  const o = asm(['1:\tnop', '\tb 1b', '\tb 1f', '1:\tnop', '\tb 1b', '2:\t.set noreorder', '\tb 2b', '\tnop'].join('\n'));
  assert.deepEqual(leading(words(o), 8), [0x1000ffff, 0, 0x10000001, 0, 0x1000ffff, 0, 0x1000ffff, 0]);
});

test('expressions with undefined symbols become relocations', () => {
  const o = asm('\t.data\n\t.word ext + 8, ext - 4\n');
  const d = o.sections.find((s) => s.name === '.data');
  assert.deepEqual(d?.fixups.map((f) => [f.offset, f.type, f.symbol, f.addend]), [
    [0, 'R_MIPS_32', 'ext', 8],
    [4, 'R_MIPS_32', 'ext', -4],
  ]);
});
