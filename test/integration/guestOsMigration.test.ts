// vCPU migration under the Disco monitor with the guest OS: four vCPUs queued two to a CPU while
// other CPUs idle (the same node, or another node) move between CPUs, and the VM prints exactly
// the lines of a one-CPU run where no vCPU can move, in both hardware-TLB modes; two runs of one
// config are identical; in asid-retag mode no CPU keeps TLB entries of a vCPU that left it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { ENTRYHI_ASID, ENTRYLO_G, ENTRYLO_V } from '../../debug-adapter/machine/priv/cp0Bits';
import { cycleTotal } from '../../debug-adapter/monitor/counters';
import { DiscoMonitor } from '../../debug-adapter/monitor/monitor';
import type { MonitorStats } from '../../debug-adapter/monitor/stats';
import { workloadLines } from './guestOsOracle';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples', 'overcommit');
type TlbMode = 'flush' | 'asid-retag';

interface Run {
  readonly lines: string[];
  readonly stats: MonitorStats;
  readonly badEntries: number;
}

/** In asid-retag mode: valid non-global hardware entries whose ASID no vCPU queued on that CPU owns. */
function staleEntries(m: DiscoMonitor): number {
  const core = m.core;
  let bad = 0;
  for (const cpu of m.machine.cpus) {
    const owned = new Set<number>();
    for (const [key, hw] of core.asidMaps[cpu.index] ?? []) if (core.vcpus[Math.floor(key / 256)]?.pcpu === cpu.index) owned.add(hw);
    const t = cpu.jtlb;
    for (let i = 0; i < t.size; i++) {
      const lo = (t.entryLo0[i] as number) | (t.entryLo1[i] as number);
      if (lo & ENTRYLO_V && !((t.entryLo0[i] as number) & ENTRYLO_G) && !owned.has((t.entryHi[i] as number) & ENTRYHI_ASID)) bad++;
    }
  }
  return bad;
}

/** Runs the overcommit VM (four vCPUs, every workload) on the given machine. */
function run(machine: Record<string, unknown>, tlb: TlbMode, homeNode = 0, migration = true): Run {
  const files = nodeIo().files;
  const cfg = {
    machine: { memoryMB: 64, ...machine },
    monitor: { tlbOnSwitch: tlb, timeSliceCycles: 20000 },
    vms: [{ name: 'vm', vcpus: 4, memoryMB: 16, homeNode, kernel: '../../guest/kernel/kernel.S', disks: [{ image: 'guest.img', mode: 'shared-cow' }] }],
  };
  const path = join(DIR, 'migration.disco.json');
  const lines: string[] = [];
  const m = new DiscoMonitor({ config: loadConfig(JSON.stringify(cfg), path, files), files, migration, console: (_vm, line) => lines.push(line) });
  let badEntries = 0;
  if (tlb === 'asid-retag') {m.onEvent = (e) => {
    if (e.kind === 'migrate') badEntries += staleEntries(m);
  };}
  assert.deepEqual(m.run(400_000_000), { reason: 'halted' });
  if (tlb === 'asid-retag') badEntries += staleEntries(m);
  return { lines, stats: m.stats(), badEntries };
}

const migrations = (s: MonitorStats): number => s.vms[0]?.counters.migrations ?? 0;
const crossNode = (s: MonitorStats): number => s.vms[0]?.counters.crossNodeMigrations ?? 0;

function checkCounters(s: MonitorStats): void {
  for (const c of s.pcpus) assert.equal(cycleTotal(c.cycles), c.totalCycles, `CPU ${c.cpu}: cycles by category sum to its clock`);
  const vcpus = s.vms[0]?.vcpus ?? [];
  const guest = vcpus.reduce((n, c) => n + c.cycles.user + c.cycles.kernel, 0);
  assert.equal(guest, s.pcpus.reduce((n, c) => n + c.cycles.user + c.cycles.kernel, 0), 'vCPU guest cycles add up to the CPUs');
  assert.equal(migrations(s), s.pcpus.reduce((n, c) => n + c.migrationsIn, 0), 'per-vCPU and per-CPU migration counts agree');
}

for (const tlb of ['flush', 'asid-retag'] as const) {
  test(`migrations leave the guest's output unchanged (${tlb})`, () => {
    const reference = run({ cpus: 1 }, tlb);
    assert.equal(migrations(reference.stats), 0, 'one CPU: nowhere to move');
    assert.deepEqual(reference.lines.slice(-5), [...workloadLines(30, 2), 'init: done']);

    const pinned = run({ cpus: 2 }, tlb, 0, false);
    assert.equal(migrations(pinned.stats), 0);
    assert.deepEqual(pinned.lines, reference.lines);

    const oneNode = run({ cpus: 2 }, tlb);
    assert.ok(migrations(oneNode.stats) > 0, 'vCPUs move between the two CPUs');
    assert.equal(crossNode(oneNode.stats), 0);
    assert.deepEqual(oneNode.lines, reference.lines);
    checkCounters(oneNode.stats);

    const twoNodes = run({ cpus: 4, nodes: 2 }, tlb);
    assert.ok(crossNode(twoNodes.stats) > 0, 'the idle node takes vCPUs of the busy one');
    assert.deepEqual(twoNodes.lines, reference.lines);
    checkCounters(twoNodes.stats);
    assert.equal(oneNode.badEntries + twoNodes.badEntries, 0, 'no CPU keeps TLB entries of a vCPU that left it');
  });
}

test('the same config migrates the same way twice', () => {
  const a = run({ cpus: 4, nodes: 2 }, 'flush', 1);
  const b = run({ cpus: 4, nodes: 2 }, 'flush', 1);
  assert.deepEqual(b.lines, a.lines);
  assert.deepEqual(b.stats, a.stats);
  assert.ok(migrations(a.stats) > 0);
});
