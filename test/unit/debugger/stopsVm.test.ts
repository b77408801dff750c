// Engine stops under the Disco monitor (debugger/execution.ts over two VMs running
// test/fixtures/debugger/stopsVm.S, whose order of events is known by design): a machine-address
// breakpoint on a kernel page both VMs share stops each VM that runs that machine page, exception stops are
// the exceptions reflected to the guest (its virtual EPC/Cause/BadVAddr set, at its own vector),
// guest-physical breakpoints and watchpoints stop the named VM only, set before a page's first
// touch or after it, event stops carry the event's fields, and reverseContinue lands exactly on
// each earlier stop.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, type ExecStop } from '../../../debug-adapter/debugger/execution';
import type { DebugTarget, DebugThread } from '../../../debug-adapter/debugger/target';
import { guestPhysicalToMachine } from '../../../debug-adapter/debugger/translate';
import type { Vm } from '../../../debug-adapter/monitor/vm';
import { monitorTarget } from '../../support/debugTargets';
import { stateHash } from '../../support/stateHash';

const CONFIG = 'test/fixtures/debugger/stopsVm.disco.json';
const BUDGET = 2_000_000;
const OPTS = { timeout: 30_000 };
/** The guest's kseg0 replacement (docs/guest-abi.md §2) and the kernel's untouched pages. */
const GUEST_KSEG0 = 0xc0000000;
const TRAMP_GPA = 0x380000;
const TOUCH_GPA = 0x300000;
// ExcCodes of the MIPS32 manual.
const SYS = 8;
const BP = 9;
const TLBL = 2;
/** Both VMs halted with code 0 (MC_HALT). */
const ENDED = { reason: 'ended', code: 0 };

function sym(t: DebugTarget, name: string, vm = 'a'): number {
  const a = t.symbols.addressOf(name, vm);
  assert.ok(a !== undefined, name);
  return a | 0;
}

function vm(t: DebugTarget, name: string): Vm {
  const v = t.monitor?.vms.find((x) => x.name === name);
  assert.ok(v !== undefined, name);
  return v;
}

function show(s: ExecStop | undefined): string {
  return JSON.stringify(s, (k, v: unknown) => (k === 'thread' ? (v as DebugThread | undefined)?.name : v));
}

function vmOf(s: ExecStop | undefined): string | undefined {
  return s !== undefined && 'thread' in s ? s.thread?.vm?.name : undefined;
}

test('a machine-address breakpoint on a kernel text page both VMs share stops each VM that runs that machine page', OPTS, () => {
  const t = monitorTarget(CONFIG);
  const common = sym(t, 'common');
  const gpa = (common >>> 0) - GUEST_KSEG0;
  const ma = guestPhysicalToMachine(vm(t, 'b'), gpa).machine;
  assert.ok(ma !== undefined);
  assert.equal(guestPhysicalToMachine(vm(t, 'a'), gpa).machine, ma, 'the kernel image cache maps one machine page into both VMs');
  const exec = new Execution(t, { snapshotEvery: 2_000 });
  exec.setBreakpoints([{ space: 'machine', address: ma }]);
  const stopped: string[] = [];
  let at = '';
  for (;;) {
    const s = exec.resume(BUDGET);
    if (s?.reason !== 'breakpoint') {
      assert.deepEqual(s, ENDED);
      break;
    }
    assert.equal(s.pc, common, show(s));
    stopped.push(vmOf(s) ?? '?');
    at = stateHash(t);
    assert.ok(stopped.length <= 2, 'common runs once in each VM');
  }
  assert.deepEqual([...stopped].sort(), ['a', 'b']);
  assert.equal(exec.reverseContinue().reason, 'breakpoint');
  assert.equal(stateHash(t), at);
});

