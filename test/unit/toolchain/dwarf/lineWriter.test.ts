import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeDebugLine } from '../../../../debug-adapter/toolchain/dwarf/lineWriter';
import { readDebugLine } from '../../../../debug-adapter/toolchain/dwarf/lineProgram';

const origin = { fileName: 'mem', sectionName: '.debug_line', fileOffset: 0 };

test('rows written as DWARF 3 read back exactly, with large address and line jumps', () => {
  const seqs = [
    {
      endAddress: 0x80001200,
      rows: [
        { address: 0x80001000, file: '/work/k/boot.s', line: 10 },
        { address: 0x80001004, file: '/work/k/boot.s', line: 11 },
        { address: 0x80001004, file: '/work/k/boot.s', line: 11 },
        { address: 0x80001040, file: '/work/k/boot.s', line: 3 },
        { address: 0x80001100, file: 'inc/macros.s', line: 5000 },
        { address: 0x80001104, file: 'plain.s', line: 1 },
      ],
    },
    { endAddress: 0x10, rows: [{ address: 0, file: 'plain.s', line: 7 }] },
  ];
  for (const endian of ['big', 'little'] as const) {
    const units = readDebugLine(writeDebugLine(endian, seqs), endian, origin);
    assert.equal(units.length, 1);
    assert.equal(units[0]?.header.version, 3);
    const rows = units.flatMap((u) => u.rows).map((r) => [r.address, r.file, r.line, r.endSequence]);
    const expected = seqs.flatMap((s) => [...s.rows.map((r) => [r.address, r.file, r.line, false]), [s.endAddress, s.rows.at(-1)?.file, s.rows.at(-1)?.line, true]]);
    assert.deepEqual(rows, expected);
  }
});

test('rows out of address order are a programming error', () => {
  assert.throws(() => writeDebugLine('big', [{ endAddress: 8, rows: [{ address: 4, file: 'a', line: 1 }, { address: 0, file: 'a', line: 2 }] }]), /out of address order/);
});
