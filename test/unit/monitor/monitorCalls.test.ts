// Monitor calls: remap shares one machine page copy-on-write and a store breaks the sharing;
// zero and free pages; disk reads and writes with completion on IP3 and MC_DISK_STATUS; frames
// between two VMs on the virtual subnet; the clock; and the memmap/pmap bookkeeping behind them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

const PAGES = `${PROLOGUE}
refill:
general:
	HALT 99
main:
	li $t0, GUEST_KSEG0_BASE + 0x400000
	li $t1, 0x11223344
	sw $t1, 8($t0)
	li $a0, 0x401000           # dst
	li $a1, 0x400000           # src
	li $v0, MC_REMAP
	MONITOR_CALL
	sw $v0, 0($s6)
	li $t2, GUEST_KSEG0_BASE + 0x401000
	lw $t3, 8($t2)             # the copy
	sw $t3, 4($s6)
	li $t4, 0x55
	sw $t4, 8($t2)             # breaks copy-on-write
	lw $t3, 8($t0)             # the source is unchanged
	sw $t3, 8($s6)
	lw $t3, 8($t2)
	sw $t3, 12($s6)
	li $a0, 0x400000
	li $v0, MC_ZERO_PAGE
	MONITOR_CALL
	lw $t3, 8($t0)
	sw $t3, 16($s6)
	li $a0, 0x401000
	li $v0, MC_FREE_PAGE
	MONITOR_CALL
	li $a0, 0x400001           # misaligned
	li $v0, MC_FREE_PAGE
	MONITOR_CALL
	sw $v0, 20($s6)
	li $v0, MC_CLOCK_READ
	MONITOR_CALL
	sw $v0, 24($s6)
	HALT 0
`;

test('remap, copy-on-write, zero and free pages', () => {
  const h = buildMonitor([{ kernel: PAGES }]);
  const shares: string[] = [];
  h.monitor.onEvent = (e) => {
    if (e.kind === 'page-share') shares.push(e.detail);
  };
  const before = h.monitor.snapshot();
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.equal(result(h, 0, 0), 0);
  assert.equal(result(h, 0, 1), 0x11223344, 'remapped copy');
  assert.equal(result(h, 0, 2), 0x11223344, 'source unchanged by the store to the copy');
  assert.equal(result(h, 0, 3), 0x55);
  assert.equal(result(h, 0, 4), 0, 'zeroed page');
  assert.equal(result(h, 0, 5) | 0, -3, 'misaligned page: MC_E_INVAL');
  assert.ok(result(h, 0, 6) > 0, 'clock advanced');
  assert.equal(shares.length, 1);
  const snap = h.monitor.snapshot();
  const pmap = new Map((snap.vms[0]?.pmap ?? []).map(([g, m, cow]) => [g, { m, cow }]));
  assert.equal(pmap.get(0x401), undefined, 'freed');
  assert.equal(pmap.get(0x400)?.cow, 0);
  assert.ok(snap.memmap.length > before.memmap.length);
  for (const e of snap.memmap) assert.equal(e.users.length, 1, 'no page stays shared');
});

const sector = (n: number): Uint8Array => Uint8Array.from({ length: 512 }, (_, i) => (n * 7 + i) & 0xff);

const DISK = `${PROLOGUE}
#define CAUSE_IP3 0x800
refill:
	HALT 98
general:
	mfc0 $k0, $13
	andi $k0, $k0, CAUSE_IP3
	beqz $k0, 9f
	nop
	li $a0, 0
	li $v0, MC_DISK_STATUS
	MONITOR_CALL
	sw $v0, 0($s6)             # DONE
	sw $v1, 4($s6)             # capacity
	li $t9, 1
	sw $t9, 8($s6)
	eret
9:	HALT 97
main:
	li $t0, 0x0801             # IM3 | IE
	mtc0 $t0, $12
	li $a0, 0 | (MC_DISK_READ << MC_DISK_OP_SHIFT) | (2 << MC_DISK_COUNT_SHIFT)
	li $a1, 1
	li $a2, 0x500000
	li $v0, MC_DISK_IO
	MONITOR_CALL
	sw $v0, 12($s6)
	li $v0, MC_DISK_IO         # busy
	MONITOR_CALL
	sw $v0, 16($s6)
1:	lw $t0, 8($s6)
	beqz $t0, 1b
	nop
	li $t1, GUEST_KSEG0_BASE + 0x500000
	lw $t2, 0($t1)
	sw $t2, 20($s6)
	lw $t2, 512($t1)
	sw $t2, 24($s6)
	HALT 0
`;

test('disk read with completion interrupt and status', () => {
  const image = new Uint8Array(16 * 512);
  for (let s = 0; s < 16; s++) image.set(sector(s), s * 512);
  const h = buildMonitor([{ kernel: DISK, disks: [image] }]);
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.equal(result(h, 0, 3), 0, 'started');
  assert.equal(result(h, 0, 4) | 0, -4, 'MC_E_BUSY while in progress');
  assert.equal(result(h, 0, 0), 2, 'MC_DISK_ST_DONE');
  assert.equal(result(h, 0, 1), 16, 'capacity');
  const word = (b: Uint8Array): number => ((b[0] as number) << 24 | (b[1] as number) << 16 | (b[2] as number) << 8 | (b[3] as number)) >>> 0;
  assert.equal(result(h, 0, 5), word(sector(1)));
  assert.equal(result(h, 0, 6), word(sector(2)));
});

const SENDER = `${PROLOGUE}
refill:
general:
	HALT 99
main:
	li $t0, GUEST_KSEG0_BASE + 0x400000
	li $t1, 0x02d15c00         # destination MAC 02:d1:5c:00:00:02 (vm1)
	sw $t1, 0($t0)
	li $t1, 0x0002abcd
	sw $t1, 4($t0)
	li $t1, 0xcafef00d
	sw $t1, 16($t0)
	li $a0, 0x400000
	li $a1, 60
	li $v0, MC_NET_SEND
	MONITOR_CALL
	sw $v0, 0($s6)
	HALT 0
`;

const RECEIVER = `${PROLOGUE}
refill:
	HALT 98
general:
	li $a0, 0x400000
	li $a1, 1514
	li $v0, MC_NET_RECV
	MONITOR_CALL
	sw $v0, 0($s6)
	sw $v1, 4($s6)
	li $t0, GUEST_KSEG0_BASE + 0x400000
	lw $t1, 16($t0)
	sw $t1, 8($s6)
	HALT 0
main:
	li $t0, 0x1001             # IM4 | IE
	mtc0 $t0, $12
1:	wait
	b 1b
	nop
`;

test('frames cross the virtual subnet to the VM owning the destination MAC', () => {
  const h = buildMonitor([{ kernel: SENDER, network: true }, { kernel: RECEIVER, network: true }], { cpus: 2 });
  assert.equal(runToEnd(h).reason, 'halted');
  assert.equal(result(h, 0, 0), 0);
  assert.deepEqual([0, 1, 2].map((i) => result(h, 1, i)), [60, 0, 0xcafef00d]);
});
