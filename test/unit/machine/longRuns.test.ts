// Hotness of long straight-line code: a run of many instructions from a block entry counts as more
// entries there (interpreter.ts), so a loop whose body is long becomes hot in fewer iterations; and
// a region goes on past a block cut at its length limit (regionCompiler.ts), where the interpreter
// never counts an entry. Either way the instructions executed are the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';

const T0 = 8;
const V0 = 2;
const BODY = 640;

/** 0x1000: t0 = iterations; loop: BODY × (v0 += 1), t0--, bne t0 loop; break. */
function longLoop(iterations: number, hotThreshold: number) {
  const m = bareCpu();
  m.cpu.code.hotThreshold = hotThreshold;
  const body = Array.from({ length: BODY }, () => enc.addiu(V0, V0, 1));
  m.load(0x1000, [enc.addiu(T0, 0, iterations), ...body, enc.addiu(T0, T0, -1), enc.bne(T0, 0, -(BODY + 2)), enc.nop, enc.break]);
  m.cpu.state.jumpTo(0x1000);
  return m;
}

test('a loop with a long body compiles before its head is entered hotThreshold times, and runs the same', () => {
  const iterations = 40;
  const m = longLoop(iterations, 100);
  const steps = 1 + iterations * (BODY + 3);
  assert.equal(m.cpu.run(steps), 'budget');
  // 40 entries of the loop head, each run of 643 instructions counting as 10 more.
  assert.ok(m.cpu.code.cache.compiled > 0, 'compiled');
  assert.equal(m.cpu.state.gpr[V0], iterations * BODY);
  assert.equal(m.cpu.state.gpr[T0], 0);
  const never = longLoop(iterations, 60000);
  assert.equal(never.cpu.run(steps), 'budget');
  assert.equal(never.cpu.code.cache.compiled, 0, 'below the threshold without long runs');
  assert.deepEqual([...never.cpu.state.gpr], [...m.cpu.state.gpr]);
  assert.equal(never.cpu.state.pc, m.cpu.state.pc);
});

test('a region goes on past a block cut at its length limit', () => {
  const m = longLoop(1000, 2);
  assert.equal(m.cpu.run(20 * (BODY + 3)), 'budget');
  const head = m.cpu.code.cache.lookup(0x1004, 0x1004);
  assert.ok(head !== undefined && head !== 'step', 'a region at the loop head');
  // Blocks of at most 64 instructions, taken in up to the region limit (512) instead of one.
  assert.ok(head.size >= 512, `${head.size} instructions compiled`);
});
