// The committed TextMate grammar equals what scripts/generate-grammar.ts builds from the ISA
// table, and tokenizing a sample with vscode-textmate + vscode-oniguruma gives the expected scopes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GRAMMAR_PATH, grammarText } from '../../../scripts/generate-grammar';
import { tokenizeLines } from '../../support/mipsGrammar';

test('syntaxes/mips.tmLanguage.json is up to date with the ISA table (run npx tsx scripts/generate-grammar.ts)', () => {
  assert.equal(readFileSync(GRAMMAR_PATH, 'utf8'), grammarText());
});

test('language configuration declares comments, brackets and auto-closing quotes', () => {
  const conf = JSON.parse(readFileSync(new URL('../../../syntaxes/language-configuration.json', import.meta.url), 'utf8')) as {
    comments: { lineComment: string; blockComment: string[] };
    autoClosingPairs: Array<{ open: string }>;
  };
  assert.equal(conf.comments.lineComment, '#');
  assert.deepEqual(conf.comments.blockComment, ['/*', '*/']);
  assert.ok(conf.autoClosingPairs.some((p) => p.open === '"'));
});

test('tokenizing a sample gives instruction, pseudo, directive, label, register, number, string and comment scopes', async () => {
  const sample = [
    '\t.text',
    'main:\taddiu $sp, $sp, -32   # make room',
    '\tc.eq.s $fcc1, $f2, $f4',
    '\tli $t0, 0x1f',
    '\tmove $a0, $zero',
    '\tlw $2, %lo(msg)($at)',
    '1:\tjr.hb $ra  /* back */',
    '\t.asciz "hi\\n"',
  ];
  const scopes = new Map<string, string>();
  for (const t of (await tokenizeLines(sample)).flat()) if (!scopes.has(t.text)) scopes.set(t.text, t.scope);
  const scopeOf = (text: string): string => {
    const s = scopes.get(text);
    assert.ok(s !== undefined, `no token "${text}" (tokens: ${[...scopes.keys()].map((k) => JSON.stringify(k)).join(' ')})`);
    return s;
  };
  assert.equal(scopeOf('.text'), 'storage.type.mips');
  assert.equal(scopeOf('main'), 'entity.name.function.label.mips');
  assert.equal(scopeOf('1'), 'entity.name.function.label.mips');
  assert.equal(scopeOf('addiu'), 'support.function.mips');
  assert.equal(scopeOf('c.eq.s'), 'support.function.mips');
  assert.equal(scopeOf('jr.hb'), 'support.function.mips');
  assert.equal(scopeOf('li'), 'support.function.pseudo.mips');
  assert.equal(scopeOf('move'), 'support.function.pseudo.mips');
  assert.equal(scopeOf('$sp'), 'variable.other.register.mips');
  assert.equal(scopeOf('$2'), 'variable.other.register.mips');
  assert.equal(scopeOf('$f2'), 'variable.other.register.fpu.mips');
  assert.equal(scopeOf('$fcc1'), 'variable.other.register.fpu.mips');
  assert.equal(scopeOf('-32'), 'constant.numeric.decimal.mips');
  assert.equal(scopeOf('0x1f'), 'constant.numeric.hex.mips');
  assert.equal(scopeOf('%lo'), 'support.function.relocation.mips');
  assert.equal(scopeOf('# make room'), 'comment.line.number-sign.mips');
  assert.equal(scopeOf(' back '), 'comment.block.mips');
  assert.equal(scopeOf('\\n'), 'constant.character.escape.mips');
});
