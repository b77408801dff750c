// Content-based page sharing: pages with the same bytes (in one VM and across VMs) end up mapping
// one machine page read-only and the others are freed; a page that differs in one byte is never
// merged; a write through the pmap, and a guest store, get a private copy and leave the other
// page's bytes alone; without the scanner nothing is merged. The guests fill the pages, then loop on a monitor call
// so the monitor is entered often.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeGuest } from '../../../debug-adapter/monitor/guestMemory';
import { buildMonitor, type Harness, PROLOGUE, runToEnd } from './guestHarness';

// Fills guest pages 0x180..0x182 with words 0x12340000 + (index in page), makes the last word of
// 0x182 differ, then enters the monitor 20000 times (the scans run meanwhile) and halts.
const FILL = `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 97
main:
	li $t0, GUEST_KSEG0_BASE + 0x180000
	li $t3, 3 * 1024
	li $t1, 0
	lui $t4, 0x1234
1:	andi $t2, $t1, 1023
	or $t2, $t2, $t4
	sw $t2, 0($t0)
	addiu $t0, $t0, 4
	addiu $t1, $t1, 1
	bne $t1, $t3, 1b
	nop
	li $t0, GUEST_KSEG0_BASE + 0x182000 + 4092
	li $t2, 0xdeadbeef
	sw $t2, 0($t0)
	li $s0, 20000
2:	li $v0, MC_INTR_CHECK
	MONITOR_CALL
	addiu $s0, $s0, -1
	bnez $s0, 2b
	nop
	HALT 0
`;

// FILL, then a guest store into page 0x180 once the scans have merged it; halts with 0 when page
// 0x181, which had the same bytes, still reads the pattern, else 1.
const FILL_THEN_STORE = FILL.replace('\tHALT 0\n', `\tli $t0, GUEST_KSEG0_BASE + 0x180000
\tli $t2, 0x5a5a5a5a
\tsw $t2, 16($t0)
\tli $t0, GUEST_KSEG0_BASE + 0x181000
\tlw $t2, 16($t0)
\tlui $t3, 0x1234
\tori $t3, $t3, 4
\tbne $t2, $t3, 3f
\tnop
\tHALT 0
3:\tHALT 1
`);

/** The guest pages FILL writes: 0x180 and 0x181 alike, 0x182 differs in its last word. */
const PAGES = [0x180, 0x181, 0x182];

/** A page as FILL writes it (big-endian words), with the given last word. */
function pattern(last: number): Uint8Array {
  const p = new Uint8Array(4096);
  const d = new DataView(p.buffer);
  for (let k = 0; k < 1024; k++) d.setUint32(4 * k, 0x12340000 + k);
  d.setUint32(4092, last);
  return p;
}
const ALIKE = 0x123403ff;
const ODD = 0xdeadbeef;

function setup(enabled: boolean): Harness {
  return buildMonitor([{ kernel: FILL, memoryMB: 2 }, { kernel: FILL, memoryMB: 2 }], { cpus: 2, monitor: { contentSharing: { enabled, intervalCycles: 2000, scanPagesPerInterval: 128 } } });
}

const mppn = (h: Harness, vm: number, g: number): number => h.monitor.vms[vm]?.pmap.mppn[g] as number;

