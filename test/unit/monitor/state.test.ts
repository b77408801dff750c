// Whole-monitor properties on a small multi-VM workload (two VMs, vCPUs > CPUs, guest refills,
// timer interrupts, console output), in both TLB modes: determinism, save/restore round trip
// (run N, save, run M ≡ restore, run M), JSON-safe snapshot and state, cycle categories that
// sum to each CPU's clock, and every machine page with exactly the users its pmaps name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cycleTotal } from '../../../debug-adapter/monitor/counters';
import { SPECIAL_GPPN } from '../../../debug-adapter/monitor/memmap';
import { MONITOR_DATA_VM } from '../../../debug-adapter/monitor/monitorData';
import { buildMonitor, type Harness, PROLOGUE, runToEnd } from './guestHarness';

const WORKLOAD = `${PROLOGUE}
#define CAUSE_IP5 0x2000
refill:
	REFILL_LINEAR 0x00400000, 0x400000
general:
	li $a0, CAUSE_IP5
	li $v0, MC_INTR_ACK
	MONITOR_CALL
	lw $k0, 12($s7)            # count ticks in a per-vCPU word
	eret
main:
	lw $s0, SP_VCPU_ID($s7)
	li $a0, 7000
	li $v0, MC_TIMER_SET
	MONITOR_CALL
	li $t0, 0x2001
	mtc0 $t0, $12
	sll $s1, $s0, 16           # each vCPU its own 64 KiB of user pages
	li $t0, 0x00400000
	addu $s1, $s1, $t0
	li $s2, 40
1:	move $t0, $s1
	li $t1, 16
2:	lw $t2, 0($t0)
	addu $t2, $t2, $s2
	sw $t2, 0($t0)
	addiu $t0, $t0, 4096
	addiu $t1, $t1, -1
	bnez $t1, 2b
	nop
	addiu $s2, $s2, -1
	bnez $s2, 1b
	nop
	bnez $s0, 4f
	nop
	la $a0, msg
	li $t0, GUEST_KSEG0_BASE
	subu $a0, $a0, $t0
	li $a1, 5
	li $v0, MC_CONSOLE_WRITE
	MONITOR_CALL
	li $t3, 30000
3:	addiu $t3, $t3, -1
	bnez $t3, 3b
	nop
	lw $a0, 0($s1)
	li $v0, MC_HALT
	MONITOR_CALL
4:	wait
	b 4b
	nop
	.data
msg:	.ascii "done\\n"
`;

const build = (tlbOnSwitch: string): Harness =>
  buildMonitor([{ kernel: WORKLOAD, vcpus: 3 }, { kernel: WORKLOAD, vcpus: 2 }], { cpus: 2, tlbEntries: 8, monitor: { tlbOnSwitch, timeSliceCycles: 5000 } });

for (const mode of ['flush', 'asid-retag']) {
  test(`workload completes, deterministically (${mode})`, () => {
    const a = build(mode);
    const b = build(mode);
    assert.equal(runToEnd(a).reason, 'halted');
    assert.equal(runToEnd(b).reason, 'halted');
    assert.deepEqual([...a.lines].sort(), ['[vm0] done', '[vm1] done']);
    assert.deepEqual(a.lines, b.lines);
    assert.deepEqual(a.monitor.vms.map((v) => v.end), [{ kind: 'halt', code: 820 }, { kind: 'halt', code: 820 }]);
    assert.deepEqual(a.monitor.snapshot(), b.monitor.snapshot());
  });

  test(`save/restore round trip and JSON-safe state (${mode})`, () => {
    const h = build(mode);
    h.monitor.run(30_000);
    const saved = h.monitor.save();
    const monitorJson = JSON.parse(JSON.stringify(saved.monitor)) as unknown;
    assert.deepEqual(monitorJson, saved.monitor, 'monitor state is JSON-safe');
    const snap = h.monitor.snapshot();
    assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap, 'snapshot is JSON-safe');
    const linesAt = h.lines.length;
    runToEnd(h);
    const first = { lines: h.lines.slice(linesAt), snap: h.monitor.snapshot() };
    h.monitor.restore(structuredClone(saved));
    h.lines.length = linesAt;
    runToEnd(h);
    assert.deepEqual({ lines: h.lines.slice(linesAt), snap: h.monitor.snapshot() }, first);
  });
}

test('cycles add up per CPU and every machine page has the users its pmaps name', () => {
  const h = build('flush');
  for (let i = 0; i < 4; i++) {
    h.monitor.run(20_000);
    const s = h.monitor.stats();
    for (const cpu of s.pcpus) assert.equal(cycleTotal(cpu.cycles), cpu.totalCycles, `CPU ${cpu.cpu}`);
    const snap = h.monitor.snapshot();
    const expected = new Map<number, string[]>();
    for (const vm of snap.vms) {
      for (const [g, m] of vm.pmap) expected.set(m, [...(expected.get(m) ?? []), `${vm.id}:${g}`]);
    }
    for (const vm of h.monitor.vms) for (const v of vm.vcpus) expected.set(v.specialMppn, [...(expected.get(v.specialMppn) ?? []), `${vm.id}:${SPECIAL_GPPN}`]);
    // The monitor's own data region: its pages and no others.
    const monitorPages = snap.memmap.filter((e) => e.users.every((u) => u.vm === MONITOR_DATA_VM));
    assert.equal(monitorPages.length, h.monitor.core.work.data.pages);
    for (const e of monitorPages) expected.set(e.mppn, e.users.map((u) => `${u.vm}:${u.gppn}`));
    const actual = new Map(snap.memmap.map((e) => [e.mppn, e.users.map((u) => `${u.vm}:${u.gppn}`)]));
    assert.deepEqual(actual, expected);
    assert.equal(s.machinePagesInUse, expected.size);
  }
});
