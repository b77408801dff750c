// Pages that hold the same bytes when they first run share the interpreter's decoded page and
// entry counts (codegen/codeStore.ts, byContent): a loop run in two copies of a program becomes
// hot from the entries of both, and a copy changed after it first ran still runs its own words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';

const A = 0x1000;
const B = 0x3000;
const C = 0x5000;

/** $2 = 5 + 7, then a loop of 100 iterations adding 1 to $3, then BREAK. */
const PROGRAM = [
  enc.addiu(2, 0, 5),
  enc.addiu(2, 2, 7),
  enc.addiu(4, 0, 100),
  enc.addiu(3, 3, 1), // loop:
  enc.addiu(4, 4, -1),
  enc.bne(4, 0, -3),
  enc.nop,
  enc.break,
];

function runAt(m: ReturnType<typeof bareCpu>, pc: number): { v0: number; v1: number } {
  const S = m.cpu.state;
  S.gpr.fill(0);
  S.jumpTo(pc);
  m.cpu.resume();
  m.cpu.run(10_000);
  return { v0: S.gpr[2] as number, v1: S.gpr[3] as number };
}

test('copies of a page share decoded words and entry counts; a changed copy runs its own words', () => {
  const m = bareCpu();
  const code = m.cpu.code;
  code.hotThreshold = 250;
  m.load(A, PROGRAM);
  m.load(B, PROGRAM);
  m.load(C, [enc.addiu(2, 0, 1), ...PROGRAM.slice(1)]);
  assert.deepEqual(runAt(m, A), { v0: 12, v1: 100 });
  assert.equal(code.cache.compiled, 0, 'A alone: 99 loop entries, below the threshold');
  assert.deepEqual(runAt(m, B), { v0: 12, v1: 100 });
  assert.equal(code.cache.compiled, 0, 'B adds its 99 entries to the same counts');
  assert.deepEqual(runAt(m, C), { v0: 8, v1: 100 });
  assert.equal(code.decoded(A >>> 12), code.decoded(B >>> 12));
  assert.notEqual(code.decoded(A >>> 12), code.decoded(C >>> 12), 'different bytes: a page of its own');
  assert.deepEqual(runAt(m, A), { v0: 12, v1: 100 });
  assert.equal(code.cache.compiled, 1, 'the shared counts reached the threshold in A');
  // B changes after it first ran: it still shares, and runs the word it holds now.
  m.load(B + 4, [enc.addiu(2, 2, 100)]);
  assert.deepEqual(runAt(m, B), { v0: 105, v1: 100 });
  assert.deepEqual(runAt(m, A), { v0: 12, v1: 100 });
  assert.equal(m.exceptions.length, 6);
});
