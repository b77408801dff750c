// pmap and memmap on their own: first-touch allocation zero-fills from the home node,
// copy-on-write sharing counts references and a write breaks it with a private copy, freeing
// returns pages, out-of-range guest pages are refused, and each change is reported for shootdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Memmap } from '../../../debug-adapter/monitor/memmap';
import { Pmap } from '../../../debug-adapter/monitor/pmap';

function setup(): { memmap: Memmap; pmap: Pmap; other: Pmap; zeroed: number[]; copies: [number, number][]; unmapped: number[] } {
  const memmap = new Memmap(16, 2);
  const zeroed: number[] = [];
  const copies: [number, number][] = [];
  const unmapped: number[] = [];
  const store = { zeroPage: (m: number) => zeroed.push(m), copyPage: (d: number, s: number) => copies.push([d, s]) };
  const listener = { allocated: () => {}, unmapped: (_vm: number, _g: number, m: number) => unmapped.push(m) };
  return { memmap, pmap: new Pmap(0, 4, 1, memmap, store, listener), other: new Pmap(1, 4, 0, memmap, store, listener), zeroed, copies, unmapped };
}

test('first touch allocates a zeroed page on the home node', () => {
  const s = setup();
  const m = s.pmap.translate(2, false);
  assert.equal(m, 8, 'lowest page of node 1');
  assert.deepEqual(s.zeroed, [8]);
  assert.equal(s.pmap.translate(2, true), 8, 'same page after');
  assert.equal(s.pmap.entryLo[2], (8 << 6) | (3 << 3) | 0x6);
  assert.equal(s.pmap.translate(4, false), -1, 'outside the VM');
  assert.equal(s.pmap.translate(-1, false), -1);
  assert.deepEqual(s.memmap.usersOf(8), [{ vm: 0, gppn: 2 }]);
});

test('sharing is copy-on-write with a reference count', () => {
  const s = setup();
  const m = s.pmap.translate(0, true);
  s.pmap.makeReadOnly(0);
  s.other.shareInto(3, m);
  assert.equal(s.memmap.refCount(m), 2);
  assert.equal((s.other.entryLo[3] as number) & 0x4, 0, 'read-only while shared');
  const copy = s.other.translate(3, true);
  assert.notEqual(copy, m);
  assert.deepEqual(s.copies, [[copy, m]]);
  assert.equal(s.memmap.refCount(m), 1);
  assert.ok(s.unmapped.includes(m), 'the old mapping is shot down');
  assert.equal(s.pmap.translate(0, true), m, 'the last user writes in place');
  assert.equal((s.pmap.entryLo[0] as number) & 0x4, 0x4);
});

test('free returns the page; memory exhaustion is reported as -1', () => {
  const s = setup();
  const m = s.pmap.translate(1, false);
  s.pmap.free(1);
  assert.equal(s.memmap.refCount(m), 0);
  assert.equal(s.pmap.mppn[1], -1);
  const big = new Memmap(2, 1);
  const p = new Pmap(0, 4, 0, big, { zeroPage: () => {}, copyPage: () => {} }, { allocated: () => {}, unmapped: () => {} });
  assert.ok(p.translate(0, false) >= 0 && p.translate(1, false) >= 0);
  assert.equal(p.translate(2, false), -1);
});
