// Single-instruction formatting, with expected texts recorded from mips-linux-gnu-objdump 2.40
// (-b binary -m mips:isa32r2 at address 0): aliases, short forms, register names, immediates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatInstruction } from '../../../../debug-adapter/toolchain/disasm';

const cases: ReadonlyArray<readonly [number, number, string]> = [
  [0x00000000, 0x00, 'nop'],
  [0x000000c0, 0x08, 'ehb'],
  [0x0007000d, 0x10, 'break\t0x7'],
  [0x000700cd, 0x14, 'break\t0x7,0x3'],
  [0x000001cf, 0x1c, 'sync\t0x7'],
  [0x0000040f, 0x1c, 'sync_mb'],
  [0x03e0f809, 0x24, 'jalr\tra'],
  [0x00601809, 0x2c, 'jalr\tv1,v1'],
  [0x42000060, 0x38, 'wait\t0x1'],
  [0x40086001, 0x44, 'mfc0\tt0,c0_intctl'],
  [0x40087001, 0x48, 'mfc0\tt0,$14,1'],
  [0x40089001, 0x48, 'mfc0\tt0,c0_watchlo,1'],
  [0x12345678, 0x50, 'beq\ts1,s4,0x15a34'],
  [0x00000001, 0x54, 'movf\tzero,zero,$fcc0'],
  [0x7c0000c1, 0x58, '.word\t0x7c0000c1'],
  [0x10000010, 0x10, 'b\t0x54'],
  [0x04110010, 0x18, 'bal\t0x5c'],
  [0x00021823, 0x30, 'negu\tv1,v0'],
  [0x00401827, 0x38, 'nor\tv1,v0,zero'],
  [0x0044001a, 0x3c, 'div\tzero,v0,a0'],
  [0x70641820, 0x44, 'clz\tv1 or a0,v1'],
  [0x7c03e83b, 0x4c, 'rdhwr\tv1,$29'],
  [0x7c02003b, 0x4c, 'rdhwr\tv0,hwr_cpunum'],
  [0x41626000, 0x54, 'di\tv0'],
  [0x7012343f, 0x68, 'sdbbp\t0x48d0'],
  [0x00431234, 0x70, 'teq\tv0,v1,0x48'],
  [0x44c8f800, 0x74, 'ctc1\tt0,c1_fcsr'],
  [0x46020b30, 0x84, 'c.f.s\t$fcc3,$f1,$f2'],
  [0x45040004, 0x8c, 'bc1f\t$fcc1,0xa0'],
  [0x27bdffe0, 0, 'addiu\tsp,sp,-32'],
  [0x3042ffff, 0, 'andi\tv0,v0,0xffff'],
  [0x3c028000, 0, 'lui\tv0,0x8000'],
  [0x8fa28000, 0, 'lw\tv0,-32768(sp)'],
  [0x00031080, 0, 'sll\tv0,v1,0x2'],
  [0x00221882, 0, 'ror\tv1,v0,0x2'],
  [0x7c6218c0, 0, 'ext\tv0,v1,0x3,0x4'],
  [0x7c6249c4, 0, 'ins\tv0,v1,0x7,0x3'],
  [0xbc940004, 0, 'cache\t0x14,4(a0)'],
  [0x4c850040, 0, 'lwxc1\t$f1,a1(a0)'],
  [0x4c85300f, 0, 'prefx\t0x6,a1(a0)'],
  [0x4ca41860, 0, 'madd.s\t$f1,$f5,$f3,$f4'],
  [0x4c8418de, 0, 'alnv.ps\t$f3,$f3,$f4,a0'],
  [0x0c000400, 0x7c, 'jal\t0x1000'],
  [0x48021001, 0, 'mfc2\tv0,$2,1'],
  [0x4862a39d, 0, 'mfhc2\tv0,0xa39d'],
  [0x49040004, 0x14, 'bc2f\t$cc1,0x28'],
  [0x4a123456, 0, 'c2\t0x123456'],
];

test('instructions print as objdump prints them', () => {
  for (const [word, addr, text] of cases) assert.equal(formatInstruction(word, addr), text, `0x${word.toString(16)}`);
});

test('no-aliases and numeric register names', () => {
  assert.equal(formatInstruction(0x00000000, 0, { aliases: false }), 'sll\tzero,zero,0x0');
  assert.equal(formatInstruction(0x00401021, 0, { aliases: false }), 'addu\tv0,v0,zero');
  assert.equal(formatInstruction(0x00021823, 0, { aliases: false }), 'negu\tv1,v0');
  assert.equal(formatInstruction(0x0000000d, 0, { aliases: false }), 'break');
  assert.equal(formatInstruction(0x00601021, 0, { gprNames: 'numeric' }), 'move\t$2,$3');
  assert.equal(formatInstruction(0x8fa2fffc, 0, { gprNames: 'numeric' }), 'lw\t$2,-4($29)');
});

test('branch and jump targets go through the address printer', () => {
  const seen: number[] = [];
  const text = formatInstruction(0x1000fff9, 0x80001018, { addressText: (t) => (seen.push(t), `${t.toString(16)} <x>`) });
  assert.equal(text, 'b\t80001000 <x>');
  assert.equal(formatInstruction(0x0c00040d, 0x80001010, { addressText: (t) => t.toString(16) }), 'jal\t80001034');
  assert.deepEqual(seen, [0x80001000]);
});
