// Run control and reverse execution (debugger/execution.ts): breakpoints of each address space
// stop in the right VM, monitor writes hit watchpoints, steps are exact, and the state reached backward
// (goto, stepBack, reverseContinue) is the state forward execution had at the same position:
// every CPU's registers and CP0, a hash of machine memory and the monitor's saved state.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, type ExecStop } from '../../../debug-adapter/debugger/execution';
import { bareKernelElf, bareTarget, monitorTarget } from '../../support/debugTargets';
import { stateHash } from '../../support/stateHash';

const MULTI = 'examples/multi-vm/multi-vm.disco.json';
const kernel = bareKernelElf('guest/kernel/kernel.S');

function stopAt(s: ExecStop | undefined): string {
  return s === undefined ? 'none' : s.reason;
}

test('goto lands on the state forward execution had, at operation ends and inside operations (multi-VM)', () => {
  const a = monitorTarget(MULTI);
  const exec = new Execution(a, { snapshotEvery: 40_000 });
  const t1 = a.threads[1];
  assert.ok(t1 !== undefined);
  const marks: { position: number; print: string }[] = [];
  for (let i = 0; i < 6; i++) {
    assert.equal(exec.resume(23_456), undefined);
    marks.push({ position: exec.position, print: stateHash(a) });
    exec.stepInstruction(t1, i % 2 === 0);
    marks.push({ position: exec.position, print: stateHash(a) });
  }
  assert.equal(exec.inPast, false);
  for (const mk of [...marks].reverse()) {
    exec.goto(mk.position);
    assert.equal(stateHash(a), mk.print, `state at position ${mk.position}`);
  }
  assert.equal(exec.inPast, true);
  // Inside an operation: the same position reached by running forward from the start.
  const inside = (marks[4] as { position: number }).position + 777;
  exec.goto(inside);
  const back = stateHash(a);
  const b = monitorTarget(MULTI);
  const fwd = new Execution(b, { snapshotEvery: 1_000_000 });
  const b1 = b.threads[1];
  assert.ok(b1 !== undefined);
  for (let i = 0; i < 3; i++) {
    fwd.resume(23_456);
    if (i < 2) fwd.stepInstruction(b1, i % 2 === 0);
  }
  assert.ok(fwd.position < inside);
  assert.equal(fwd.resume(inside - fwd.position), undefined);
  assert.equal(fwd.position, inside);
  assert.equal(back, stateHash(b));
});

test('stepBack undoes frozen steps exactly and goes to the start of history (bare, 2 CPUs)', () => {
  const t = bareTarget(kernel, 2);
  const exec = new Execution(t, { snapshotEvery: 5_000 });
  exec.resume(30_000);
  const cpu1 = t.threads[1];
  assert.ok(cpu1 !== undefined);
  const before: string[] = [];
  for (let i = 0; i < 5; i++) {
    before.push(stateHash(t));
    const s = exec.stepInstruction(cpu1, false);
    assert.equal(s.reason, 'step');
  }
  for (let i = 4; i >= 0; i--) {
    assert.equal(exec.stepBack(cpu1).reason, 'step');
    assert.equal(stateHash(t), before[i], `before step ${i}`);
  }
  exec.goto(0);
  assert.equal(exec.position, 0);
  assert.equal(exec.stepBack(cpu1).reason, 'history-start');
});

test('stepBack lands just before the thread\'s previous instruction while the other CPU ran (bare)', () => {
  const t = bareTarget(kernel, 2);
  const exec = new Execution(t, { snapshotEvery: 7_000 });
  exec.resume(20_000);
  const cpu0 = t.threads[0];
  assert.ok(cpu0 !== undefined);
  const pc = t.registerFile(cpu0).pc;
  const progress = t.machine.progress(0);
  exec.resume(3_000);
  exec.goto(exec.position - 3_000);
  assert.equal(t.registerFile(cpu0).pc, pc);
  exec.stepBack(cpu0);
  assert.equal(t.machine.progress(0), progress - 1);
  // The next position belongs to CPU 0.
  const p = exec.position;
  exec.goto(p + 1);
  assert.equal(t.machine.progress(0), progress);
});

test('a virtual breakpoint naming a VM stops only that VM\'s vCPUs; reverseContinue returns to the same stop state', () => {
  const t = monitorTarget(MULTI);
  const exec = new Execution(t, { snapshotEvery: 200_000 });
  const addr = t.symbols.addressOf('trap', 'client');
  assert.ok(addr !== undefined);
  exec.setBreakpoints([{ space: 'virtual', address: addr, vm: 'client' }]);
  const prints: string[] = [];
  for (let i = 0; i < 3; i++) {
    const s = exec.resume(20_000_000);
    assert.ok(s?.reason === 'breakpoint', stopAt(s));
    assert.equal(s.thread.vm?.name, 'client');
    assert.equal(s.pc, addr | 0);
    prints.push(stateHash(t));
  }
  const back = exec.reverseContinue();
  assert.equal(back.reason, 'breakpoint');
  assert.equal(stateHash(t), prints[1]);
  exec.reverseContinue();
  assert.equal(stateHash(t), prints[0]);
  assert.equal(exec.reverseContinue().reason, 'history-start');
  assert.equal(exec.position, 0);
});

test('watchpoints catch monitor writes (the special page at every resume)', () => {
  const t = monitorTarget(MULTI);
  const exec = new Execution(t);
  const v = t.threads[0]?.vcpu;
  assert.ok(v !== undefined);
  exec.setWatchpoints([{ space: 'machine', address: v.specialMppn * 4096, length: 16, read: false, write: true }]);
  const s = exec.resume(50_000_000);
  assert.ok(s?.reason === 'watchpoint', stopAt(s));
  assert.equal(s.by, 'monitor');
});
