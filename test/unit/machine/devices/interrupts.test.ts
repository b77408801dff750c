import assert from 'node:assert/strict';
import { test } from 'node:test';
import { causeBit, InterruptController, IP_DISK, IP_IPI, IP_UART } from '../../../../debug-adapter/machine/devices/interrupts';

test('lines set Cause.IP bits of their CPU; shared inputs are a wired OR', () => {
  const c = new InterruptController(2);
  const changes: string[] = [];
  c.onChange((cpu, p) => changes.push(`${cpu}:${p.toString(16)}`));
  const d0 = c.line('disk0', 0, IP_DISK);
  const d1 = c.line('disk1', 0, IP_DISK);
  const ipi1 = c.line('ipi.cpu1', 1, IP_IPI);
  assert.equal(causeBit(IP_UART), 0x400);
  d0.raise();
  d1.raise();
  assert.equal(c.pending(0), 0x800);
  d0.lower();
  assert.equal(c.pending(0), 0x800, 'disk1 still holds IP3');
  d1.lower();
  assert.equal(c.pending(0), 0);
  ipi1.raise();
  ipi1.raise();
  assert.equal(c.pending(1), 0x4000);
  assert.equal(c.pending(0), 0);
  assert.deepEqual(changes, ['0:800', '0:0', '1:4000'], 'the listener hears only changes of a pending word');
});

test('lines are checked: IP2..IP6 only, existing CPUs, unique names', () => {
  const c = new InterruptController(1);
  assert.throws(() => c.line('x', 0, 7), /IP7/);
  assert.throws(() => c.line('x', 0, 1), /IP1/);
  assert.throws(() => c.line('x', 1, 2), /no CPU 1/);
  c.line('x', 0, 2);
  assert.throws(() => c.line('x', 0, 3), /already exists/);
});

test('line levels save and restore', () => {
  const c = new InterruptController(1);
  const a = c.line('a', 0, 2);
  c.line('b', 0, 4);
  a.raise();
  const s = c.saveState();
  a.lower();
  c.loadState(s);
  assert.equal(c.pending(0), 0x400);
  assert.deepEqual(c.lines().map((l) => [l.name, l.level]), [['a', true], ['b', false]]);
});
