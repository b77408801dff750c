// End to end through the `disco` command: two sources assembled and linked by `disco asm`
// run under QEMU user mode (both byte orders) with the output and exit code the program
// must give, `disco disasm` of the result equals objdump -d, and objdump reads our line table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstDifference, runOracle } from '../differential/disasmOracle';

const root = new URL('../..', import.meta.url).pathname;
const sources = ['test/fixtures/linux/sortmain.s', 'test/fixtures/linux/printint.s'].map((f) => join(root, f));
const work = mkdtempSync(join(tmpdir(), 'disco-asm-cli-'));

function disco(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'debug-adapter/cli.ts'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The table of sortmain.s, read from the source itself, sorted and printed as the program must. */
function expected(): { stdout: string; exit: number } {
  const src = readFileSync(sources[0] as string, 'utf8');
  const m = /^table:\s*\.word\s+(.*)$/m.exec(src);
  assert.ok(m?.[1], 'table not found in sortmain.s');
  const values = m[1].split(',').map((v) => Number(v.trim()));
  const sum = values.reduce((a, b) => (a + b) | 0, 0);
  return { stdout: [...values].sort((a, b) => a - b).map((v) => `${v}\n`).join(''), exit: sum & 0xff };
}

for (const [endian, qemu, prefix] of [
  ['big', 'qemu-mips', 'mips-linux-gnu-'],
  ['little', 'qemu-mipsel', 'mipsel-linux-gnu-'],
] as const) {
  test(`disco asm links two files into a program that runs under ${qemu}`, () => {
    const out = join(work, `sort-${endian}.elf`);
    const r = disco('asm', ...sources, '-o', out, ...(endian === 'little' ? ['--EL'] : []));
    assert.equal(r.status, 0, r.stderr);
    const run = spawnSync(qemu, [out], { encoding: 'utf8' });
    assert.ifError(run.error);
    const want = expected();
    assert.equal(run.stdout, want.stdout);
    assert.equal(run.status, want.exit);

    const ours = disco('disasm', out);
    assert.equal(ours.status, 0, ours.stderr);
    const theirs = runOracle(`${prefix}objdump`, ['-d', out]);
    const diff = firstDifference(ours.stdout.replace(out, 'X'), theirs.replace(out, 'X'));
    assert.equal(diff, undefined, diff);

    const lines = runOracle(`${prefix}objdump`, ['--dwarf=decodedline', out]);
    assert.match(lines, /sortmain\.s\s+8\s+0x400000\b/, 'the first instruction maps to sortmain.s:8');
    assert.match(lines, /printint\.s\s+\d+\s+0x[0-9a-f]+/, 'printint.s rows are present');
  });
}

test('disco asm reports every error with file:line:col and exits non-zero', () => {
  const bad = join(work, 'bad.s');
  writeFileSync(bad, '\tsll $t0, $t1, 40\n\tbogus $1\n\tlw $t0, 4($t99)\n');
  const r = disco('asm', bad, '-o', join(work, 'bad.elf'));
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 3, r.stderr);
  lines.forEach((l, i) => assert.match(l, new RegExp(`^${bad.replace(/[/.]/g, '\\$&')}:${i + 1}:\\d+: error: `)));
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
});
