// Several CPUs over one memory: every CPU leaves reset at the entry with its number in
// EBase.CPUNum; IPIs through the board's IPI device wake a WAITing CPU; LL/SC reservations are
// broken by another CPU's store to the reserved line (even of the same value) and not by stores
// elsewhere; scheduling is deterministic; NUMA node mapping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, VECTORS, bootKernel } from './buildKernel';
import { Machine } from '../../../../debug-adapter/machine/system/machine';

/** Kernel prologue: clears BEV/ERL, puts the CPU number in $s7 and branches to cpu0/cpu1. */
const START = `
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
  mfc0 $s7, $15, 1
  andi $s7, $s7, 0x3ff
  bnez $s7, cpu1
  nop
`;

test('IPI from CPU 0 wakes CPU 1 from WAIT; the handler acknowledges and reports through memory', () => {
  const k = bootKernel(
    `${PRELUDE}${VECTORS}${START}
cpu0:
  li $t0, 0x80300000
1:
  lw $t1, 0($t0)          # wait until CPU 1 is ready to sleep
  beqz $t1, 1b
  nop
  li $t2, 0xbf013000      # IPI SEND
  li $t3, 1
  sw $t3, 0($t2)
2:
  lw $t1, 4($t0)          # the handler's mark
  beqz $t1, 2b
  nop
  uhi_exit_reg $t1
cpu1:
  li $t0, 0x4001          # IM6, IE
  mtc0 $t0, $12
  li $t0, 0x80300000
  li $t1, 1
  sw $t1, 0($t0)
3:
  wait
  b 3b
  nop
handler:
  mfc0 $t3, $13
  srl $t3, $t3, 8
  andi $t3, $t3, 0xff
  li $t2, 0xbf01300c      # IPI ACK
  sw $zero, 0($t2)
  li $t0, 0x80300000
  sw $t3, 4($t0)
  eret
`,
    { cpus: 2 },
  );
  const stop = k.machine.run(1_000_000);
  assert.deepEqual(stop, { reason: 'exit', code: 0x40, cpu: 0 }, 'IP6 was pending in the handler on CPU 1');
  assert.equal((k.machine.cpus[1]?.cp0.read(15, 1) ?? 0) & 0x3ff, 1);
});

/** CPU 0: LL, tell CPU 1 to go, wait until it is done, SC; exits with the SC result. */
const llsc = (cpu1Store: string): string => `${PRELUDE}${VECTORS}${START}
cpu0:
  li $a0, 0x80300000       # the reserved word
  li $a1, 0x80301000       # flags, another line and page
  ll $t0, 0($a0)
  li $t1, 1
  sw $t1, 0($a1)
1:
  lw $t1, 4($a1)
  beqz $t1, 1b
  nop
  sc $t0, 0($a0)
  uhi_exit_reg $t0
cpu1:
  li $a0, 0x80300000
  li $a1, 0x80301000
2:
  lw $t1, 0($a1)
  beqz $t1, 2b
  nop
  ${cpu1Store}
  li $t1, 1
  sw $t1, 4($a1)
3:
  b 3b
  nop
handler:
  uhi_exit 99
`;

test('LL/SC across CPUs: a store to the reserved line by another CPU makes SC fail', () => {
  const run = (store: string): number => {
    const k = bootKernel(llsc(store), { cpus: 2, quantum: 97 });
    const stop = k.machine.run(1_000_000);
    assert.equal(stop.reason, 'exit');
    return stop.reason === 'exit' ? stop.code : -1;
  };
  assert.equal(run('nop'), 1, 'no intervening store: SC succeeds');
  assert.equal(run('lw $t2, 0($a0)\n  sw $t2, 0($a0)'), 0, 'same value stored back still breaks the reservation');
  assert.equal(run('sw $t2, 28($a0)'), 0, 'a store elsewhere in the 32-byte line breaks it');
  assert.equal(run('sw $t2, 32($a0)'), 1, 'the next line does not');
});

test('scheduling is deterministic and a run can be split anywhere', () => {
  const src = llsc('lw $t2, 0($a0)\n  sw $t2, 0($a0)');
  const a = bootKernel(src, { cpus: 2, quantum: 50 });
  const b = bootKernel(src, { cpus: 2, quantum: 50 });
  const whole = a.machine.run(1_000_000);
  let split = b.machine.run(37);
  while (split.reason === 'limit') split = b.machine.run(41);
  assert.deepEqual(split, whole);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(b.machine.cpus[i]?.state.gpr, a.machine.cpus[i]?.state.gpr);
    assert.equal(b.machine.cpus[i]?.cycle, a.machine.cpus[i]?.cycle);
  }
});

test('NUMA nodes: memory split evenly, CPUs spread over nodes', () => {
  const m = new Machine({ cpus: 4, memoryMB: 8, nodes: 2 });
  assert.equal(m.nodeOf(0), 0);
  assert.equal(m.nodeOf(4 * 1048576 - 1), 0);
  assert.equal(m.nodeOf(4 * 1048576), 1);
  assert.deepEqual([0, 1, 2, 3].map((i) => m.cpuNode(i)), [0, 0, 1, 1]);
  assert.throws(() => new Machine({ cpus: 33, memoryMB: 8 }), RangeError);
});
