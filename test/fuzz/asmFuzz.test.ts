// Fuzzing the assembler: thousands of random and mutated sources (seeded, reproducible) must
// either assemble or fail with a DiagnosticError — never another exception, never a hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import { DiagnosticError } from '../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../debug-adapter/util/fileAccessor';
import { xorshift32 } from '../support/prng';

const fixtures = join(__dirname, '..', 'fixtures', 'asm');
const corpus = readdirSync(fixtures).map((f) => ({ name: f, text: readFileSync(join(fixtures, f), 'utf8') }));
const TOKENS = [
  'li', 'la', 'lw', 'sw', 'beq', 'b', 'jal', 'jr', 'addu', 'div', 'mul', 'ulw', 'bgeu', 'mfc0', '.word', '.macro', '.endm', '.rept',
  '.endr', '.if', '.endif', '.else', '.irp', '.set', 'noreorder', 'reorder', 'noat', '.section', '.align', '.org', '.space', '.ascii',
  '$t0', '$31', '$f2', '$fcc1', '$99', '%hi(', '%lo(', ')', '(', ',', ':', ';', '#', '"', "'", '\\', '\\@', '1f', '1b', '2:', 'x', '.',
  '0x', '-', '+', '*', '/', '<<', '>>', '==', '!', '~', '0x7fffffff', '-0x80000000', '99999999999999999999', '\n', '\t', ' ',
  '#define', '#if', '#endif', '#include', '.include', '"nope.s"', '.exitm', '.equ', '=', '.globl', '.type', '@function', '.ent', '.end',
];

function check(name: string, text: string, files: Record<string, string> = {}): void {
  try {
    assemble(name, { files: new MemoryFileAccessor({ [name]: text, ...files }), endian: text.length % 2 === 0 ? 'big' : 'little' });
  } catch (e) {
    if (e instanceof DiagnosticError) return;
    assert.fail(`${name}: ${(e as Error).stack ?? String(e)}\n--- source ---\n${text.slice(0, 2000)}`);
  }
}

test('random token soup never crashes the assembler', () => {
  const rnd = xorshift32(1234);
  for (let i = 0; i < 1500; i++) {
    let s = '';
    const n = 5 + (rnd() % 60);
    for (let k = 0; k < n; k++) s += TOKENS[rnd() % TOKENS.length] + (rnd() % 3 === 0 ? ' ' : '');
    check(i % 5 === 0 ? 'f.S' : 'f.s', s);
  }
});

test('mutated fixture sources never crash the assembler', () => {
  const rnd = xorshift32(99);
  for (let i = 0; i < 1200; i++) {
    const src = corpus[rnd() % corpus.length] as { name: string; text: string };
    const chars = [...src.text];
    const edits = 1 + (rnd() % 6);
    for (let k = 0; k < edits; k++) {
      const at = rnd() % Math.max(chars.length, 1);
      const op = rnd() % 4;
      if (op === 0) chars.splice(at, 1 + (rnd() % 8));
      else if (op === 1) chars.splice(at, 0, ...(TOKENS[rnd() % TOKENS.length] as string));
      else if (op === 2) chars[at] = String.fromCharCode(32 + (rnd() % 95));
      else chars.splice(at, 0, ...chars.slice(rnd() % chars.length, (rnd() % chars.length) + 20));
    }
    const files = Object.fromEntries(corpus.filter((c) => c.name.startsWith('inc')).map((c) => [c.name, c.text]));
    check(src.name, chars.join(''), files);
  }
});
