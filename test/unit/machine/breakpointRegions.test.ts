// Setting or clearing breakpoints drops only the compiled code of the pages they are in: a loop's
// regions survive breakpoints set elsewhere (nothing is compiled again), and a breakpoint put in
// the loop's page stops it there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareCpu, enc } from './bareCpu';

const T0 = 8;
const V0 = 2;

test('breakpoints in other pages keep a loop compiled; one in its page stops it', () => {
  const m = bareCpu();
  // 0x1000: t0 = 10000; loop: v0++, t0--, bne t0 loop; break
  m.load(0x1000, [enc.addiu(T0, 0, 10000), enc.addiu(V0, V0, 1), enc.addiu(T0, T0, -1), enc.bne(T0, 0, -3), enc.nop, enc.break]);
  m.cpu.state.jumpTo(0x1000);
  assert.equal(m.cpu.run(20_000), 'budget');
  const compiled = m.cpu.code.cache.compiled;
  assert.ok(compiled > 0);
  m.cpu.setBreakpoints([0x5000, 0x6004], [0x7000]);
  assert.equal(m.cpu.run(2_000), 'budget');
  m.cpu.setBreakpoints([0x5000], []);
  assert.equal(m.cpu.run(2_000), 'budget');
  assert.equal(m.cpu.code.cache.compiled, compiled, 'nothing compiled again');
  m.cpu.setBreakpoints([0x5000, 0x1008], []);
  assert.equal(m.cpu.run(2_000), 'breakpoint');
  assert.equal(m.cpu.state.pc, 0x1008);
});
