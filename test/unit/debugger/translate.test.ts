// Translation chains on the guest OS under the monitor (examples/multi-vm run 300 000
// instructions) checked against the pmap, the memmap and the machine's own MMU probe, and on the
// bare machine against the segment map; nothing is refilled or allocated.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMemory } from '../../../debug-adapter/debugger/memory';
import type { DebugTarget, DebugThread } from '../../../debug-adapter/debugger/target';
import { machinePageUsers, translateVirtual } from '../../../debug-adapter/debugger/translate';
import { bareKernelElf, bareTarget, monitorTargetAfter } from '../../support/debugTargets';

/** A thread whose physical CPU runs guest user code (the vCPU record's Status may lag behind its special page). */
const userThread = (t: DebugTarget): DebugThread | undefined => t.threads.find((x) => ((t.cpuOf(x)?.cp0.status ?? 0) & 0x18) === 0x10);
const multiVm = monitorTargetAfter('examples/multi-vm/multi-vm.disco.json', 300_000, (t) => userThread(t) !== undefined);

function userOnCpu(t: DebugTarget): DebugThread {
  const th = userThread(t);
  assert.ok(th);
  return th;
}

test('kernel window: va - 0xC0000000 is the guest-physical address, the pmap gives the machine page, the memmap lists the VM', () => {
  const t = multiVm();
  for (const th of t.threads) {
    const vm = th.vm;
    assert.ok(vm);
    const va = 0xc0100024;
    const tr = translateVirtual(t, th, va);
    assert.equal(tr.notMapped, undefined);
    assert.deepEqual(tr.steps.map((s) => s.via.kind), ['kernel-window', 'pmap']);
    assert.equal(tr.guestPhysical, 0x100024);
    const mppn = vm.pmap.mppn[0x100] as number;
    assert.equal(tr.machine, mppn * 4096 + 0x24);
    const users = machinePageUsers(t, mppn);
    assert.ok(users.users.some((u) => u.vm === vm.name && u.gppn === 0x100));
    assert.equal(users.node, t.machine.nodeOf(mppn * 4096));
  }
});

test('a user address of a vCPU on a CPU: guest entry, pmap and the hardware TLB agree with the MMU probe', () => {
  const t = multiVm();
  const th = userOnCpu(t);
  const cpu = t.cpuOf(th);
  assert.ok(cpu);
  const pc = t.registerFile(th).pc;
  const tr = translateVirtual(t, th, pc);
  assert.equal(tr.notMapped, undefined);
  assert.match(tr.steps[0]?.via.kind ?? '', /^(l2tlb|virtual-tlb)$/);
  assert.equal(tr.steps[1]?.via.kind, 'pmap');
  // The CPU just fetched pc: its TLB holds the page and the machine's probe finds the same address.
  assert.equal(tr.machine, t.machine.probe(cpu.index, pc));
  assert.equal(tr.hardwareTlb?.machine, tr.machine);
  assert.equal(tr.hardwareTlb?.cpu, cpu.index);
  assert.equal(tr.asid, (th.vcpu?.cp0.entryHi ?? 0) & 0xff);
  assert.equal(Math.floor((tr.machine as number) / 4096), th.vm?.pmap.mppn[Math.floor((tr.guestPhysical as number) / 4096)]);
});

test('the special page maps to the vCPU\'s machine page, which holds SP_MAGIC', () => {
  const t = multiVm();
  const th = t.threads[0];
  assert.ok(th?.vcpu);
  const tr = translateVirtual(t, th, 0xdffff000);
  assert.deepEqual(tr.steps.map((s) => s.via.kind), ['special-page']);
  assert.equal(tr.machine, th.vcpu.specialMppn * 4096);
  assert.equal(tr.guestPhysical, undefined);
  assert.deepEqual([...readMemory(t, 'virtual', 0xdffff000, 4, th).bytes], [0xd1, 0x5c, 0x0d, 0xe5]);
  assert.deepEqual(machinePageUsers(t, th.vcpu.specialMppn).users, [{ vm: th.vm?.name, gppn: undefined, vcpu: th.vcpu.id, label: `${th.vm?.name}:special` }]);
});

test('unmapped addresses say why and change nothing', () => {
  const t = multiVm();
  const th = userOnCpu(t);
  const before = JSON.stringify(t.monitor?.snapshot());
  const tr = translateVirtual(t, th, 0x7f000000);
  assert.equal(tr.machine, undefined);
  assert.match(tr.notMapped ?? '', /no guest TLB entry maps 0x7f000000/);
  assert.match(translateVirtual(t, th, 0xdfffe000).notMapped ?? '', /reserved by the monitor/);
  assert.equal(JSON.stringify(t.monitor?.snapshot()), before);
  assert.throws(() => machinePageUsers(t, -1), RangeError);
});

test('bare machine: kseg0 and kseg1 are unmapped windows onto the low 512 MB', () => {
  const t = bareTarget(bareKernelElf('guest/kernel/kernel.S'), 1);
  t.machine.run(50_000);
  const th = t.threads[0];
  assert.ok(th);
  const k0 = translateVirtual(t, th, 0x80100010);
  assert.deepEqual(k0.steps.map((s) => s.via), [{ kind: 'segment', segment: 'kseg0' }]);
  assert.equal(k0.machine, 0x100010);
  assert.equal(k0.machine, t.machine.probe(0, 0x80100010));
  assert.equal(translateVirtual(t, th, 0xbf010000).machine, 0x1f010000);
  assert.match(translateVirtual(t, th, 0x00400000).notMapped ?? '', /no TLB entry of CPU 0/);
  assert.deepEqual(machinePageUsers(t, 0x100).users, []);
});
