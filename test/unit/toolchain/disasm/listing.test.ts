// objdump -d layout of a section: symbol headers, address padding, "\t..." for zero runs
// except in a delay slot, branch targets labelled by the nearest symbol. Expected text is
// objdump 2.40's output for the same bytes (t.s linked at 0x80001000 and as a .o at 0).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disassembleSection, type DisasmSymbol } from '../../../../debug-adapter/toolchain/disasm';

const WORDS = [
  0x27bdffe0, 0x8fa20004, 0x10400003, 0x00000000, 0x0c00040d, 0x00000000, 0x1000fff9, 0x00000000,
  0, 0, 0, 0, 0x7c0000c1, 0x03e00008, 0x00000000, 0, 0,
];

function bytes(endian: 'big' | 'little'): Uint8Array {
  const b = new Uint8Array(WORDS.length * 4);
  const v = new DataView(b.buffer);
  WORDS.forEach((w, i) => v.setUint32(i * 4, w, endian === 'little'));
  return b;
}

const sym = (name: string, value: number, isGlobal = true): DisasmSymbol => ({
  name, value, section: '.text', isFunction: false, isObject: false, isLocal: !isGlobal, isGlobal,
});

test('linked section: headers, tie-break by name, zero runs and delay slots', () => {
  const symbols = [sym('_start', 0x80001000), sym('_ftext', 0x80001000), sym('foo', 0x80001034, false)];
  const expected = [
    '',
    'Disassembly of section .text:',
    '',
    '80001000 <_ftext>:',
    '80001000:\t27bdffe0 \taddiu\tsp,sp,-32',
    '80001004:\t8fa20004 \tlw\tv0,4(sp)',
    '80001008:\t10400003 \tbeqz\tv0,80001018 <_ftext+0x18>',
    '8000100c:\t00000000 \tnop',
    '80001010:\t0c00040d \tjal\t80001034 <foo>',
    '80001014:\t00000000 \tnop',
    '80001018:\t1000fff9 \tb\t80001000 <_ftext>',
    '8000101c:\t00000000 \tnop',
    '\t...',
    '80001030:\t7c0000c1 \t.word\t0x7c0000c1',
    '',
    '80001034 <foo>:',
    '80001034:\t03e00008 \tjr\tra',
    '80001038:\t00000000 \tnop',
    '\t...',
    '',
  ].join('\n');
  for (const endian of ['big', 'little'] as const) {
    assert.equal(disassembleSection({ name: '.text', addr: 0x80001000, bytes: bytes(endian) }, { endian, symbols }), expected);
  }
});

test('section at 0 pads addresses; no symbols prints the section name and 0x targets', () => {
  const text = disassembleSection({ name: '.text', addr: 0, bytes: bytes('big') }, { endian: 'big', symbols: [] });
  const lines = text.split('\n');
  assert.equal(lines[3], '00000000 <.text>:');
  assert.equal(lines[4], '   0:\t27bdffe0 \taddiu\tsp,sp,-32');
  assert.equal(lines[6], '   8:\t10400003 \tbeqz\tv0,0x18');
  assert.equal(lines[13], '  30:\t7c0000c1 \t.word\t0x7c0000c1');
});

test('a first symbol after the section start labels the start with a negative offset', () => {
  const text = disassembleSection({ name: '.text', addr: 0x1000, bytes: bytes('big').slice(0, 8) }, { endian: 'big', symbols: [sym('later', 0x1004)] });
  assert.equal(text, '\nDisassembly of section .text:\n\n00001000 <later-0x4>:\n    1000:\t27bdffe0 \taddiu\tsp,sp,-32\n\n00001004 <later>:\n    1004:\t8fa20004 \tlw\tv0,4(sp)\n');
});
