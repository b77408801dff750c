// `disco disk make DIR -o IMAGE` as a process: the image's program table and file bytes follow
// the format of docs/guest-os.md (magic "DPRG", version, count, init's arguments, NICs, 32-byte
// entries name/sector/size/load/entry, files on whole pages from sector 1), the guest OS boots
// on it under the monitor and runs its init, and names or counts the table cannot hold are
// refused naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function disco(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'debug-adapter/cli.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
}

// write(1, msg, 17) then exit(0): system calls 2 and 1 of the guest OS.
const INIT = `	.text
	.globl	_start
_start:
	li	$a0, 1
	la	$a1, msg
	li	$a2, 17
	li	$v0, 2
	syscall
	move	$a0, $zero
	li	$v0, 1
	syscall
	.data
msg:	.ascii	"hello from disk!\\n"
`;

test('disco disk make: program table, file bytes, and the guest OS running init from the image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-disk-'));
  const src = join(dir, 'files');
  mkdirSync(src);
  mkdirSync(join(src, 'sub'));
  writeFileSync(join(src, 'init.S'), INIT);
  const notes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) & 0xff);
  writeFileSync(join(src, 'notes.txt'), notes);
  const image = join(dir, 'disk.img');
  const r = disco(['disk', 'make', src, '-o', image, '--init', '7,9']);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  const disk = readFileSync(image);
  const word = (off: number): number => disk.readUInt32BE(off);
  const name = (e: number): string => disk.subarray(e, e + 16).toString('latin1');
  assert.equal(disk.subarray(0, 4).toString('latin1'), 'DPRG');
  assert.deepEqual([word(4), word(8)], [1, 2]);
  assert.deepEqual([word(12), word(16), word(20), word(24), word(28)], [7, 9, 0, 0, 0]);
  // init: one page of program from sector 1, loaded and entered at 0x00400000
  assert.equal(name(64), 'init'.padEnd(16, '\0'));
  assert.deepEqual([word(64 + 16), word(64 + 20), word(64 + 24), word(64 + 28)], [1, 4096, 0x00400000, 0x00400000]);
  assert.equal(word(512), 0x24040001); // li $a0, 1 = addiu $a0, $zero, 1
  // notes.txt: its exact size, after init's page (sector 1 + 8), no load address or entry
  assert.equal(name(96), 'notes.txt'.padEnd(16, '\0'));
  assert.deepEqual([word(96 + 16), word(96 + 20), word(96 + 24), word(96 + 28)], [9, 5000, 0, 0]);
  assert.deepEqual(new Uint8Array(disk.subarray(9 * 512, 9 * 512 + 5000)), notes);
  assert.equal(disk.length, 512 + 4096 + 8192);

  const config = join(dir, 'disk.disco.json');
  const kernel = join(ROOT, 'guest', 'kernel', 'kernel.S');
  writeFileSync(config, JSON.stringify({ machine: { cpus: 1, memoryMB: 16 }, vms: [{ name: 'vm', memoryMB: 8, kernel, disks: [{ image }] }] }));
  const run = disco(['run', config, '--max-cycles', '50000000']);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.stdout.split('\n').includes('[vm] hello from disk!'), run.stdout);
});

test('disco disk make refuses a name or a file count the program table cannot hold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-disk-'));
  const long = join(dir, 'long');
  mkdirSync(long);
  writeFileSync(join(long, 'sixteen-bytes.ab'), 'x');
  const r = disco(['disk', 'make', long, '-o', join(dir, 'a.img')]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `${join(long, 'sixteen-bytes.ab')}: the name 'sixteen-bytes.ab' has 16 bytes, at most 15 fit\n`);
  const many = join(dir, 'many');
  mkdirSync(many);
  for (let i = 0; i < 15; i++) writeFileSync(join(many, `f${String(i).padStart(2, '0')}`), 'x');
  const m = disco(['disk', 'make', many, '-o', join(dir, 'b.img')]);
  assert.equal(m.status, 1);
  assert.equal(m.stderr, `${join(many, 'f14')}: the disk holds at most 14 files, the folder has 15\n`);
  const both = join(dir, 'both');
  mkdirSync(both);
  writeFileSync(join(both, 'init'), 'x');
  writeFileSync(join(both, 'init.S'), INIT);
  const b = disco(['disk', 'make', both, '-o', join(dir, 'c.img')]);
  assert.equal(b.status, 1);
  assert.equal(b.stderr, `${join(both, 'init.S')}: the disk name 'init' is also that of ${join(both, 'init')}\n`);
});
