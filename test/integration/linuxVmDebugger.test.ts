// The debugger over Linux VMs (examples/linux-vm): a breakpoint on start_kernel, resolved in each
// Linux VM's own System.map as a function breakpoint is, stops each Linux VM there in turn with
// its vCPU's pc at the symbol, and reverse execution returns exactly to the first stop (and a
// restore in the middle of the kernels' console output runs on exactly as before); the
// views show each Linux VM's pmap (the kernel image's pages, shared read-only between the two
// VMs) and its virtual TLB, which is the guest TLB the virtualization assist runs on. Needs
// `disco fetch linux` (.cache/linux).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, type ExecStop } from '../../debug-adapter/debugger/execution';
import { tlbView } from '../../debug-adapter/debugger/tlbView';
import { PMAP_SHARED, PMAP_WRITABLE } from '../../debug-adapter/debugger/viewModels';
import { pmapPage, vmsTree } from '../../debug-adapter/debugger/views';
import { monitorTarget } from '../support/debugTargets';
import { stateHash } from '../support/stateHash';

const CONFIG = 'examples/linux-vm/linux-vm.disco.json';
/** start_kernel comes after about 0.5 M instructions of each Linux VM. */
const BUDGET = 20_000_000;
/** Instructions run on from a saved state. */
const RUN = 4_000_000;
/** The kernel image's first guest page: loaded at guest-physical 0x00100000. */
const IMAGE_GPPN = 0x100;

test('start_kernel stops each Linux VM in turn; the views show its pmap and virtual TLB', { timeout: 120_000 }, () => {
  const t = monitorTarget(CONFIG);
  const at = (vm: string): number => {
    const a = t.symbols.addressOf('start_kernel', vm);
    assert.ok(a !== undefined, `start_kernel in ${vm}'s System.map`);
    return a | 0;
  };
  assert.equal(t.symbols.addressOf('start_kernel', 'worker'), undefined, 'the guest OS VM has no such symbol');
  const exec = new Execution(t, { snapshotEvery: 5_000_000 });
  exec.setBreakpoints([
    { space: 'virtual', address: at('linux1'), vm: 'linux1' },
    { space: 'virtual', address: at('linux2'), vm: 'linux2' },
  ]);
  const stopped: string[] = [];
  const stops: ExecStop[] = [];
  const states: string[] = [];
  for (let i = 0; i < 2; i++) {
    const s = exec.resume(BUDGET);
    assert.ok(s?.reason === 'breakpoint' && s.thread !== undefined, JSON.stringify(s, (k, v: unknown) => (k === 'thread' ? undefined : v)));
    const vm = s.thread.vm?.name as string;
    assert.equal(s.pc, at(vm));
    assert.equal(t.registerFile(s.thread).pc, at(vm), `${vm}'s vCPU is at start_kernel`);
    stopped.push(vm);
    stops.push(s);
    states.push(stateHash(t));
  }
  assert.deepEqual([...stopped].sort(), ['linux1', 'linux2'], 'each Linux VM stops there once');
  const back = exec.reverseContinue();
  assert.equal(back.reason, 'breakpoint', 'reverse execution finds the first stop');
  assert.equal(stateHash(t), states[0], 'and restores the state there, guest mode included');
  assert.deepEqual(exec.resume(BUDGET)?.reason, 'breakpoint', 'running on from there stops at the second again');
  assert.equal(stateHash(t), states[1]);
  // Saved state covers the Linux VMs' UARTs: from a point in their console output, two runs match.
  const m = t.monitor;
  assert.ok(m !== undefined);
  m.run(RUN);
  const saved = m.save();
  m.run(RUN);
  const after = stateHash(t);
  m.restore(saved);
  m.run(RUN);
  assert.equal(stateHash(t), after, 'the same run again after a restore');

  const tree = vmsTree(t);
  assert.deepEqual(tree.vms.map((v) => v.name), ['linux1', 'linux2', 'worker']);
  const p1 = pmapPage(t, 'linux1', IMAGE_GPPN, 16);
  const p2 = pmapPage(t, 'linux2', IMAGE_GPPN, 16);
  assert.ok(p1.machinePage.every((m) => m >= 0), `linux1's kernel pages are mapped: ${p1.machinePage.join()}`);
  const shared = p1.machinePage.filter((m, i) => m === p2.machinePage[i]).length;
  assert.ok(shared > 0, 'the two kernels share image pages');
  p1.machinePage.forEach((m, i) => {
    const f = p1.flags[i] ?? 0;
    if (m === p2.machinePage[i]) assert.ok(f & PMAP_SHARED && !(f & PMAP_WRITABLE), `guest page 0x${(IMAGE_GPPN + i).toString(16)}: a page both VMs map is shared and read-only in the view`);
  });

  for (const s of stops) {
    assert.ok(s.reason === 'breakpoint' && s.thread !== undefined);
    const view = tlbView(t, s.thread);
    assert.equal(view.vm, s.thread.vm?.name);
    assert.equal(view.virtualTlb.length, 48, 'the guest TLB has the machine TLB size');
  }
});
