import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeObjectFile } from '../../../../debug-adapter/toolchain/elf/objectWriter';
import { readObjectFile } from '../../../../debug-adapter/toolchain/elf/objectReader';
import type { ObjectFile } from '../../../../debug-adapter/toolchain/object';
import { UserError } from '../../../../debug-adapter/util/diagnostic';

const object = (endian: 'big' | 'little'): ObjectFile => ({
  name: 'k.s',
  endian,
  sections: [
    {
      name: '.text',
      kind: 'progbits',
      flags: { alloc: true, write: false, exec: true },
      align: 16,
      data: new Uint8Array(24),
      fixups: [
        { offset: 0, type: 'R_MIPS_HI16', symbol: 'buf', addend: 0x12348 },
        { offset: 4, type: 'R_MIPS_LO16', symbol: 'buf', addend: 0x12348 },
        { offset: 8, type: 'R_MIPS_26', symbol: 'ext', addend: 0 },
        { offset: 12, type: 'R_MIPS_PC16', symbol: '.text', addend: -8 },
        { offset: 16, type: 'R_MIPS_GPREL16', symbol: 'buf', addend: 12 },
        { offset: 20, type: 'R_MIPS_32', symbol: 'ext', addend: -4 },
      ],
    },
    { name: '.bss', kind: 'nobits', flags: { alloc: true, write: true, exec: false }, align: 8, data: new Uint8Array(64), fixups: [] },
  ],
  symbols: [
    { name: 'k.s', section: 'abs', value: 0, size: 0, binding: 'local', type: 'file' },
    { name: 'buf', section: '.bss', value: 8, size: 32, binding: 'local', type: 'object' },
    { name: '__start', section: '.text', value: 0, size: 24, binding: 'global', type: 'func' },
    { name: 'LIMIT', section: 'abs', value: 99, size: 0, binding: 'weak', type: 'notype' },
  ],
  lines: [
    { section: '.text', offset: 0, file: '/src/k.s', line: 4 },
    { section: '.text', offset: 8, file: '/src/k.s', line: 6 },
  ],
});

for (const endian of ['big', 'little'] as const) {
  test(`an object written as ELF reads back with the same sections, fixups, symbols and lines (${endian})`, () => {
    const src = object(endian);
    const back = readObjectFile(writeObjectFile(src), 'k.o');
    assert.equal(back.endian, endian);
    assert.deepEqual(
      back.sections.map((s) => [s.name, s.kind, s.align, s.data.length, s.flags]),
      src.sections.map((s) => [s.name, s.kind, s.align, s.data.length, s.flags]),
    );
    const fixups = back.sections[0]?.fixups.map((f) => [f.offset, f.type, f.symbol, f.type === 'R_MIPS_LO16' ? f.addend & 0xffff : f.addend]);
    assert.deepEqual(fixups, [
      [0, 'R_MIPS_HI16', 'buf', 0x12348],
      [4, 'R_MIPS_LO16', 'buf', 0x2348],
      [8, 'R_MIPS_26', 'ext', 0],
      [12, 'R_MIPS_PC16', '.text', -8],
      [16, 'R_MIPS_GPREL16', 'buf', 12],
      [20, 'R_MIPS_32', 'ext', -4],
    ]);
    assert.deepEqual(
      back.symbols.map((s) => [s.name, s.section, s.value, s.size, s.binding, s.type]),
      [
        ['k.s', 'abs', 0, 0, 'local', 'file'],
        ['buf', '.bss', 8, 32, 'local', 'object'],
        ['__start', '.text', 0, 24, 'global', 'func'],
        ['LIMIT', 'abs', 99, 0, 'weak', 'notype'],
        ['ext', undefined, 0, 0, 'global', 'notype'],
      ],
    );
    assert.deepEqual(back.lines, src.lines);
  });
}

test('addends that REL fields cannot hold are reported with the fixup position', () => {
  const src = object('big');
  const text = src.sections[0];
  assert.ok(text);
  const bad: ObjectFile = { ...src, sections: [{ ...text, fixups: [{ offset: 0, type: 'R_MIPS_HI16', symbol: 'buf', addend: 4, loc: { file: 'k.s', line: 3, col: 2 } }] }] };
  assert.throws(() => writeObjectFile(bad), (e: unknown) => e instanceof UserError && /^k\.s:3:2: R_MIPS_HI16 needs a following R_MIPS_LO16/.test(e.message));
});
