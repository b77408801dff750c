// `disco run --bare X.elf` (the built dist/cli.js) takes the byte order from the ELF header, as
// every loader does: the same kernel built by GNU as for each byte order runs without flags;
// --EL/--EB confirm the header's choice, and one that contradicts it (or both at once) is an
// error with a clear message and a non-zero status.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildRun, runChildSync, testTimeout } from '../support/boundedRun';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const WALL_MS = 20_000;

/** Writes "ok\n" through UHI and exits with 7: a kernel whose output is the same in both byte orders. */
const KERNEL = `  .set noreorder
  .text
  .globl __start
__start:
  li $a0, 1
  la $a1, msg
  li $a2, 3
  li $t9, 5
  sdbbp 1
  li $a0, 7
  li $t9, 1
  sdbbp 1
  .data
msg: .ascii "ok\\n"
`;

/** The kernel built by GNU as and ld for one byte order. */
function build(endian: 'big' | 'little'): string {
  const dir = mkdtempSync(join(tmpdir(), 'disco-endian-'));
  const prefix = endian === 'big' ? 'mips-linux-gnu-' : 'mipsel-linux-gnu-';
  writeFileSync(join(dir, 'k.S'), KERNEL);
  execFileSync(`${prefix}as`, ['-march=mips32', '-o', join(dir, 'k.o'), join(dir, 'k.S')]);
  execFileSync(`${prefix}ld`, ['-static', '-T', join(ROOT, 'test/fixtures/bare/malta.ld'), '-o', join(dir, 'k.elf'), join(dir, 'k.o')]);
  return join(dir, 'k.elf');
}

function disco(kernel: string, flags: readonly string[] = []): ChildRun {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build`);
  return runChildSync(process.execPath, [CLI, 'run', '--bare', kernel, '--max-instructions', '10000', ...flags], { wallMs: WALL_MS });
}

function assertRuns(r: ChildRun, what: string): void {
  assert.equal(r.stderr, '', what);
  assert.equal(r.stdout, 'ok\n', what);
  assert.equal(r.status, 7, what);
}

function assertClash(r: ChildRun, header: string, asked: string, flag: string): void {
  assert.equal(r.stdout, '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`k\\.elf: the ELF header says ${header}-endian \\(e_ident\\[EI_DATA\\]\\), but ${flag} asks for ${asked}-endian\\n$`));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('a big-endian ELF runs as it is, and with --EB', testTimeout(2 * WALL_MS), () => {
  const k = build('big');
  assertRuns(disco(k), 'no flag');
  assertRuns(disco(k, ['--EB']), '--EB');
});

test('a little-endian ELF runs as it is, and with --EL', testTimeout(2 * WALL_MS), () => {
  const k = build('little');
  assertRuns(disco(k), 'no flag');
  assertRuns(disco(k, ['--EL']), '--EL');
});

test('--EL on a big-endian ELF, --EB on a little-endian one, or both flags: an error', testTimeout(3 * WALL_MS), () => {
  assertClash(disco(build('big'), ['--EL']), 'big', 'little', '--EL');
  assertClash(disco(build('little'), ['--EB']), 'little', 'big', '--EB');
  const both = disco(build('big'), ['--EL', '--EB']);
  assert.equal(both.status, 1);
  assert.match(both.stderr, /--EL and --EB are exclusive/);
});
