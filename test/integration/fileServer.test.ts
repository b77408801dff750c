// The guest OS's file service (guest/kernel/fs.S, nfs.S) under the Disco monitor, as the file
// server example runs it: every client prints the size and checksum of each file the server
// exports (a JavaScript model of fsum), the server counts their requests, and the file pages
// travel remapped: one machine page holds each file page, mapped by the server and all seven
// clients. The same programs read disk 0's files on the bare machine. Two runs are equal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { FILE_SERVER_CONFIG, type FootprintRun, runFootprint } from '../../debug-adapter/monitor/footprintRun';
import { buildGuestDisk, EXPORTED_FILES, GUEST_PROGRAMS } from '../../guest/tools/guestDisk';
import { runBareBounded } from '../support/boundedRun';
import { fsumLines, fsumRequests } from './guestOsOracle';

const ROOT = join(import.meta.dirname, '..', '..');
const CLIENTS = 7;
const exported = new Map(EXPORTED_FILES.map((p) => [basename(p), new Uint8Array(readFileSync(join(ROOT, p)))]));

function run(): FootprintRun {
  const files = nodeIo().files;
  const path = join(ROOT, FILE_SERVER_CONFIG);
  return runFootprint(loadConfig(readFileSync(path, 'utf8'), path, files), files);
}

const first = run();

test('every client prints each exported file\'s checksum; the server served all their requests', () => {
  for (let i = 1; i <= CLIENTS; i++) {
    assert.deepEqual(first.lines.get(`client${i}`), ['disco-guest: 1 cpus, 8192 KB', 'init: 1 cpus, scale 1', ...fsumLines(exported), 'init: done'], `client${i}`);
  }
  assert.deepEqual(first.lines.get('server'), ['disco-guest: 1 cpus, 16384 KB', 'init: 1 cpus, scale 1', `nfsd: served ${CLIENTS * fsumRequests(exported)} requests`, 'init: done']);
});

test('one machine page backs each file page in the server and every client', () => {
  const { monitor } = first;
  const mem = monitor.machine.memory;
  const used = monitor.core.memmap.entries();
  let filePages = 0;
  for (const [name, bytes] of exported) {
    for (let off = 0; off < bytes.length; off += 4096) {
      const page = new Uint8Array(4096);
      page.set(bytes.subarray(off, off + 4096));
      const holders = used.filter(([m]) => mem.readBytes(m * 4096, 4096).every((b, i) => b === page[i]));
      assert.equal(holders.length, 1, `${name} page ${off / 4096}: machine pages holding it`);
      const vms = new Set(holders[0]?.[1].filter((u) => u.vm >= 0 && u.gppn >= 0).map((u) => u.vm));
      assert.equal(vms.size, CLIENTS + 1, `${name} page ${off / 4096}: VMs mapping it`);
      filePages++;
    }
  }
  for (const vm of first.stats.vms.filter((v) => v.name !== 'server')) {
    assert.equal(vm.net.pagesRemapped, filePages, `${vm.name}: every file page arrived remapped`);
    assert.equal(vm.net.bytesSaved, filePages * 4096);
  }
  const f = first.footprint;
  assert.ok(f.virtualPages - f.machinePages >= CLIENTS * filePages, `sharing saves at least the clients' copies: ${JSON.stringify(f)}`);
});

test('two runs of the file server are equal', () => {
  const again = run();
  assert.deepEqual([...again.lines], [...first.lines]);
  assert.deepEqual(again.stats, first.stats);
  assert.deepEqual(again.monitor.snapshot().netLog, first.monitor.snapshot().netLog);
});

test('on the bare machine fsum reads disk 0\'s files; mount and nfsd are not available', () => {
  const image = buildGuestDisk(nodeIo().files, {
    programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(ROOT, 'guest', p.source) })),
    linkScript: join(ROOT, 'guest', 'user', 'user.ld'),
    initArgs: [2048 | 1024, 1, 0, 0],
    nics: 2,
    data: EXPORTED_FILES.map((p) => join(ROOT, p)),
  });
  const r = runBareBounded(join(ROOT, 'guest/kernel/kernel.S'), { cpus: 2, memoryMB: 16, nics: 2, disks: [new MemoryDiskImage(image)] }, { instructions: 200_000_000, wallMs: 120_000 });
  assert.equal(r.status, 0);
  assert.deepEqual(r.out.split('\n').filter((l) => l !== '').slice(1), ['init: 2 cpus, scale 1', 'fsum: mount error -38', ...fsumLines(exported), 'init: done']);
});
