// A TLB write drops the SoftTlb entries of the page pair it overwrites and of the pair it writes,
// and no other: a kernel that refills its TLB keeps the emulator's fast paths to the pages it
// did not touch, and never reaches a page through a translation the write replaced.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Machine } from '../../../../debug-adapter/machine/system/machine';
import { CONFIG0_K0, ENTRYLO_C_SHIFT, ENTRYLO_D, ENTRYLO_PFN_SHIFT, ENTRYLO_V } from '../../../../debug-adapter/machine/priv/cp0Bits';

const lo = (pfn: number): number => (pfn << ENTRYLO_PFN_SHIFT) | (3 << ENTRYLO_C_SHIFT) | ENTRYLO_D | ENTRYLO_V;
const LW = (rt: number, base: number): number => ((35 << 26) | (base << 21) | (rt << 16)) >>> 0;
const TLBWI = 0x42000002;
const CODE = 0x1000;

test('TLBWI drops the SoftTlb entries of the old and the new pair only', () => {
  const machine = new Machine({ cpus: 1, memoryMB: 1, semihosting: false });
  const cpu = machine.cpus[0];
  assert.ok(cpu !== undefined);
  const { cp0, jtlb, state: S, tlb } = cpu;
  cp0.setStatus(0);
  cp0.config0 = (cp0.config0 & ~CONFIG0_K0) | 3;
  jtlb.write(0, 0x00400000, lo(0x10), 0, 0);
  jtlb.write(1, 0x00600000, lo(0x20), 0, 0);
  jtlb.write(2, 0x00800000, lo(0x40), 0, 0);
  machine.memory.write32(0x10000, 111);
  machine.memory.write32(0x20000, 222);
  machine.memory.write32(0x30000, 333);
  machine.memory.write32(0x40000, 444);
  [LW(2, 4), LW(3, 5), LW(8, 9), LW(7, 10), TLBWI, LW(7, 10), LW(6, 4)].forEach((w, i) => machine.memory.write32(CODE + 4 * i, w));
  S.gpr[4] = 0x00400000;
  S.gpr[5] = 0x00600000;
  S.gpr[9] = 0x00800000;
  S.gpr[10] = 0x00a00000;
  S.jumpTo(0x80000000 + CODE);
  for (let i = 0; i < 3; i++) cpu.step();
  assert.deepEqual([S.gpr[2], S.gpr[3], S.gpr[8]], [111, 222, 444]);
  assert.deepEqual([tlb.loadTag[0x400], tlb.loadTag[0x600], tlb.loadTag[0x800]], [0x00400000, 0x00600000, 0x00800000]);
  // 0x00a00000 has no entry yet: a TLB refill (the vector holds NOPs), then the program goes on.
  cpu.step();
  assert.equal(machine.exceptionsTaken[0], 1);
  S.jumpTo(0x80000000 + CODE + 16);
  // Entry 0 (0x00400000's pair) now maps 0x00a00000 to frame 0x30.
  cp0.index = 0;
  cp0.entryHi = 0x00a00000;
  cp0.entryLo0 = lo(0x30);
  cp0.entryLo1 = 0;
  cp0.pageMask = 0;
  cpu.step();
  assert.notEqual(tlb.loadTag[0x400], 0x00400000, 'the overwritten pair');
  assert.equal(tlb.loadTag[0x600], 0x00600000, 'an untouched pair keeps its entry');
  assert.equal(tlb.loadTag[0x800], 0x00800000, 'an untouched pair keeps its entry');
  cpu.step();
  assert.equal(S.gpr[7], 333);
  // 0x00400000 lost its translation: a refill, not the old frame.
  cpu.step();
  assert.equal(machine.exceptionsTaken[0], 2);
  assert.equal(S.gpr[6], 0);
});
