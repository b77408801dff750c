// Stepping and running agree across branch delay slots (gxemul's three ways: run 2, step twice,
// step while running), a stop between a branch and its delay slot resumes exactly, and run(n)
// retires exactly n instructions on the compiled-region path as on the stepper.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';
import type { CpuState } from '../../../debug-adapter/machine/cpuState';

const T0 = 8;
const T1 = 9;
const T2 = 10;
const T3 = 11;

/** 0x1000: t0=5; beq→0x1014 with t1=7 in the slot; two skipped; t3=t0+t1; then a counted loop. */
function program(): number[] {
  return [
    enc.addiu(T0, 0, 5),
    enc.beq(0, 0, 3),
    enc.addiu(T1, 0, 7),
    enc.addiu(T2, 0, 1),
    enc.addiu(T2, 0, 2),
    enc.addu(T3, T0, T1), // 0x1014
    enc.addiu(T2, 0, 300), // 0x1018
    enc.addiu(T2, T2, -1), // 0x101c loop
    enc.sw(T2, 0, 0x3000),
    enc.lw(T1, 0, 0x3000),
    enc.bne(T2, 0, -4),
    enc.addu(T3, T3, T1),
    enc.break,
  ];
}

function fresh(regions = true): ReturnType<typeof bareCpu> {
  const m = bareCpu();
  m.load(0x1000, program());
  m.cpu.state.jumpTo(0x1000);
  m.cpu.useRegions = regions;
  return m;
}

function regs(s: CpuState): string {
  return `${[...s.gpr].join(',')} pc=${s.pc} npc=${s.npc} ds=${s.inDelaySlot} n=${s.icount}`;
}

test('stepping twice equals running 2 across a taken branch', () => {
  const a = fresh();
  a.cpu.step();
  a.cpu.run(2);
  const b = fresh();
  b.cpu.step();
  b.cpu.step();
  assert.equal(b.cpu.state.pc, 0x1008);
  assert.equal(b.cpu.state.npc, 0x1014);
  assert.equal(b.cpu.state.inDelaySlot, true);
  b.cpu.step();
  const c = fresh(false);
  c.cpu.step();
  c.cpu.run(1);
  c.cpu.run(1);
  assert.equal(a.cpu.state.pc, 0x1014);
  assert.equal(a.cpu.state.gpr[T1], 7);
  assert.equal(regs(b.cpu.state), regs(a.cpu.state));
  assert.equal(regs(c.cpu.state), regs(a.cpu.state));
});

test('a breakpoint on a delay slot stops between branch and slot; resuming continues exactly', () => {
  const straight = fresh();
  straight.cpu.run(10_000);
  const m = fresh();
  m.cpu.setBreakpoints([0x1008]);
  assert.equal(m.cpu.run(10_000), 'breakpoint');
  assert.equal(m.cpu.state.pc, 0x1008);
  assert.equal(m.cpu.state.inDelaySlot, true);
  assert.equal(m.cpu.state.npc, 0x1014);
  assert.equal(m.cpu.state.icount, 2);
  assert.equal(m.cpu.run(10_000), 'halted');
  assert.equal(regs(m.cpu.state), regs(straight.cpu.state));
});

test('a breakpoint inside a compiled loop stops on every iteration', () => {
  const m = fresh();
  m.cpu.setBreakpoints([0x1024]);
  let stops = 0;
  while (m.cpu.run(1_000_000) === 'breakpoint') {
    assert.equal(m.cpu.state.pc, 0x1024);
    stops++;
  }
  assert.equal(stops, 300);
  const straight = fresh();
  straight.cpu.run(1_000_000);
  assert.equal(regs(m.cpu.state), regs(straight.cpu.state));
});

test('run(n) retires exactly n instructions and matches n single steps', () => {
  for (const n of [1, 2, 3, 5, 6, 7, 8, 13, 64, 100, 311, 777, 1203]) {
    const ran = fresh();
    assert.equal(ran.cpu.run(n), 'budget');
    const stepped = fresh(false);
    for (let k = 0; k < n; k++) stepped.cpu.step();
    assert.equal(ran.cpu.state.icount, n, `run(${n})`);
    assert.equal(regs(ran.cpu.state), regs(stepped.cpu.state), `run(${n})`);
  }
});

test('the whole program gives the same state on regions and on the stepper', () => {
  const a = fresh(true);
  const b = fresh(false);
  assert.equal(a.cpu.run(1e6), 'halted');
  assert.equal(b.cpu.run(1e6), 'halted');
  assert.equal(regs(a.cpu.state), regs(b.cpu.state));
  assert.equal(a.cpu.state.gpr[T3], 12 + (299 * 300) / 2);
  assert.ok(a.cpu.code.cache.compiled > 0, 'regions were compiled');
});
