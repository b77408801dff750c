// The committed TextMate grammar equals what scripts/generate-grammar.ts builds from the ISA
// table, and tokenizing a sample with vscode-textmate + vscode-oniguruma gives the expected scopes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { GRAMMAR_PATH, grammarText } from '../../../scripts/generate-grammar';

const require = createRequire(import.meta.url);

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

async function tokenizer(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (scope === 'source.mips' ? textmate.parseRawGrammar(grammarText(), 'mips.tmLanguage.json') : null),
  });
  const g = await registry.loadGrammar('source.mips');
  assert.ok(g, 'grammar did not load');
  return g;
}

test('tokenizing a sample gives instruction, pseudo, directive, label, register, number, string and comment scopes', async () => {
  const grammar = await tokenizer();
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
  const scopes = new Map<string, string[]>();
  let state = textmate.INITIAL;
  for (const line of sample) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      if (!scopes.has(text)) scopes.set(text, t.scopes);
    }
    state = r.ruleStack;
  }
  const scopeOf = (text: string): string => {
    const s = scopes.get(text);
    assert.ok(s, `no token "${text}" (tokens: ${[...scopes.keys()].map((k) => JSON.stringify(k)).join(' ')})`);
    return s[s.length - 1] ?? '';
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
