// The view models on examples/multi-vm after 700,000 instructions (mid-run), each checked against
// the monitor's own tables and snapshot: pmap windows and summaries, the memmap, the TLB view
// (rows equal the virtual and hardware TLBs, a planted stale entry is a mismatch), the VM tree,
// and counter samples whose totals add up to the CPUs' clocks and monitor.stats().

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tlbView } from '../../../debug-adapter/debugger/tlbView';
import type { DebugTarget, DebugThread } from '../../../debug-adapter/debugger/target';
import {
  changedPages, decodePageSummary, MEMMAP_FREE, MEMMAP_SHARED, MEMMAP_SPECIAL, MEMMAP_VM, PMAP_COPY_ON_WRITE, PMAP_MAPPED,
  PMAP_NODE_SHIFT, PMAP_SHARED, PMAP_WRITABLE,
} from '../../../debug-adapter/debugger/viewModels';
import { counterSample, MAX_WINDOW, memmapPage, pmapPage, vmsTree } from '../../../debug-adapter/debugger/views';
import { MONITOR_USERS } from '../../../debug-adapter/debugger/pageUsers';
import { DISK_CACHE_VM } from '../../../debug-adapter/monitor/diskCache';
import { installPair } from '../../../debug-adapter/monitor/hwTlb';
import { KERNEL_IMAGE_VM } from '../../../debug-adapter/monitor/kernelImages';
import { type PageUser, REPLICA_VM } from '../../../debug-adapter/monitor/memmap';
import { MONITOR_DATA_VM } from '../../../debug-adapter/monitor/monitorData';
import type { MonitorSnapshot } from '../../../debug-adapter/monitor/snapshot';
import { NET_QUEUE_VM } from '../../../debug-adapter/monitor/vnet';
import type { DiscoMonitor } from '../../../debug-adapter/monitor/monitor';
import { monitorTarget } from '../../support/debugTargets';

let target: DebugTarget;
let mon: DiscoMonitor;

/** What the views must call a memmap user: a VM's page by the VM's name, the monitor's holders by what they are. */
function expectedLabel(snap: MonitorSnapshot, u: PageUser): string {
  const hex = (n: number): string => `0x${n.toString(16)}`;
  if (u.vm >= 0) return `${snap.vms[u.vm]?.name}:${u.gppn === -1 ? 'special' : hex(u.gppn)}`;
  switch (u.vm) {
    case DISK_CACHE_VM: return `disk cache (image ${u.gppn})`;
    case NET_QUEUE_VM: return `subnet queue (for ${snap.vms[u.gppn]?.name})`;
    case KERNEL_IMAGE_VM: return `kernel image cache (${hex(u.gppn)})`;
    case REPLICA_VM: return `replica of ${hex(u.gppn)}`;
    case MONITOR_DATA_VM: return 'monitor data';
  }
  throw new Error(`memmap user ${u.vm} has no name`);
}

before(() => {
  target = monitorTarget('examples/multi-vm/multi-vm.disco.json');
  mon = target.monitor as DiscoMonitor;
  mon.run(700_000);
});

