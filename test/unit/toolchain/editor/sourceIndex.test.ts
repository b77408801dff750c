// The editor's source index on hand-made snippets and on the guest kernel: definitions of every
// kind, references outside comments and strings, includes resolved across files, word lookup.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assemblyRoot, findDefinitions, indexWithIncludes } from '../../../../debug-adapter/toolchain/editor/includeGraph';
import { indexSource, wordAt } from '../../../../debug-adapter/toolchain/editor/sourceIndex';
import { MemoryFileAccessor } from '../../../../debug-adapter/util/fileAccessor';

const SAMPLE = [
  '#include <disco/board.h>', // 0
  '#define STACK_SIZE 4096   /* bytes */', // 1
  '\t.equ\tLIMIT, 10', // 2
  'COUNT = LIMIT + 1', // 3
  '\t.globl\tmain', // 4
  '\t.ent\tmain', // 5
  'main:\tli $t0, LIMIT   # not_a_ref', // 6
  '1:\tbnez $t0, 1b', // 7
  '\tla $a0, msg; j main', // 8
  '\t.end\tmain', // 9
  '\t.macro\tPUSH reg', // 10
  '\t.endm', // 11
  '/* a comment naming ghost', // 12
  '   still ghost */ msg: .asciz "ghost main"', // 13
].join('\n');

/** `line:col` of needle on a 0-based line of SAMPLE, searched from column `from`: an oracle independent of the scanner. */
function at(line: number, needle: string, from = 0): string {
  const col = (SAMPLE.split('\n')[line] ?? '').indexOf(needle, from);
  assert.ok(col >= 0, `${needle} not on line ${line}`);
  return `${line}:${col}`;
}

test('definitions: labels, .ent functions with their .end, constants, defines, macros; local labels are skipped', () => {
  const ix = indexSource(SAMPLE);
  const defs = ix.definitions.map((d) => `${d.kind} ${d.name} ${d.span.line}:${d.span.col}${d.endLine === undefined ? '' : ` end ${d.endLine}`}${d.value === undefined ? '' : ` = ${d.value}`}`);
  assert.deepEqual(defs, [
    `define STACK_SIZE ${at(1, 'STACK_SIZE')} = 4096`,
    `constant LIMIT ${at(2, 'LIMIT')} = 10`,
    `constant COUNT ${at(3, 'COUNT')} = LIMIT + 1`,
    `function main ${at(5, 'main')} end 9`,
    `label main ${at(6, 'main')}`,
    `macro PUSH ${at(10, 'PUSH')}`,
    `label msg ${at(13, 'msg')}`,
  ]);
  assert.deepEqual([...ix.globals], ['main']);
  assert.deepEqual(ix.includes, [{ path: 'disco/board.h', system: true, span: { line: 0, col: 10, length: 13 } }]);
});

test('references skip comments, strings, registers and numbers', () => {
  const ix = indexSource(SAMPLE);
  const refs = (name: string): string[] => ix.references.filter((r) => r.name === name).map((r) => `${r.span.line}:${r.span.col}`);
  assert.deepEqual(refs('main'), [at(4, 'main'), at(5, 'main'), at(6, 'main'), at(8, 'main'), at(9, 'main')]);
  assert.deepEqual(refs('LIMIT'), [at(2, 'LIMIT'), at(3, 'LIMIT'), at(6, 'LIMIT')]);
  assert.deepEqual(refs('ghost'), []);
  assert.deepEqual(refs('not_a_ref'), []);
  assert.ok(!ix.references.some((r) => r.name.startsWith('t0') || r.name === 'b'));
});

test('wordAt finds identifiers and registers under a column', () => {
  assert.deepEqual(wordAt('\tlw\t$t0, TF_CAUSE($s0)', 5), { word: '$t0', col: 4 });
  assert.deepEqual(wordAt('\tlw\t$t0, TF_CAUSE($s0)', 12), { word: 'TF_CAUSE', col: 9 });
  assert.equal(wordAt('\t\t', 1), undefined);
});

test('includes: "…" from the file\'s folder, <…> from the include path, each file once', () => {
  const files = new MemoryFileAccessor({
    'k/main.S': '#include "local.h"\n#include <lib/a.h>\n\tj far\n',
    'k/local.h': '#include <lib/a.h>\n#define LOCAL 1\n',
    'inc/lib/a.h': 'far:\tnop\n',
  });
  const ix = indexWithIncludes('k/main.S', files, ['inc']);
  assert.deepEqual(ix.map((f) => f.path), ['k/main.S', 'k/local.h', 'inc/lib/a.h']);
  assert.deepEqual(findDefinitions(ix, 'far').map((d) => `${d.path}:${d.def.span.line}`), ['inc/lib/a.h:0']);
  assert.deepEqual(findDefinitions(ix, 'LOCAL').map((d) => d.def.kind), ['define']);
});

test('the guest kernel: kernel.S reaches hal.h and the shipped guest headers; trap is a function', () => {
  const root = new URL('../../../../', import.meta.url).pathname;
  const files = {
    readFile: (p: string) => readFileSync(p),
    exists: (p: string) => existsSync(p),
    resolve: (from: string, p: string) => resolve(dirname(from), p),
  };
  const ix = indexWithIncludes(`${root}guest/kernel/kernel.S`, files, [`${root}guest/include`]);
  const paths = ix.map((f) => f.path.slice(root.length));
  for (const p of ['guest/kernel/hal.h', 'guest/include/disco/board.h', 'guest/kernel/trap.S']) assert.ok(paths.includes(p), `${p} not reached: ${paths.join(' ')}`);
  const trap = findDefinitions(ix, 'trap');
  assert.equal(trap.length, 1);
  assert.equal(trap[0]?.path.slice(root.length), 'guest/kernel/trap.S');
  const line = readFileSync(`${root}guest/kernel/trap.S`, 'utf8').split('\n')[trap[0]?.def.span.line ?? -1];
  assert.equal(line, 'trap:');
  const status = findDefinitions(ix, 'CP0_STATUS')[0];
  assert.equal(status?.def.value, '$12, 0');
});

test('assemblyRoot: a fragment is assembled through the file that includes it', () => {
  const files = new MemoryFileAccessor({ 'k/a.S': '\tnop\n', 'k/main.S': '#include "b.h"\n', 'k/b.h': '#include "frag.S"\n', 'k/frag.S': '\tj main\n' });
  assert.equal(assemblyRoot('k/frag.S', ['k/a.S', 'k/frag.S', 'k/main.S'], files, []), 'k/main.S');
  assert.equal(assemblyRoot('k/a.S', ['k/a.S', 'k/frag.S', 'k/main.S'], files, []), 'k/a.S');
});
