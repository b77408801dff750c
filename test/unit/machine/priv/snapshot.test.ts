// Machine save/restore: run N, save, run M must equal restore (into a fresh machine), run M —
// same registers, CP0, TLB, memory hash, device state and console output — for a two-CPU kernel
// that takes timer interrupts, refills its TLB, prints on the UART and uses LL/SC. The snapshot
// survives structured cloning (what a debugger keeping snapshots around would do).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PRELUDE, VECTORS, bootKernel } from './buildKernel';
import { restoreMachine, saveMachine } from '../../../../debug-adapter/machine/system/machineSnapshot';
import type { Machine } from '../../../../debug-adapter/machine/system/machine';

const KERNEL = `${PRELUDE}${VECTORS}
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
  mfc0 $s7, $15, 1
  andi $s7, $s7, 0x3ff
  li $t0, 0x80800000
  mtc0 $t0, $4
  mtc0 $zero, $9
  li $t0, 3000
  mtc0 $t0, $11
  li $t0, 0x8001
  mtc0 $t0, $12
  li $a0, 0x80300000          # shared counter
  li $a2, 0xbf000900          # UART THR
loop:
  ll $t1, 0($a0)
  addiu $t1, $t1, 1
  sc $t1, 0($a0)
  beqz $t1, loop
  nop
  andi $t2, $s7, 1
  sll $t3, $t2, 12
  lw $t4, 0x100($t3)          # kuseg: TLB refill on first touch per CPU
  addiu $t4, $t4, 1
  sw $t4, 0x100($t3)
  b loop
  nop
handler:
  li $t0, 1
  beq $s0, $t0, refill
  nop
  mfc0 $t0, $9                # timer: next match, print a digit
  addiu $t0, $t0, 3000
  mtc0 $t0, $11
  addiu $t5, $s7, 0x30
  sw $t5, 0($a2)
  eret
refill:
  mfc0 $t0, $8
  srl $t0, $t0, 12
  andi $t0, $t0, 0xfe
  addiu $t0, $t0, 0x400       # PFN = 0x400 + even VPN
  sll $t0, $t0, 6
  ori $t1, $t0, 7             # D, V, G
  mtc0 $t1, $2
  addiu $t0, $t0, 64
  ori $t1, $t0, 7
  mtc0 $t1, $3
  mtc0 $zero, $5
  tlbwr
  eret
`;

function fingerprint(m: Machine) {
  return {
    memory: createHash('sha256').update(m.memory.m8).digest('hex'),
    cpus: m.cpus.map((c) => ({ gpr: [...c.state.gpr], pc: c.state.pc, cycle: c.cycle, icount: c.state.icount, cp0: c.cp0.save(), tlb: c.jtlb.save() })),
    board: JSON.stringify(m.board.saveState()),
    now: m.now,
  };
}

test('run N, save, run M equals restore, run M', () => {
  const a = bootKernel(KERNEL, { cpus: 2, quantum: 1000 });
  assert.equal(a.machine.run(50_000).reason, 'limit');
  const snap = structuredClone(saveMachine(a.machine));
  const before = a.output().length;
  assert.equal(a.machine.run(70_000).reason, 'limit');
  const expected = fingerprint(a.machine);
  const expectedOutput = a.output().slice(before);
  assert.ok(expectedOutput.length > 5, `the kernel printed during the second run: ${JSON.stringify(expectedOutput)}`);
  assert.match(expectedOutput, /^[01]+$/);

  const b = bootKernel(KERNEL, { cpus: 2, quantum: 1000 });
  b.machine.run(1234);
  restoreMachine(b.machine, snap);
  const start = b.output().length;
  assert.equal(b.machine.run(70_000).reason, 'limit');
  assert.deepEqual(fingerprint(b.machine), expected);
  assert.equal(b.output().slice(start), expectedOutput);
});

test('incremental snapshots: each restores the memory it saw', () => {
  const a = bootKernel(KERNEL, { cpus: 2, memoryMB: 8, quantum: 700 });
  const taken = [];
  for (let i = 0; i < 4; i++) {
    a.machine.run(9_000 + i * 1_000);
    a.machine.memory.write32(0x7ff000 + i * 4, 0x1000 + i);
    a.machine.noteMemoryWritten(0x7ff000 + i * 4, 4);
    taken.push({ snap: structuredClone(saveMachine(a.machine)), hash: fingerprint(a.machine).memory });
  }
  const b = bootKernel(KERNEL, { cpus: 2, memoryMB: 8, quantum: 700 });
  for (const t of [taken[2], taken[0], taken[3], taken[1]]) {
    assert.ok(t);
    restoreMachine(b.machine, t.snap);
    assert.equal(fingerprint(b.machine).memory, t.hash);
  }
});

test('snapshots keep only non-zero pages', () => {
  const a = bootKernel(KERNEL, { cpus: 2, memoryMB: 32 });
  a.machine.run(10_000);
  const snap = saveMachine(a.machine);
  assert.ok(snap.pages.length > 0 && snap.pages.length < 32, `${snap.pages.length} pages`);
  assert.equal(snap.format, 'disco-machine-1');
});
