// Debugger memory access on the guest OS under the monitor (examples/multi-vm, run 300 000
// instructions) and on the bare machine: reads equal the assembled kernel image, change nothing,
// name what they cannot read; writes go through the pmap and break copy-on-write sharing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMemory, writeMemory } from '../../../debug-adapter/debugger/memory';
import type { DebugTarget } from '../../../debug-adapter/debugger/target';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { bareKernelElf, bareTarget, monitorTargetAfter } from '../../support/debugTargets';

const multiVm = monitorTargetAfter('examples/multi-vm/multi-vm.disco.json', 300_000);

function text(t: DebugTarget, i = 0): { addr: number; data: Uint8Array } {
  const sec = t.images[i]?.elf?.sections.find((s) => s.name === '.text');
  assert.ok(sec);
  return { addr: sec.addr >>> 0, data: sec.data };
}

const thread = (t: DebugTarget, name: string) => {
  const th = t.threads.find((x) => x.name === name);
  assert.ok(th, name);
  return th;
};

test('kernel text read through a vCPU equals the assembled image, in every address space', () => {
  const t = multiVm();
  const th = thread(t, 'server · vcpu0');
  const { addr, data } = text(t);
  const v = readMemory(t, 'virtual', addr, data.length, th);
  assert.deepEqual(v.unreadable, []);
  assert.deepEqual(v.bytes, data);
  const g = readMemory(t, 'guest-physical', addr - 0xc0000000, data.length, th);
  assert.deepEqual(g.bytes, data);
  const gppn = (addr - 0xc0000000) / 4096;
  const mppn = th.vm?.pmap.mppn[gppn] as number;
  assert.deepEqual(readMemory(t, 'machine', mppn * 4096, 4096).bytes, data.subarray(0, 4096));
  // A vCPU that waits (not on a CPU) sees the same through its VM's tables.
  const idle = thread(t, 'worker · vcpu1');
  assert.equal(t.cpuOf(idle), undefined);
  assert.deepEqual(readMemory(t, 'virtual', addr, 64, idle).bytes, text(t, 2).data.subarray(0, 64));
});

test('reads change nothing: no page allocated, no TLB filled, no device touched', () => {
  const t = multiVm();
  const mon = t.monitor;
  assert.ok(mon);
  const before = JSON.stringify(mon.snapshot());
  const devices = JSON.stringify(t.machine.board.bus.saveState());
  for (const th of t.threads) {
    readMemory(t, 'virtual', 0xc0000000, 0x10000, th);
    readMemory(t, 'virtual', 0x00400000, 0x8000, th);
    readMemory(t, 'guest-physical', 0xe00000, 0x2000, th);
  }
  readMemory(t, 'machine', 0x1f000000, 0x40000);
  assert.equal(JSON.stringify(mon.snapshot()), before);
  assert.equal(JSON.stringify(t.machine.board.bus.saveState()), devices);
});

