// The guest OS under the monitor with two VMs booting from one disk image: with "shared-cow" the
// program pages the kernels load (whole aligned pages, one disk read each) come from the global
// disk cache, one machine page for both VMs; with "private" every VM copies its own. The guests
// print the same lines either way, and the image file is never written.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { DiscoMonitor } from '../../debug-adapter/monitor/monitor';
import type { MonitorStats } from '../../debug-adapter/monitor/stats';

const ROOT = join(import.meta.dirname, '..', '..');
const IMAGE = join(ROOT, 'examples/one-vm/guest.img');

function twoVms(mode: string): { readonly lines: Map<string, string[]>; readonly stats: MonitorStats } {
  const vm = (name: string): unknown => ({ name, memoryMB: 16, kernel: '../../guest/kernel/kernel.S', disks: [{ image: 'guest.img', mode }] });
  const text = JSON.stringify({ machine: { cpus: 2, memoryMB: 64 }, vms: [vm('a'), vm('b')] });
  const path = join(ROOT, 'examples/one-vm/two.disco.json');
  const files = nodeIo().files;
  const lines = new Map<string, string[]>();
  const monitor = new DiscoMonitor({ config: loadConfig(text, path, files), files, console: (name, line) => lines.set(name, [...(lines.get(name) ?? []), line]) });
  assert.deepEqual(monitor.run(400_000_000), { reason: 'halted' });
  return { lines, stats: monitor.stats() };
}

test('two guest OS VMs on one shared-cow image share its program pages and print what private disks print', () => {
  const before = readFileSync(IMAGE);
  const shared = twoVms('shared-cow');
  const own = twoVms('private');
  assert.deepEqual(shared.lines, own.lines);
  assert.equal(shared.lines.get('a')?.at(-1), 'init: done');
  assert.deepEqual(shared.lines.get('a'), shared.lines.get('b'));
  const [a, b] = shared.stats.vms;
  assert.ok(a !== undefined && b !== undefined);
  // Both VMs load the same programs: every block is read into the cache once.
  assert.equal(a.disk.cacheMisses + b.disk.cacheMisses, shared.stats.diskCache.blocks);
  assert.ok(a.disk.cacheHits + b.disk.cacheHits > 0, 'the second VM finds blocks the first brought in');
  assert.ok(shared.stats.diskCache.bytesSaved > 0);
  assert.ok(own.stats.vms.every((v) => v.disk.pagesShared === 0 && v.disk.pagesCopied > 0));
  assert.deepEqual(own.stats.diskCache, { blocks: 0, mappings: 0, pagesSaved: 0, bytesSaved: 0 });
  assert.deepEqual(readFileSync(IMAGE), before, 'the image file is never written');
});