test('exception stops under the monitor are the reflected exceptions: the vCPU at its vector with virtual EPC/Cause/BadVAddr', OPTS, () => {
  const t = monitorTarget(CONFIG);
  const exec = new Execution(t, { snapshotEvery: 2_000 });
  exec.setExceptionStops(new Set([SYS, BP, TLBL]));
  const seen = new Map<string, number[]>([['a', []], ['b', []]]);
  const states: { state: string; excCode: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const s = exec.resume(BUDGET);
    assert.ok(s?.reason === 'exception', show(s));
    const name = vmOf(s) as string;
    const v = s.thread.vcpu;
    assert.ok(v !== undefined);
    const site = { [SYS]: 'sys_site', [BP]: 'break_site', [TLBL]: 'refill_site' }[s.excCode] as string;
    const vectors = sym(t, 'vectors', name);
    assert.equal(t.registerFile(s.thread).pc, s.excCode === TLBL ? vectors : (vectors + 0x180) | 0, `${name} at its vector`);
    assert.equal(v.cp0.epc | 0, sym(t, site, name));
    assert.equal((v.cp0.cause >>> 2) & 31, s.excCode);
    if (s.excCode === TLBL) assert.equal(v.cp0.badVAddr, 0x1000);
    const list = seen.get(name) as number[];
    assert.equal(t.registerFile(s.thread).gpr[23], list.length, 'the guest handler has not begun');
    list.push(s.excCode);
    states.push({ state: stateHash(t), excCode: s.excCode });
  }
  assert.deepEqual(Object.fromEntries(seen), { a: [SYS, BP, TLBL], b: [SYS, BP, TLBL] });
  assert.deepEqual(exec.resume(BUDGET), ENDED);
  for (let i = states.length - 1; i >= 0; i--) {
    const back = exec.reverseContinue();
    assert.ok(back.reason === 'exception' && back.excCode === states[i]?.excCode, show(back));
    assert.equal(stateHash(t), states[i]?.state, `reflected exception ${i}`);
  }
  assert.equal(exec.reverseContinue().reason, 'history-start');
});

test('a vCPU\'s instruction step over a Syscall stops at the guest\'s vector before its handler; stepBack returns exactly', OPTS, () => {
  const t = monitorTarget(CONFIG);
  const exec = new Execution(t, { snapshotEvery: 500 });
  const site = sym(t, 'sys_site', 'b');
  exec.setBreakpoints([{ space: 'virtual', address: site, vm: 'b' }]);
  const s = exec.resume(BUDGET);
  assert.ok(s?.reason === 'breakpoint', show(s));
  const th = s.thread;
  const before = stateHash(t);
  assert.equal(exec.stepInstruction(th, false).reason, 'step');
  const v = th.vcpu;
  assert.ok(v !== undefined);
  const regs = t.registerFile(th);
  assert.deepEqual([regs.pc, v.cp0.epc | 0, (v.cp0.cause >>> 2) & 31, regs.gpr[23]], [(sym(t, 'vectors', 'b') + 0x180) | 0, site, SYS, 0]);
  exec.stepInstruction(th, false);
  assert.equal(t.registerFile(th).pc, (sym(t, 'vectors', 'b') + 0x184) | 0, 'the handler\'s first instruction ran');
  exec.stepBack(th);
  exec.stepBack(th);
  assert.equal(stateHash(t), before);
});

test('a guest-physical breakpoint on a page not yet touched waits for its allocation and stops that VM only', OPTS, () => {
  const t = monitorTarget(CONFIG);
  assert.equal(guestPhysicalToMachine(vm(t, 'a'), TRAMP_GPA).machine, undefined, 'untouched at the start');
  const exec = new Execution(t, { snapshotEvery: 2_000 });
  exec.setBreakpoints([{ space: 'guest-physical', address: TRAMP_GPA, vm: 'a' }]);
  const s = exec.resume(BUDGET);
  assert.ok(s?.reason === 'breakpoint', show(s));
  assert.equal(vmOf(s), 'a');
  assert.equal(s.pc >>> 0, GUEST_KSEG0 + TRAMP_GPA);
  assert.equal(t.registerFile(s.thread).gpr[19], 0, 'tramp has not run yet');
  const at = stateHash(t);
  assert.deepEqual(exec.resume(BUDGET), ENDED, 'VM b runs the same code at its own TRAMP_GPA without stopping');
  assert.equal(exec.reverseContinue().reason, 'breakpoint');
  assert.equal(stateHash(t), at);
  // Both VMs: one stop each.
  const u = monitorTarget(CONFIG);
  const ue = new Execution(u);
  ue.setBreakpoints([{ space: 'guest-physical', address: TRAMP_GPA }]);
  const names = [vmOf(ue.resume(BUDGET)), vmOf(ue.resume(BUDGET))].sort();
  assert.deepEqual(names, ['a', 'b']);
  assert.deepEqual(ue.resume(BUDGET), ENDED);
});

