// Compiled regions are dropped when their code page is written: a function patched after it ran
// (compiled) runs its new code; a store into the page being executed, ahead of the PC, takes
// effect; writes by the system (PhysicalMemory.writeBytes, as a loader or DMA does) too. The
// interpreter's decoded words follow a rewritten word as well (regions off).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';

const V0 = 2;
const T0 = 8;
const T1 = 9;
const S0 = 16;
const S1 = 17;
const S2 = 18;

for (const regions of [true, false]) {
  test(`a function rewritten after it was ${regions ? 'compiled' : 'decoded by the interpreter'} runs its new code`, () => {
    const m = bareCpu();
    m.cpu.useRegions = regions;
    m.load(0x2000, [enc.addiu(V0, 0, 1), enc.jr(31), enc.nop]);
    const newWord = enc.addiu(V0, 0, 2);
    m.load(0x1000, [
      enc.addiu(T0, 0, 4),
      enc.jal(0x2000), // 0x1004: called four times, so that its region is compiled and used
      enc.nop,
      enc.addiu(T0, T0, -1),
      enc.bne(T0, 0, -4),
      enc.addu(S0, S0, V0),
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
    assert.equal(m.cpu.state.gpr[S0], 4);
    assert.equal(m.cpu.state.gpr[S1], 2);
  });
}

test('a store into the running region ahead of the PC takes effect', () => {
  const m = bareCpu();
  const oldWord = enc.addiu(S0, 0, 7);
  const newWord = enc.addiu(S0, 0, 42);
  const T2 = 10;
  const T3 = 11;
  // Five iterations of a loop that rewrites its own instruction at 0x1030 before reaching it:
  // with the same word four times (the region is compiled and reused), the new word the last time.
  m.load(0x1000, [
    enc.lui(T2, oldWord >>> 16),
    enc.ori(T2, T2, oldWord & 0xffff),
    enc.lui(T3, newWord >>> 16),
    enc.ori(T3, T3, newWord & 0xffff),
    enc.addiu(S1, 0, 5),
    enc.addiu(T0, 0, 1), // 0x1014
    enc.bne(S1, T0, 2), // 0x1018: loop head
    enc.nop,
    enc.addu(T2, T3, 0),
    enc.sw(T2, 0, 0x1030), // 0x1024
    enc.addiu(S1, S1, -1),
    enc.addu(S2, S2, S0),
    enc.addiu(S0, 0, 7), // 0x1030: rewritten
    enc.bne(S1, 0, -8),
    enc.nop,
    enc.break,
  ]);
  m.cpu.state.jumpTo(0x1000);
  assert.equal(m.cpu.run(1000), 'halted');
  assert.equal(m.cpu.state.gpr[S0], 42);
  assert.ok(m.cpu.code.cache.compiled >= 2, 'the loop ran as a compiled region');
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