test('identical pages share one machine page, a page that differs never does', () => {
  const h = setup(true);
  assert.deepEqual(runToEnd(h), { reason: 'halted' });
  assert.deepEqual(h.monitor.vms.map((vm) => vm.end), [{ kind: 'halt', code: 0 }, { kind: 'halt', code: 0 }]);
  const shared = mppn(h, 0, 0x180);
  for (const [vm, g] of [[0, 0x181], [1, 0x180], [1, 0x181]] as const) assert.equal(mppn(h, vm, g), shared, `vm${vm} page 0x${g.toString(16)} maps the shared page`);
  assert.notEqual(mppn(h, 0, 0x182), shared, 'one word differs: not merged with the pattern');
  assert.equal(mppn(h, 1, 0x182), mppn(h, 0, 0x182), 'but merged with its twin in the other VM');
  for (const vm of h.monitor.vms) for (const g of PAGES) assert.equal(vm.pmap.cow[g], 1, 'merged pages are read-only (copy-on-write)');
  const s = h.monitor.stats().contentSharing;
  assert.ok(s.merged >= 4, JSON.stringify(s));
  assert.ok(s.pagesSaved >= 4);
  const plain = setup(false);
  assert.deepEqual(runToEnd(plain), { reason: 'halted' });
  assert.ok(h.monitor.core.memmap.used <= plain.monitor.core.memmap.used - 4, 'the merged pages were freed');
  const mem = h.monitor.machine.memory;
  assert.deepEqual(mem.readBytes(shared * 4096, 4096), pattern(ALIKE));
  assert.deepEqual(mem.readBytes(mppn(h, 0, 0x182) * 4096, 4096), pattern(ODD));

  const breaks = h.monitor.stats().contentSharing.cowBreaks;
  const vm1 = h.monitor.vms[1];
  assert.ok(vm1 !== undefined);
  assert.ok(writeGuest(h.monitor.core, vm1, 0x181 * 4096 + 16, Uint8Array.of(0xde, 0xad)));
  assert.notEqual(mppn(h, 1, 0x181), shared, 'the write got a private copy');
  assert.equal(vm1.pmap.cow[0x181], 0);
  assert.deepEqual(mem.readBytes(shared * 4096, 4096), pattern(ALIKE), 'the shared page is untouched');
  const copy = pattern(ALIKE);
  copy.set([0xde, 0xad], 16);
  assert.deepEqual(mem.readBytes(mppn(h, 1, 0x181) * 4096, 4096), copy);
  assert.equal(h.monitor.stats().contentSharing.cowBreaks, breaks + 1);
});

test('without the scanner no page is merged', () => {
  const h = setup(false);
  assert.deepEqual(runToEnd(h), { reason: 'halted' });
  const pages = new Set(h.monitor.vms.flatMap((vm) => PAGES.map((g) => vm.pmap.mppn[g])));
  assert.equal(pages.size, 6);
  assert.equal(h.monitor.stats().contentSharing.merged, 0);
});

test('a guest store into a merged page gets a private copy; the pages merged with it keep their bytes', () => {
  const h = buildMonitor([{ kernel: FILL_THEN_STORE, memoryMB: 2 }, { kernel: FILL_THEN_STORE, memoryMB: 2 }], { cpus: 2, monitor: { contentSharing: { enabled: true, intervalCycles: 2000, scanPagesPerInterval: 128 } } });
  assert.deepEqual(runToEnd(h), { reason: 'halted' });
  assert.deepEqual(h.monitor.vms.map((vm) => vm.end), [{ kind: 'halt', code: 0 }, { kind: 'halt', code: 0 }], 'each VM still read the pattern in 0x181');
  const shared = mppn(h, 0, 0x181);
  assert.equal(mppn(h, 1, 0x181), shared, 'the untouched twins stay merged');
  const mem = h.monitor.machine.memory;
  assert.deepEqual(mem.readBytes(shared * 4096, 4096), pattern(ALIKE), 'the merged page never saw the stores');
  const stored = pattern(ALIKE);
  new DataView(stored.buffer).setUint32(16, 0x5a5a5a5a);
  for (const [i, vm] of h.monitor.vms.entries()) {
    assert.notEqual(mppn(h, i, 0x180), shared, `vm${i}'s store got a page of its own`);
    assert.equal(vm.pmap.cow[0x180], 0);
    assert.deepEqual(mem.readBytes(mppn(h, i, 0x180) * 4096, 4096), stored);
  }
  assert.notEqual(mppn(h, 0, 0x180), mppn(h, 1, 0x180));
  assert.ok(h.monitor.stats().contentSharing.cowBreaks >= 2, JSON.stringify(h.monitor.stats().contentSharing));
});
