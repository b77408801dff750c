// The guest OS (guest/kernel, guest/user) on the bare machine: boots with 1, 2 and 4 CPUs, runs
// each workload and compares its result line with an independent JavaScript model
// (guestOsOracle.ts), checks system-call behaviour (fork/wait status, sbrk, a killed process,
// sleep ordering, console read), NIC-to-NIC ping, the power-off code; and that the guest build
// reads side-effect-free CP0 state from the special page instead of trapping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runBareBounded } from '../support/boundedRun';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import { link } from '../../debug-adapter/toolchain/link/linker';
import type { Endian } from '../../debug-adapter/toolchain/object';
import { buildGuestDisk, EXAMPLE_DISKS, GUEST_PROGRAMS } from '../../guest/tools/guestDisk';
import { readFileSync } from 'node:fs';
import { pingLine, workloadLines } from './guestOsOracle';

const GUEST = join(import.meta.dirname, '..', '..', 'guest');
const KERNEL = join(GUEST, 'kernel', 'kernel.S');

const ROOT = join(GUEST, '..');

function disk(mask: number, scale: number, nics = 0, a2 = 0, data: readonly string[] = [], endian: Endian = 'big'): Uint8Array {
  return buildGuestDisk(nodeIo().files, {
    endian,
    programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(GUEST, p.source) })),
    linkScript: join(GUEST, 'user', 'user.ld'),
    initArgs: [mask, scale, a2, 0],
    nics,
    data: data.map((p) => join(ROOT, p)),
  });
}

/** What each boot may spend (the caps the runs had before, plus a wall time). */
const BUDGET = { instructions: 400_000_000, wallMs: 120_000 };

function boot(cpus: number, image: Uint8Array, extra: { nics?: number; input?: string } = {}): { status: number; lines: string[]; err: string } {
  const r = runBareBounded(KERNEL, { cpus, memoryMB: 16, disks: [new MemoryDiskImage(image)], ...extra }, BUDGET);
  return { status: r.status, lines: r.out.split('\n').filter((l) => l !== ''), err: r.err };
}

test('system calls: getpid, fork/wait, sbrk, a killed process, missing program, sleep order, read', () => {
  const r = boot(1, disk(1 | 256, 1), { input: 'hello disco\n' });
  assert.equal(r.err, '');
  assert.deepEqual(r.lines.slice(0, 2), ['disco-guest: 1 cpus, 16384 KB', 'init: 1 cpus, scale 1']);
  const rest = r.lines.slice(2);
  assert.equal(rest[0], 'sys: getpid 1');
  assert.equal(rest[1], 'sys: fork/wait pid-match 0 status 42');
  assert.equal(rest[2], 'sys: wait without children -10');
  assert.equal(rest[3], 'sys: sbrk grew 8192, shrink -22');
  assert.match(rest[4] ?? '', /^kernel: pid 3 killed: exception 2 at 004[0-9a-f]{5} address 00000010$/);
  assert.equal(rest[5], 'sys: bad access status -1');
  assert.equal(rest[6], 'sys: spawn missing -2');
  assert.deepEqual(rest.slice(7), ['sys: slept 3', 'sys: slept 12', 'read: 11 bytes: hello disco', 'init: done']);
  assert.equal(r.status, 0);
});

test('every workload on one CPU matches the JavaScript models', () => {
  const r = boot(1, disk(2 | 4 | 8 | 16, 2));
  assert.equal(r.status, 0);
  assert.deepEqual(r.lines.slice(2), [...workloadLines(30, 2), 'init: done']);
});

test('two and four CPUs print the same lines as one', () => {
  const image = disk(1 | 2 | 4 | 8 | 16, 2);
  const one = boot(1, image);
  for (const cpus of [2, 4]) {
    const r = boot(cpus, image);
    assert.equal(r.status, 0, `${cpus} CPUs: ${r.err}`);
    assert.equal(r.lines[0], `disco-guest: ${cpus} cpus, 16384 KB`);
    assert.equal(r.lines[1], `init: ${cpus} cpus, scale 2`);
    assert.deepEqual(r.lines.slice(2), one.lines.slice(2));
  }
  assert.deepEqual(one.lines.slice(-5), [...workloadLines(30, 2), 'init: done']);
});

test('pmake with 300 jobs, 8 at a time: more processes than ASIDs (the generation wraps)', () => {
  const r = boot(2, disk(2, 75));
  assert.equal(r.status, 0, r.err);
  assert.deepEqual(r.lines.slice(2), [...workloadLines(2, 75), 'init: done']);
});

test('ping between the two NICs of one machine', () => {
  const r = boot(2, disk(32, 1, 2), { nics: 2 });
  assert.equal(r.status, 0, r.err);
  assert.deepEqual(r.lines.slice(2), [pingLine(8), 'init: done']);
});

test('a disk without a program table stops the kernel with status 255', () => {
  const r = boot(1, new Uint8Array(4096));
  assert.equal(r.status, 255);
  assert.equal(r.lines.at(-1), 'kernel: no program table on disk 0');
});

test('the guest build reads BadVAddr, Context, EPC, Cause and Status from the special page', () => {
  const files = nodeIo().files;
  const guest = assemble(KERNEL, { files, endian: 'big', defines: new Map([['DISCO_GUEST', '1']]) });
  const image = link([guest.object], { endian: 'big', textAddress: 0xc0100000 });
  const text = image.sections.find((s) => s.name === '.text');
  assert.ok(text);
  const view = new DataView(text.data.buffer, text.data.byteOffset, text.data.byteLength);
  const mfc0 = new Set<string>();
  for (let off = 0; off < text.size; off += 4) {
    const word = view.getUint32(off, false);
    if (word >>> 21 === 0x200) mfc0.add(`${(word >>> 11) & 31},${word & 7}`); // MFC0 rt, rd, sel
  }
  // Only registers with side effects or no special-page slot are read with MFC0 (and trap).
  assert.deepEqual([...mfc0].sort(), ['16,1', '9,0']);
  const vectors = image.symbols.find((s) => s.name === 'ebase_vectors');
  assert.equal(vectors?.value, 0xc0101000);
});

test('the example disk images are the current programs (rebuild: npx tsx guest/tools/mkdisk.ts --examples)', () => {
  for (const e of EXAMPLE_DISKS) {
    const committed = new Uint8Array(readFileSync(join(ROOT, e.path)));
    assert.deepEqual(committed, disk(e.init[0], e.init[1], e.nics, e.init[2] ?? 0, e.data ?? [], e.endian), e.path);
  }
});

test('the one-vm example image runs on the bare machine', () => {
  const r = boot(2, new Uint8Array(readFileSync(join(ROOT, 'examples/one-vm/guest.img'))));
  assert.equal(r.status, 0);
  assert.deepEqual(r.lines.slice(-5), [...workloadLines(30, 2), 'init: done']);
});
