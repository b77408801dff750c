// The disk modes (Disco §4.2.2): shared-cow disks read whole aligned pages through the global disk
// cache (one machine page for every VM reading a block, read-only, until a write breaks the
// sharing), writes never leak between VMs or into the image, private disks copy, persistent disks
// keep acknowledged writes in the image's overlay journal across a crash; same config, same stats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DISK_CACHE_VM } from '../../../debug-adapter/monitor/diskCache';
import { encodeRecord, overlayPath } from '../../../debug-adapter/monitor/diskJournal';
import { MemoryFileAccessor } from '../../../debug-adapter/util/fileAccessor';
import { buildMonitor, type DiskSpec, type Harness, PROLOGUE, result, runToEnd } from './guestHarness';

const SECTORS = 64;
/** Every word of sector s is 0x5ec00000 + s: what any read of an unmodified sector must return. */
const baseWord = (s: number): number => (0x5ec00000 + s) >>> 0;
function image(): Uint8Array {
  const b = new Uint8Array(SECTORS * 512);
  const v = new DataView(b.buffer);
  for (let s = 0; s < SECTORS; s++) for (let w = 0; w < 128; w++) v.setUint32(s * 512 + w * 4, baseWord(s));
  return b;
}

let label = 0;
/** One disk operation, polled to completion with interrupts off; the status goes to result slot `slot`. */
function io(op: 'READ' | 'WRITE', sector: number, count: number, gpa: number, slot: number): string {
  const l = `wait${label++}`;
  return `
	li $a0, 0 | (MC_DISK_${op} << MC_DISK_OP_SHIFT) | (${count} << MC_DISK_COUNT_SHIFT)
	li $a1, ${sector}
	li $a2, 0x${gpa.toString(16)}
	li $v0, MC_DISK_IO
	MONITOR_CALL
	bnez $v0, fail
	nop
${l}:	li $a0, 0
	li $v0, MC_DISK_STATUS
	MONITOR_CALL
	andi $t9, $v0, MC_DISK_ST_DONE | MC_DISK_ST_ERROR
	beqz $t9, ${l}
	nop
	sw $t9, ${slot * 4}($s6)`;
}
/** Loads the word at guest-physical gpa into result slot `slot`. */
const load = (gpa: number, slot: number): string => `
	li $t0, GUEST_KSEG0_BASE + 0x${gpa.toString(16)}
	lw $t1, 0($t0)
	sw $t1, ${slot * 4}($s6)`;
/** Stores `value` at guest-physical gpa (a store through the kseg0 window). */
const store = (gpa: number, value: number): string => `
	li $t0, GUEST_KSEG0_BASE + 0x${gpa.toString(16)}
	li $t1, 0x${value.toString(16)}
	sw $t1, 0($t0)`;
const kernel = (body: string): string => `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 97
fail:
	HALT 96
main:${body}
	HALT 0
`;

const DONE = 2;
const PAGE_A = 0x500000;
const PAGE_B = 0x502000;

const shared: DiskSpec = { image: 'root.img', mode: 'shared-cow' };
function run(kernels: readonly string[], disk: DiskSpec, o: { files?: MemoryFileAccessor; cpus?: number } = {}): Harness {
  const h = buildMonitor(kernels.map((k) => ({ kernel: k, disks: [disk] })), { cpus: o.cpus ?? 1, images: { 'root.img': image() }, ...(o.files === undefined ? {} : { files: o.files }) });
  assert.equal(runToEnd(h).reason, 'halted');
  h.monitor.vms.forEach((vm) => assert.deepEqual(vm.end, { kind: 'halt', code: 0 }, vm.name));
  return h;
}
const mppnOf = (h: Harness, vm: number, gpa: number): number => h.monitor.vms[vm]?.pmap.mppn[gpa >>> 12] as number;

