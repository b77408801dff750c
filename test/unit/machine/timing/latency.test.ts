import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homeNodeOfPage, Latency, nodeOfCpu, nsToCycles } from '../../../../debug-adapter/machine/timing/latency';

test('ns to cycles: the paper\'s 300/900 ns at 200 MHz are 60/180 cycles; fractions round up', () => {
  assert.equal(nsToCycles(300, 200), 60);
  assert.equal(nsToCycles(900, 200), 180);
  assert.equal(nsToCycles(300, 150), 45);
  assert.equal(nsToCycles(300, 133), 40); // 39.9
  assert.equal(nsToCycles(1, 1), 1); // 0.001 cycles still stall one
  assert.equal(nsToCycles(0, 200), 0);
  assert.equal(nsToCycles(10, 100), 1);
});

test('CPU i sits on node floor(i * nodes / cpus)', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => nodeOfCpu(i, 8, 2)), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual([0, 1, 2, 3].map((i) => nodeOfCpu(i, 4, 4)), [0, 1, 2, 3]);
  assert.deepEqual([0, 1, 2].map((i) => nodeOfCpu(i, 3, 1)), [0, 0, 0]);
});

test('memory is split evenly: 64 MB on 4 nodes gives 16 MB per node', () => {
  const mb = 1 << 20;
  const page = (pa: number): number => pa / 4096;
  assert.equal(homeNodeOfPage(page(0), 64 * mb, 4), 0);
  assert.equal(homeNodeOfPage(page(16 * mb - 4096), 64 * mb, 4), 0);
  assert.equal(homeNodeOfPage(page(16 * mb), 64 * mb, 4), 1);
  assert.equal(homeNodeOfPage(page(63 * mb), 64 * mb, 4), 3);
  assert.equal(homeNodeOfPage(page(2048 * mb - 4096), 2048 * mb, 32), 31);
});

test('the Latency table holds the maps and the cycle counts', () => {
  const lat = new Latency({ cpus: 4, nodes: 2, memoryBytes: 8 << 20, clockMHz: 200, localMissNs: 300, remoteMissNs: 900 });
  assert.equal(lat.l2HitCycles, 10);
  assert.equal(lat.localMissCycles, 60);
  assert.equal(lat.remoteMissCycles, 180);
  assert.deepEqual([...lat.cpuNode], [0, 0, 1, 1]);
  assert.equal(lat.pageNode.length, 2048);
  assert.equal(lat.homeNode(1023), 0);
  assert.equal(lat.homeNode(1024), 1);
  assert.equal(lat.homeNode(5000), 1, 'past the end: the last node');
  assert.equal(new Latency({ cpus: 1, nodes: 1, memoryBytes: 4096, clockMHz: 100, localMissNs: 1, remoteMissNs: 1, l2HitCycles: 7 }).l2HitCycles, 7);
});
