// Differential test of the disassembler against mips-linux-gnu-objdump -d: a GNU as source
// using every table entry and alias is assembled for both byte orders (relocatable and linked
// at a kernel address), and our whole listing must equal objdump's, also with -M no-aliases,gpr-names=numeric.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { objdumpDisassembly } from '../../debug-adapter/toolchain/disasm';
import { disasmCorpusSource } from './disasmCorpus';
import { firstDifference, runOracle } from './disasmOracle';

const dir = mkdtempSync(join(tmpdir(), 'disco-disasm-'));
const AS_FLAGS = ['-march=mips32r2', '-non_shared', '-mhard-float', '-mfp64', '--no-warn'];

function compare(path: string, prefix: string, mOptions: string[]): void {
  const theirs = runOracle(`${prefix}objdump`, ['-d', ...mOptions.flatMap((m) => ['-M', m]), path], dir);
  const elf = readElf(readFileSync(join(dir, path)), path);
  const noAliases = mOptions.includes('no-aliases');
  const mine = objdumpDisassembly(elf, path, { aliases: !noAliases, gprNames: mOptions.includes('gpr-names=numeric') ? 'numeric' : 'abi' });
  assert.equal(firstDifference(mine, theirs), undefined, `${path} ${mOptions.join(',')}`);
  assert.ok(theirs.split('\n').length > 3000, 'the corpus should give thousands of lines');
}

for (const [prefix, endian] of [['mips-linux-gnu-', 'EB'], ['mipsel-linux-gnu-', 'EL']] as const) {
  test(`every table entry and alias disassembles as objdump prints it (${endian})`, () => {
    const src = join(dir, `corpus-${endian}.s`);
    writeFileSync(src, disasmCorpusSource(endian === 'EB' ? 1 : 2));
    runOracle(`${prefix}as`, [...AS_FLAGS, src, '-o', `corpus-${endian}.o`], dir);
    compare(`corpus-${endian}.o`, prefix, []);
    compare(`corpus-${endian}.o`, prefix, ['no-aliases', 'gpr-names=numeric']);
    runOracle(`${prefix}ld`, ['-Ttext=0x80001000', '-e', 'L0', `corpus-${endian}.o`, '-o', `corpus-${endian}.elf`], dir);
    compare(`corpus-${endian}.elf`, prefix, []);
  });
}

test('the corpus exercises every alias objdump prefers', () => {
  const src = join(dir, 'aliases.s');
  writeFileSync(src, disasmCorpusSource(3, 2));
  runOracle('mips-linux-gnu-as', [...AS_FLAGS, src, '-o', 'aliases.o'], dir);
  const text = runOracle('mips-linux-gnu-objdump', ['-d', 'aliases.o'], dir);
  for (const name of ['nop', 'ssnop', 'ehb', 'pause', 'li', 'move', 'b', 'bal', 'beqz', 'bnezl', 'negu', 'ror', 'sync_mb', 'c.eq.ps', 'bc1tl']) {
    assert.match(text, new RegExp(`\\t${name.replace('.', '\\.')}(\\t|\\n)`), `objdump printed no ${name}`);
  }
});
