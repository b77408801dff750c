// ELF writer and .debug_line writer against binutils: readelf must accept the file
// without warnings, objdump must disassemble it, and both must decode our line rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { writeElf } from '../../debug-adapter/toolchain/elf/elfWriter';
import { writeDebugLine } from '../../debug-adapter/toolchain/dwarf/lineWriter';
import * as C from '../../debug-adapter/toolchain/elf/constants';
import { oracle, oracleOutput, readelfDecodedLines, scratchDir } from './elfOracle';

const dir = scratchDir('elfwrite');
// lui a0,0x8003; addiu a0,a0,64; jal 0x80020010; nop; jr ra; nop
const words = [0x3c048003, 0x24840040, 0x0c008004, 0x00000000, 0x03e00008, 0x00000000];
const rows = [
  { address: 0x80020000, file: '/guest/kernel/boot.s', line: 12 },
  { address: 0x80020004, file: '/guest/kernel/boot.s', line: 13 },
  { address: 0x80020008, file: '/guest/kernel/boot.s', line: 15 },
  { address: 0x80020010, file: 'lib/util.s', line: 4 },
];

function build(endian: 'big' | 'little'): string {
  const text = new Uint8Array(words.length * 4);
  const dv = new DataView(text.buffer);
  words.forEach((w, i) => dv.setUint32(4 * i, w, endian === 'little'));
  const bytes = writeElf({
    endian,
    type: 'exec',
    flags: C.EF_MIPS_ARCH_32R2 | C.EF_MIPS_ABI_O32,
    entry: 0x80020000,
    sections: [
      { name: '.text', type: C.SHT_PROGBITS, flags: C.SHF_ALLOC | C.SHF_EXECINSTR, addr: 0x80020000, align: 16, data: text },
      { name: '.rodata', type: C.SHT_PROGBITS, flags: C.SHF_ALLOC, addr: 0x80020018, align: 4, data: new Uint8Array([0, 0, 0, 7]) },
      { name: '.data', type: C.SHT_PROGBITS, flags: C.SHF_ALLOC | C.SHF_WRITE, addr: 0x80030020, align: 16, data: new Uint8Array(16) },
      { name: '.bss', type: C.SHT_NOBITS, flags: C.SHF_ALLOC | C.SHF_WRITE, addr: 0x80030030, align: 16, data: new Uint8Array(0), size: 64 },
      { name: '.debug_line', type: C.SHT_PROGBITS, flags: 0, addr: 0, align: 1, data: writeDebugLine(endian, [{ rows, endAddress: 0x80020018 }]) },
    ],
    symbols: [
      { name: 'boot.s', value: 0, size: 0, bind: 'local', type: 'file', section: 'abs' },
      { name: 'spin', value: 0x80020008, size: 0, bind: 'local', type: 'notype', section: '.text' },
      { name: '__start', value: 0x80020000, size: 16, bind: 'global', type: 'func', section: '.text' },
      { name: 'helper', value: 0x80020010, size: 8, bind: 'global', type: 'func', section: '.text' },
      { name: 'counter', value: 0x80030020, size: 4, bind: 'global', type: 'object', section: '.data' },
      { name: '_end', value: 0x80030070, size: 0, bind: 'global', type: 'notype', section: '.bss' },
    ],
  });
  const path = join(dir, `out-${endian}.elf`);
  writeFileSync(path, bytes);
  return path;
}

for (const [endian, prefix] of [
  ['big', 'mips'],
  ['little', 'mipsel'],
] as const) {
  test(`readelf -a accepts our ${endian}-endian executable without warnings`, () => {
    const path = build(endian);
    const { stdout, stderr } = oracleOutput(`${prefix}-linux-gnu-readelf`, ['-a', '-W', path]);
    assert.equal(stderr, '');
    assert.doesNotMatch(stdout, /warning/i);
    assert.match(stdout, /Type:\s+EXEC/);
    assert.match(stdout, /Flags:\s+0x70001000, o32, mips32r2/);
    assert.match(stdout, /LOAD\s+0x010000 0x80020000 0x80020000 0x0001c 0x0001c R E 0x10000/);
    assert.match(stdout, /LOAD\s+0x010020 0x80030020 0x80030020 0x00010 0x00050 RW  0x10000/);
    assert.match(stdout, /00\s+\.text \.rodata\s*\n\s+01\s+\.data \.bss/);
    assert.match(stdout, /80020010\s+8 FUNC\s+GLOBAL DEFAULT\s+1 helper/);
  });

  test(`objdump disassembles our ${endian}-endian executable with symbols`, () => {
    const out = oracle(`${prefix}-linux-gnu-objdump`, ['-d', build(endian)]);
    assert.match(out, /80020000 <__start>:/);
    assert.match(out, /80020008:\s+0c008004\s+jal\s+80020010 <helper>/);
    assert.match(out, /80020010 <helper>:\n80020010:\s+03e00008\s+jr\s+ra/);
  });

  test(`readelf decodes our ${endian}-endian .debug_line rows exactly`, () => {
    const got = readelfDecodedLines(`${prefix}-linux-gnu-readelf`, build(endian));
    const base = (f: string) => f.slice(f.lastIndexOf('/') + 1);
    assert.deepEqual(got, [...rows.map((r) => [base(r.file), String(r.line), r.address, true]), ['util.s', '-', 0x80020018, false]]);
  });
}
