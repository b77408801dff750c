// The monitor's data structures at machine addresses (monitorData.ts) and what touching them costs
// (monitorWork.ts): the region is claimed from the top of each node, on the node that uses each
// structure, and never reaches a guest; in timing mode a monitor access goes through the accessing
// CPU's caches (a miss, then a hit; a remote node's latency), in fast mode only path lengths count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MONITOR_SERVICES } from '../../../debug-adapter/monitor/costModel';
import type { CycleSplit, ServiceCycles } from '../../../debug-adapter/monitor/counters';
import { MONITOR_DATA_VM } from '../../../debug-adapter/monitor/monitorData';
import { buildMonitor, PROLOGUE, runToEnd } from './guestHarness';

const KERNEL = `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 97
main:
	li $t0, 200
1:	mfc0 $t1, $12
	addiu $t0, $t0, -1
	bnez $t0, 1b
	nop
	HALT 0
`;

const TIMING = { mode: 'timing', nodes: 2 };

test('the monitor\'s data region is claimed from the top of each node, on the node that uses it, and no VM maps it', () => {
  const h = buildMonitor([{ kernel: KERNEL }, { kernel: KERNEL }], { cpus: 2, machine: { nodes: 2 } });
  const core = h.monitor.core;
  const data = core.work.data;
  const owned = core.memmap.entries().filter(([, users]) => users.some((u) => u.vm === MONITOR_DATA_VM)).map(([p]) => p);
  assert.equal(owned.length, data.pages);
  const half = core.memmap.pages / 2;
  // 2 nodes × 64 MB / 2: node 0 holds pages [0, 8192). Its share sits right below 8192.
  assert.ok(owned.some((p) => p === half - 1) && owned.some((p) => p === core.memmap.pages - 1));
  for (const vm of h.monitor.vms) {
    const node = vm.pmap.homeNode;
    const page = Math.floor(data.pmapEntry(vm.id, 0) / 4096);
    assert.equal(core.memmap.nodeOf(page), node, `VM ${vm.id}'s pmap on its home node`);
    for (const v of vm.vcpus) assert.equal(core.memmap.nodeOf(Math.floor((data.vcpuRecord[v.globalId] as number) / 4096)), node);
    for (const m of vm.pmap.mppn) if (m >= 0) assert.ok(!owned.includes(m), `VM ${vm.id} maps no monitor page`);
  }
  assert.equal(runToEnd(h).reason, 'halted');
  for (const vm of h.monitor.vms) for (const m of vm.pmap.mppn) if (m >= 0) assert.ok(!owned.includes(m));
});

test('timing mode: a monitor access to a pmap entry misses, then hits; from the other node it costs the remote latency', () => {
  const h = buildMonitor([{ kernel: KERNEL }], { cpus: 2, machine: TIMING });
  const core = h.monitor.core;
  const timing = h.monitor.machine.timing;
  assert.ok(timing !== undefined);
  const ma = core.work.data.pmapEntry(0, 0x123);
  const stats = (p: number): { misses: number; hits: number } => ({ misses: timing.stats.l1dMisses[p] as number, hits: timing.stats.l1dHits[p] as number });
  const costOf = (p: number): number => {
    core.work.cpu = p;
    core.work.load('tlbRefill', ma);
    const cycles = core.work.total;
    core.work.discard();
    core.work.cpu = -1;
    return cycles;
  };
  const before = stats(0);
  assert.equal(costOf(0), timing.latency.localMissCycles, 'cold: a local miss (the VM lives on node 0)');
  assert.deepEqual(stats(0), { misses: before.misses + 1, hits: before.hits });
  assert.equal(costOf(0), 0, 'warm: an L1 hit');
  assert.deepEqual(stats(0), { misses: before.misses + 1, hits: before.hits + 1 });
  assert.equal(costOf(1), timing.latency.remoteMissCycles, 'CPU 1 is on node 1: a remote miss');
});

test('timing mode: the cycle split still sums to each CPU\'s clock, and the monitor costs its path lengths plus stalls', () => {
  const run = (machine: Record<string, unknown>): { cycles: CycleSplit; total: number; byService: ServiceCycles } => {
    const h = buildMonitor([{ kernel: KERNEL }], { cpus: 1, machine });
    assert.equal(runToEnd(h).reason, 'halted');
    const s = h.monitor.stats();
    const cpu = s.pcpus[0];
    const byService = s.vms[0]?.vcpus[0]?.monitorByService;
    assert.ok(cpu !== undefined && byService !== undefined);
    return { cycles: { ...cpu.cycles }, total: cpu.totalCycles, byService };
  };
  const fast = run({});
  const timed = run({ mode: 'timing' });
  for (const r of [fast, timed]) {
    assert.equal(r.cycles.user + r.cycles.kernel + r.cycles.monitor + r.cycles.idle, r.total);
    assert.equal(MONITOR_SERVICES.reduce((n, k) => n + r.byService[k], 0), r.cycles.monitor);
  }
  assert.ok(timed.cycles.monitor > fast.cycles.monitor, `stalls on the monitor's data (${timed.cycles.monitor} against ${fast.cycles.monitor})`);
  assert.ok(timed.byService.privileged > fast.byService.privileged);
});
