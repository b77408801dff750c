import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IP_IPI } from '../../../../debug-adapter/machine/devices/interrupts';
import { InterProcessorInterrupts, IPI_REGISTERS as R } from '../../../../debug-adapter/machine/devices/ipi';
import { regs, rig } from './fixtures';

function ipiRig(cpus: number) {
  const { irq } = rig(cpus);
  const ipi = new InterProcessorInterrupts({ base: 0x1f013000, bigEndian: true, irqs: Array.from({ length: cpus }, (_, i) => irq.line(`ipi.cpu${i}`, i, IP_IPI)) });
  const pendingCpus = () => Array.from({ length: cpus }, (_, i) => (irq.pending(i) ? i : -1)).filter((i) => i >= 0);
  return { ipi, irq, pendingCpus, cpu: (n: number) => regs(ipi, n) };
}

test('IPI_SEND raises one CPU, IPI_SEND_MASK several; each CPU acks its own', () => {
  const t = ipiRig(4);
  t.cpu(0).w(R.SEND, 2);
  assert.deepEqual(t.pendingCpus(), [2]);
  assert.equal(t.irq.pending(2), 1 << (8 + IP_IPI));
  t.cpu(2).w(R.SEND_MASK, 0b1011);
  assert.deepEqual(t.pendingCpus(), [0, 1, 2, 3]);
  assert.equal(t.cpu(1).r(R.STATUS), 1);
  assert.equal(t.cpu(0).r(R.PENDING_MASK), 0b1111);
  t.cpu(1).w(R.ACK, 0);
  assert.equal(t.cpu(1).r(R.STATUS), 0);
  assert.deepEqual(t.pendingCpus(), [0, 2, 3]);
  t.cpu(0).w(R.CPU_BASE + 3 * R.CPU_STRIDE, 1);
  assert.deepEqual(t.pendingCpus(), [0, 2]);
  assert.equal(t.cpu(0).r(R.CPU_BASE + 2 * R.CPU_STRIDE), 1);
  assert.deepEqual(t.ipi.sentCounts, [1, 1, 1, 1]);
});

test('CPUs that do not exist are ignored; unknown offsets are bus errors', () => {
  const t = ipiRig(2);
  t.cpu(0).w(R.SEND, 5);
  t.cpu(0).w(R.SEND_MASK, 0xfffffffc);
  assert.deepEqual(t.pendingCpus(), []);
  assert.equal(t.ipi.read(R.CPU_BASE + 2 * 4, 4, 0), undefined);
  assert.equal(t.ipi.write(R.STATUS, 4, 1, 0), false);
  const all = ipiRig(32);
  all.cpu(0).w(R.SEND, 31);
  all.cpu(0).w(R.SEND_MASK, 1);
  assert.equal(all.cpu(0).r(R.PENDING_MASK), 0x80000001);
});

test('IPI save, modify, restore', () => {
  const t = ipiRig(3);
  t.cpu(0).w(R.SEND_MASK, 0b101);
  const s = JSON.parse(JSON.stringify(t.ipi.saveState()));
  t.cpu(0).w(R.ACK, 0);
  t.cpu(1).w(R.SEND, 1);
  t.ipi.loadState(s);
  assert.deepEqual(t.pendingCpus(), [0, 2]);
  t.ipi.reset();
  assert.deepEqual(t.pendingCpus(), []);
});
