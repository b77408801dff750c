// Hand-worked access sequences on the paper's configuration (32+32 KB 2-way L1s, 1 MB 2-way board
// cache, 128-byte lines, 200 MHz: L2 hit 10 cycles, local miss 60, remote miss 180).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimingModel } from '../../../../debug-adapter/machine/timing/timingModel';
import { type TimingParams, timingParamProblems, timingParamsOf } from '../../../../debug-adapter/machine/timing/timingParams';
import { loadConfig } from '../../../../debug-adapter/config/discoConfig';
import { MemoryFileAccessor } from '../../../../debug-adapter/util/fileAccessor';
import { UserError } from '../../../../debug-adapter/util/diagnostic';

const MB = 1 << 20;
const KB = 1024;

function machine(cpus: number, nodes: number, memoryMB = 8, extra: Partial<TimingParams> = {}): TimingModel {
  return new TimingModel({
    cpus,
    nodes,
    memoryBytes: memoryMB * MB,
    clockMHz: 200,
    localMissNs: 300,
    remoteMissNs: 900,
    caches: { l1iKB: 32, l1dKB: 32, l2KB: 1024, lineBytes: 128 },
    ...extra,
  });
}

test('first touch misses to local memory, the same line then hits in L1', () => {
  const t = machine(1, 1);
  assert.equal(t.onLoad(0, 0x1000, 4), 60);
  assert.equal(t.onLoad(0, 0x107c, 4), 0, 'same 128-byte line');
  assert.equal(t.onLoad(0, 0x1080, 4), 60, 'next line');
  assert.equal(t.onFetch(0, 0x1000), 10, 'instruction fetch of a line the board cache holds');
  assert.equal(t.onFetch(0, 0x1004), 0);
  const s = t.stats.snapshot()[0];
  assert.deepEqual([s?.l1dHits, s?.l1dMisses, s?.l2Hits, s?.l2Misses, s?.l1iMisses, s?.l1iHits, s?.stallCycles], [1, 2, 1, 2, 1, 1, 130]);
});

test('an access crossing a line boundary touches both lines', () => {
  const t = machine(1, 1);
  assert.equal(t.onLoad(0, 0x107e, 4), 120);
  assert.equal(t.onLoad(0, 0x107e, 4), 0);
  assert.equal(t.onStore(0, 0x20fc, 8), 120);
  const fetchBlock = (): number => [0x3000, 0x3080, 0x3100, 0x3180].reduce((sum, pa) => sum + t.onFetch(0, pa), 0);
  assert.equal(fetchBlock(), 240, 'a 512-byte block spans 4 lines');
  assert.equal(fetchBlock(), 0);
});

test('fetchFrom looks the I-cache up only when fetching moves to another line', () => {
  const t = machine(2, 1);
  assert.equal(t.fetchFrom(0, 0x1000), 60, 'first fetch: a miss to memory');
  assert.equal(t.fetchFrom(0, 0x1004), 0);
  assert.equal(t.fetchFrom(0, 0x107c), 0, 'still the same line: no lookup');
  assert.equal(t.fetchFrom(1, 0x1000), 60, 'each CPU fetches on its own');
  t.fetchFrom(0, 0x1080);
  t.fetchFrom(0, 0x1000);
  const s = t.stats.snapshot()[0];
  assert.deepEqual([s?.l1iMisses, s?.l1iHits], [2, 1], 'line changes 0x1000 → 0x1080 → 0x1000: two misses, then a hit');
  t.invalidateRange(0x1000, 4);
  assert.equal(t.fetchFrom(0, 0x1004), 60, 'after a DMA write the line is fetched again');
  const saved = t.saveState();
  const again = machine(2, 1);
  again.loadState(saved);
  assert.equal(again.fetchFrom(0, 0x1008), 0, 'the current line is part of the saved state');
});

test('conflict misses at the associativity limit: a third line in a 2-way set evicts the least recent', () => {
  const t = machine(1, 1);
  const a = 0x10000;
  const b = a + 16 * KB; // same L1 set (128 sets of 128 bytes), different board-cache sets
  const c = a + 32 * KB;
  for (const pa of [a, b, c]) assert.equal(t.onLoad(0, pa, 4), 60);
  assert.equal(t.onLoad(0, b, 4), 0, 'b and c fill the set');
  assert.equal(t.onLoad(0, c, 4), 0);
  assert.equal(t.onLoad(0, a, 4), 10, 'a was evicted from L1 but the board cache still has it');
  assert.equal(t.onLoad(0, b, 4), 10, 'a evicted b (c was more recent)');
  const x = 0x10000;
  const y = x + 512 * KB; // same board-cache set (4096 sets of 128 bytes)
  const z = x + 1024 * KB;
  assert.equal(t.onLoad(0, y, 4), 60);
  assert.equal(t.onLoad(0, z, 4), 60);
  assert.equal(t.onLoad(0, x, 4), 60, 'x left the board cache, and with it L1 (inclusion)');
});

