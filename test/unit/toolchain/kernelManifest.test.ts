// kernel.json: formatting with hex addresses, and field-by-field checking on reading.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatKernelManifest, parseKernelManifest, type KernelManifest } from '../../../debug-adapter/toolchain/kernelManifest';
import { UserError } from '../../../debug-adapter/util/diagnostic';

const h = (c: string): string => c.repeat(64);
const sample: KernelManifest = {
  format: 1,
  kernel: { package: 'linux-image-6.1.0-50-mips32r2el', version: '6.1.176-1', release: '6.1.0-50-mips32r2el' },
  busybox: { package: 'busybox-static', version: '1:1.35.0-4+deb12u1+b1' },
  image: { file: 'vmlinux.bin', loadAddress: 0x80100000, entry: 0x80b44294, size: 16937648, bssStart: 0x81130000, bssEnd: 0x8118bd80 },
  zboot: { file: 'boot/vmlinuz-6.1.0-50-mips32r2el', entry: 0x81130000, payloadOffset: 0x12dd0 },
  initramfs: { file: 'initramfs.cpio', size: 2381400 },
  systemMap: { file: 'System.map', symbols: 36167 },
  bootargs: 'console=ttyS0',
  sha256: { 'vmlinux.bin': h('a'), 'boot/vmlinuz-6.1.0-50-mips32r2el': h('b'), 'initramfs.cpio': h('c'), 'System.map': h('d') },
};

test('addresses are written in hex and read back', () => {
  const text = formatKernelManifest(sample);
  assert.match(text, /"loadAddress": "0x80100000"/);
  assert.match(text, /"entry": "0x80b44294"/);
  assert.match(text, /"size": 16937648/);
  assert.deepEqual(parseKernelManifest(text, 'kernel.json'), sample);
});

test('bad manifests are UserErrors naming the field', () => {
  const bad = (edit: (j: Record<string, unknown>) => void, pattern: RegExp): void => {
    const j = JSON.parse(formatKernelManifest(sample)) as Record<string, unknown>;
    edit(j);
    assert.throws(() => parseKernelManifest(JSON.stringify(j), 'k.json'), (e: unknown) => e instanceof UserError && pattern.test(e.message));
  };
  bad((j) => (j.format = 2), /k\.json: \$\.format: expected 1, got 2/);
  bad((j) => ((j.image as Record<string, unknown>).entry = '0xfoo'), /\$\.image\.entry: expected a 32-bit unsigned number/);
  bad((j) => delete (j.kernel as Record<string, unknown>).version, /\$\.kernel\.version: expected a non-empty string/);
  bad((j) => ((j.sha256 as Record<string, unknown>)['vmlinux.bin'] = 'xyz'), /\$\.sha256\.vmlinux\.bin: expected 64/);
  bad((j) => delete (j.sha256 as Record<string, unknown>)['initramfs.cpio'], /no checksum for initramfs\.cpio/);
  bad((j) => delete j.systemMap, /\$\.systemMap: expected an object/);
  bad((j) => ((j.systemMap as Record<string, unknown>).symbols = -1), /\$\.systemMap\.symbols: expected a 32-bit unsigned number/);
  bad((j) => delete (j.sha256 as Record<string, unknown>)['System.map'], /no checksum for System\.map/);
  assert.throws(() => parseKernelManifest('{', 'k.json'), /k\.json: not JSON/);
});
