// vCPU migration: the stealing policy of the scheduler (busiest CPU of the own node first, another
// node only when the own node has no waiting vCPU, home-node vCPUs first, never a running one),
// and a guest whose vCPUs move between CPUs: each keeps its own special page, reads a virtual
// Count that never runs backwards, and its counters add up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../../debug-adapter/monitor/scheduler';
import { Vcpu } from '../../../debug-adapter/monitor/vcpu';
import { cycleTotal } from '../../../debug-adapter/monitor/counters';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

/** vCPUs of VMs with the given home nodes, queued on the given CPUs (4 CPUs, 2 nodes). */
function setup(place: readonly (readonly [home: number, pcpu: number])[]): { s: Scheduler; v: Vcpu[] } {
  const v = place.map(([, pcpu], i) => new Vcpu({ vmId: i, id: 0, globalId: i, tlbSize: 16, l2tlbEntries: 0, bigEndian: true, pcpu, now: () => 0 }));
  const s = new Scheduler(v, { cpus: 4, timeSliceCycles: 1000, cpuNode: (p) => (p < 2 ? 0 : 1), homeNode: (x) => (place[x.globalId] as readonly [number, number])[0] });
  return { s, v };
}

test('an idle CPU takes from the busiest CPU of its node, never a running vCPU', () => {
  const { s, v } = setup([[0, 0], [0, 0], [1, 2], [1, 2], [1, 2]]);
  s.setCurrent(0, v[0], 0);
  s.setCurrent(2, v[2], 0);
  assert.deepEqual(s.steal(1), { v: v[1], from: 0 }, 'node 0 has work: CPU 2 (busier, other node) is not used');
  assert.equal(s.steal(3)?.from, 2);
  assert.notEqual(s.steal(3)?.v, v[2], 'the running vCPU stays');
  s.move(v[1] as Vcpu, 1);
  assert.equal(v[1]?.pcpu, 1);
  assert.deepEqual(s.assigned.map((q) => q.map((x) => x.globalId)), [[0], [1], [2, 3, 4], []]);
  assert.equal(s.steal(1)?.from, 2, 'no waiting vCPU left on node 0: cross to node 1');
});

test('home-node vCPUs are taken first; a CPU with one runnable vCPU keeps it', () => {
  const { s, v } = setup([[1, 0], [0, 0], [1, 0], [0, 3]]);
  s.setCurrent(0, v[0], 0);
  assert.equal(s.steal(1)?.v, v[1], 'vCPU 1 belongs to node 0');
  assert.equal(s.steal(2)?.v, v[2], 'vCPU 2 belongs to node 1');
  (v[1] as Vcpu).run = 'idle';
  (v[2] as Vcpu).run = 'stopped';
  assert.equal(s.steal(1), undefined, 'CPU 0 has one runnable vCPU');
  assert.equal(s.steal(2), undefined, 'CPU 3 has one runnable vCPU');
});

// vCPUs 1 and 3 (CPU 1) stop early in WAIT; vCPUs 0 and 2 (CPU 0) spin on, so CPU 1 takes one
// (CPU 0 runs ahead of CPU 1 in each round of the machine, so the taken vCPU's Count must not fall back).
const SPIN = `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 97
main:
	lw $s0, SP_VCPU_ID($s7)
	sll $s1, $s0, 2
	addu $s1, $s1, $s6
	mfc0 $s2, $9
	andi $t1, $s0, 1
	xori $t1, $t1, 1
	li $t2, 30000
	mul $t1, $t1, $t2
	addiu $t1, $t1, 300
1:	mfc0 $t0, $9
	subu $t2, $t0, $s2
	bgez $t2, 2f
	nop
	lw $t3, 32($s1)            # Count ran backwards
	addiu $t3, $t3, 1
	sw $t3, 32($s1)
2:	move $s2, $t0
	lw $t3, SP_VCPU_ID($s7)
	beq $t3, $s0, 3f
	nop
	lw $t3, 48($s1)            # another vCPU's special page
	addiu $t3, $t3, 1
	sw $t3, 48($s1)
3:	addiu $t1, $t1, -1
	bnez $t1, 1b
	nop
	li $t0, 1
	sw $t0, 16($s1)
	bnez $s0, 5f
	nop
4:	lw $t0, 20($s6)            # vCPU 0 waits for the others, then halts
	lw $t1, 24($s6)
	and $t0, $t0, $t1
	lw $t1, 28($s6)
	and $t0, $t0, $t1
	beqz $t0, 4b
	nop
	HALT 0
5:	wait
	b 5b
	nop
`;

for (const tlbOnSwitch of ['flush', 'asid-retag']) {
  test(`moved vCPUs keep their special page and a monotonic Count (${tlbOnSwitch})`, () => {
    const h = buildMonitor([{ kernel: SPIN, vcpus: 4 }], { cpus: 2, monitor: { tlbOnSwitch, timeSliceCycles: 5000 } });
    assert.equal(runToEnd(h).reason, 'halted');
    assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
    assert.deepEqual([4, 5, 6, 7].map((i) => result(h, 0, i)), [1, 1, 1, 1]);
    assert.deepEqual([8, 9, 10, 11].map((i) => result(h, 0, i)), [0, 0, 0, 0], 'Count never ran backwards');
    assert.deepEqual([12, 13, 14, 15].map((i) => result(h, 0, i)), [0, 0, 0, 0], 'SP_VCPU_ID stayed the vCPU\'s');
    const s = h.monitor.stats();
    const moved = s.vms[0]?.counters.migrations ?? 0;
    assert.ok(moved > 0, 'vCPUs moved');
    assert.equal(s.pcpus.reduce((n, c) => n + c.migrationsIn, 0), moved);
    for (const c of s.pcpus) assert.equal(cycleTotal(c.cycles), c.totalCycles);
    const snap = h.monitor.snapshot().vms[0]?.vcpus ?? [];
    assert.equal(snap.reduce((n, v) => n + v.migrations, 0), moved);
  });
}