test('pmap windows equal each VM\'s pmap; the summary covers every page', () => {
  for (const vm of mon.vms) {
    const w = pmapPage(target, vm.name, 0, vm.pmap.pages);
    assert.equal(w.pages, vm.pmap.pages);
    assert.equal(w.count, Math.min(vm.pmap.pages, MAX_WINDOW));
    assert.deepEqual(w.machinePage, Array.from(vm.pmap.mppn.subarray(0, w.count)));
    const mapped = Array.from(vm.pmap.mppn).filter((m) => m >= 0).length;
    assert.ok(mapped > 50, `${vm.name} touched ${mapped} pages`);
    w.machinePage.forEach((m, i) => {
      const f = w.flags[i] as number;
      assert.equal((f & PMAP_MAPPED) !== 0, m >= 0);
      assert.equal((f & PMAP_COPY_ON_WRITE) !== 0, vm.pmap.cow[i] === 1);
      if (m >= 0) assert.equal(w.node[i], mon.machine.nodeOf(m * 4096));
    });
    const bytes = decodePageSummary(w.summary);
    assert.equal(bytes.length, vm.pmap.pages);
    bytes.forEach((b, g) => {
      const m = vm.pmap.mppn[g] as number;
      assert.equal((b & PMAP_MAPPED) !== 0, m >= 0);
      if (m >= 0) assert.equal(b >> PMAP_NODE_SHIFT, mon.machine.nodeOf(m * 4096));
    });
  }
  const part = pmapPage(target, 'client', 0x100, 16);
  assert.deepEqual(part.machinePage, Array.from(mon.vms[1]?.pmap.mppn.subarray(0x100, 0x110) ?? []));
  assert.throws(() => pmapPage(target, 'nobody', 0, 1), /no VM named 'nobody' \(VMs: server, client, worker\)/);
  assert.throws(() => pmapPage(target, 'client', 1 << 20, 1), /first page/);
});

test('a page shared between VMs shows in both pmaps, the memmap and the changed pages', () => {
  const [client, worker] = [mon.vms[1], mon.vms[2]];
  assert.ok(client !== undefined && worker !== undefined);
  // A page only the client maps (its kernel text is shared with the other VMs already).
  const g = client.pmap.mppn.findIndex((m) => m >= 0 && mon.core.memmap.refCount(m) === 1);
  const m = client.pmap.mppn[g] as number;
  const label = `client:0x${g.toString(16)}`;
  const before = pmapPage(target, 'worker', 0, 1).summary;
  client.pmap.makeReadOnly(g);
  worker.pmap.shareInto(0x300, m);
  const w = pmapPage(target, 'worker', 0x300, 1);
  assert.equal(w.machinePage[0], m);
  assert.equal(w.flags[0], PMAP_MAPPED | PMAP_COPY_ON_WRITE | PMAP_SHARED);
  assert.deepEqual(w.sharedWith[0], [label]);
  assert.deepEqual(pmapPage(target, 'client', g, 1).sharedWith[0], ['worker:0x300']);
  assert.equal((pmapPage(target, 'client', g, 1).flags[0] as number) & PMAP_WRITABLE, 0);
  assert.deepEqual(changedPages(before, w.summary), [0x300, 0x301]);
  const mm = memmapPage(target, m, 1);
  assert.equal(mm.state[0], MEMMAP_SHARED);
  assert.deepEqual(mm.users[0], [label, 'worker:0x300']);
});

test('the monitor\'s own memmap users have readable names, each code its own', () => {
  assert.equal(new Set([DISK_CACHE_VM, NET_QUEUE_VM, KERNEL_IMAGE_VM, REPLICA_VM, MONITOR_DATA_VM]).size, 5, 'distinct codes');
  assert.deepEqual([...MONITOR_USERS.keys()].sort(), [DISK_CACHE_VM, NET_QUEUE_VM, KERNEL_IMAGE_VM, REPLICA_VM, MONITOR_DATA_VM].sort());
  const snap = mon.snapshot();
  const seen = new Set<number>();
  for (let first = 0; first < mon.core.memmap.pages; first += MAX_WINDOW) {
    const w = memmapPage(target, first, MAX_WINDOW);
    for (let i = 0; i < w.count; i++) {
      const users = mon.core.memmap.usersOf(first + i);
      for (const u of users) seen.add(Math.min(u.vm, 0));
      assert.deepEqual(w.users[i], users.map((u) => expectedLabel(snap, u)), `machine page ${first + i}`);
      for (const l of w.users[i] ?? []) assert.doesNotMatch(l, /^vm-?\d/);
    }
  }
  for (const code of [DISK_CACHE_VM, KERNEL_IMAGE_VM, MONITOR_DATA_VM]) assert.ok(seen.has(code), `a page held by user ${code} is in the run`);
  // A kernel text page shared by the three VMs names the cache in each VM's pmap view.
  const text = mon.vms[0]?.pmap.mppn[0x100] as number;
  assert.deepEqual(pmapPage(target, 'client', 0x100, 1).sharedWith[0], ['kernel image cache (0x100)', 'server:0x100', 'worker:0x100']);
  assert.equal(memmapPage(target, text, 1).state[0], MEMMAP_SHARED);
});

