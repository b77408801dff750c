// The MIPS TextMate grammar loaded with vscode-textmate + vscode-oniguruma (the engines VS Code
// uses), and a helper giving the innermost scope of each token of a text.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { grammarText } from '../../scripts/generate-grammar';

const require = createRequire(import.meta.url);
let loaded: Promise<textmate.IGrammar> | undefined;

async function load(): Promise<textmate.IGrammar> {
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

/** The grammar (loaded once per process). */
export function mipsGrammar(): Promise<textmate.IGrammar> {
  return (loaded ??= load());
}

export interface Token {
  readonly text: string;
  /** Innermost scope. */
  readonly scope: string;
}

/** Tokens of every line of `lines`, tokenized in order (block comments carry over). */
export async function tokenizeLines(lines: readonly string[]): Promise<Token[][]> {
  const grammar = await mipsGrammar();
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1] ?? '' }));
  });
}
