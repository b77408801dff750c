// The guest initramfs layout as GNU cpio lists it, and /init as a POSIX shell script.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyboxInitramfs, initScript } from '../../../debug-adapter/toolchain/busyboxInitramfs';
import { oracle, scratchDir } from '../../differential/elfOracle';

const dir = scratchDir('initramfs');

test('the archive holds busybox, the sh link, /dev/console and an executable /init', () => {
  const p = join(dir, 'i.cpio');
  writeFileSync(p, busyboxInitramfs(new TextEncoder().encode('BUSYBOX'), "it's up"));
  const rows = oracle('cpio', ['-t', '-v', '--quiet', '-F', p])
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/));
  const row = (name: string): string[] => rows.find((r) => r[r.length - 1] === name || r.at(-3) === name) ?? [];
  assert.equal(row('bin/busybox')[0], '-rwxr-xr-x');
  assert.equal(row('bin/busybox')[4], '7');
  assert.deepEqual(row('bin/sh').slice(-3), ['bin/sh', '->', 'busybox']);
  assert.deepEqual([row('dev/console')[0], row('dev/console')[4], row('dev/console')[5]], ['crw-------', '5,', '1']);
  assert.equal(row('init')[0], '-rwxr-xr-x');
  assert.equal(row('tmp')[0], 'drwxrwxrwt');
  for (const d of ['proc', 'sys', 'dev', 'etc', 'root', 'usr/bin', 'usr/sbin', 'sbin']) assert.equal(row(d)[0]?.[0], 'd', d);
});

test('/init mounts proc before installing the applets and ends by exec-ing a shell', () => {
  const text = initScript("it's up");
  const p = join(dir, 'init');
  writeFileSync(p, text);
  oracle('sh', ['-n', p]);
  const lines = text.split('\n');
  assert.equal(lines[0], '#!/bin/sh');
  assert.ok(lines.indexOf('/bin/busybox mount -t proc proc /proc') < lines.indexOf('/bin/busybox --install -s'));
  assert.ok(lines.includes('mount -t devtmpfs devtmpfs /dev'));
  assert.equal(oracle('sh', ['-c', lines.find((l) => l.startsWith('echo \'')) ?? 'false']).trim(), "it's up");
  assert.equal(lines.filter(Boolean).at(-1), 'exec setsid cttyhack /bin/sh');
});