test('unreadable ranges are named and read as zero', () => {
  const t = multiVm();
  const th = thread(t, 'server · vcpu0');
  const mppn = th.vm?.pmap.mppn ?? new Int32Array();
  const edge = mppn.findIndex((m, i) => i > 0 && m === -1 && (mppn[i - 1] as number) >= 0);
  assert.ok(edge > 0);
  const g = readMemory(t, 'guest-physical', edge * 4096 - 8, 16, th);
  assert.deepEqual(g.unreadable.map((u) => [u.offset, u.length]), [[8, 8]]);
  assert.match(g.unreadable[0]?.reason ?? '', /never touched/);
  assert.deepEqual([...g.bytes.subarray(8)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.match(readMemory(t, 'guest-physical', 16 << 20, 4, th).unreadable[0]?.reason ?? '', /beyond server's 16 MB/);
  assert.match(readMemory(t, 'virtual', 0x80001000, 4, th).unreadable[0]?.reason ?? '', /kseg0\/kseg1/);
  assert.match(readMemory(t, 'virtual', 0xc1000000, 4, th).unreadable[0]?.reason ?? '', /reserved by the monitor/);
  assert.match(readMemory(t, 'machine', 96 << 20, 4).unreadable[0]?.reason ?? '', /neither RAM nor a device/);
});

test('device registers read through peek: the machine-info magic is "DISC"', () => {
  const t = multiVm();
  const r = readMemory(t, 'machine', 0x1f010000, 4);
  assert.deepEqual(r.unreadable, []);
  assert.equal(new TextDecoder().decode(r.bytes), 'DISC');
});

test('writes reach the guest, allocate on first touch and never write a page another VM shares', () => {
  const t = multiVm();
  const server = thread(t, 'server · vcpu0');
  const client = thread(t, 'client · vcpu0');
  const sv = server.vm;
  const cv = client.vm;
  assert.ok(sv && cv);
  // First touch through a write: the page gets a machine page holding the bytes.
  assert.equal(sv.pmap.mppn[0xa00], -1);
  assert.deepEqual(writeMemory(t, 'guest-physical', 0xa00000, Uint8Array.of(1, 2, 3, 4), server), { written: 4, error: undefined });
  const m = sv.pmap.mppn[0xa00] as number;
  assert.ok(m >= 0);
  assert.deepEqual([...readMemory(t, 'machine', m * 4096, 4).bytes], [1, 2, 3, 4]);
  // Share it copy-on-write into the client, then write through the client's kernel window.
  sv.pmap.makeReadOnly(0xa00);
  cv.pmap.shareInto(0xb00, m);
  assert.equal(t.monitor?.core.memmap.refCount(m), 2);
  const w = writeMemory(t, 'virtual', 0xc0b00000, Uint8Array.of(9, 9), client);
  assert.deepEqual(w, { written: 2, error: undefined });
  assert.notEqual(cv.pmap.mppn[0xb00], m);
  assert.deepEqual([...readMemory(t, 'guest-physical', 0xb00000, 4, client).bytes], [9, 9, 3, 4]);
  assert.deepEqual([...readMemory(t, 'guest-physical', 0xa00000, 4, server).bytes], [1, 2, 3, 4]);
  assert.equal(t.monitor?.core.memmap.refCount(m), 1);
});

test('bad requests are UserErrors; device registers are not written', () => {
  const t = multiVm();
  assert.throws(() => readMemory(t, 'machine', 0, -1), UserError);
  assert.throws(() => readMemory(t, 'machine', 1.5, 4), UserError);
  assert.throws(() => readMemory(t, 'guest-physical', 0, 4), /need a thread/);
  assert.throws(() => readMemory(t, 'virtual', 0, 4), /need a thread/);
  assert.match(writeMemory(t, 'machine', 0x1f010000, Uint8Array.of(0)).error ?? '', /not RAM/);
});

test('bare machine: kseg0 reads the loaded kernel, writes land in machine memory', () => {
  const elf = bareKernelElf('guest/kernel/kernel.S');
  const t = bareTarget(elf, 2);
  t.machine.run(100_000);
  const sec = elf.sections.find((s) => s.name === '.text');
  assert.ok(sec);
  const cpu0 = t.threads[0];
  assert.ok(cpu0);
  assert.deepEqual(readMemory(t, 'virtual', sec.addr, sec.size, cpu0).bytes, sec.data);
  assert.deepEqual(readMemory(t, 'virtual', (sec.addr | 0x20000000) >>> 0, 16, cpu0).bytes, sec.data.subarray(0, 16));
  assert.throws(() => readMemory(t, 'guest-physical', 0, 4, cpu0), /bare machine/);
  assert.equal(writeMemory(t, 'virtual', 0x80400000, Uint8Array.of(7, 8), cpu0).error, undefined);
  assert.deepEqual([...readMemory(t, 'machine', 0x400000, 2).bytes], [7, 8]);
});
