// The grammar on real sources: the guest kernel (hand-written, cpp-style comments) and what
// mips-linux-gnu-gcc -S emits for the C test programs (gas directives, $N registers, %got/%lo,
// local $L labels, # comments). Lines are found by their text, so the assertions follow the files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Token, tokenizeLines } from '../../support/mipsGrammar';

const root = new URL('../../../', import.meta.url).pathname;

/** The scope of `text` on the first line matching `line` (tokens joined into words). */
function scopeOn(lines: readonly string[], tokens: readonly Token[][], line: RegExp, text: string): string {
  const i = lines.findIndex((l) => line.test(l));
  assert.ok(i >= 0, `no line matches ${line}`);
  const t = tokens[i]?.find((x) => x.text.trim() === text);
  assert.ok(t, `"${text}" is not a token of line ${i + 1}: ${JSON.stringify(tokens[i]?.map((x) => x.text))}`);
  return t.scope;
}

test('guest kernel trap.S: labels, mnemonics, registers, directives, numbers and comments', async () => {
  const lines = readFileSync(`${root}guest/kernel/trap.S`, 'utf8').split('\n');
  const tokens = await tokenizeLines(lines);
  const s = (line: RegExp, text: string): string => scopeOn(lines, tokens, line, text);
  assert.equal(s(/^trap:$/, 'trap'), 'entity.name.function.label.mips');
  assert.equal(s(/^\t\.globl\ttrap$/, '.globl'), 'storage.type.mips');
  assert.equal(s(/^\t\.ent\ttrap$/, '.ent'), 'storage.type.mips');
  assert.equal(s(/^\taddiu\t\$sp, \$sp, -32$/, 'addiu'), 'support.function.mips');
  assert.equal(s(/^\taddiu\t\$sp, \$sp, -32$/, '$sp'), 'variable.other.register.mips');
  assert.equal(s(/^\taddiu\t\$sp, \$sp, -32$/, '-32'), 'constant.numeric.decimal.mips');
  assert.equal(s(/^\tmove\t\$s0, \$a0$/, 'move'), 'support.function.pseudo.mips');
  assert.equal(s(/^\tsw\t\$ra, 28\(\$sp\)$/, '28'), 'constant.numeric.decimal.mips');
  assert.equal(s(/andi\t\$s1, \$s1, 31 .*ExcCode/, 'ExcCode'), 'comment.block.mips');
  assert.equal(s(/^2:\tli\t\$t0, 8$/, '2'), 'entity.name.function.label.mips');
  assert.equal(s(/^\/\* trap\(a0 = trap frame\) \*\/$/, 'trap(a0 = trap frame)'), 'comment.block.mips');
  // inside the file's opening block comment, code-like words stay comment
  assert.equal(s(/^ \* intr\(\): serves pending/, '* intr(): serves pending interrupt lines (also called by the idle loop): the Count/Compare'), 'comment.block.mips');
  assert.equal(s(/mfc0\t\$t0, CP0_COUNT/, 'mfc0'), 'support.function.mips');
});

test('mips-linux-gnu-gcc -S output of the C test programs tokenizes as gas source', async () => {
  const r = spawnSync('mips-linux-gnu-gcc', ['-S', '-O1', '-o', '-', `${root}test/programs/c/strings.c`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const tokens = await tokenizeLines(lines);
  const s = (line: RegExp, text: string): string => scopeOn(lines, tokens, line, text);
  assert.equal(s(/^\t\.file\t1 "strings\.c"$/, '.file'), 'storage.type.mips');
  assert.equal(s(/^\t\.file\t1 "strings\.c"$/, '1'), 'constant.numeric.decimal.mips');
  assert.equal(s(/^\t\.file\t1 "strings\.c"$/, 'strings.c'), 'string.quoted.double.mips');
  assert.equal(s(/^rnd:$/, 'rnd'), 'entity.name.function.label.mips');
  assert.equal(s(/^\t\.frame\t\$sp,0,\$31/, '$31'), 'variable.other.register.mips');
  assert.equal(s(/^\t\.frame\t\$sp,0,\$31/, '# vars= 0, regs= 0/0, args= 0, gp= 0'), 'comment.line.number-sign.mips');
  assert.equal(s(/^\t\.mask\t0x00000000,0$/, '0x00000000'), 'constant.numeric.hex.mips');
  assert.equal(s(/^\tlw\t\$4,%got\(seed\)\(\$28\)$/, 'lw'), 'support.function.mips');
  assert.equal(s(/^\tlw\t\$4,%got\(seed\)\(\$28\)$/, '%got'), 'support.function.relocation.mips');
  assert.equal(s(/^\tlw\t\$4,%got\(seed\)\(\$28\)$/, '$28'), 'variable.other.register.mips');
  assert.equal(s(/^\tli\t\$3,1103495168\t+# 0x41c60000$/, 'li'), 'support.function.pseudo.mips');
  assert.equal(s(/^\tjr\t\$31$/, 'jr'), 'support.function.mips');
  assert.equal(s(/^\$L\d+:$/, ':'), 'punctuation.separator.label.mips');
  assert.equal(s(/^\t\.ascii\t"/, '.ascii'), 'storage.type.mips');
});
