// UHI read of fd 0 on the privileged machine, with small kernels assembled by GNU as: bytes of
// the machine's console input land in the guest buffer ($v0 = count), end of input reads 0, a
// source with nothing yet stops the run before the `sdbbp` (also from a delay slot, restarting
// at the branch) and the call completes on resume, a buffer that is not mapped RAM fails with
// EFAULT without consuming input, and the stores are seen by watchpoints like a device's DMA.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, bootKernel } from './buildKernel';
import { ConsoleInputQueue } from '../../../../debug-adapter/machine/system/consoleInput';
import type { MachineOptions } from '../../../../debug-adapter/machine/system/machineTypes';

/** A kernel that reads up to 16 bytes of fd 0 into `buf` (or the address `bufVa`), then exits with $v0; $s1 keeps $v1. */
function reader(options: Partial<MachineOptions>, bufVa = 'buf'): ReturnType<typeof bootKernel> {
  return bootKernel(
    `${PRELUDE}
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
  li $a0, 0
  la $a1, ${bufVa}
  li $a2, 16
  li $t9, 4
  sdbbp 1
after:
  move $s1, $v1
  uhi_exit_reg $v0
  .data
  .space 4
buf:
  .space 16
`,
    options,
  );
}

function text(k: ReturnType<typeof bootKernel>, n: number): string {
  const pa = k.sym('buf') & 0x1fffffff;
  return new TextDecoder().decode(k.machine.memory.readBytes(pa, n));
}

test('read(0) stores the console input in the buffer and returns its length', () => {
  const q = new ConsoleInputQueue();
  q.push('hello, disco');
  const k = reader({ consoleInput: q });
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: 12, cpu: 0 });
  assert.equal(text(k, 12), 'hello, disco');
});

test('read(0) returns at most the length asked for; the rest stays for the next read', () => {
  const q = new ConsoleInputQueue();
  q.push('0123456789abcdefXYZ');
  const k = reader({ consoleInput: q });
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: 16, cpu: 0 });
  assert.equal(text(k, 16), '0123456789abcdef');
  assert.deepEqual(q.read(100), new TextEncoder().encode('XYZ'));
});

test('read(0) without a console input source, or at its end, returns 0 (end of file)', () => {
  assert.deepEqual(reader({}).machine.run(1000), { reason: 'exit', code: 0, cpu: 0 });
  const q = new ConsoleInputQueue();
  q.end();
  assert.deepEqual(reader({ consoleInput: q }).machine.run(1000), { reason: 'exit', code: 0, cpu: 0 });
});

test('read(0) with no input yet stops the run before the sdbbp; it completes on resume', () => {
  const q = new ConsoleInputQueue();
  const k = reader({ consoleInput: q });
  const stop = k.machine.run(1000);
  assert.deepEqual(stop, { reason: 'input', cpu: 0 });
  const cpu = k.machine.cpus[0];
  assert.ok(cpu);
  assert.equal(cpu.state.pc >>> 0, k.sym('after') - 4, 'stopped at the sdbbp');
  const retired = k.machine.retired;
  assert.deepEqual(k.machine.run(1000), { reason: 'input', cpu: 0 }, 'still waiting');
  assert.equal(k.machine.retired, retired, 'waiting retires nothing');
  q.push('late');
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: 4, cpu: 0 });
  assert.equal(text(k, 4), 'late');
});

test('a waiting read in a delay slot restarts at its branch', () => {
  const q = new ConsoleInputQueue();
  const k = bootKernel(
    `${PRELUDE}
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
  li $a0, 0
  la $a1, buf
  li $a2, 16
  li $t9, 4
branch:
  bal taken
  sdbbp 1
  uhi_exit 99
taken:
  move $s1, $ra
  uhi_exit_reg $v0
  .data
buf:
  .space 16
`,
    { consoleInput: q },
  );
  assert.deepEqual(k.machine.run(1000), { reason: 'input', cpu: 0 });
  const cpu = k.machine.cpus[0];
  assert.ok(cpu);
  assert.equal(cpu.state.pc >>> 0, k.sym('branch'), 'stopped at the branch');
  q.push('xy');
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: 2, cpu: 0 });
  assert.equal((cpu.state.gpr[17] as number) >>> 0, k.sym('branch') + 8, 'bal linked');
  assert.equal(text(k, 2), 'xy');
});

test('read(0) into an unmapped buffer fails with EFAULT and leaves the input unread', () => {
  const q = new ConsoleInputQueue();
  q.push('kept');
  // kuseg with Status.ERL clear and an empty TLB: no translation.
  const k = reader({ consoleInput: q }, '0x00004000');
  assert.deepEqual(k.machine.run(1000), { reason: 'exit', code: -1, cpu: 0 });
  assert.equal(k.machine.cpus[0]?.state.gpr[17], 14, 'errno EFAULT in $v1');
  assert.deepEqual(q.read(100), new TextEncoder().encode('kept'));
});

test('the bytes read reach memory as a device write: a write watchpoint on the buffer stops the run', () => {
  const q = new ConsoleInputQueue();
  q.push('w');
  const k = reader({ consoleInput: q });
  const pa = k.sym('buf') & 0x1fffffff;
  k.machine.setWatchpoints([{ pa, length: 1, read: false, write: true }]);
  const stop = k.machine.run(1000);
  assert.equal(stop.reason, 'watchpoint');
  assert.equal(stop.reason === 'watchpoint' && stop.write && stop.pa, pa);
});
