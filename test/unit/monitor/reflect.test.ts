// Virtual exceptions at the guest's vectors: a TLB miss with no guest entry goes to the refill
// vector (EBase + 0) while virtual EXL = 0 and to the general vector (EBase + 0x180) when EXL is
// already set, without overwriting EPC; a fault in a branch delay slot sets Cause.BD and EPC to
// the branch; BadVAddr, Context.BadVPN2 and EntryHi.VPN2 are set; the guest's refill handler
// fills the entry with TLBWR and the access then completes through the pmap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

const KERNEL = `${PROLOGUE}
# refill: record where we came from, map the page pair to guest-physical 0x200000, return
refill:
	lw $k0, 64($s6)
	addiu $k0, $k0, 1
	sw $k0, 64($s6)
	mfc0 $k0, $13
	sw $k0, 0($s6)
	mfc0 $k0, $14
	sw $k0, 4($s6)
	mfc0 $k0, $8
	sw $k0, 8($s6)
	mfc0 $k0, $4
	sw $k0, 12($s6)
	mfc0 $k0, $10
	sw $k0, 16($s6)
	li $k0, (0x200000 >> 12) << 6 | 0x6   # V | D, pfn 0x200
	mtc0 $k0, $2
	li $k0, (0x201000 >> 12) << 6 | 0x6
	mtc0 $k0, $3
	tlbwr
	eret
# general: record Cause and EPC of the nested miss, return to the saved resume address
general:
	mfc0 $k0, $13
	sw $k0, 20($s6)
	mfc0 $k0, $14
	sw $k0, 24($s6)
	mfc0 $k0, $8
	sw $k0, 28($s6)
	lw $k1, 68($s6)
	mtc0 $zero, $12            # EXL off again
	jr $k1
	nop
main:
	li $t0, 0xbeef
	li $t1, GUEST_KSEG0_BASE + 0x200010
	sw $t0, 0($t1)             # through the kseg0 window
	li $a0, 0x00400010
	b 1f
	lw $t2, 0($a0)             # delay slot: refill, then the load sees 0xbeef
1:	sw $t2, 32($s6)
	# nested: EXL = 1 and a miss on another page goes to the general vector, EPC kept
	li $t0, 0x777
	mtc0 $t0, $14
	la $t0, 2f
	sw $t0, 68($s6)
	li $t0, 0x2                # EXL
	mtc0 $t0, $12
	li $a1, 0x00800000
	lw $t3, 0($a1)
2:	mfc0 $t0, $14
	sw $t0, 36($s6)
	HALT 0
`;

test('TLB misses are reflected to the refill vector (EXL=0) and the general vector (EXL=1), delay slot, registers', () => {
  const h = buildMonitor([{ kernel: KERNEL }]);
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  assert.equal(result(h, 0, 16), 1, 'one refill');
  const cause = result(h, 0, 0);
  assert.equal((cause >>> 2) & 31, 2, 'TLBL');
  assert.ok(cause & 0x80000000, 'Cause.BD');
  const epc = result(h, 0, 1);
  assert.equal(result(h, 0, 2), 0x00400010, 'BadVAddr');
  assert.equal((result(h, 0, 3) >>> 4) & 0x7ffff, 0x00400010 >>> 13, 'Context.BadVPN2');
  assert.equal(result(h, 0, 4) & ~0x1fff, 0x00400000, 'EntryHi.VPN2');
  assert.equal(result(h, 0, 8), 0xbeef, 'the load went through the guest mapping to the same machine page');
  assert.equal((result(h, 0, 5) >>> 2) & 31, 2, 'nested miss: TLBL at the general vector');
  assert.equal(result(h, 0, 7), 0x00800000);
  assert.equal(result(h, 0, 6), 0x777, 'EPC not overwritten while EXL');
  assert.equal(result(h, 0, 9), 0x777);
  assert.ok(epc >>> 0 >= 0xc0100000 && epc >>> 0 < 0xc0110000, `EPC 0x${epc.toString(16)} is the branch`);
  const t = h.monitor.stats().vms[0]?.counters.tlb;
  assert.ok(t !== undefined && t.reflected === 2, JSON.stringify(t));
});
