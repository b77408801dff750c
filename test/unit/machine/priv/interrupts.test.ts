// Interrupts on the privileged machine: the Count/Compare timer on IP7 with Cause.TI, software
// interrupts, an interrupt taken between a branch and its delay slot (EPC = branch, BD = 1, the
// branch re-executes), WAIT woken by the timer with and without IE, time skipping while idle,
// and the masked-forever case reported instead of spinning.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, VECTORS, bootKernel, recorded } from './buildKernel';
import { EXC_INT } from '../../../../debug-adapter/machine/exceptions';

const START = `
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
`;

function boot(body: string, handler: string) {
  const k = bootKernel(`${PRELUDE}${VECTORS}${START}${body}\nhandler:\n${handler}\n`);
  const cpu = k.machine.cpus[0];
  assert.ok(cpu);
  return { ...k, cpu };
}

test('Count/Compare raises IP7 with Cause.TI at the programmed count', () => {
  const k = boot(
    `
  mtc0 $zero, $9        # Count = 0
  li $t0, 500
  mtc0 $t0, $11         # Compare = 500
  li $t0, 0x8001        # IM7, IE
  mtc0 $t0, $12
spin:
  b spin
  nop
`,
    `
  mfc0 $a1, $9
  mtc0 $zero, $11       # acknowledge (clears TI)
  mfc0 $a2, $13
  uhi_exit 0
`,
  );
  const stop = k.machine.run(100000);
  assert.equal(stop.reason, 'exit');
  const r = recorded(k.cpu.state.gpr);
  assert.equal(r.excCode, EXC_INT);
  assert.equal(r.vector, 2, 'general vector (Cause.IV = 0)');
  assert.equal(r.cause & 0x8000, 0x8000, 'IP7 pending');
  assert.equal(r.cause >>> 30 & 1, 1, 'Cause.TI');
  const count = k.cpu.state.gpr[5] as number;
  assert.ok(count >= 500 && count < 510, `Count at entry ${count}`);
  assert.equal((k.cpu.state.gpr[6] as number) & 0x40008000, 0, 'Compare write cleared TI/IP7');
  const spin = k.sym('spin');
  assert.ok(r.epc === spin || r.epc === spin + 4, 'interrupted inside the loop');
});

test('software interrupt IP0 through Cause, taken after the MTC0, vectored at 0x200 with IV', () => {
  const k = boot(
    `
  li $t0, 0x00800000    # Cause.IV
  mtc0 $t0, $13
  li $t0, 0x0101        # IM0, IE
  mtc0 $t0, $12
  li $t0, 0x00800100
set:
  mtc0 $t0, $13         # raise IP0
after:
  nop
  uhi_exit 3
`,
    'uhi_exit 0',
  );
  assert.equal(k.machine.run(1000).reason, 'exit');
  const r = recorded(k.cpu.state.gpr);
  assert.equal(r.vector, 3, 'interrupt vector 0x200');
  assert.equal(r.epc, k.sym('after'));
  assert.equal(r.cause & 0x100, 0x100);
});

test('an interrupt between a branch and its delay slot: EPC = branch, BD = 1, branch re-executes', () => {
  const k = boot(
    `
  li $t0, 0x4001        # IM6 (IPI), IE
  mtc0 $t0, $12
  li $s7, 0
  li $a1, 0
branch:
  beq $zero, $zero, target
  addiu $a1, $a1, 1     # delay slot
  uhi_exit 5
target:
  uhi_exit_reg $a1
`,
    `
  li $t0, 0xbf01300c     # IPI ACK
  sw $zero, 0($t0)
  eret
`,
  );
  const m = k.machine;
  const branch = k.sym('branch');
  while (k.cpu.state.pc >>> 0 !== branch) assert.equal(m.step(0).reason, 'step');
  assert.equal(m.step(0).reason, 'step');
  assert.equal(k.cpu.state.inDelaySlot, true, 'stopped between the branch and its delay slot');
  m.board.ipi.send(1);
  const stop = m.run(1000);
  assert.deepEqual(stop, { reason: 'exit', code: 1, cpu: 0 }, 'delay slot ran once, after the branch re-executed');
  const r = recorded(k.cpu.state.gpr);
  assert.equal(r.excCode, EXC_INT);
  assert.equal(r.bd, true);
  assert.equal(r.epc, branch);
});

test('WAIT sleeps until the timer; time skips ahead; EPC is the instruction after WAIT', () => {
  const k = boot(
    `
  mtc0 $zero, $9
  li $t0, 4000000
  mtc0 $t0, $11
  li $t0, 0x8001
  mtc0 $t0, $12
  wait
after:
  uhi_exit 3
`,
    `
  mfc0 $a1, $9
  uhi_exit 0
`,
  );
  const stop = k.machine.run(1000);
  assert.equal(stop.reason, 'exit', 'a few instructions only: the idle time is skipped');
  const r = recorded(k.cpu.state.gpr);
  assert.equal(r.epc, k.sym('after'));
  assert.ok((k.cpu.state.gpr[5] as number) >= 4000000);
  assert.ok(k.cpu.cycle >= 8000000, 'the CPU clock moved to the match');
  assert.ok(k.cpu.state.icount < 100);
});

test('WAIT with IE clear wakes on a pending IM-enabled interrupt and continues without taking it', () => {
  const k = boot(
    `
  mtc0 $zero, $9
  li $t0, 1000
  mtc0 $t0, $11
  li $t0, 0x8000        # IM7 only, IE = 0
  mtc0 $t0, $12
  wait
  mfc0 $a1, $13
  uhi_exit 0
`,
    'uhi_exit 9',
  );
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: 0, cpu: 0 });
  assert.equal((k.cpu.state.gpr[5] as number) & 0x40008000, 0x40008000 | 0);
});

test('the board interval timer on IP5 wakes WAIT at the programmed cycle', () => {
  const k = boot(
    `
  li $t0, 0x2001          # IM5, IE
  mtc0 $t0, $12
  li $t1, 0xbf012080      # this CPU's timer bank
  li $t0, 200000
  sw $t0, 0($t1)          # PERIOD
  li $t0, 3
  sw $t0, 4($t1)          # CTRL = ENABLE | IE
  wait
  uhi_exit 3
`,
    `
  li $t1, 0xbf012080
  li $t0, 1
  sw $t0, 8($t1)          # acknowledge
  uhi_exit 0
`,
  );
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: 0, cpu: 0 });
  const r = recorded(k.cpu.state.gpr);
  assert.equal(r.cause & 0x2000, 0x2000, 'IP5');
  assert.ok(k.cpu.cycle >= 200000 && k.cpu.cycle < 200100, `woke at cycle ${k.cpu.cycle}`);
  assert.equal(k.machine.board.interrupts.pending(0), 0, 'acknowledged');
});

test('WAIT with every interrupt masked is reported, not spun on', () => {
  const k = boot('  wait\n  uhi_exit 0\n', 'uhi_exit 9');
  const stop = k.machine.run(100000);
  assert.equal(stop.reason, 'fatal');
});
