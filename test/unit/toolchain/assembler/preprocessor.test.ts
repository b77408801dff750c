// The `.S` preprocessor: includes (quoted and -I), object- and function-like macros with # and ##,
// conditionals with defined() and arithmetic, -D defines, and locations mapped to the original files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocess } from '../../../../debug-adapter/toolchain/assembler/cpp';
import type { Diagnostic } from '../../../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../../../debug-adapter/util/fileAccessor';
import { asm, errors, leading, words } from './helpers';

function cpp(main: string, files: Record<string, string> = {}, defines: Record<string, string> = {}): { text: string[]; where: string[]; diags: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const lines = preprocess('/p/main.S', new MemoryFileAccessor({ '/p/main.S': main, ...files }), { includeDirs: ['/inc'], defines: new Map(Object.entries(defines)) }, diags);
  return { text: lines.map((l) => l.text.trim()), where: lines.map((l) => `${l.loc.file}:${l.loc.line}`), diags };
}

test('object-like and function-like macros, with stringify and paste', () => {
  const r = cpp(['#define R $t0', '#define OFF(n) ((n) * 4)', '#define STR(x) #x', '#define CAT(a, b) a ## b', 'lw R, OFF(2)($sp)', '.ascii STR(hi there)', 'CAT(ad, du) R, R, R'].join('\n'));
  assert.deepEqual(r.text, ['lw $t0, ((2) * 4)($sp)', '.ascii "hi there"', 'addu $t0, $t0, $t0']);
});

test('conditionals: #if with defined() and arithmetic, #elif, #else, nesting, -D', () => {
  const src = ['#if defined(A) && A > 1', 'a', '#elif defined B', 'b', '#else', 'c', '#endif', '#ifdef A', '#ifndef B', 'd', '#endif', '#endif', '#if 0', '#if garbage(', '#endif', '#endif'].join('\n');
  assert.deepEqual(cpp(src, {}, { A: '2' }).text, ['a', 'd']);
  assert.deepEqual(cpp(src, {}, { A: '1', B: '1' }).text, ['b']);
  assert.deepEqual(cpp(src).text, ['c']);
});

test('#include "…" next to the file, <…> in -I directories; lines keep their own file and line', () => {
  const r = cpp('#include "a.h"\nx\n#include <b.h>\n', { '/p/a.h': '#define X 1\none\n', '/inc/b.h': 'two X\n' });
  assert.deepEqual(r.text, ['one', 'x', 'two 1']);
  assert.deepEqual(r.where, ['/p/a.h:2', '/p/main.S:2', '/inc/b.h:1']);
});

test('continued lines, C comments and gas # comments', () => {
  const r = cpp('#define LONG 1 + \\\n  2\nli $t0, LONG /* three */ # comment\n# 12 "file.c"\n');
  assert.deepEqual(r.text, ['li $t0, 1 +   2   # comment', '# 12 "file.c"']);
});

test('preprocessor errors carry the location: #error, missing include, unterminated #if', () => {
  const r = cpp('#error stop here\n#include "nope.h"\n#if 1\n');
  assert.deepEqual(r.diags.map((d) => `${d.loc.line}: ${d.message}`), ['1: #error stop here', '2: nope.h: No such file or directory', '3: unterminated #if']);
});

test('a .S file assembles through the preprocessor with -D defines', () => {
  const o = asm('#define VALUE 7\n#ifdef EXTRA\n\tli $t0, VALUE + EXTRA\n#endif\n', {}, 'k.S', new Map([['EXTRA', '3']]));
  assert.deepEqual(leading(words(o), 1), [0x2408000a]);
  assert.deepEqual(errors('#define BAD(x) x +\n\tli $t0, BAD(1)\n', {}, 'k.S'), ["2:13: missing expression: invalid operands `li $t0,1 +'"]);
});