test('two VMs reading the same block share one read-only machine page, held by the disk cache', () => {
  const reader = kernel(`${io('READ', 8, 8, PAGE_A, 0)}${load(PAGE_A, 1)}`);
  const h = run([reader, reader], shared);
  for (const vm of [0, 1]) {
    assert.equal(result(h, vm, 0), DONE);
    assert.equal(result(h, vm, 1), baseWord(8));
  }
  const m = mppnOf(h, 0, PAGE_A);
  assert.equal(mppnOf(h, 1, PAGE_A), m, 'one machine page for both');
  const users = h.monitor.core.memmap.usersOf(m).map((u) => `${u.vm}:${u.gppn}`).sort();
  assert.deepEqual(users, [`${DISK_CACHE_VM}:0`, `0:${PAGE_A >>> 12}`, `1:${PAGE_A >>> 12}`].sort());
  for (const vm of [0, 1]) assert.equal(h.monitor.vms[vm]?.pmap.cow[PAGE_A >>> 12], 1, 'mapped read-only');
  const stats = h.monitor.stats();
  assert.deepEqual(stats.vms.map((v) => [v.disk.cacheHits + v.disk.cacheMisses, v.disk.pagesShared, v.disk.cowFaults]), [[1, 1, 0], [1, 1, 0]]);
  assert.equal(stats.vms.reduce((n, v) => n + v.disk.cacheMisses, 0), 1, 'the block is read from the image once');
  assert.deepEqual(stats.diskCache, { blocks: 1, mappings: 2, pagesSaved: 1, bytesSaved: 4096 });
});

test('a write takes a copy-on-write fault: the writer gets a private page, the other VM and the image keep the block', () => {
  const writer = kernel(`${io('READ', 8, 8, PAGE_A, 0)}${store(PAGE_A, 0xabcd1234)}${load(PAGE_A, 1)}${io('WRITE', 8, 8, PAGE_A, 2)}${io('READ', 8, 8, PAGE_B, 3)}${load(PAGE_B, 4)}`);
  const reader = kernel(`${io('READ', 8, 8, PAGE_A, 0)}${load(PAGE_A, 1)}${io('READ', 8, 8, PAGE_B, 3)}${load(PAGE_B, 4)}`);
  const files = new MemoryFileAccessor();
  const h = run([writer, reader], shared, { files, cpus: 2 });
  assert.equal(result(h, 0, 1), 0xabcd1234, 'the writer sees its store');
  assert.equal(result(h, 0, 2), DONE);
  assert.equal(result(h, 0, 4), 0xabcd1234, 'and reads its own write back from the disk');
  assert.equal(result(h, 1, 1), baseWord(8), 'the other VM never sees it');
  assert.equal(result(h, 1, 4), baseWord(8));
  const cached = mppnOf(h, 1, PAGE_A);
  assert.ok(h.monitor.core.diskCache.holds(cached));
  assert.notEqual(mppnOf(h, 0, PAGE_A), cached, 'the writer has its own copy');
  assert.ok(!h.monitor.core.diskCache.holds(mppnOf(h, 0, PAGE_B)), 'a modified block is copied, not shared');
  assert.equal(h.monitor.machine.memory.read32(cached * 4096) >>> 0, baseWord(8), 'the cached block is unchanged');
  assert.deepEqual(files.readFile('/cfg/root.img'), image(), 'the image file is never written');
  assert.equal(files.exists(overlayPath('/cfg/root.img')), false);
  const stats = h.monitor.stats();
  assert.equal(stats.vms[0]?.disk.cowFaults, 1);
  assert.equal(stats.vms[0]?.disk.modifiedSectors, 8);
  assert.equal(stats.vms[1]?.disk.cowFaults, 0);
  assert.equal(stats.vms[1]?.disk.modifiedSectors, 0);
});

test('unaligned and partial reads are copied, never shared', () => {
  const k = kernel(`${io('READ', 8, 4, PAGE_A, 0)}${io('READ', 8, 8, PAGE_B + 0x200, 1)}${load(PAGE_A, 2)}${load(PAGE_B + 0x200, 3)}`);
  const h = run([k], shared);
  assert.equal(result(h, 0, 2), baseWord(8));
  assert.equal(result(h, 0, 3), baseWord(8));
  const d = h.monitor.stats().vms[0]?.disk;
  assert.deepEqual([d?.pagesShared, d?.pagesCopied], [0, 3]);
  assert.equal(h.monitor.core.diskCache.cachedBlocks, 0);
});

