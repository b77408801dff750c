// Which packages `disco fetch linux` takes (pinned by default, the meta-package's with --latest)
// and how its command line is read, against a made-up archive: no network.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseFetchArgs } from '../../../../debug-adapter/cli/fetchCommand';
import { manifestHasPackages, PINNED_LINUX_PACKAGES, selectLinuxPackages, type PackageLookup } from '../../../../debug-adapter/cli/fetch/linuxPackages';
import type { KernelManifest } from '../../../../debug-adapter/toolchain/kernelManifest';
import { UserError } from '../../../../debug-adapter/util/diagnostic';

/** An archive holding `versions` (package -> versions, newest last) and a meta-package depending on `abi`. */
function archive(versions: Record<string, string[]>, abi: string): { show: PackageLookup; asked: string[] } {
  const asked: string[] = [];
  const show: PackageLookup = (spec) => {
    asked.push(spec);
    const [name = '', version] = spec.split('=');
    if (name === 'linux-image-mips32r2el') return new Map([['Depends', `${abi} (= 9.9.9-1), initramfs-tools | linux-initramfs-tool`]]);
    const list = versions[name];
    const v = version === undefined ? list?.at(-1) : list?.find((x) => x === version);
    if (v === undefined) throw new UserError(`no ${spec}`);
    return new Map([['Package', name], ['Version', v]]);
  };
  return { show, asked };
}

const pinnedKernel = PINNED_LINUX_PACKAGES.kernel;
const pinnedBusybox = PINNED_LINUX_PACKAGES.busybox;
const newer = {
  [pinnedKernel.package]: [pinnedKernel.version],
  'linux-image-6.1.0-99-mips32r2el': ['6.1.999-1'],
  [pinnedBusybox.package]: [pinnedBusybox.version, '1:1.36.1-1'],
};

test('by default the pinned versions are taken even when the archive has newer ones', () => {
  const { show, asked } = archive(newer, 'linux-image-6.1.0-99-mips32r2el');
  assert.deepEqual(selectLinuxPackages(show, false), PINNED_LINUX_PACKAGES);
  assert.deepEqual(asked, [`${pinnedKernel.package}=${pinnedKernel.version}`, `${pinnedBusybox.package}=${pinnedBusybox.version}`]);
});

test('--latest follows the meta-package to its ABI package and takes the newest busybox', () => {
  const { show } = archive(newer, 'linux-image-6.1.0-99-mips32r2el');
  assert.deepEqual(selectLinuxPackages(show, true), {
    kernel: { package: 'linux-image-6.1.0-99-mips32r2el', version: '6.1.999-1' },
    busybox: { package: 'busybox-static', version: '1:1.36.1-1' },
  });
});

test('a pinned version gone from the archive is a UserError that points at --latest', () => {
  const { show } = archive({ ...newer, [pinnedKernel.package]: ['6.1.0-other'] }, 'linux-image-6.1.0-99-mips32r2el');
  assert.throws(() => selectLinuxPackages(show, false), (e: unknown) => e instanceof UserError && e.message.includes(`${pinnedKernel.package} ${pinnedKernel.version}`) && e.message.includes('--latest'));
});

test('a meta-package without a mips32r2el ABI dependency is a UserError', () => {
  const { show } = archive(newer, 'linux-image-6.1.0-99-armmp');
  assert.throws(() => selectLinuxPackages(show, true), /does not depend on a linux-image-\*-mips32r2el package/);
});

test('a prepared directory is current only for exactly the same packages', () => {
  const m = { kernel: { ...pinnedKernel, release: '6.1.0-50-mips32r2el' }, busybox: pinnedBusybox } as KernelManifest;
  assert.equal(manifestHasPackages(m, PINNED_LINUX_PACKAGES), true);
  assert.equal(manifestHasPackages(m, { ...PINNED_LINUX_PACKAGES, busybox: { ...pinnedBusybox, version: '1:1.36.1-1' } }), false);
  assert.equal(manifestHasPackages(m, { ...PINNED_LINUX_PACKAGES, kernel: { ...pinnedKernel, package: 'linux-image-6.1.0-99-mips32r2el' } }), false);
});

test('disco fetch arguments: pinned by default, --latest, --dir and --mirror; bad input is a UserError', () => {
  assert.deepEqual(parseFetchArgs(['linux']), { dir: path.resolve('.cache/linux'), latest: false });
  assert.deepEqual(parseFetchArgs(['linux', '--latest', '--dir', 'x', '--mirror=http://m/debian']), { dir: path.resolve('x'), latest: true, mirror: 'http://m/debian' });
  assert.throws(() => parseFetchArgs(['linux', '--refresh']), /unknown option --refresh/);
  assert.throws(() => parseFetchArgs(['kernel']), /expected 'linux'/);
  assert.throws(() => parseFetchArgs(['linux', '--dir']), /--dir needs a value/);
});
