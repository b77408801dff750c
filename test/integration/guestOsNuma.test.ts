// NUMA page placement, migration and replication, and content-based sharing, with the guest OS
// on a 4-CPU, 2-node machine in timing mode: the VM's four vCPUs start on node 0 and two of them
// are taken by node 1's idle CPUs, so node 1 misses on node 0's pages. With low thresholds pages
// migrate and replicate; after every move no hardware or SoftTlb entry is stale and every replica
// equals its master; the console output equals a run without moves; a write collapses replicas;
// kernel image cache pages replicate too, and a VM's write to one gets a private copy;
// first touch allocates on the touching CPU's node; two runs are identical; a restore repeats
// the moves exactly. Content sharing merges identical pages, output unchanged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { ENTRYLO_D } from '../../debug-adapter/machine/priv/cp0Bits';
import { writeGuest } from '../../debug-adapter/monitor/guestMemory';
import { KERNEL_IMAGE_VM } from '../../debug-adapter/monitor/kernelImages';
import { DiscoMonitor } from '../../debug-adapter/monitor/monitor';
import { saveMonitorState } from '../../debug-adapter/monitor/monitorState';
import type { MonitorStats } from '../../debug-adapter/monitor/stats';
import { numaProblems } from '../support/numaInvariants';
import { workloadLines } from './guestOsOracle';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples', 'overcommit');
const MOVES = { migration: true, replication: true, hotThreshold: 12, sharingThreshold: 4, maxMovesPerPage: 4, maxMovesPerInterval: 1000, resetIntervalCycles: 200_000 };

function build(monitor: Record<string, unknown>, machine: Record<string, unknown> = {}): { m: DiscoMonitor; lines: string[] } {
  const files = nodeIo().files;
  const cfg = {
    machine: { cpus: 4, nodes: 2, memoryMB: 64, mode: 'timing', ...machine },
    monitor: { timeSliceCycles: 20000, ...monitor },
    vms: [{ name: 'vm', vcpus: 4, memoryMB: 16, homeNode: 0, kernel: '../../guest/kernel/kernel.S', disks: [{ image: 'guest.img', mode: 'shared-cow' }] }],
  };
  const lines: string[] = [];
  const m = new DiscoMonitor({ config: loadConfig(JSON.stringify(cfg), join(DIR, 'numa.disco.json'), files), files, console: (_vm, line) => lines.push(line) });
  return { m, lines };
}

interface Run {
  readonly lines: string[];
  readonly stats: MonitorStats;
  readonly m: DiscoMonitor;
  /** Invariant violations seen after any page move or merge, and at the end. */
  readonly problems: string[];
  readonly checks: number;
}

function run(monitor: Record<string, unknown>, machine: Record<string, unknown> = {}): Run {
  const { m, lines } = build(monitor, machine);
  const problems: string[] = [];
  let checks = 0;
  m.onEvent = (e) => {
    if (e.kind !== 'page-move' && e.kind !== 'page-share') return;
    checks++;
    problems.push(...numaProblems(m).map((p) => `after "${e.detail}": ${p}`));
  };
  assert.deepEqual(m.run(400_000_000), { reason: 'halted' });
  problems.push(...numaProblems(m));
  return { lines, stats: m.stats(), m, problems, checks };
}

const EXPECTED = [...workloadLines(30, 2), 'init: done'];
let reference: Run | undefined;
const plain = (): Run => (reference ??= run({ numa: { migration: false, replication: false } }));

test('pages migrate and replicate under concurrent access; no stale mapping, replicas equal, output unchanged', () => {
  const base = plain();
  assert.deepEqual(base.lines.slice(-5), EXPECTED);
  assert.equal(base.stats.numa.migrated + base.stats.numa.replicated, 0);
  const r = run({ numa: MOVES });
  const s = r.stats.numa;
  assert.ok(s.migrated > 0, `pages migrated: ${JSON.stringify(s)}`);
  assert.ok(s.replicated > 0, `pages replicated: ${JSON.stringify(s)}`);
  assert.ok(s.shootdowns > 0, 'moves shot down TLB entries');
  assert.ok(r.checks >= s.migrated + s.replicated, 'the invariants were checked after every move');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.lines, base.lines, 'the guest prints exactly what it prints without moves');
  assert.ok(s.localMisses + s.remoteMisses > 0);
  const memmap = r.m.core.memmap;
  for (const [mppn, users] of memmap.entries()) {
    if (users.some((u) => u.vm >= 0 && u.gppn >= 0)) assert.ok(memmap.numa.moves(mppn) <= MOVES.maxMovesPerPage, `page 0x${mppn.toString(16)} moved too often`);
  }
});

