// Register scopes and register writes on the guest OS under the monitor (examples/multi-vm run
// 300 000 instructions) and on the bare machine: values where the registers live, CP0 fields
// decoded as the MIPS manual names them, the special page's view of the virtual CP0, and writes
// with clear errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeFields, statusFields } from '../../../debug-adapter/debugger/cp0Fields';
import { readMemory } from '../../../debug-adapter/debugger/memory';
import { registerScopes, setRegister, type RegisterScope, type RegisterVariable } from '../../../debug-adapter/debugger/registers';
import type { DebugTarget, DebugThread } from '../../../debug-adapter/debugger/target';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { bareKernelElf, bareTarget, monitorTargetAfter } from '../../support/debugTargets';

/** KSU of the physical CPU running a thread (-1 when none does): 0x10 user, 0x08 supervisor. */
const cpuMode = (t: DebugTarget, x: DebugThread): number => (t.cpuOf(x)?.cp0.status ?? -1) & 0x18;
// A point where one vCPU runs guest user code and another the guest kernel.
const multiVm = monitorTargetAfter('examples/multi-vm/multi-vm.disco.json', 300_000, (t) => t.threads.some((x) => cpuMode(t, x) === 0x10) && t.threads.some((x) => cpuMode(t, x) === 0x08));

function find(list: readonly RegisterVariable[] | undefined, name: string): RegisterVariable {
  const v = list?.find((x) => x.name === name);
  assert.ok(v, name);
  return v;
}

function scope(scopes: readonly RegisterScope[], name: string): readonly RegisterVariable[] {
  const s = scopes.find((x) => x.name.startsWith(name));
  assert.ok(s, name);
  return s.variables;
}

/** A vCPU of the VM that runs on a CPU now in the given guest mode (by its virtual Status.KSU). */
function onCpu(t: DebugTarget, user: boolean): DebugThread {
  // The physical CPU's mode tells (the vCPU record's Status may lag behind its special page):
  // the monitor runs guest user code in user mode and the guest kernel in supervisor mode.
  const th = t.threads.find((x) => cpuMode(t, x) === (user ? 0x10 : 0x08));
  assert.ok(th, user ? 'a vCPU in user mode on a CPU' : 'a vCPU in kernel mode on a CPU');
  return th;
}

test('general registers are the ones of the CPU running the vCPU, by ABI name', () => {
  const t = multiVm();
  for (const th of t.threads) {
    const cpu = t.cpuOf(th);
    const gpr = cpu?.state.gpr ?? th.vcpu?.gpr;
    assert.ok(gpr);
    const regs = scope(registerScopes(t, th), 'Registers');
    assert.equal(find(regs, '$sp').raw, (gpr[29] as number) >>> 0);
    assert.equal(find(regs, '$ra').raw, (gpr[31] as number) >>> 0);
    assert.equal(find(regs, '$a0').raw, (gpr[4] as number) >>> 0);
    assert.equal(find(regs, '$zero').writable, false);
    assert.equal(find(regs, 'pc').raw, ((cpu?.state.pc ?? th.vcpu?.pc) as number) >>> 0);
  }
});

test('virtual Status says user or kernel as the guest set it; the physical CPU runs the guest kernel in supervisor mode', () => {
  const t = multiVm();
  const user = registerScopes(t, onCpu(t, true));
  const vStatus = find(scope(user, 'Virtual CP0'), 'Status');
  assert.equal(vStatus.raw, 0xfc11); // STATUS_USER (0xfc13) after ERET cleared EXL
  assert.equal(find(vStatus.children, 'KSU').value, '2 (user)');
  assert.equal(find(vStatus.children, 'IE').value, '1');
  assert.equal(find(vStatus.children, 'IM7').value, '1');
  assert.equal(find(vStatus.children, 'IM1').value, '0');
  assert.equal(find(find(scope(user, 'CP0 (CPU'), 'Status').children, 'KSU').value, '2 (user)');
  const kernel = registerScopes(t, onCpu(t, false));
  assert.equal(find(find(scope(kernel, 'Virtual CP0'), 'Status').children, 'KSU').value, '0 (kernel)');
  assert.equal(find(find(scope(kernel, 'CP0 (CPU'), 'Status').children, 'KSU').value, '1 (supervisor)');
  assert.equal(find(scope(kernel, 'Virtual CP0'), 'PRId').raw, 0x00019300);
  assert.match(find(scope(kernel, 'Monitor'), 'physical CPU').value, /^running on CPU \d$/);
});