test('memmap windows and summary agree with the monitor snapshot', () => {
  const snap = mon.snapshot();
  const users = new Map(snap.memmap.map((e) => [e.mppn, e.users]));
  const all = memmapPage(target, 0, 1);
  const bytes = decodePageSummary(all.summary);
  assert.equal(bytes.length, mon.machine.memory.size / 4096);
  assert.equal(all.usedPages, snap.stats.machinePagesInUse);
  assert.equal(all.nodeStarts[0], 0);
  assert.equal(all.nodeStarts.at(-1), bytes.length);
  let shared = 0;
  bytes.forEach((b, p) => {
    const u = users.get(p) ?? [];
    if (u.length > 1) shared++;
    if (u.length === 0) assert.ok(b === MEMMAP_FREE || (p * 4096 >= mon.machine.memory.holeBase && p * 4096 < mon.machine.memory.holeEnd), `page ${p}`);
    else if (u.length > 1) assert.equal(b, MEMMAP_SHARED);
    else if (u[0]?.gppn === -1 || (u[0]?.vm ?? 0) < 0) assert.equal(b, MEMMAP_SPECIAL);
    else assert.equal(b, MEMMAP_VM + (u[0]?.vm ?? 0));
  });
  assert.equal(all.sharedPages, shared);
  const first = snap.memmap[0]?.mppn ?? 0;
  const w = memmapPage(target, first, 8);
  for (let i = 0; i < w.count; i++) {
    const u = users.get(first + i) ?? [];
    assert.deepEqual(w.users[i], u.map((x) => expectedLabel(snap, x)));
  }
});

test('the TLB view shows the virtual TLB, the hardware TLB and the L2TLB as the monitor holds them', () => {
  const snap = mon.snapshot();
  let checked = 0;
  for (const t of target.threads) {
    const view = tlbView(target, t);
    const vs = snap.vms.find((v) => v.name === view.vm)?.vcpus[view.vcpu];
    assert.ok(vs !== undefined);
    assert.deepEqual(view.virtualTlb.map((r) => [r.index, r.entryHi, r.entryLo0, r.entryLo1, r.pageMask]), vs.vtlb.map((e) => [e.index, e.entryHi >>> 0, e.entryLo0 >>> 0, e.entryLo1 >>> 0, e.pageMask >>> 0]));
    const hw = snap.cpus[view.cpu]?.hardwareTlb ?? [];
    assert.deepEqual(view.hardwareTlb.map((r) => [r.index, r.entryHi, r.entryLo0, r.entryLo1]), hw.map((e) => [e.index, e.entryHi >>> 0, e.entryLo0 >>> 0, e.entryLo1 >>> 0]));
    assert.deepEqual(view.l2tlb.map((r) => r.entryHi).sort(), vs.l2tlb.map((e) => e.entryHi >>> 0).sort());
    assert.equal(view.onCpu, vs.onCpu);
    const mine = view.hardwareTlb.filter((r) => r.owner === 'this');
    if (view.onCpu) {
      assert.ok(mine.length > 0, `${t.name} owns hardware entries`);
      checked++;
    }
    for (const r of mine) assert.equal(r.mismatch, false, `${t.name} entry ${r.index}: ${r.mismatchReason}`);
    for (const r of view.virtualTlb.filter((x) => x.inHardware)) assert.notEqual(r.pfn[0] + r.pfn[1], -2);
    assert.ok(view.lastMiss !== undefined);
    if (view.lastMiss.entry !== undefined && view.lastMiss.virtualTlbIndex >= 0) {
      assert.equal(view.virtualTlb[view.lastMiss.virtualTlbIndex]?.entryHi, view.lastMiss.entry.entryHi);
    }
  }
  assert.ok(checked > 0);
  // A stale entry: the running vCPU's window page pointing at a machine page its pmap does not name.
  const t = target.threads.find((x) => target.cpuOf(x) !== undefined) as DebugThread;
  const cpu = target.cpuOf(t);
  assert.ok(cpu !== undefined && t.vm !== undefined);
  const wrong = ((t.vm.pmap.mppn[0x100] as number) + 1) << 6;
  installPair(cpu, 0xc0100000 | cpu.cp0.asid, wrong | 0x1f, 0);
  const bad = tlbView(target, t).hardwareTlb.filter((r) => r.mismatch);
  assert.equal(bad.length, 1);
  assert.equal(bad[0]?.va, 0xc0100000);
  assert.match(bad[0]?.mismatchReason ?? '', /0xc0100000 → machine page/);
});

