// Relocatable-object writer against GNU ld: gas objects read into our ObjectFile model
// and written back by us must link with GNU ld to exactly the executable the original
// objects give — same section bytes, symbols and decoded line table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { readObjectFile } from '../../debug-adapter/toolchain/elf/objectReader';
import { writeObjectFile } from '../../debug-adapter/toolchain/elf/objectWriter';
import * as C from '../../debug-adapter/toolchain/elf/constants';
import { oracle, oracleOutput, readBytes, readelfDecodedLines, scratchDir, writeText } from './elfOracle';

const dir = scratchDir('objwrite');
const SOURCES: Record<string, string> = {
  'main.s': `	.text
	.globl __start
	.set noreorder
__start:
	lui $4, %hi(table + 0x8010)
	addiu $4, $4, %lo(table + 0x8010)
	lui $5, %hi(ext_data)
	lw $5, %lo(ext_data)($5)
	jal helper
	nop
	bne $4, $5, helper
	nop
1:	b 1b
	nop
	.data
table:	.word __start, helper + 4, 1b
	.space 0x8100
`,
  'helper.s': `	.text
	.globl helper
helper:
	lw $2, %gprel(counter)($28)
	jr $31
	addiu $2, $2, 1
	.sdata
counter: .word 5
	.data
	.globl ext_data
ext_data: .word helper
`,
};

function sectionsOf(path: string): string[] {
  const elf = readElf(readBytes(path), path);
  return elf.sections
    .filter((s) => s.flags & C.SHF_ALLOC && !/^\.(MIPS\.abiflags|reginfo)$/.test(s.name))
    .map((s) => `${s.name} ${s.addr.toString(16)} ${s.size} ${Buffer.from(s.data).toString('hex')}`);
}

function symbolsOf(path: string): string[] {
  return readElf(readBytes(path), path)
    .symbols.filter((s) => s.type !== 'section' && s.type !== 'file')
    .map((s) => `${s.name}@${s.value.toString(16)}`)
    .sort();
}

for (const prefix of ['mips', 'mipsel']) {
  test(`${prefix}: objects rewritten by our writer link with GNU ld exactly like gas's`, () => {
    const originals: string[] = [];
    const rewritten: string[] = [];
    for (const [name, text] of Object.entries(SOURCES)) {
      const src = writeText(dir, `${prefix}-${name}`, text);
      const o = src.replace(/\.s$/, '.o');
      oracle(`${prefix}-linux-gnu-as`, ['-march=mips32r2', '--gdwarf-3', '-o', o, src]);
      const ours = o.replace(/\.o$/, '.ours.o');
      writeFileSync(ours, writeObjectFile(readObjectFile(readBytes(o), o)));
      const { stderr } = oracleOutput(`${prefix}-linux-gnu-readelf`, ['-a', '-W', ours]);
      assert.equal(stderr, '', `readelf on ${ours}`);
      originals.push(o);
      rewritten.push(ours);
    }
    const a = join(dir, `${prefix}-gas.elf`);
    const b = join(dir, `${prefix}-ours.elf`);
    oracle(`${prefix}-linux-gnu-ld`, ['-Ttext=0x80020000', '-o', a, ...originals]);
    oracle(`${prefix}-linux-gnu-ld`, ['-Ttext=0x80020000', '-o', b, ...rewritten]);
    assert.deepEqual(sectionsOf(b), sectionsOf(a));
    assert.deepEqual(symbolsOf(b), symbolsOf(a));
    const readelf = `${prefix}-linux-gnu-readelf`;
    // Our sequences end at the section's end (gas ends them after the last instruction, before padding).
    const rows = (path: string) => readelfDecodedLines(readelf, path).map(([f, l, addr, stmt]) => [f, l, l === '-' ? 'end' : addr, stmt]);
    const lines = rows(a);
    assert.ok(lines.length > 8);
    assert.deepEqual(rows(b), lines);
  });
}
