// The kernel image cache: VMs that boot the same kernel bytes map one machine page per whole image
// page (read-only, the cache a user in the memmap); a VM that writes a shared kernel page gets a
// private copy the others never see; a page whose bytes differ between the VMs' images is held
// once per content; guest-visible results equal a run with sharing off; save/restore and two runs
// agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_IMAGE_VM } from '../../../debug-adapter/monitor/kernelImages';
import { buildMonitor, PROLOGUE, result, runToEnd, type Harness } from './guestHarness';

/** Guest pages of the test kernel's three text pages: code, the word VM 0 writes, the role word. */
const CODE = 0x100;
const WRITTEN = 0x101;
const ROLE = 0x102;
const ORIGINAL = 0xc0ffee;
const WRITTEN_VALUE = 0x5eed;

// Role 1 (VM 0) stores into its kernel's text page WRITTEN, then every VM waits and reads it back.
const kernel = (role: number): string => `${PROLOGUE}
refill:
general:
	HALT 99
main:
	la $t0, role
	lw $t1, 0($t0)
	la $t0, shared_word
	beqz $t1, 1f
	nop
	li $t2, ${WRITTEN_VALUE}
	sw $t2, 0($t0)
1:	li $t3, 20000
2:	addiu $t3, $t3, -1
	bnez $t3, 2b
	nop
	lw $t2, 0($t0)
	sw $t2, 0($s6)
	HALT 0
	.balign 4096
shared_word:
	.word ${ORIGINAL}
	.balign 4096
role:
	.word ${role}
	.balign 4096
`;

function build(vms: number, kernelSharing?: boolean): Harness {
  return buildMonitor(
    Array.from({ length: vms }, (_, i) => ({ kernel: kernel(i === 0 ? 1 : 0) })),
    { memoryMB: 80, ...(kernelSharing === undefined ? {} : { kernelSharing }) },
  );
}

/** The machine page's users as `vm:gppn` strings, sorted. */
function usersOf(h: Harness, mppn: number): string[] {
  return h.monitor.core.memmap.usersOf(mppn).map((u) => `${u.vm}:${u.gppn}`).sort();
}

const mppnOf = (h: Harness, vm: number, gppn: number): number => h.monitor.vms[vm]?.pmap.mppn[gppn] as number;
const vmUsers = (vms: readonly number[], gppn: number): string[] => vms.map((v) => `${v}:${gppn}`);
const cacheUser = (gppn: number): string => `${KERNEL_IMAGE_VM}:${gppn}`;

for (const n of [2, 3, 8]) {
  test(`${n} VMs of the same kernel share its pages; the writer gets a private copy`, () => {
    const h = build(n);
    assert.equal(runToEnd(h).reason, 'halted');
    const all = Array.from({ length: n }, (_, i) => i);
    const others = all.slice(1);
    assert.deepEqual(h.monitor.vms.map((v) => v.end), all.map(() => ({ kind: 'halt', code: 0 })));
    // The code page: one machine page, every VM and the cache.
    assert.deepEqual(usersOf(h, mppnOf(h, 0, CODE)), [cacheUser(CODE), ...vmUsers(all, CODE)].sort());
    // The written page: VM 0 alone on its copy, the others still on the cached page.
    assert.deepEqual(usersOf(h, mppnOf(h, 0, WRITTEN)), vmUsers([0], WRITTEN));
    assert.deepEqual(usersOf(h, mppnOf(h, 1, WRITTEN)), [cacheUser(WRITTEN), ...vmUsers(others, WRITTEN)].sort());
    assert.equal(result(h, 0, 0), WRITTEN_VALUE);
    for (const v of others) assert.equal(result(h, v, 0), ORIGINAL, `vm${v} never sees vm0's write`);
    // The role page differs: one cached page per content.
    assert.notEqual(mppnOf(h, 0, ROLE), mppnOf(h, 1, ROLE));
    assert.deepEqual(usersOf(h, mppnOf(h, 0, ROLE)), [cacheUser(ROLE), ...vmUsers([0], ROLE)].sort());
    assert.deepEqual(usersOf(h, mppnOf(h, 1, ROLE)), [cacheUser(ROLE), ...vmUsers(others, ROLE)].sort());
    // Counted from the memmap: pages the cache holds and the guest pages sharing them.
    const cached = h.monitor.snapshot().memmap.filter((e) => e.users.some((u) => u.vm === KERNEL_IMAGE_VM));
    const mappings = cached.reduce((s, e) => s + e.users.filter((u) => u.vm >= 0).length, 0);
    const stats = h.monitor.stats().kernelImages;
    assert.deepEqual(stats, { pages: cached.length, mappings, copies: 1, pagesSaved: mappings - cached.length, bytesSaved: (mappings - cached.length) * 4096 });
    assert.equal(stats.pagesSaved, (n - 1) + (n - 2) + (n - 2));
  });
}

test('guest-visible memory and output equal a run without sharing, which holds no image pages', () => {
  const shared = build(4);
  const plain = build(4, false);
  assert.equal(runToEnd(shared).reason, 'halted');
  assert.equal(runToEnd(plain).reason, 'halted');
  assert.deepEqual(shared.lines, plain.lines);
  assert.deepEqual(shared.monitor.vms.map((v) => v.end), plain.monitor.vms.map((v) => v.end));
  const mem = (h: Harness, vm: number, g: number): Uint8Array => h.monitor.machine.memory.readBytes(mppnOf(h, vm, g) * 4096, 4096);
  for (let vm = 0; vm < 4; vm++) {
    const touched = (h: Harness): number[] => [...(h.monitor.vms[vm]?.pmap.mppn ?? [])].flatMap((m, g) => (m >= 0 ? [g] : []));
    assert.deepEqual(touched(shared), touched(plain), `vm${vm} touched the same guest pages`);
    for (const g of touched(plain)) assert.deepEqual(mem(shared, vm, g), mem(plain, vm, g), `vm${vm} guest page 0x${g.toString(16)}`);
  }
  assert.ok(plain.monitor.snapshot().memmap.every((e) => e.users.every((u) => u.vm !== KERNEL_IMAGE_VM)));
  assert.equal(plain.monitor.stats().kernelImages.pages, 0);
  const fp = (h: Harness): { virtualPages: number; machinePages: number } => h.monitor.stats().footprint;
  assert.equal(fp(shared).virtualPages, fp(plain).virtualPages);
  assert.equal(fp(plain).machinePages - fp(shared).machinePages, shared.monitor.stats().kernelImages.pagesSaved);
});

test('save/restore round-trips the cache; two runs are identical', () => {
  const h = build(4);
  h.monitor.run(30_000);
  const saved = h.monitor.save();
  assert.ok(saved.monitor.kernelImages.pages.length > 0);
  assert.deepEqual(JSON.parse(JSON.stringify(saved.monitor.kernelImages)), saved.monitor.kernelImages);
  const linesAt = h.lines.length;
  assert.equal(runToEnd(h).reason, 'halted');
  const first = { lines: h.lines.slice(linesAt), snap: h.monitor.snapshot(), cache: h.monitor.core.kernelImages.save() };
  h.monitor.restore(structuredClone(saved));
  assert.deepEqual(h.monitor.core.kernelImages.save(), saved.monitor.kernelImages);
  h.lines.length = linesAt;
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual({ lines: h.lines.slice(linesAt), snap: h.monitor.snapshot(), cache: h.monitor.core.kernelImages.save() }, first);
  const again = build(4);
  runToEnd(again);
  assert.deepEqual(again.monitor.snapshot(), first.snap);
});
