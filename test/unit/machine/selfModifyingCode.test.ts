// Compiled regions are dropped when their code page is written: a function patched after it ran
// (compiled) runs its new code; a store into the page being executed, ahead of the PC, takes
// effect; writes by the system (PhysicalMemory.writeBytes, as a loader or DMA does) too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';

const V0 = 2;
const T0 = 8;
const T1 = 9;
const S0 = 16;
const S1 = 17;

test('a function rewritten after it was compiled runs its new code', () => {
  const m = bareCpu();
  m.load(0x2000, [enc.addiu(V0, 0, 1), enc.jr(31), enc.nop]);
  const newWord = enc.addiu(V0, 0, 2);
  m.load(0x1000, [
    enc.jal(0x2000),
    enc.nop,
    enc.addu(S0, V0, 0),
    enc.lui(T1, newWord >>> 16),
    enc.ori(T1, T1, newWord & 0xffff),
    enc.sw(T1, 0, 0x2000),
    enc.jal(0x2000),
    enc.nop,
    enc.addu(S1, V0, 0),
    enc.break,
  ]);
  m.cpu.state.jumpTo(0x1000);
  assert.equal(m.cpu.run(1000), 'halted');
  assert.equal(m.cpu.state.gpr[S0], 1);
  assert.equal(m.cpu.state.gpr[S1], 2);
});

test('a store into the running region ahead of the PC takes effect', () => {
  const m = bareCpu();
  const patched = enc.addiu(S0, 0, 42);
  m.load(0x1000, [
    enc.addiu(S1, 0, 3),
    enc.lui(T1, patched >>> 16), // loop: 0x1004
    enc.ori(T1, T1, patched & 0xffff),
    enc.sw(T1, 0, 0x1018),
    enc.addiu(S1, S1, -1),
    enc.nop,
    enc.addiu(S0, 0, 7), // 0x1018: becomes addiu s0, zero, 42
    enc.bne(S1, 0, -7),
    enc.nop,
    enc.break,
  ]);
  // Compile the region first, with the original instruction at 0x1018.
  m.cpu.state.jumpTo(0x1000);
  m.cpu.run(2);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.state.icount = 0;
  assert.equal(m.cpu.run(1000), 'halted');
  assert.equal(m.cpu.state.gpr[S0], 42);
});

test('a write through PhysicalMemory invalidates compiled code', () => {
  const m = bareCpu();
  m.load(0x1000, [enc.addiu(T0, 0, 1), enc.break]);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.run(10);
  assert.equal(m.cpu.state.gpr[T0], 1);
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, enc.addiu(T0, 0, 9));
  m.memory.writeBytes(0x1000, bytes);
  m.cpu.resume();
  m.cpu.state.jumpTo(0x1000);
  m.cpu.run(10);
  assert.equal(m.cpu.state.gpr[T0], 9);
});