test('inclusion: a board-cache eviction removes the line from an L1 that could still hold it', () => {
  // L1: 1 KB 4-way in 64-byte lines (4 sets); board cache: 2 KB 2-way (16 sets).
  const t = machine(1, 1, 1, { caches: { l1iKB: 1, l1dKB: 1, l2KB: 2, lineBytes: 64 }, l1Ways: 4 });
  for (const pa of [0, 1024, 2048]) assert.equal(t.onLoad(0, pa, 4), 60);
  assert.equal(t.onLoad(0, 1024, 4), 0);
  assert.equal(t.onLoad(0, 0, 4), 60, 'line 0 fits the 4-way L1 set but was back-invalidated');
});

test('direct-mapped caches (1 way) ping-pong on a conflict', () => {
  const t = machine(1, 1, 8, { l1Ways: 1, l2Ways: 1 });
  assert.equal(t.onLoad(0, 0, 4), 60);
  assert.equal(t.onLoad(0, 32 * KB, 4), 60);
  assert.equal(t.onLoad(0, 0, 4), 10);
  assert.equal(t.onLoad(0, 32 * KB, 4), 10);
});

test('local and remote latency with 2 nodes: 4 MB each, CPU 0 on node 0, CPU 1 on node 1', () => {
  const t = machine(2, 2);
  assert.equal(t.onLoad(0, 0x1000, 4), 60);
  assert.equal(t.onLoad(0, 0x500000, 4), 180);
  assert.equal(t.onLoad(1, 0x600000, 4), 60);
  assert.equal(t.onFetch(1, 0x2000), 180);
  assert.equal(t.onUncached(0, 0x500000), 180);
  assert.equal(t.onUncached(1, 0x500000), 60);
  assert.equal(t.onUncached(0, 0x1f000000), 60, 'device registers are local');
  const [s0, s1] = t.stats.snapshot();
  assert.deepEqual([s0?.localMisses, s0?.remoteMisses, s0?.uncached, s0?.stallCycles], [1, 1, 2, 60 + 180 + 180 + 60]);
  assert.deepEqual([s1?.localMisses, s1?.remoteMisses, s1?.uncached, s1?.stallCycles], [1, 1, 1, 60 + 180 + 60]);
  const snap = t.counters.snapshot();
  assert.deepEqual(snap.local, [1, 1]);
  assert.deepEqual(snap.remote, [1, 1]);
  assert.deepEqual(snap.pages, [
    { page: 0x1, reads: [1, 0], writes: [0, 0] },
    { page: 0x2, reads: [0, 1], writes: [0, 0] },
    { page: 0x500, reads: [1, 0], writes: [0, 0] },
    { page: 0x600, reads: [0, 1], writes: [0, 0] },
  ]);
});

test('coherence: a store invalidates the other CPU\'s copy, whose next read is a communication miss', () => {
  const t = machine(2, 2);
  const a = 0x2000; // home node 0
  assert.equal(t.onLoad(0, a, 4), 60, 'CPU 0 reads: Exclusive');
  assert.equal(t.onLoad(1, a, 4), 180, 'CPU 1 reads from node 0: both Shared');
  assert.equal(t.onLoad(0, a, 4), 0);
  assert.equal(t.onStore(1, a, 4), 180, 'upgrade: ownership from the home directory');
  assert.equal(t.stats.invalidations[0], 1);
  assert.equal(t.stats.upgrades[1], 1);
  assert.equal(t.onStore(1, a, 4), 0, 'now Modified');
  assert.equal(t.onLoad(0, a + 4, 4), 180, 'home is local but the dirty copy is on node 1');
  assert.equal(t.stats.writebacks[1], 1, 'CPU 1 supplied its dirty line');
  assert.equal(t.onStore(1, a, 4), 180, 'CPU 1 lost ownership to the read and must upgrade again');
  assert.deepEqual(t.counters.snapshot().pages, [{ page: 2, reads: [2, 1], writes: [0, 2] }]);
});

test('a store to a line read while no one else had it is silent (Exclusive to Modified)', () => {
  const t = machine(2, 1);
  assert.equal(t.onLoad(0, 0x3000, 4), 60);
  assert.equal(t.onStore(0, 0x3000, 4), 0);
  assert.equal(t.stats.upgrades[0], 0);
  assert.equal(t.onStore(1, 0x3000, 4), 60, 'store miss: CPU 0 loses the line');
  assert.equal(t.onFetch(0, 0x3000), 60);
});

