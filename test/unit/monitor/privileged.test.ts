// Trap-and-emulate of privileged instructions in virtual kernel mode: MFC0/MTC0 against the
// virtual CP0 (and the special page mirroring it), DI/EI, EBase, Count/Compare, CACHE, and the
// emulation counters; reads of PRId/Config come back as the hardware's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

const KERNEL = `${PROLOGUE}
refill:
general:
	HALT 99
main:
	li $t0, 0x12345678
	mtc0 $t0, $14              # EPC
	mfc0 $t1, $14
	sw $t1, 0($s6)
	lw $t2, SP_EPC($s7)        # the special page shows it
	sw $t2, 4($s6)
	li $t0, 0xff01              # IM all, IE
	mtc0 $t0, $12
	di $t3                     # returns the old Status
	sw $t3, 8($s6)
	mfc0 $t4, $12
	sw $t4, 12($s6)
	li $t0, 0x1234a000 | 0x42   # EntryHi VPN2 and ASID
	mtc0 $t0, $10
	mfc0 $t1, $10
	sw $t1, 16($s6)
	mfc0 $t1, $15, 1           # EBase with CPUNum 0
	sw $t1, 20($s6)
	mfc0 $t1, $15              # PRId
	sw $t1, 24($s6)
	li $t0, 0x5000             # store EPC through the special page, read with MFC0
	sw $t0, SP_EPC($s7)
	mfc0 $t1, $14
	sw $t1, 28($s6)
	cache 0, 0($s6)
	mfc0 $t1, $9               # Count advances
	nop
	nop
	mfc0 $t2, $9
	subu $t2, $t2, $t1
	sw $t2, 32($s6)
	lw $t1, SP_VCPU_COUNT($s7)
	sw $t1, 36($s6)
	lw $t1, SP_MAGIC($s7)
	sw $t1, 40($s6)
	HALT 0
`;

test('privileged instructions are emulated against the virtual CP0', () => {
  const h = buildMonitor([{ kernel: KERNEL, vcpus: 2 }]);
  const stop = runToEnd(h);
  assert.equal(stop.reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.equal(result(h, 0, 0), 0x12345678);
  assert.equal(result(h, 0, 1), 0x12345678);
  assert.equal(result(h, 0, 2), 0xff01);
  assert.equal(result(h, 0, 3), 0xff00);
  assert.equal(result(h, 0, 4), 0x1234a042);
  assert.equal(result(h, 0, 5), 0xc0100000);
  assert.equal(result(h, 0, 6), 0x00019300);
  assert.equal(result(h, 0, 7), 0x5000);
  assert.ok(result(h, 0, 8) > 0, 'Count advances');
  assert.equal(result(h, 0, 9), 2);
  assert.equal(result(h, 0, 10), 0xd15c0de5);
  const c = h.monitor.stats().vms[0]?.counters;
  assert.ok(c !== undefined);
  assert.ok((c.emulated.MTC0 ?? 0) >= 4 && (c.emulated.MFC0 ?? 0) >= 6, JSON.stringify(c.emulated));
  assert.equal(c.emulated.CACHE, 1);
  assert.equal(c.emulated.DI, 1);
});
