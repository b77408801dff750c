// CP0 register file, joint TLB, segment map and exception entry in isolation: reset values,
// writable masks, Count/Random timing, TLB matching rules and vectors, against values derived
// by hand from the MIPS32 PRA (Vol. III) tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cp0 } from '../../../../debug-adapter/machine/priv/cp0';
import * as B from '../../../../debug-adapter/machine/priv/cp0Bits';
import { JointTlb, TLB_HIT, TLB_INVALID, TLB_MODIFIED, TLB_REFILL } from '../../../../debug-adapter/machine/priv/tlb';
import { SEG_ERROR, SEG_KSEG0, SEG_KSEG1, SEG_KUSEG_ERL, SEG_MAPPED, segmentOf } from '../../../../debug-adapter/machine/priv/segments';
import { enterException, returnFromException } from '../../../../debug-adapter/machine/priv/exceptionEntry';
import { EXC_ADEL, EXC_INT, EXC_SYS, EXC_TLBL, EXC_TLBS } from '../../../../debug-adapter/machine/exceptions';

function makeCp0(cycle = { now: 0 }, size = 48): Cp0 {
  return new Cp0({ cpuNum: 3, tlbSize: size, bigEndian: true, cycle: () => cycle.now, state: { userLocal: 0, cu1: true } });
}

test('reset state: BEV and ERL set, kernel mode, identification registers', () => {
  const c = makeCp0();
  assert.equal(c.read(12, 0), B.STATUS_BEV | B.STATUS_ERL);
  assert.equal(c.mode, B.MODE_KERNEL);
  assert.equal(c.read(15, 0), 0x00019300);
  assert.equal(c.read(15, 1) >>> 0, 0x80000003, 'EBase: bit 31 set, CPUNum 3');
  const config0 = c.read(16, 0) >>> 0;
  assert.equal(config0 >>> 31, 1, 'Config.M');
  assert.equal((config0 >>> 15) & 1, 1, 'Config.BE');
  assert.equal((config0 >>> 10) & 7, 1, 'Config.AR = Release 2');
  assert.equal((config0 >>> 7) & 7, 1, 'Config.MT = standard TLB');
  assert.equal(((c.read(16, 1) >>> 25) & 63) + 1, 48, 'Config1.MMUSize');
  assert.equal(c.read(16, 1) & 1, 1, 'Config1.FP');
  assert.equal(c.read(16, 3) & (1 << 13), 1 << 13, 'Config3.ULRI');
  assert.equal(c.read(12, 1) >>> 29, 7, 'IntCtl.IPTI = 7');
});

test('writes keep read-only fields', () => {
  const c = makeCp0();
  c.write(12, 0, -1);
  assert.equal(c.read(12, 0) >>> 0, B.STATUS_WRITABLE >>> 0);
  c.write(13, 0, -1);
  assert.equal(c.read(13, 0) >>> 0, (B.CAUSE_IV | B.CAUSE_IP_SW) >>> 0);
  c.write(15, 1, 0);
  assert.equal(c.read(15, 1) >>> 0, 0x80000003);
  c.write(10, 0, -1);
  assert.equal(c.read(10, 0) >>> 0, 0xffffe0ff);
  c.write(4, 0, -1);
  assert.equal(c.read(4, 0) >>> 0, 0xff800000);
  c.write(5, 0, 0x1fffe000);
  assert.equal(c.read(5, 0), 0x01ffe000, '16 MiB pages');
  c.write(5, 0, 0x2000);
  assert.equal(c.read(5, 0), 0, 'an invalid mask reads back as 4 KiB');
  c.write(16, 0, 3);
  assert.equal(c.read(16, 0) & 7, 3, 'Config.K0 writable');
  c.write(4, 2, 0x1234);
  assert.equal(c.read(4, 2), 0x1234, 'UserLocal');
});

