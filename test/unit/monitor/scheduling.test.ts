// vCPU scheduling: three vCPUs share one CPU in time slices (a spinning vCPU waits for work
// the others can only do when they get the CPU); vCPUs idle in WAIT are descheduled and wake on
// a virtual IPI, delivered at the general vector with Cause.IP6; a vCPU alone in WAIT leaves the
// CPU idle until its MC_TIMER_SET period elapses (IP5). Cycle categories add up per CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cycleTotal } from '../../../debug-adapter/monitor/counters';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

const SMP = `${PROLOGUE}
refill:
	HALT 98
general:
	mfc0 $k0, $13
	andi $k0, $k0, 0x4000
	beqz $k0, 1f
	nop
	lw $k0, SP_VCPU_ID($s7)     # record the wake-up of this vCPU
	sll $k0, $k0, 2
	addu $k0, $k0, $s6
	li $k1, 1
	sw $k1, 32($k0)
	li $a0, CAUSE_IP6
	li $v0, MC_INTR_ACK
	MONITOR_CALL
	eret
1:	HALT 97
main:
	lw $s0, SP_VCPU_ID($s7)
	sll $s1, $s0, 2
	addu $s1, $s1, $s6
	li $t1, 3000
1:	lw $t0, 16($s1)
	addiu $t0, $t0, 1
	sw $t0, 16($s1)
	addiu $t1, $t1, -1
	bnez $t1, 1b
	nop
	bnez $s0, idle
	nop
2:	lw $t0, 20($s6)            # vCPU 0 spins until the others are done
	lw $t1, 24($s6)
	addu $t0, $t0, $t1
	li $t2, 6000
	bne $t0, $t2, 2b
	nop
	li $a0, 1
	li $v0, MC_IPI
	MONITOR_CALL
	li $a0, 2
	li $v0, MC_IPI
	MONITOR_CALL
3:	lw $t0, 36($s6)
	lw $t1, 40($s6)
	and $t0, $t0, $t1
	beqz $t0, 3b
	nop
	HALT 0
idle:
	li $t0, 0x4001             # IM6 | IE
	mtc0 $t0, $12
4:	wait
	b 4b
	nop
`;

// The constant CAUSE_IP6 is the board's; define it here for the test kernel.
const SMP_KERNEL = SMP.replace('#include <disco/monitor.h>', '#include <disco/monitor.h>\n#define CAUSE_IP6 0x4000');

test('more vCPUs than CPUs: time slices, WAIT descheduling and IPI wake-up', () => {
  const h = buildMonitor([{ kernel: SMP_KERNEL, vcpus: 3 }], { cpus: 1 });
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.deepEqual([4, 5, 6].map((i) => result(h, 0, i)), [3000, 3000, 3000]);
  assert.deepEqual([9, 10].map((i) => result(h, 0, i)), [1, 1], 'vCPUs 1 and 2 took the IPI');
  const s = h.monitor.stats();
  const cpu = s.pcpus[0];
  assert.ok(cpu !== undefined && cpu.switches > 4, `switches ${cpu?.switches}`);
  assert.equal(cycleTotal(cpu.cycles), cpu.totalCycles);
  const vcpus = s.vms[0]?.vcpus ?? [];
  assert.ok(vcpus.every((c) => c.cycles.kernel > 0));
  assert.equal(vcpus[1]?.interrupts, 1);
  assert.equal(vcpus[1]?.emulated.WAIT, 2, 'WAIT, wake-up, WAIT again');
  const guest = vcpus.reduce((n, c) => n + c.cycles.kernel + c.cycles.user, 0);
  assert.equal(guest, cpu.cycles.kernel + cpu.cycles.user, 'vCPU guest cycles add up to the CPU');
});

const TIMER = `${PROLOGUE}
#define CAUSE_IP5 0x2000
refill:
	HALT 98
general:
	lw $k0, 0($s6)
	addiu $k0, $k0, 1
	sw $k0, 0($s6)
	li $a0, CAUSE_IP5
	li $v0, MC_INTR_ACK
	MONITOR_CALL
	lw $k0, 0($s6)
	li $k1, 3
	beq $k0, $k1, 1f
	nop
	eret
1:	HALT 0
main:
	li $a0, 50000
	li $v0, MC_TIMER_SET
	MONITOR_CALL
	li $t0, 0x2001             # IM5 | IE
	mtc0 $t0, $12
2:	wait
	b 2b
	nop
`;

test('WAIT idles the CPU until the virtual timer interrupt', () => {
  const h = buildMonitor([{ kernel: TIMER }], { cpus: 1 });
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.equal(result(h, 0, 0), 3);
  const cpu = h.monitor.stats().pcpus[0];
  assert.ok(cpu !== undefined);
  assert.ok(cpu.cycles.idle > 140000, `idle ${cpu.cycles.idle}`);
  assert.ok(cpu.totalCycles >= 150000 && cpu.totalCycles < 160000, `total ${cpu.totalCycles}`);
  assert.equal(cycleTotal(cpu.cycles), cpu.totalCycles);
  assert.equal(h.monitor.stats().vms[0]?.counters.interrupts, 3);
});

const SPECIAL_IE = `${PROLOGUE}
#define CAUSE_IP6 0x4000
refill:
	HALT 98
general:
	mfc0 $k0, $13
	sw $k0, 4($s6)
	mfc0 $k0, $14
	sw $k0, 8($s6)
	li $a0, CAUSE_IP6
	li $v0, MC_INTR_ACK
	MONITOR_CALL
	HALT 0
main:
	li $a0, 0                  # IPI to myself, interrupts still disabled
	li $v0, MC_IPI
	MONITOR_CALL
	lw $t0, SP_PENDING($s7)
	sw $t0, 0($s6)
	li $t0, 0x4001             # IM6 | IE through the special page: no trap
	sw $t0, SP_STATUS($s7)
	li $v0, MC_INTR_CHECK
	MONITOR_CALL
after:
	HALT 5
`;

test('enabling interrupts through the special page and MC_INTR_CHECK delivers a pending interrupt', () => {
  const h = buildMonitor([{ kernel: SPECIAL_IE }]);
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.equal(result(h, 0, 0), 0x4000, 'SP_PENDING shows IP6');
  assert.equal(result(h, 0, 1) & 0x7c, 0, 'ExcCode Int');
  assert.ok(result(h, 0, 1) & 0x4000, 'Cause.IP6');
  const emulated = h.monitor.stats().vms[0]?.counters.emulated ?? {};
  assert.equal(emulated.MTC0, 1, 'only the EBase write trapped');
});

test('vCPUs that all wait with nothing able to wake them end the run with a message', () => {
  const h = buildMonitor([{ kernel: `${PROLOGUE}\nrefill:\ngeneral:\n\tHALT 9\nmain:\n1:\twait\n\tb 1b\n\tnop\n`, vcpus: 3 }], { cpus: 2 });
  const stop = runToEnd(h);
  assert.deepEqual(stop, { reason: 'fatal', message: 'every vCPU waits (WAIT) with no virtual interrupt that can ever wake it' });
  assert.equal(h.monitor.vms[0]?.end, undefined);
});