test('the VM tree places every vCPU on its CPU once', () => {
  const tree = vmsTree(target);
  assert.deepEqual(tree.vms.map((v) => v.name), ['server', 'client', 'worker']);
  const queued = tree.cpus.flatMap((c) => c.queued).sort();
  assert.deepEqual(queued, [0, 1, 2, 3]);
  for (const vm of tree.vms) {
    for (const v of vm.vcpus) {
      const rec = mon.vms[vm.id]?.vcpus[v.id];
      assert.equal(v.pcpu, rec?.pcpu);
      assert.ok(tree.cpus[v.pcpu]?.queued.includes(v.globalId));
      assert.equal(v.state === 'running', tree.cpus[v.pcpu]?.running === v.globalId);
      assert.equal(target.thread(v.threadId)?.vcpu, rec);
      assert.equal(v.counters.instructions, rec?.icount);
    }
    assert.equal(vm.counters.cycles.user, vm.vcpus.reduce((a, v) => a + v.counters.cycles.user, 0));
  }
});

test('a counter sample adds up to the CPUs\' clocks and monitor.stats()', () => {
  const s = counterSample(target);
  const stats = mon.stats();
  const v = s.values;
  const clocks = mon.machine.cpus.reduce((a, c) => a + c.cycle, 0);
  assert.equal(v['total.cycles'], clocks);
  assert.equal(s.cycle, Math.max(...mon.machine.cpus.map((c) => c.cycle)));
  for (const k of ['user', 'kernel', 'monitor'] as const) {
    const fromVms = stats.vms.reduce((a, vm) => a + vm.counters.cycles[k], 0);
    assert.equal(v[`vm.server.cycles.${k}`], stats.vms[0]?.counters.cycles[k]);
    // Monitor cycles of a CPU with no vCPU are charged to the CPU only.
    if (k !== 'monitor') assert.equal(v[`total.cycles.${k}`], fromVms, k);
  }
  const misses = stats.vms.reduce((a, vm) => a + vm.counters.tlb.hardwareMisses, 0);
  assert.ok(misses > 0);
  assert.equal(v['total.tlb.hardwareMisses'], misses);
  const tlbl = stats.vms.reduce((a, vm) => a + (vm.counters.traps.TLBL ?? 0), 0);
  assert.equal(v['total.traps.TLBL'], tlbl);
  assert.equal(v['pages.machineInUse'], stats.machinePagesInUse);
  assert.equal(v['vm.worker.instructions'], mon.vms[2]?.vcpus.reduce((a, x) => a + x.icount, 0));
  // The disk counters: the worker's cache hits and the global cache as monitor.stats() has them.
  assert.equal(v['vm.worker.disk.cacheHits'], stats.vms[2]?.disk.cacheHits);
  assert.equal(v['diskCache.bytesSaved'], stats.diskCache.bytesSaved);
  assert.equal(v['diskCache.blocks'], stats.diskCache.blocks);
  for (const x of Object.values(v)) assert.equal(typeof x, 'number');
  mon.run(100_000);
  const later = counterSample(target);
  assert.ok(later.cycle > s.cycle && later.instructions > s.instructions);
});