test('Count advances every other cycle; Compare write clears TI; next match time', () => {
  const t = { now: 0 };
  const c = makeCp0(t);
  t.now = 101;
  assert.equal(c.count, 50);
  c.write(9, 0, 1000);
  assert.equal(c.count, 1000);
  t.now = 111;
  assert.equal(c.count, 1005);
  c.write(11, 0, 1010);
  assert.equal(c.nextTimerCycle(), 120, 'Count reaches 1010 at cycle 120');
  c.cause |= B.CAUSE_TI;
  assert.equal((c.read(13, 0) >>> 15) & 1, 1, 'TI shows as IP7');
  c.write(11, 0, 5);
  assert.equal(c.cause & B.CAUSE_TI, 0);
});

test('Random counts down from size-1 to Wired, one step per cycle', () => {
  const t = { now: 0 };
  const c = makeCp0(t, 8);
  c.write(6, 0, 5);
  const seen = [];
  for (let i = 0; i < 7; i++) {
    seen.push(c.random);
    t.now++;
  }
  assert.deepEqual(seen, [7, 6, 5, 7, 6, 5, 7]);
});

test('interrupt conditions: IE, EXL, ERL, IM; WAIT wakes regardless of IE', () => {
  const c = makeCp0();
  c.write(12, 0, 0x8001);
  c.cause |= B.CAUSE_TI;
  assert.equal(c.interruptTaken, true);
  c.write(12, 0, 0x8000);
  assert.equal(c.interruptTaken, false);
  assert.equal(c.waitEnds, true);
  c.write(12, 0, 0x0401);
  assert.equal(c.waitEnds, false);
  c.ipLines = 1;
  assert.equal(c.interruptTaken, true, 'IP2 from a device line');
  c.write(12, 0, 0x0403);
  assert.equal(c.interruptTaken, false, 'EXL masks');
});

test('TLB: 4 KiB even/odd pages, ASID and G, invalid and modified', () => {
  const tlb = new JointTlb(16);
  tlb.write(3, 0x00402000 | 7, (0x123 << 6) | B.ENTRYLO_V | B.ENTRYLO_D, (0x456 << 6) | B.ENTRYLO_V, 0);
  assert.equal(tlb.translate(0x00402abc, 7, false), TLB_HIT);
  assert.equal(tlb.pa, 0x123abc);
  assert.equal(tlb.translate(0x00403abc, 7, false), TLB_HIT);
  assert.equal(tlb.pa, 0x456abc);
  assert.equal(tlb.translate(0x00403abc, 7, true), TLB_MODIFIED);
  assert.equal(tlb.translate(0x00402abc, 8, false), TLB_REFILL, 'other ASID');
  tlb.write(4, 0x00404000, B.ENTRYLO_G, (0x9 << 6) | B.ENTRYLO_G | B.ENTRYLO_V, 0);
  assert.equal(tlb.translate(0x00404000, 99, false), TLB_INVALID, 'global, even page invalid');
  assert.equal(tlb.translate(0x00405010, 99, false), TLB_HIT);
  assert.equal(tlb.pa, 0x9010);
  assert.equal(tlb.find(0x00402000, 7), 3);
  assert.equal(tlb.read(4).entryLo0 & B.ENTRYLO_G, 1);
});

test('TLB: 16 MiB pages use bit 24 for even/odd and ignore low PFN bits', () => {
  const tlb = new JointTlb(4);
  tlb.write(0, 0x40000000 | 1, (0x1000 << 6) | B.ENTRYLO_V, (0x2fff << 6) | B.ENTRYLO_V, 0x01ffe000);
  assert.equal(tlb.translate(0x40abcdef, 1, false), TLB_HIT);
  assert.equal(tlb.pa, 0x01abcdef);
  assert.equal(tlb.translate(0x41abcdef, 1, false), TLB_HIT);
  assert.equal(tlb.pa, 0x02abcdef);
  assert.equal(tlb.translate(0x42000000, 1, false), TLB_REFILL);
});

