// The L2TLB on the hardware-miss path: a guest touches more pages than the hardware TLB holds,
// twice. Its refill handler counts how often it runs. With the L2TLB every page is refilled by
// the guest once and later misses are absorbed by the monitor; without it (l2tlbEntries 0)
// only the virtual TLB backs the hardware and the guest refills again. Also the L2Tlb class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { L2Tlb } from '../../../debug-adapter/monitor/l2tlb';
import { buildMonitor, PROLOGUE, result, runToEnd } from './guestHarness';

const PAGES = 64;

const KERNEL = `${PROLOGUE}
# refill: va 0x00400000 + 8K*n maps the pair to guest-physical 0x400000 + 8K*n
refill:
	lw $k0, 0($s6)
	addiu $k0, $k0, 1
	sw $k0, 0($s6)
	REFILL_LINEAR 0x00400000, 0x400000
general:
	HALT 9
main:
	li $s0, 2                  # passes
3:	li $t0, 0x00400000
	li $t1, ${PAGES}
1:	lw $t2, 0($t0)
	addiu $t2, $t2, 1
	sw $t2, 0($t0)
	addiu $t0, $t0, 4096
	addiu $t1, $t1, -1
	bnez $t1, 1b
	nop
	addiu $s0, $s0, -1
	bnez $s0, 3b
	nop
	li $t0, GUEST_KSEG0_BASE + 0x400000 + 4096 * ${PAGES - 1}
	lw $t1, 0($t0)
	sw $t1, 4($s6)
	HALT 0
`;

for (const l2tlbEntries of [4096, 0]) {
  test(`guest refills with l2tlbEntries = ${l2tlbEntries}`, () => {
    const h = buildMonitor([{ kernel: KERNEL }], { tlbEntries: 8, monitor: { l2tlbEntries } });
    assert.equal(runToEnd(h).reason, 'halted');
    assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
    assert.equal(result(h, 0, 1), 2, 'both passes incremented the last page');
    const refills = result(h, 0, 0);
    const t = h.monitor.stats().vms[0]?.counters.tlb;
    assert.ok(t !== undefined);
    assert.equal(t.reflected, refills, 'every reflected miss ran the guest refill handler');
    if (l2tlbEntries > 0) {
      assert.equal(refills, PAGES / 2, 'one guest refill per page pair: the second pass never reaches the guest');
      assert.ok(t.l2tlbHits >= PAGES / 4, `second-pass misses served by the monitor (${t.l2tlbHits})`);
    } else {
      assert.ok(refills > PAGES / 2 + PAGES / 4, `the guest refills again on the second pass (${refills})`);
    }
  });
}

test('L2Tlb: lookup by page pair and ASID, global entries, drops', () => {
  const t = new L2Tlb(64);
  const e = { entryHi: 0x00400000 | 5, entryLo0: 0x1006, entryLo1: 0x1046, pageMask: 0 };
  t.insert(e);
  assert.deepEqual(t.lookup(0x00401234, 5), e);
  assert.equal(t.lookup(0x00401234, 6), undefined, 'other ASID');
  const g = { entryHi: 0x00600000, entryLo0: 0x2007, entryLo1: 0x2047, pageMask: 0 };
  t.insert(g);
  assert.deepEqual(t.lookup(0x00600000, 77), g, 'global');
  t.dropMatching(0x00400000, 5);
  assert.equal(t.lookup(0x00400000, 5), undefined);
  const big = { entryHi: 0x01000000 | 5, entryLo0: 0x4006, entryLo1: 0x4106, pageMask: 0x6000 };
  t.insert(big);
  assert.deepEqual(t.lookup(0x01005000, 5), big, '16 KiB pages');
  t.clear();
  assert.equal(t.count, 0);
  const off = new L2Tlb(0);
  off.insert(e);
  assert.equal(off.lookup(0x00400000, 5), undefined, 'size 0 caches nothing');
});
