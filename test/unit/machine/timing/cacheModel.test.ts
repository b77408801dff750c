import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CacheArray, cacheShapeProblem, INVALID } from '../../../../debug-adapter/machine/timing/cacheModel';
import { mulberry32 } from '../../../support/prng';
import { RefCache } from './referenceModel';

test('the R10000 shapes: 32 KB 2-way with 128-byte lines has 128 sets, 1 MB has 4096', () => {
  assert.equal(new CacheArray(1, 32 * 1024, 128, 2, 0).sets, 128);
  assert.equal(new CacheArray(1, 1024 * 1024, 128, 2, 2).sets, 4096);
  assert.equal(new CacheArray(4, 32 * 1024, 128, 2, 0).tags.length, 4 * 256);
});

test('shapes that cannot be indexed by a mask are refused with the reason', () => {
  assert.equal(cacheShapeProblem(48 * 1024, 128, 2), '49152 bytes in 128-byte lines and 2 ways give 192 sets; the number of sets must be a power of two');
  assert.match(cacheShapeProblem(1024, 96, 2) ?? '', /line size 96 must be a power of two/);
  assert.match(cacheShapeProblem(1024, 64, 0) ?? '', /associativity 0/);
  assert.equal(cacheShapeProblem(48 * 1024, 128, 3), undefined);
  assert.throws(() => new CacheArray(1, 3000, 64, 2, 0), RangeError);
});

test('LRU order: a hit moves the line to the front, a fill evicts the last way', () => {
  const c = new CacheArray(1, 4 * 64, 64, 4, 0); // one set of 4 ways
  for (const line of [1, 2, 3, 4]) assert.equal(c.insert(0, line), INVALID);
  assert.deepEqual([...c.tags], [4, 3, 2, 1]);
  assert.equal(c.lookup(0, 2), 2);
  assert.deepEqual([...c.tags], [2, 4, 3, 1]);
  assert.equal(c.insert(0, 5), 1);
  assert.deepEqual([...c.tags], [5, 2, 4, 3]);
  assert.equal(c.lookup(0, 1), INVALID);
});

test('remove keeps the order of the rest and leaves the empty way last', () => {
  const c = new CacheArray(1, 4 * 64, 64, 4, 0);
  for (const line of [1, 2, 3, 4]) c.insert(0, line);
  assert.equal(c.remove(0, 3), 3);
  assert.deepEqual([...c.tags], [4, 2, 1, INVALID]);
  assert.equal(c.insert(0, 9), INVALID);
  assert.deepEqual([...c.tags], [9, 4, 2, 1]);
});

test('state bits below the line: lookup matches on the line, retag changes state without recency', () => {
  const c = new CacheArray(1, 2 * 64, 64, 2, 2);
  c.insert(0, (7 << 2) | 1);
  c.insert(0, (8 << 2) | 2);
  assert.equal(c.peek(0, 7), (7 << 2) | 1);
  assert.equal(c.retag(0, 7, (7 << 2) | 3), (7 << 2) | 1);
  assert.deepEqual([...c.tags], [(8 << 2) | 2, (7 << 2) | 3]);
  assert.equal(c.peek(0, 9), INVALID);
});

test('CPUs have separate copies', () => {
  const c = new CacheArray(2, 1024, 64, 2, 0);
  c.insert(1, 5);
  assert.equal(c.peek(0, 5), INVALID);
  assert.equal(c.peek(1, 5), 5);
});

test('random insert/lookup/remove sequences match a Map-based LRU cache', () => {
  for (const [ways, sets] of [[1, 8], [2, 16], [4, 4], [8, 2]] as const) {
    const c = new CacheArray(1, ways * sets * 32, 32, ways, 0);
    const ref = new RefCache<true>(sets, ways);
    const r = mulberry32(ways * 100 + sets);
    for (let i = 0; i < 20000; i++) {
      const line = Math.floor(r() * sets * ways * 3);
      const op = r();
      if (op < 0.15) {
        assert.equal(c.remove(0, line) !== INVALID, ref.remove(line) !== undefined, `remove ${line} at ${i}`);
      } else if (c.lookup(0, line) !== INVALID) {
        assert.ok(ref.touch(line), `hit ${line} at ${i}, reference misses`);
      } else {
        assert.ok(!ref.touch(line), `miss ${line} at ${i}, reference hits`);
        const evicted = c.insert(0, line);
        assert.equal(evicted === INVALID ? undefined : evicted, ref.put(line, true)?.[0], `victim at ${i}`);
      }
    }
    for (let set = 0; set < sets; set++) {
      const got = [...c.tags.subarray(set * ways, set * ways + ways)].filter((t) => t !== INVALID);
      assert.deepEqual(got, ref.order(set));
    }
  }
});
