// The newc cpio writer against a hand-checked header and against GNU cpio, which lists
// (-t -v) and extracts (-i) the archives the writer produces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCpioNewc, type CpioEntry } from '../../../debug-adapter/toolchain/cpio';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { oracle, scratchDir } from '../../differential/elfOracle';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const dir = scratchDir('cpio');

function archiveFile(name: string, entries: readonly CpioEntry[]): string {
  const p = join(dir, name);
  writeFileSync(p, writeCpioNewc(entries));
  return p;
}

/** `cpio -t -v` rows as [mode string, size or "major, minor", name]. */
function listVerbose(path: string): string[][] {
  const rows: string[][] = [];
  for (const line of oracle('cpio', ['-t', '-v', '--quiet', '-F', path]).split('\n')) {
    if (line === '') continue;
    const m = /^(\S{10})\s+\d+\s+\S+\s+\S+\s+(\d+, +\d+|\d+)\s+\S+\s+\d+\s+\S+\s+(.*)$/.exec(line);
    assert.ok(m && m[1] && m[2] && m[3], `unexpected cpio -tv line: ${line}`);
    rows.push([m[1], m[2].replace(/, +/, ','), m[3]]);
  }
  return rows;
}

test('one regular file gives the hand-checked header, name and data padding', () => {
  const a = writeCpioNewc([{ kind: 'file', path: '/ab', data: text('hello'), mode: 0o640 }]);
  const header = '070701' + ['00000001', '000081a0', '00000000', '00000000', '00000001', '00000000', '00000005', '00000000', '00000000', '00000000', '00000000', '00000003', '00000000'].join('');
  const latin = new TextDecoder('latin1').decode(a);
  // 110-byte header + "ab\0" = 113, padded to 116; data 5 bytes padded to 8.
  assert.equal(latin.slice(0, 110), header);
  assert.equal(latin.slice(110, 116), 'ab\0\0\0\0');
  assert.equal(latin.slice(116, 124), 'hello\0\0\0');
  const trailer = latin.slice(124);
  assert.ok(trailer.startsWith('070701'));
  assert.equal(trailer.slice(6 + 11 * 8, 6 + 12 * 8), '0000000b', 'trailer namesize counts the NUL');
  assert.equal(trailer.slice(110, 121), 'TRAILER!!!\0');
  assert.equal(a.length % 4, 0);
});

test('GNU cpio lists directories, files, symlinks and device nodes with their modes', () => {
  const p = archiveFile('kinds.cpio', [
    { kind: 'dir', path: 'bin' },
    { kind: 'file', path: 'bin/busybox', data: text('\x7fELF'), mode: 0o755 },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    { kind: 'dir', path: 'dev', mode: 0o700 },
    { kind: 'char', path: 'dev/console', major: 5, minor: 1 },
    { kind: 'block', path: 'dev/vda', major: 254, minor: 0, mode: 0o660 },
    { kind: 'file', path: 'init', data: text('#!/bin/sh\n'), mode: 0o4755 },
  ]);
  assert.deepEqual(listVerbose(p), [
    ['drwxr-xr-x', '0', 'bin'],
    ['-rwxr-xr-x', '4', 'bin/busybox'],
    ['lrwxrwxrwx', '7', 'bin/sh -> busybox'],
    ['drwx------', '0', 'dev'],
    ['crw-------', '5,1', 'dev/console'],
    ['brw-rw----', '254,0', 'dev/vda'],
    ['-rwsr-xr-x', '10', 'init'],
  ]);
});

test('every name and data length pads correctly (cpio lists all members and extracts the bytes)', () => {
  const entries: CpioEntry[] = [{ kind: 'dir', path: 'd' }];
  for (let n = 1; n <= 8; n++) {
    for (let size = 0; size <= 5; size++) {
      const data = Uint8Array.from({ length: size }, (_, i) => (n * 31 + i * 7) & 0xff);
      entries.push({ kind: 'file', path: `d/${'x'.repeat(n)}${size}`, data });
    }
  }
  const p = archiveFile('pad.cpio', entries);
  assert.deepEqual(
    listVerbose(p).map((r) => r[2]),
    entries.map((e) => e.path),
  );
  const out = scratchDir('cpio-x');
  oracle('cpio', ['-i', '-d', '--quiet', '-F', p], out);
  for (const e of entries) {
    if (e.kind !== 'file') continue;
    assert.deepEqual(new Uint8Array(readFileSync(join(out, e.path))), e.data, e.path);
  }
});

test('GNU cpio extracts file modes and symlink targets', () => {
  const p = archiveFile('extract.cpio', [
    { kind: 'dir', path: 'etc' },
    { kind: 'file', path: 'etc/motd', data: text('hi\n'), mode: 0o600 },
    { kind: 'file', path: 'run', data: text('x'), mode: 0o751 },
    { kind: 'symlink', path: 'etc/link', target: '../run' },
  ]);
  const out = scratchDir('cpio-y');
  oracle('cpio', ['-i', '-d', '--quiet', '-F', p], out);
  assert.equal(lstatSync(join(out, 'etc/motd')).mode & 0o7777, 0o600);
  assert.equal(lstatSync(join(out, 'run')).mode & 0o7777, 0o751);
  assert.equal(readlinkSync(join(out, 'etc/link')), '../run');
  assert.equal(readFileSync(join(out, 'etc/motd'), 'utf8'), 'hi\n');
});

test('output is deterministic', () => {
  const entries: CpioEntry[] = [{ kind: 'file', path: 'f', data: text('abc') }];
  assert.deepEqual(writeCpioNewc(entries), writeCpioNewc(entries));
});

test('bad entries are UserErrors naming the path', () => {
  const bad: [CpioEntry[], RegExp][] = [
    [[{ kind: 'file', path: 'a/b', data: text('') }], /'a\/b' comes before its directory 'a'/],
    [[{ kind: 'dir', path: 'a' }, { kind: 'dir', path: '/a' }], /'a' appears twice/],
    [[{ kind: 'file', path: 'x/../y', data: text('') }], /'\.\.' path component/],
    [[{ kind: 'dir', path: '/' }], /archive root/],
    [[{ kind: 'file', path: 'f', data: text(''), mode: 0o10000 }], /not a permission value/],
    [[{ kind: 'char', path: 'c', major: -1, minor: 0 }], /rdevmajor -1 does not fit/],
    [[{ kind: 'symlink', path: 's', target: '' }], /empty symlink target/],
  ];
  for (const [entries, pattern] of bad) {
    assert.throws(() => writeCpioNewc(entries), (e: unknown) => e instanceof UserError && pattern.test(e.message));
  }
});
