// Isolation with hostile guests: privileged instructions and forged monitor calls from guest
// user mode are reflected to the guest kernel (never emulated), user mode cannot reach the
// special page; TLB entries naming guest-physical memory beyond the VM get a machine check;
// monitor calls with bad numbers or buffers outside the VM fail; a VM the monitor stops leaves
// the other VMs running and their memory untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

/** Copies user code to guest-physical 0x300000, maps it at 0x00400000 and ERETs to user mode. */
const USER_KERNEL = `${PROLOGUE}
refill:
	HALT 98
general:
	lw $k0, 0($s6)             # exception count n: record Cause and BadVAddr at 4 + 8n
	sll $k1, $k0, 3
	addu $k1, $k1, $s6
	mfc0 $t9, $13
	sw $t9, 4($k1)
	mfc0 $t9, $8
	sw $t9, 8($k1)
	addiu $k0, $k0, 1
	sw $k0, 0($s6)
	li $t9, 4
	beq $k0, $t9, done
	nop
	mfc0 $k0, $14              # skip the faulting instruction
	addiu $k0, $k0, 4
	mtc0 $k0, $14
	eret
done:
	HALT 0
main:
	la $t0, user_code
	li $t1, GUEST_KSEG0_BASE + 0x300000
	li $t2, 8
1:	lw $t3, 0($t0)
	sw $t3, 0($t1)
	addiu $t0, $t0, 4
	addiu $t1, $t1, 4
	addiu $t2, $t2, -1
	bnez $t2, 1b
	nop
	li $t0, 0x00400000
	mtc0 $t0, $10
	li $t0, (0x300000 >> 12) << 6 | 0x6
	mtc0 $t0, $2
	mtc0 $zero, $3
	mtc0 $zero, $0
	tlbwi
	li $t0, 0x00400000
	mtc0 $t0, $14
	li $t0, 0x12               # KSU = user, EXL
	mtc0 $t0, $12
	eret
user_code:
	mfc0 $t0, $12              # CpU
	syscall 0xd15c0            # a forged monitor call: an ordinary Sys
	li $t1, SPECIAL_PAGE_VADDR
	lw $t2, 0($t1)             # AdEL: sseg is not reachable from user mode
	tlbwi                      # CpU
	nop
`;

test('privileged instructions, monitor calls and the special page from guest user mode are reflected', () => {
  const h = buildMonitor([{ kernel: USER_KERNEL }]);
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  const codes = [0, 1, 2, 3].map((n) => (result(h, 0, 1 + 2 * n) >>> 2) & 31);
  assert.deepEqual(codes, [11, 8, 4, 11], 'CpU, Sys, AdEL, CpU');
  assert.equal(result(h, 0, 6) >>> 0, 0xdffff000, 'BadVAddr of the special page access');
  const c = h.monitor.stats().vms[0]?.counters;
  assert.equal(c?.monitorCalls.MC_HALT, 1, 'the forged call was not served');
  assert.equal(c?.emulated.TLBWI, 1, 'only the kernel TLBWI was emulated');
});

const HOSTILE = `${PROLOGUE}
refill:
general:
	mfc0 $k0, $13
	sw $k0, 0($s6)
	HALT 7
main:
	# buffers outside the VM, unknown call numbers
	li $a0, 0x7ffff0
	li $a1, 0x100
	li $v0, MC_CONSOLE_WRITE
	MONITOR_CALL
	sw $v0, 4($s6)
	li $a0, 0xfffff000
	li $a1, 16
	li $v0, MC_CONSOLE_READ
	MONITOR_CALL
	sw $v0, 8($s6)
	li $v0, 4242
	MONITOR_CALL
	sw $v0, 12($s6)
	li $a0, 0x00800000
	li $v0, MC_ZERO_PAGE
	MONITOR_CALL
	sw $v0, 16($s6)
	li $a0, 0 | (MC_DISK_READ << MC_DISK_OP_SHIFT) | (8 << MC_DISK_COUNT_SHIFT)
	li $a1, 0
	li $a2, 0x7fff00
	li $v0, MC_DISK_IO
	MONITOR_CALL
	sw $v0, 20($s6)
	# a TLB entry naming guest-physical memory the VM does not have (8 MB VM, page at 16 MB)
	li $t0, 0x00400000
	mtc0 $t0, $10
	li $t0, (0x1000000 >> 12) << 6 | 0x6
	mtc0 $t0, $2
	mtc0 $zero, $3
	tlbwr
	HALT 1
`;

const VICTIM = `${PROLOGUE}
refill:
general:
	HALT 9
main:
	li $t0, 0x5a5a5a5a
	sw $t0, 0($s6)
	li $t1, 20000
1:	addiu $t1, $t1, -1
	bnez $t1, 1b
	nop
	lw $t2, 0($s6)
	bne $t2, $t0, 2f
	nop
	la $a0, msg
	li $t0, GUEST_KSEG0_BASE
	subu $a0, $a0, $t0
	li $a1, 3
	li $v0, MC_CONSOLE_WRITE
	MONITOR_CALL
	HALT 0
2:	HALT 3
	.data
msg: .ascii "ok\\n"
`;

test('a hostile VM gets errors and a machine check; the other VM runs on untouched', () => {
  const h = buildMonitor([{ kernel: HOSTILE, disks: [new Uint8Array(64 * 512)] }, { kernel: VICTIM }], { cpus: 2 });
  const events: string[] = [];
  h.monitor.onEvent = (e) => {
    if (e.kind === 'isolation') events.push(e.detail);
  };
  assert.equal(runToEnd(h).reason, 'halted');
  assert.equal(result(h, 0, 1) | 0, -2, 'console write beyond the VM: MC_E_FAULT');
  assert.equal(result(h, 0, 2) | 0, -2, 'console read to an address beyond the VM');
  assert.equal(result(h, 0, 3) | 0, -1, 'unknown call: MC_E_NOSYS');
  assert.equal(result(h, 0, 4) | 0, -2, 'zero page beyond the VM');
  assert.equal(result(h, 0, 5) | 0, -2, 'disk DMA beyond the VM');
  assert.equal((result(h, 0, 0) >>> 2) & 31, 24, 'machine check for the TLB entry');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 7 });
  assert.equal(events.length, 1);
  assert.match(events[0] ?? '', /beyond the VM/);
  assert.deepEqual(h.monitor.vms[1]?.end, { kind: 'halt', code: 0 });
  assert.deepEqual(h.lines, ['[vm1] ok']);
  // No machine page is used by both VMs.
  for (const e of h.monitor.snapshot().memmap) assert.equal(new Set(e.users.map((u) => u.vm)).size, 1);
});

const GREEDY = `${PROLOGUE}
refill:
general:
	HALT 9
main:
	li $t0, GUEST_KSEG0_BASE
	li $t1, 0x800              # touch all 2048 pages of 8 MB
1:	sw $t1, 0($t0)
	addiu $t0, $t0, 4096
	addiu $t1, $t1, -1
	bnez $t1, 1b
	nop
	HALT 0
`;

test('a VM the machine cannot back is stopped with a message; the other VM finishes', () => {
  const h = buildMonitor([{ kernel: VICTIM }, { kernel: GREEDY }], { cpus: 2, memoryMB: 8 });
  const events: string[] = [];
  h.monitor.onEvent = (e) => {
    if (e.kind === 'isolation') events.push(e.detail);
  };
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[1]?.end, { kind: 'stopped', message: 'machine memory is exhausted' });
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.deepEqual(h.lines, ['[vm0] ok']);
  assert.deepEqual(events, ['vm1 stopped: machine memory is exhausted']);
});
