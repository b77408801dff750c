// Every exception the CPU raises carries its ExcCode, BadVAddr (address exceptions), the faulting
// PC, Cause.BD and EPC (the branch when the faulting instruction sits in its delay slot), and the
// faulting instruction does not retire — identically on the stepper and on compiled regions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as X from '../../../debug-adapter/machine/exceptions';
import { bareCpu, enc } from './bareCpu';

const T0 = 8;
const T1 = 9;

interface Case {
  readonly name: string;
  readonly setup: number[];
  readonly insn: number;
  readonly exc: number;
  readonly badVAddr?: number;
  readonly coprocessor?: number;
}

const CASES: Case[] = [
  { name: 'AdEL (misaligned load)', setup: [], insn: enc.lw(T0, 0, 0x1001), exc: X.EXC_ADEL, badVAddr: 0x1001 },
  { name: 'AdES (misaligned store)', setup: [], insn: enc.sh(T0, 0, 0x1003), exc: X.EXC_ADES, badVAddr: 0x1003 },
  { name: 'TLBL (unmapped load)', setup: [enc.lui(T1, 0x0030)], insn: enc.lw(T0, T1, 4), exc: X.EXC_TLBL, badVAddr: 0x300004 },
  { name: 'TLBS (unmapped store)', setup: [enc.lui(T1, 0x0030)], insn: enc.sw(T0, T1, 8), exc: X.EXC_TLBS, badVAddr: 0x300008 },
  { name: 'Mod (read-only page)', setup: [], insn: enc.sw(T0, 0, 0x5000), exc: X.EXC_MOD, badVAddr: 0x5000 },
  { name: 'DBE (no memory behind the address)', setup: [enc.lui(T1, 0x0018)], insn: enc.lw(T0, T1, 0), exc: X.EXC_DBE },
  { name: 'Sys', setup: [], insn: enc.syscall, exc: X.EXC_SYS },
  { name: 'Bp', setup: [], insn: enc.break, exc: X.EXC_BP },
  { name: 'RI', setup: [], insn: 0x7c00003f, exc: X.EXC_RI },
  { name: 'CpU (CP0 in user mode)', setup: [], insn: enc.mfc0(T0, 12), exc: X.EXC_CPU, coprocessor: 0 },
  { name: 'CpU (CP2)', setup: [], insn: 0x48000000, exc: X.EXC_CPU, coprocessor: 2 },
  { name: 'Ov', setup: [enc.lui(T1, 0x7fff), enc.ori(T1, T1, 0xffff)], insn: enc.addi(T0, T1, 1), exc: X.EXC_OV },
  { name: 'Tr', setup: [], insn: enc.teq(0, 0), exc: X.EXC_TR },
  { name: 'FPE (invalid enabled)', setup: [enc.addiu(T1, 0, 0x800), enc.ctc1(T1, 31)], insn: enc.divS(2, 0, 0), exc: X.EXC_FPE },
];

function run(c: Case, inDelaySlot: boolean, regions: boolean): ReturnType<typeof bareCpu> {
  const m = bareCpu({ mapped: 0x200000, readOnly: [0x5000] });
  const body = inDelaySlot ? [enc.beq(0, 0, 2), c.insn, enc.nop, enc.nop] : [c.insn];
  m.load(0x1000, [...c.setup, ...body, enc.nop]);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.useRegions = regions;
  m.cpu.run(100);
  return m;
}

for (const c of CASES) {
  test(`${c.name}: ExcCode, BadVAddr, EPC and BD`, () => {
    for (const regions of [false, true]) {
      for (const ds of [false, true]) {
        const m = run(c, ds, regions);
        const where = `${regions ? 'regions' : 'stepper'}${ds ? ', delay slot' : ''}`;
        assert.equal(m.exceptions.length, 1, where);
        const r = m.exceptions[0] as X.ExceptionRecord;
        const pc = 0x1000 + 4 * c.setup.length + (ds ? 4 : 0);
        assert.equal(X.excCodeName(r.excCode), X.excCodeName(c.exc), where);
        assert.equal(r.pc, pc, where);
        assert.equal(r.inDelaySlot, ds, where);
        assert.equal(r.epc, ds ? pc - 4 : pc, where);
        assert.equal(r.nextPc, ds ? pc + 8 : pc + 4, where);
        if (c.badVAddr !== undefined) assert.equal(r.badVAddr, c.badVAddr, where);
        if (c.coprocessor !== undefined) assert.equal(r.coprocessor, c.coprocessor, where);
        assert.equal(m.cpu.state.icount, c.setup.length + (ds ? 1 : 0), `${where}: the faulting instruction must not retire`);
        assert.equal(m.cpu.state.pc, pc, `${where}: state is that of the faulting instruction`);
      }
    }
  });
}

test('fetch exceptions: AdEL for a misaligned target, TLBL for an unmapped one, IBE past memory', () => {
  for (const [target, exc] of [
    [0x2002, X.EXC_ADEL],
    [0x100000 * 1.5, X.EXC_IBE],
  ] as const) {
    const m = bareCpu({ mapped: 0x200000 });
    m.load(0x1000, [enc.lui(T1, target >>> 16), enc.ori(T1, T1, target & 0xffff), enc.jr(T1), enc.nop]);
    m.cpu.state.jumpTo(0x1000);
    m.cpu.run(100);
    const r = m.exceptions[0] as X.ExceptionRecord;
    assert.equal(r.excCode, exc);
    assert.equal(r.pc, target);
    assert.equal(r.epc, target);
    assert.equal(r.inDelaySlot, false);
    if (exc === X.EXC_ADEL) assert.equal(r.badVAddr, target);
  }
  const m = bareCpu({ mapped: 0x40000 });
  m.load(0x1000, [enc.lui(T1, 0x0010), enc.jr(T1), enc.nop]);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.run(100);
  assert.equal(m.exceptions[0]?.excCode, X.EXC_TLBL);
  assert.equal(m.exceptions[0]?.badVAddr, 0x100000);
});

test('a branch in a delay slot is a reserved instruction (as on QEMU)', () => {
  const m = bareCpu();
  m.load(0x1000, [enc.beq(0, 0, 3), enc.beq(0, 0, 3), enc.nop, enc.nop, enc.nop]);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.run(10);
  assert.equal(m.exceptions[0]?.excCode, X.EXC_RI);
  assert.equal(m.exceptions[0]?.inDelaySlot, true);
  assert.equal(m.exceptions[0]?.epc, 0x1000);
});