test('a store by one CPU also drops the line from other CPUs\' instruction caches', () => {
  const t = machine(2, 1);
  assert.equal(t.onFetch(0, 0x4000), 60);
  assert.equal(t.onStore(1, 0x4000, 4), 60);
  assert.equal(t.onFetch(0, 0x4000), 60);
});

test('flushPage and DMA invalidation drop every CPU\'s lines of the range, writing back dirty ones', () => {
  const t = machine(2, 1);
  assert.equal(t.onStore(0, 0x5000, 4), 60);
  assert.equal(t.onLoad(1, 0x5f80, 4), 60);
  assert.equal(t.onLoad(1, 0x6000, 4), 60);
  t.flushPage(0x5abc);
  assert.equal(t.stats.writebacks[0], 1);
  assert.deepEqual([t.stats.invalidations[0], t.stats.invalidations[1]], [1, 1]);
  assert.equal(t.onLoad(0, 0x5000, 4), 60);
  assert.equal(t.onLoad(1, 0x5f80, 4), 60);
  assert.equal(t.onLoad(1, 0x6000, 4), 0, 'the next page is untouched');
  t.invalidateRange(0x6010, 4);
  assert.equal(t.onLoad(1, 0x6000, 4), 60);
});

test('reset empties caches, stats and counters', () => {
  const t = machine(1, 1);
  t.onLoad(0, 0, 4);
  t.reset();
  assert.equal(t.stats.snapshot()[0]?.stallCycles, 0);
  assert.deepEqual(t.counters.snapshot().pages, []);
  assert.equal(t.onLoad(0, 0, 4), 60);
});

test('the hot-page trigger sees the misses of the model', () => {
  const t = machine(2, 2);
  t.counters.setHotThreshold(3);
  for (let i = 0; i < 4; i++) t.onLoad(1, 0x7000 + i * 128, 4);
  assert.deepEqual(t.counters.takeHotPages(), [{ page: 7, node: 1, reads: 4, writes: 0 }]);
});

test('parameters that cannot be modelled are a UserError naming each field', () => {
  const p: TimingParams = {
    cpus: 2, nodes: 1, memoryBytes: 8 * MB, clockMHz: 200, localMissNs: 300, remoteMissNs: 900,
    caches: { l1iKB: 48, l1dKB: 32, l2KB: 1024, lineBytes: 96 },
  };
  assert.deepEqual(timingParamProblems(p), [
    'caches.l1iKB: line size 96 must be a power of two of at least 8 bytes',
    'caches.l1dKB: line size 96 must be a power of two of at least 8 bytes',
    'caches.l2KB: line size 96 must be a power of two of at least 8 bytes',
  ]);
  assert.deepEqual(timingParamProblems({ ...p, caches: { ...p.caches, lineBytes: 128 } }), [
    'caches.l1iKB: 49152 bytes in 128-byte lines and 2 ways give 192 sets; the number of sets must be a power of two',
  ]);
  assert.deepEqual(timingParamProblems({ ...p, cpus: 33, memoryBytes: 1000, caches: { ...p.caches, l1iKB: 32, lineBytes: 128 } }), [
    'cpus: 33 is not an integer from 1 to 32',
    'memoryBytes: 1000 is not a whole number of 4 KB pages up to 2 GB',
  ]);
  assert.throws(() => new TimingModel(p), (e: unknown) => e instanceof UserError && /^timing model: caches\.l1iKB/.test(e.message));
});

test('a guest config\'s machine section gives the paper\'s model', () => {
  const files = new MemoryFileAccessor({ 'w/k.s': '' });
  const config = loadConfig('{ "machine": { "cpus": 4, "nodes": 2, "mode": "timing" }, "bare": { "kernel": "k.s" } }', 'w/c.disco.json', files);
  const t = new TimingModel(timingParamsOf(config.machine));
  assert.equal(t.params.memoryBytes, 64 * MB);
  assert.deepEqual([t.l1i.sets, t.l1d.sets, t.l2.sets, t.lineBytes], [128, 128, 4096, 128]);
  assert.deepEqual([t.latency.localMissCycles, t.latency.remoteMissCycles, t.latency.l2HitCycles], [60, 180, 10]);
  assert.deepEqual([...t.latency.cpuNode], [0, 0, 1, 1]);
  assert.equal(t.onLoad(3, 0, 4), 180, 'CPU 3 is on node 1; page 0 is on node 0');
});
