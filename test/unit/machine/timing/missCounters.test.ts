import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MissCounters } from '../../../../debug-adapter/machine/timing/missCounters';

function filled(): MissCounters {
  const c = new MissCounters(16, 2);
  for (let i = 0; i < 5; i++) c.record(3, 0, false, true);
  for (let i = 0; i < 2; i++) c.record(3, 1, true, false);
  c.record(9, 1, false, true);
  return c;
}

test('counts by page and node, reads and writes apart, per-node local/remote totals', () => {
  const c = filled();
  assert.equal(c.count(3, 0), 5);
  assert.equal(c.count(3, 1), 2);
  assert.equal(c.count(9, 1), 1);
  assert.equal(c.count(9, 0), 0);
  assert.deepEqual(c.snapshot(), {
    nodes: 2,
    pages: [
      { page: 3, reads: [5, 0], writes: [0, 2] },
      { page: 9, reads: [0, 1], writes: [0, 0] },
    ],
    local: [5, 1],
    remote: [0, 2],
  });
  assert.deepEqual(JSON.parse(JSON.stringify(c.snapshot())), c.snapshot());
});

test('hot pages: pairs whose count since the reset is above the threshold', () => {
  const c = filled();
  assert.deepEqual(c.hotPages(4), [{ page: 3, node: 0, reads: 5, writes: 0 }]);
  assert.deepEqual(c.hotPages(1), [
    { page: 3, node: 0, reads: 5, writes: 0 },
    { page: 3, node: 1, reads: 0, writes: 2 },
  ]);
  assert.deepEqual(c.hotPages(5), []);
});

test('the hot-page trigger queues a pair once, when it passes the threshold', () => {
  const c = new MissCounters(16, 2);
  c.setHotThreshold(3);
  for (let i = 0; i < 3; i++) c.record(7, 1, i === 1, true);
  assert.deepEqual(c.takeHotPages(), []);
  c.record(7, 1, true, true);
  c.record(7, 1, true, true);
  c.record(2, 0, false, false);
  assert.deepEqual(c.takeHotPages(), [{ page: 7, node: 1, reads: 2, writes: 3 }]);
  assert.deepEqual(c.takeHotPages(), []);
  c.resetPage(7);
  for (let i = 0; i < 4; i++) c.record(7, 1, false, true);
  assert.deepEqual(c.takeHotPages(), [{ page: 7, node: 1, reads: 4, writes: 0 }], 'armed again after resetPage');
  c.setHotThreshold(0);
  for (let i = 0; i < 10; i++) c.record(1, 0, false, true);
  assert.deepEqual(c.takeHotPages(), []);
});

test('resetPage clears one page and drops it from the queue; reset clears all', () => {
  const c = filled();
  c.setHotThreshold(1);
  c.record(9, 1, false, true);
  c.record(3, 0, false, true); // 3,0 was already past 1 before arming: not queued
  c.resetPage(9);
  assert.equal(c.count(9, 1), 0);
  assert.equal(c.count(3, 0), 6);
  assert.deepEqual(c.takeHotPages(), []);
  c.reset();
  assert.deepEqual(c.snapshot(), { nodes: 2, pages: [], local: [0, 0], remote: [0, 0] });
});

test('requests to addresses past the counted pages still count in the node totals', () => {
  const c = new MissCounters(4, 1);
  c.record(4, 0, false, false);
  assert.deepEqual(c.snapshot(), { nodes: 1, pages: [], local: [0], remote: [1] });
});

test('counters saturate instead of wrapping', () => {
  const c = new MissCounters(1, 1);
  c.reads[0] = 0xffffffff;
  c.record(0, 0, false, true);
  assert.equal(c.reads[0], 0xffffffff);
});

test('saveState/loadState round trip, and shape check', () => {
  const c = filled();
  c.setHotThreshold(4);
  c.record(3, 0, false, true);
  const s = structuredClone(c.saveState());
  const d = new MissCounters(16, 2);
  d.loadState(s);
  assert.deepEqual(d.snapshot(), c.snapshot());
  assert.deepEqual(d.takeHotPages(), c.takeHotPages());
  assert.throws(() => new MissCounters(8, 2).loadState(s), RangeError);
});
