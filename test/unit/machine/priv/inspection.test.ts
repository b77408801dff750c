// Side-effect-free inspection for the debugger: probe-only translation (no exception, no TLB
// refill, no SoftTlb fill), peeks at RAM and device registers, breakpoints that stop before the
// instruction and resume through it, and physical watchpoints on CPU stores.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, VECTORS, bootKernel } from './buildKernel';

const KERNEL = `${PRELUDE}${VECTORS}
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
  li $t0, (0x300 << 6) | 7
  mtc0 $t0, $2
  mtc0 $zero, $3
  mtc0 $zero, $5
  li $t0, 0x00010000
  mtc0 $t0, $10
  mtc0 $zero, $0
  tlbwi
  li $t1, 0x00010008
  li $t2, 0x1234
here:
  sw $t2, 0($t1)
there:
  lw $t3, 0($t1)
  uhi_exit 0
handler:
  uhi_exit 9
`;

test('probe translates without side effects', () => {
  const k = bootKernel(KERNEL);
  const m = k.machine;
  const cpu = m.cpus[0];
  assert.ok(cpu);
  assert.equal(m.probe(0, 0x80001234 | 0), 0x1234, 'kseg0');
  assert.equal(m.probe(0, 0x00005000), 0x5000, 'kuseg unmapped under ERL at reset');
  m.setBreakpoints([k.sym('here')]);
  assert.deepEqual(m.run(1000), { reason: 'breakpoint', cpu: 0, pc: k.sym('here') | 0 });
  assert.equal(m.probe(0, 0x00010008), 0x300008, 'mapped through the TLB');
  assert.equal(m.probe(0, 0x00020000), -1, 'no entry: -1, no exception');
  assert.equal(cpu.state.pc, k.sym('here') | 0, 'state untouched');
  assert.equal(cpu.tlb.loadTag[0x20], 1, 'SoftTlb not filled');
  assert.equal(m.peek(0x1f010000, 4), 0x44495343, 'machine-info magic through the bus peek');
  assert.equal(m.peek(0x1e000000, 4), undefined);
  m.setBreakpoints([]);
  m.setWatchpoints([{ pa: 0x300008, length: 4, read: false, write: true }]);
  const w = m.run(1000);
  assert.deepEqual(w, { reason: 'watchpoint', cpu: 0, pa: 0x300008, size: 4, write: true, by: 'cpu' });
  assert.equal(cpu.state.pc, k.sym('there') | 0, 'stopped after the storing instruction');
  assert.equal(m.peek(0x300008, 4), 0x1234);
  assert.deepEqual(m.run(1000), { reason: 'exit', code: 0, cpu: 0 }, 'loads are not watched');
});

test('a breakpoint stops before its instruction; resuming executes it', () => {
  const k = bootKernel(KERNEL);
  const m = k.machine;
  m.setBreakpoints([k.sym('there')]);
  assert.equal(m.run(1000).reason, 'breakpoint');
  assert.equal(m.cpus[0]?.state.gpr[11], 0, 'lw not yet executed');
  assert.deepEqual(m.run(1000), { reason: 'exit', code: 0, cpu: 0 });
  assert.equal(m.cpus[0]?.state.gpr[11], 0x1234);
});