test('with small caches, moves serve more misses from local memory', () => {
  const small = { caches: { l1iKB: 4, l1dKB: 4, l2KB: 16, lineBytes: 128 } };
  const local = (s: MonitorStats): number => s.numa.localMisses / (s.numa.localMisses + s.numa.remoteMisses);
  const without = run({ numa: { migration: false, replication: false } }, small);
  const moved = run({ numa: { ...MOVES, hotThreshold: 64, sharingThreshold: 16 } }, small);
  assert.ok(moved.stats.numa.migrated + moved.stats.numa.replicated > 0);
  assert.deepEqual(moved.problems, []);
  // Moves change the timing, so the two sleeping processes may report in the other order.
  assert.deepEqual([...moved.lines].sort(), [...without.lines].sort());
  assert.deepEqual(moved.lines.slice(-5), EXPECTED);
  assert.ok(local(moved.stats) > local(without.stats), `local fraction ${local(without.stats)} → ${local(moved.stats)}`);
});

test('a write to a replicated page collapses its replicas before it lands', () => {
  const r = run({ numa: MOVES });
  const memmap = r.m.core.memmap;
  const vm = r.m.vms[0];
  assert.ok(vm !== undefined);
  const master = memmap.numa.masters().find((p) => memmap.usersOf(p).some((u) => u.vm === 0 && u.gppn >= 0 && vm.pmap.cow[u.gppn] === 0));
  assert.ok(master !== undefined, 'a private replicated page is left at the end');
  const gppn = memmap.usersOf(master).find((u) => u.vm === 0)?.gppn as number;
  const replicas = memmap.numa.replicasOf(master);
  assert.equal((vm.pmap.entryLo[gppn] ?? 0) & ENTRYLO_D, 0, 'a replicated page is mapped read-only');
  const before = r.stats.numa.collapsed;
  assert.ok(writeGuest(r.m.core, vm, gppn * 4096 + 8, Uint8Array.of(1, 2, 3, 4)));
  assert.equal(memmap.numa.hasReplicas(master), false);
  for (const p of replicas) assert.equal(memmap.refCount(p), 0, 'the replica page is free again');
  assert.equal(vm.pmap.mppn[gppn], master, 'the master stays');
  assert.notEqual((vm.pmap.entryLo[gppn] ?? 0) & ENTRYLO_D, 0, 'and is writable again');
  assert.equal(r.m.machine.memory.read32(master * 4096 + 8), 0x01020304);
  assert.equal(r.m.stats().numa.collapsed, before + 1);
  assert.deepEqual(numaProblems(r.m), []);
});

test('kernel image pages replicate: replicas equal the master; a write gets a private copy and the replicas go with the page', () => {
  const r = run({ numa: MOVES });
  const memmap = r.m.core.memmap;
  const vm = r.m.vms[0];
  assert.ok(vm !== undefined);
  assert.deepEqual(r.problems, []);
  const master = memmap.numa.masters().find((p) => memmap.usersOf(p).some((u) => u.vm === KERNEL_IMAGE_VM));
  assert.ok(master !== undefined, 'a kernel image page is replicated');
  assert.ok(r.m.core.kernelImages.holds(master));
  const gppn = memmap.usersOf(master).find((u) => u.vm === 0)?.gppn as number;
  const replicas = memmap.numa.replicasOf(master);
  const bytes = (p: number): Uint8Array => r.m.machine.memory.readBytes(p * 4096, 4096);
  for (const p of replicas) assert.deepEqual(bytes(p), bytes(master), 'a replica holds its master\'s bytes');
  assert.equal((vm.pmap.entryLo[gppn] ?? 0) & ENTRYLO_D, 0, 'a replicated image page is mapped read-only');
  assert.ok(writeGuest(r.m.core, vm, gppn * 4096 + 8, Uint8Array.of(1, 2, 3, 4)));
  const copy = vm.pmap.mppn[gppn] as number;
  assert.notEqual(copy, master, 'the write went to a private copy');
  assert.equal(r.m.machine.memory.read32(copy * 4096 + 8), 0x01020304);
  assert.equal(memmap.refCount(master), 0, 'no VM maps the image page any more: the cache let it go');
  assert.equal(memmap.numa.hasReplicas(master), false);
  for (const p of replicas) assert.equal(memmap.refCount(p), 0, 'the replica page is free again');
  assert.deepEqual(numaProblems(r.m), []);
});