test('segment map per mode', () => {
  const K = B.MODE_KERNEL;
  const S = B.MODE_SUPERVISOR;
  const U = B.MODE_USER;
  assert.equal(segmentOf(0x00001000, U, false), SEG_MAPPED);
  assert.equal(segmentOf(0x80001000 | 0, U, false), SEG_ERROR);
  assert.equal(segmentOf(0xc0001000 | 0, U, false), SEG_ERROR);
  assert.equal(segmentOf(0xc0001000 | 0, S, false), SEG_MAPPED);
  assert.equal(segmentOf(0xa0001000 | 0, S, false), SEG_ERROR);
  assert.equal(segmentOf(0xe0001000 | 0, S, false), SEG_ERROR);
  assert.equal(segmentOf(0x80001000 | 0, K, false), SEG_KSEG0);
  assert.equal(segmentOf(0xa0001000 | 0, K, false), SEG_KSEG1);
  assert.equal(segmentOf(0xe0001000 | 0, K, false), SEG_MAPPED);
  assert.equal(segmentOf(0x00001000, K, true), SEG_KUSEG_ERL);
  assert.equal(B.modeOf(0x10), U);
  assert.equal(B.modeOf(0x12), K, 'EXL forces kernel mode');
  assert.equal(B.modeOf(0x08), S);
});

function exc(excCode: number, over: Partial<Parameters<typeof enterException>[1]> = {}): Parameters<typeof enterException>[1] {
  return { excCode, badVAddr: undefined, coprocessor: 0, pc: 0x1000, inDelaySlot: false, epc: 0x1000, nextPc: 0x1004, refill: false, translation: true, ...over };
}

test('exception vectors: BEV, EBase, refill only with EXL clear, IV', () => {
  const c = makeCp0();
  assert.equal(enterException(c, exc(EXC_SYS)) >>> 0, 0xbfc00380);
  c.status = 0;
  c.write(15, 1, 0x00012000);
  assert.equal(enterException(c, exc(EXC_TLBL, { refill: true, badVAddr: 0x00400123 })) >>> 0, 0x80012000, 'refill vector');
  assert.equal(enterException(c, exc(EXC_TLBL, { refill: true, badVAddr: 0x00400123, epc: 0x2000 })) >>> 0, 0x80012180, 'nested refill → general');
  assert.equal(c.epc, 0x1000, 'EPC not overwritten while EXL');
  c.status = 0;
  c.write(13, 0, B.CAUSE_IV);
  assert.equal(enterException(c, exc(EXC_INT)) >>> 0, 0x80012200);
  c.status = B.STATUS_BEV;
  assert.equal(enterException(c, exc(EXC_TLBL, { refill: true, badVAddr: 0 })) >>> 0, 0xbfc00200);
});

test('exception registers: EPC/BD, BadVAddr, Context, EntryHi; ERET', () => {
  const c = makeCp0();
  c.status = 0x10;
  c.write(4, 0, 0x80800000 | 0);
  c.write(10, 0, 0x00000042);
  enterException(c, exc(EXC_TLBS, { inDelaySlot: true, pc: 0x1004, epc: 0x1000, badVAddr: 0x7fff6abc }));
  assert.equal(c.epc, 0x1000);
  assert.equal(c.read(13, 0) >>> 31, 1, 'BD');
  assert.equal((c.read(13, 0) >>> 2) & 31, EXC_TLBS);
  assert.equal(c.badVAddr, 0x7fff6abc);
  assert.equal(c.context >>> 0, (0x80800000 | ((0x7fff6abc >>> 13) << 4)) >>> 0);
  assert.equal(c.entryHi >>> 0, 0x7fff6042);
  assert.equal(c.mode, B.MODE_KERNEL);
  const r = returnFromException(c);
  assert.equal(r.pc, 0x1000);
  assert.equal(c.mode, B.MODE_USER);
  enterException(c, exc(EXC_ADEL, { badVAddr: 0x80000002 | 0, translation: false }));
  assert.equal(c.entryHi >>> 0, 0x7fff6042, 'misaligned-address errors leave EntryHi alone');
  c.status &= ~B.STATUS_EXL;
  enterException(c, exc(EXC_ADEL, { badVAddr: 0x80004000 | 0 }));
  assert.equal(c.entryHi >>> 0, 0x80004042, 'segment violations record the address (as QEMU)');
  c.status &= ~B.STATUS_EXL;
  assert.equal(c.read(13, 0) >>> 31, 0, 'BD cleared');
  c.status |= B.STATUS_ERL;
  c.errorEpc = 0x4444;
  assert.equal(returnFromException(c).pc, 0x4444, 'ERET prefers ErrorEPC under ERL');
  assert.equal(c.status & B.STATUS_ERL, 0);
});
