// `disco fetch linux` end to end against the Debian archive: the manifest, the raw image
// (re-decompressed with xz, kernel_entry re-read with objdump), the initramfs (listed and
// unpacked by GNU cpio, /init checked by the guest's own busybox under qemu-mipsel), the
// second run being a no-op, and the message for an unreachable archive. Downloads are
// cached in .cache/linux (gitignored); an unreachable archive makes this test fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKernelManifest, type KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { oracle, scratchDir } from '../differential/elfOracle';

const root = new URL('../..', import.meta.url).pathname;
const cache = join(root, '.cache/linux');

function disco(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'debug-adapter/cli.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const hex = (v: number): string => v.toString(16);

let manifest: KernelManifest | undefined;
function fetched(): KernelManifest {
  if (manifest) return manifest;
  const r = disco(['fetch', 'linux', '--dir', cache]);
  assert.equal(r.status, 0, `disco fetch linux failed (is the Debian archive reachable?):\n${r.stderr}`);
  manifest = parseKernelManifest(readFileSync(join(cache, 'kernel.json'), 'utf8'), 'kernel.json');
  return manifest;
}

test('fetch writes a manifest whose checksums and sizes match the files', () => {
  const m = fetched();
  assert.match(m.kernel.package, /^linux-image-6\.1\.0-\d+-mips32r2el$/);
  assert.equal(m.kernel.release, m.kernel.package.replace('linux-image-', ''));
  assert.equal(m.busybox.package, 'busybox-static');
  for (const [file, hash] of Object.entries(m.sha256)) assert.equal(sha256(readFileSync(join(cache, file))), hash, file);
  assert.equal(readFileSync(join(cache, m.image.file)).length, m.image.size);
  assert.equal(readFileSync(join(cache, m.initramfs.file)).length, m.initramfs.size);
  assert.equal(m.bootargs, 'console=ttyS0 earlycon nokaslr cryptomgr.notests');
});

test('the raw image is the zboot payload, loads at 0x80100000 and holds kernel_entry before .bss', () => {
  const m = fetched();
  const zboot = join(cache, m.zboot.file);
  const redone = oracle('sh', ['-c', `tail -c +${m.zboot.payloadOffset + 1} "$0" | xz -dc --single-stream | sha256sum`, zboot]);
  assert.equal(redone.split(' ')[0], m.sha256[m.image.file], 'xz from the second magic gives vmlinux.bin');
  assert.equal(m.image.loadAddress, 0x80100000);
  assert.ok(m.image.entry > m.image.loadAddress && m.image.entry < m.image.loadAddress + m.image.size, 'kernel_entry lies inside the image');
  assert.ok(m.image.bssStart >= m.image.loadAddress + m.image.size && m.image.bssEnd > m.image.bssStart);

  // objdump's view of the zboot head: PTR_LI t9, KERNEL_ENTRY; jalr t9.
  const head = oracle('mipsel-linux-gnu-objdump', ['-d', `--start-address=0x${hex(m.zboot.entry)}`, `--stop-address=0x${hex(m.zboot.entry + 0x100)}`, zboot]);
  const hi = hex(m.image.entry >>> 16);
  const lo = hex(m.image.entry & 0xffff);
  assert.match(head, new RegExp(`lui\\s+t9,0x${hi}\\n.*ori\\s+t9,t9,0x${lo}\\n.*jalr\\s+t9`));
  // objdump's view of the raw image: _text starts with `j kernel_entry`.
  const text = oracle('mipsel-linux-gnu-objdump', ['-D', '-b', 'binary', '-m', 'mips:isa32r2', '-EL', `--adjust-vma=0x${hex(m.image.loadAddress)}`, `--stop-address=0x${hex(m.image.loadAddress + 4)}`, join(cache, m.image.file)]);
  assert.match(text, new RegExp(`${hex(m.image.loadAddress)}:\\s+[0-9a-f]{8}\\s+j\\s+0x${hex(m.image.entry)}`));
});

test('the initramfs lists /init and /bin/busybox, and /init is a script the guest busybox accepts', () => {
  const m = fetched();
  const cpioFile = join(cache, m.initramfs.file);
  const names = oracle('cpio', ['-t', '--quiet', '-F', cpioFile]).trim().split('\n');
  for (const n of ['init', 'bin/busybox', 'bin/sh', 'dev/console', 'proc', 'sys', 'root', 'etc']) assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);
  const out = scratchDir('initramfs');
  oracle('cpio', ['-i', '-d', '--quiet', '-F', cpioFile, 'init', 'bin/busybox'], out);
  assert.equal(sha256(readFileSync(join(out, 'bin/busybox'))), m.sha256['bin/busybox']);
  oracle('qemu-mipsel', [join(out, 'bin/busybox'), 'sh', '-n', join(out, 'init')]);
  const applets = oracle('qemu-mipsel', [join(out, 'bin/busybox'), '--list']).split('\n');
  for (const a of ['sh', 'mount', 'hostname', 'uname', 'grep', 'setsid', 'cttyhack']) assert.ok(applets.includes(a), `busybox has ${a}`);
});

test('a second fetch finds everything up to date', () => {
  fetched();
  const started = Date.now();
  const r = disco(['fetch', 'linux', '--dir', cache]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^up to date: /);
  assert.ok(Date.now() - started < 15_000);
});

test('an unreachable archive is a clear error, not a crash', () => {
  const r = disco(['fetch', 'linux', '--dir', scratchDir('nofetch'), '--mirror', 'http://127.0.0.1:9/debian']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^could not reach the Debian archive: apt-get update from http:\/\/127\.0\.0\.1:9\/debian failed:\n.*Failed to fetch/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