test('Status and Cause fields as the manual names them', () => {
  const cause = causeFields(0x80000024 | (1 << 15));
  assert.equal(find(cause, 'BD').value, '1');
  assert.equal(find(cause, 'ExcCode').value, '9 (Bp)');
  assert.equal(find(cause, 'IP7').value, '1');
  const status = statusFields(0x1000ff0b);
  assert.equal(find(status, 'CU0').value, '1');
  assert.equal(find(status, 'KSU').value, '1 (supervisor)');
  assert.equal(find(status, 'EXL').value, '1');
  assert.equal(find(status, 'ERL').value, '0');
});

test('a store the guest made to its special page shows in the virtual CP0 before the monitor loads it', () => {
  const t = multiVm();
  const th = onCpu(t, false);
  const v = th.vcpu;
  assert.ok(v);
  const cpu = t.cpuOf(th);
  assert.ok(cpu);
  const spEpc = v.specialMppn * 4096 + 0x48;
  const before = v.cp0.epc;
  t.machine.memory.write32(spEpc, 0x00401234);
  assert.equal(find(scope(registerScopes(t, th), 'Virtual CP0'), 'EPC').raw, 0x00401234);
  assert.equal(v.cp0.epc, before);
  t.machine.memory.write32(spEpc, before);
});

test('setRegister: GPRs, HI/LO, PC and virtual CP0 through MTC0 rules; clear errors otherwise', () => {
  const t = multiVm();
  const th = onCpu(t, false);
  const v = th.vcpu;
  const cpu = t.cpuOf(th);
  assert.ok(v && cpu);
  assert.equal(setRegister(t, th, '$t0', '0x1234').raw, 0x1234);
  assert.equal(cpu.state.gpr[8], 0x1234);
  setRegister(t, th, 'lo', -1);
  assert.equal(cpu.state.lo, -1);
  assert.throws(() => setRegister(t, th, '$zero', 1), /always 0/);
  assert.throws(() => setRegister(t, th, 'PRId', 1), /read-only/);
  assert.throws(() => setRegister(t, th, '$t0', 'twelve'), UserError);
  assert.throws(() => setRegister(t, th, '$t0', 2 ** 32), /32-bit/);
  assert.throws(() => setRegister(t, th, 'nosuch', 1), /no register named nosuch/);
  assert.throws(() => setRegister(t, th, 'pc', 0xc0100002), /word-aligned/);
  // EntryHi keeps VPN2 and ASID only; the special page shows the new value to the guest.
  const oldHi = v.cp0.entryHi;
  const r = setRegister(t, th, 'EntryHi', 0x12345fff);
  assert.equal(r.raw, 0x12344000 | 0xff);
  const page = readMemory(t, 'virtual', 0xdffff050, 4, th).bytes;
  assert.deepEqual([...page], [0x12, 0x34, 0x40, 0xff]);
  setRegister(t, th, 'EntryHi', oldHi);
});

test('FPU registers as hex, single and double', () => {
  const t = bareTarget(bareKernelElf('guest/kernel/kernel.S'), 1);
  const th = t.threads[0];
  assert.ok(th);
  const s = t.machine.cpus[0]?.state;
  assert.ok(s);
  s.fpr[0] = 0x3fc00000;
  s.fpr[2] = 0;
  s.fpr[3] = 0x3ff80000;
  const fpu = scope(registerScopes(t, th), 'FPU');
  assert.equal(find(fpu, '$f0').value, '0x3fc00000');
  assert.equal(find(find(fpu, '$f0').children, 'single').value, '1.5');
  assert.equal(find(find(fpu, '$f2').children, 'double').value, '1.5');
  assert.equal(find(fpu, '$f3').children?.length, 1);
});

test('bare CPU: its own CP0 is writable with MTC0 semantics and its TLB is listed', () => {
  const t = bareTarget(bareKernelElf('guest/kernel/kernel.S'), 1);
  const th = t.threads[0];
  assert.ok(th);
  const cpu = t.machine.cpus[0];
  assert.ok(cpu);
  const scopes = registerScopes(t, th);
  assert.deepEqual(scopes.map((s) => s.name), ['Registers', 'CP0', 'TLB', 'FPU']);
  assert.equal(scope(scopes, 'TLB').length, cpu.jtlb.size);
  // Reset state: BEV and ERL set, kernel mode (Vol. III §9.1).
  const status = find(scope(scopes, 'CP0'), 'Status');
  assert.equal(find(status.children, 'BEV').value, '1');
  assert.equal(find(status.children, 'ERL').value, '1');
  assert.equal(setRegister(t, th, 'EPC', 0x80100040).raw, 0x80100040);
  assert.equal(cpu.cp0.epc, 0x80100040 | 0);
  assert.equal(setRegister(t, th, 'Cause', 0xffffffff).raw, (1 << 23) | 0x300);
});