test('private disks copy every read: no machine page is shared, writes stay in the VM', () => {
  const writer = kernel(`${io('READ', 8, 8, PAGE_A, 0)}${store(PAGE_A, 0x77)}${io('WRITE', 8, 8, PAGE_A, 1)}`);
  const reader = kernel(`${io('READ', 8, 8, PAGE_A, 0)}${load(PAGE_A, 1)}`);
  const h = run([writer, reader], { image: 'root.img', mode: 'private' });
  assert.equal(result(h, 1, 1), baseWord(8));
  assert.notEqual(mppnOf(h, 0, PAGE_A), mppnOf(h, 1, PAGE_A));
  for (const [m, users] of h.monitor.core.memmap.entries()) assert.equal(users.length, 1, `machine page ${m} is not shared`);
  assert.deepEqual(h.monitor.stats().diskCache, { blocks: 0, mappings: 0, pagesSaved: 0, bytesSaved: 0 });
});

test('persistent: acknowledged writes survive a crash, a torn record does not, the image is never written', () => {
  const files = new MemoryFileAccessor();
  const disk: DiskSpec = { image: 'data.img', mode: 'persistent' };
  const overlay = overlayPath('/cfg/data.img');
  const writer = kernel(`${store(PAGE_A, 0x11111111)}${io('WRITE', 3, 1, PAGE_A, 0)}${store(PAGE_A, 0x22222222)}${io('WRITE', 40, 1, PAGE_A, 1)}
	HALT 5`);
  // The first run ends abruptly (no flush, no shutdown), right after the guest was told of both writes.
  const first = buildMonitor([{ kernel: writer, disks: [disk] }], { images: { 'data.img': image() }, files });
  runToEnd(first);
  assert.deepEqual(first.monitor.vms[0]?.end, { kind: 'halt', code: 5 });
  assert.deepEqual([result(first, 0, 0), result(first, 0, 1)], [DONE, DONE]);
  // A crash during a third write's append leaves a torn record at the journal's end.
  const torn = encodeRecord(50, new Uint8Array(512).fill(0xee));
  files.appendFile(overlay, torn.subarray(0, torn.length - 9));
  const reader = kernel(`${io('READ', 0, 64, PAGE_A, 0)}${load(PAGE_A + 3 * 512, 1)}${load(PAGE_A + 40 * 512, 2)}${load(PAGE_A + 50 * 512, 3)}${load(PAGE_A + 4 * 512, 4)}${store(PAGE_A, 0x33333333)}${io('WRITE', 4, 1, PAGE_A, 5)}`);
  const second = buildMonitor([{ kernel: reader, disks: [disk] }], { images: { 'data.img': image() }, files });
  assert.equal(runToEnd(second).reason, 'halted');
  assert.deepEqual([result(second, 0, 1), result(second, 0, 2)], [0x11111111, 0x22222222], 'both acknowledged writes');
  assert.equal(result(second, 0, 3), baseWord(50), 'the torn write was never acknowledged');
  assert.equal(result(second, 0, 4), baseWord(4));
  assert.equal(result(second, 0, 5), DONE, 'a write after the torn record');
  const third = buildMonitor([{ kernel: kernel(`${io('READ', 4, 1, PAGE_A, 0)}${load(PAGE_A, 1)}`), disks: [disk] }], { images: { 'data.img': image() }, files });
  assert.equal(runToEnd(third).reason, 'halted');
  assert.equal(result(third, 0, 1), 0x33333333, 'is read back by the next run');
  assert.deepEqual(files.readFile('/cfg/data.img'), image(), 'the image file is never written');
});

test('the same config gives the same disk statistics twice', () => {
  const writer = kernel(`${io('READ', 8, 8, PAGE_A, 0)}${store(PAGE_A, 1)}${io('READ', 16, 16, PAGE_B, 1)}${io('WRITE', 16, 8, PAGE_A, 2)}`);
  const reader = kernel(`${io('READ', 16, 16, PAGE_B, 0)}${io('READ', 8, 8, PAGE_A, 1)}${io('READ', 9, 8, PAGE_A, 2)}`);
  const stats = (): unknown => run([writer, reader, reader], shared, { cpus: 2 }).monitor.stats();
  const a = stats();
  assert.deepEqual(stats(), a);
  assert.ok((a as { diskCache: { pagesSaved: number } }).diskCache.pagesSaved > 0);
});
