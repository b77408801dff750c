// Code and data sharing a page: stores to words of a code page that no compiled region was made
// from keep the compiled regions (the region cache does not churn), while a store into a
// region's span still drops it, and writes to a page holding no compiled words behave as before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';

const T0 = 8;
const T1 = 9;
const S0 = 16;

/** A counting loop at 0x1000 that also stores its counter at 0x1800 (same page) every iteration. */
function loopWithDataStore(iterations: number): number[] {
  return [
    enc.addiu(T0, 0, iterations),
    enc.addiu(S0, S0, 3), // 0x1004: loop head
    enc.sw(S0, 0, 0x1800),
    enc.addiu(T0, T0, -1),
    enc.bne(T0, 0, -4),
    enc.nop,
    enc.lw(T1, 0, 0x1800),
    enc.break,
  ];
}

test('stores to the data part of a code page keep its compiled regions', () => {
  const compiled = (iterations: number): number => {
    const m = bareCpu();
    m.load(0x1000, loopWithDataStore(iterations));
    m.cpu.state.jumpTo(0x1000);
    assert.equal(m.cpu.run(1_000_000), 'halted');
    assert.equal(m.cpu.state.gpr[T1], 3 * iterations);
    return m.cpu.code.cache.compiled;
  };
  const few = compiled(500);
  assert.ok(few > 0);
  assert.equal(compiled(20000), few, 'no recompilation as the loop keeps storing');
});

test('a store into a compiled span still drops the region', () => {
  const m = bareCpu();
  const patched = enc.addiu(S0, S0, 5);
  m.load(0x1000, [
    enc.addiu(T0, 0, 100),
    enc.addiu(S0, S0, 3), // 0x1004: loop head, patched below after 50 iterations
    enc.addiu(T0, T0, -1),
    enc.bne(T0, 0, -3),
    enc.nop,
    enc.break,
  ]);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.run(1 + 4 * 50);
  m.memory.write32(0x1004, patched);
  assert.equal(m.cpu.run(100000), 'halted');
  assert.equal(m.cpu.state.gpr[S0], 3 * 50 + 5 * 50);
});