test('first touch allocates on the node of the CPU that touches the page', () => {
  const placed = (placement: string): number[] => {
    const { m } = build({ numa: { placement } });
    const nodes = [0, 0];
    let wrong = 0;
    m.onEvent = (e) => {
      if (e.kind !== 'page-alloc') return;
      const mppn = Number.parseInt(/machine page 0x([0-9a-f]+)/.exec(e.detail)?.[1] ?? 'x', 16);
      const node = m.core.memmap.nodeOf(mppn);
      nodes[node] = (nodes[node] ?? 0) + 1;
      const toucher = m.core.inHook < 0 ? 0 : m.machine.cpuNode(m.core.inHook);
      if (placement === 'first-touch' && node !== toucher) wrong++;
    };
    assert.deepEqual(m.run(400_000_000), { reason: 'halted' });
    assert.equal(wrong, 0, 'a page allocated away from the touching CPU');
    return nodes;
  };
  const firstTouch = placed('first-touch');
  assert.ok((firstTouch[1] ?? 0) > 0, `node 1's CPUs touched pages first: ${firstTouch.join(', ')}`);
  assert.deepEqual(placed('home-node')[1], 0, 'home-node placement keeps every page on node 0');
});

test('two runs with moves are identical: state, counters, output', () => {
  const a = run({ numa: MOVES, contentSharing: { enabled: true, intervalCycles: 50_000, scanPagesPerInterval: 64 } });
  const b = run({ numa: MOVES, contentSharing: { enabled: true, intervalCycles: 50_000, scanPagesPerInterval: 64 } });
  assert.ok(a.stats.numa.migrated + a.stats.numa.replicated > 0);
  assert.deepEqual(b.stats, a.stats);
  assert.deepEqual(b.lines, a.lines);
  assert.equal(JSON.stringify(saveMonitorState(b.m.core)), JSON.stringify(saveMonitorState(a.m.core)));
  assert.deepEqual(b.m.machine.cpus.map((c) => c.cycle), a.m.machine.cpus.map((c) => c.cycle));
  assert.ok(Buffer.from(b.m.machine.memory.m32.buffer).equals(Buffer.from(a.m.machine.memory.m32.buffer)), 'machine memory is identical');
});

test('a restore repeats the moves exactly: saved state holds the NUMA and sharing state', () => {
  const { m } = build({ numa: MOVES, contentSharing: { enabled: true, intervalCycles: 100_000, scanPagesPerInterval: 64 } });
  const moves = (): number => m.core.numa.counters.migrated + m.core.numa.counters.replicated;
  while (moves() === 0) assert.deepEqual(m.run(100_000), { reason: 'limit' });
  const saved = m.save();
  assert.ok(saved.monitor.memmap.numa.moves.length > 0, 'the memmap records moves');
  assert.deepEqual(m.run(400_000_000), { reason: 'halted' });
  const after = JSON.stringify(m.save().monitor);
  const stats = m.stats();
  assert.ok(moves() > saved.monitor.numa.counters.migrated + saved.monitor.numa.counters.replicated, 'more moves after the save');
  m.restore(saved);
  assert.deepEqual(m.run(400_000_000), { reason: 'halted' });
  assert.equal(JSON.stringify(m.save().monitor), after);
  assert.deepEqual(m.stats(), stats);
  assert.deepEqual(numaProblems(m), []);
});

test('content sharing merges identical pages, output unchanged', () => {
  const base = plain();
  const r = run({ contentSharing: { enabled: true, intervalCycles: 50_000, scanPagesPerInterval: 64 } });
  const c = r.stats.contentSharing;
  assert.ok(c.merged > 0 && c.scanned >= c.merged, JSON.stringify(c));
  assert.ok(c.pagesSaved > 0 && c.bytesSaved === c.pagesSaved * 4096);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.lines, base.lines);
});