test('guest-physical watchpoints before and after the page\'s first touch stop the named VM\'s store only', OPTS, () => {
  const t = monitorTarget(CONFIG);
  const exec = new Execution(t, { snapshotEvery: 2_000 });
  exec.setWatchpoints([{ space: 'guest-physical', address: TOUCH_GPA, length: 4, read: false, write: true, vm: 'b' }]);
  const first = exec.resume(BUDGET);
  assert.ok(first?.reason === 'watchpoint', show(first));
  assert.deepEqual({ vm: vmOf(first), by: first.by, space: first.space, address: first.address, write: first.write }, { vm: 'b', by: 'cpu', space: 'guest-physical', address: TOUCH_GPA, write: true });
  assert.equal(t.registerFile(first.thread as DebugThread).pc, sym(t, 'sys_site', 'b'), 'stopped after the store');
  const firstState = stateHash(t);
  // The page is touched now: a watchpoint on its second word stops VM b's later store.
  exec.setWatchpoints([{ space: 'guest-physical', address: TOUCH_GPA + 4, length: 4, read: false, write: true, vm: 'b' }]);
  const second = exec.resume(BUDGET);
  assert.ok(second?.reason === 'watchpoint', show(second));
  assert.equal(vmOf(second), 'b');
  assert.equal(second.address, TOUCH_GPA + 4);
  const mb = guestPhysicalToMachine(vm(t, 'b'), TOUCH_GPA).machine as number;
  assert.equal(t.machine.memory.read32(mb + 4), 3, 'VM b handled three exceptions');
  const secondState = stateHash(t);
  assert.deepEqual(exec.resume(BUDGET), ENDED);
  assert.equal(exec.reverseContinue().reason, 'watchpoint');
  assert.equal(stateHash(t), secondState);
  exec.setWatchpoints([{ space: 'guest-physical', address: TOUCH_GPA, length: 4, read: false, write: true, vm: 'b' }]);
  assert.equal(exec.reverseContinue().reason, 'watchpoint');
  assert.equal(stateHash(t), firstState);
});

test('event stops carry the event\'s fields: emulate (instruction), reflect (excCode), monitor-call (its name), page-alloc', OPTS, () => {
  const t = monitorTarget(CONFIG);
  const exec = new Execution(t, { snapshotEvery: 2_000 });
  const firsts: { kind: string; vm: string | undefined; excCode?: number; instruction?: string }[] = [];
  for (const kind of ['emulate', 'page-alloc', 'reflect', 'monitor-call'] as const) {
    exec.setEventStops(new Set([kind]));
    const s = exec.resume(BUDGET);
    assert.ok(s?.reason === 'event', show(s));
    assert.equal(s.event.kind, kind);
    if (kind === 'page-alloc') {
      // The first page the kernel touches is TRAMP_GPA: mapped now in the stopping VM, TOUCH_GPA not yet.
      const where = vm(t, vmOf(s) ?? '?');
      assert.notEqual(guestPhysicalToMachine(where, TRAMP_GPA).machine, undefined);
      assert.equal(guestPhysicalToMachine(where, TOUCH_GPA).machine, undefined);
    }
    firsts.push({ kind, vm: vmOf(s), ...(s.event.excCode === undefined ? {} : { excCode: s.event.excCode }), ...(s.event.instruction === undefined ? {} : { instruction: s.event.instruction }) });
  }
  const emulate = firsts[0];
  assert.deepEqual({ instruction: emulate?.instruction, excCode: emulate?.excCode }, { instruction: 'MTC0', excCode: undefined }, 'the MTC0 to EBase');
  assert.equal(firsts[2]?.excCode, SYS, 'the first reflected exception is the Syscall');
  assert.equal(firsts[3]?.instruction, 'MC_CLOCK_READ');
});

test('reverseContinue through every event stop lands on each, state for state', OPTS, () => {
  const t = monitorTarget(CONFIG);
  const exec = new Execution(t, { snapshotEvery: 2_000 });
  exec.setEventStops(new Set(['emulate', 'page-alloc', 'reflect', 'monitor-call']));
  const forward: { kind: string; state: string }[] = [];
  for (;;) {
    const s = exec.resume(BUDGET);
    if (s?.reason !== 'event') {
      assert.deepEqual(s, ENDED);
      break;
    }
    forward.push({ kind: s.event.kind, state: stateHash(t) });
  }
  assert.deepEqual([...new Set(forward.map((f) => f.kind))].sort(), ['emulate', 'monitor-call', 'page-alloc', 'reflect']);
  for (let i = forward.length - 1; i >= 0; i--) {
    const back = exec.reverseContinue();
    assert.ok(back.reason === 'event' && back.event.kind === forward[i]?.kind, show(back));
    assert.equal(stateHash(t), forward[i]?.state, `event stop ${i} of ${forward.length}`);
  }
  assert.equal(exec.reverseContinue().reason, 'history-start');
});
