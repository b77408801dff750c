// Which Debian packages `disco fetch linux` takes: by default the exact versions the recorded
// Linux figures (bench/results/linux-boot.json, qemu-counts.json) were measured with, so they do
// not drift when Debian publishes a new kernel; with --latest, the ABI package the meta-package
// linux-image-mips32r2el currently depends on and the newest busybox-static.

import type { KernelManifest, PackageRef } from '../../toolchain/kernelManifest';
import { UserError } from '../../util/diagnostic';

export const KERNEL_META_PACKAGE = 'linux-image-mips32r2el';
export const BUSYBOX_PACKAGE = 'busybox-static';

/** The kernel and busybox packages of one fetch. */
export interface LinuxPackages {
  readonly kernel: PackageRef;
  readonly busybox: PackageRef;
}

/** The versions bench/README.md's Linux boot figures were measured with. */
export const PINNED_LINUX_PACKAGES: LinuxPackages = {
  kernel: { package: 'linux-image-6.1.0-50-mips32r2el', version: '6.1.176-1' },
  busybox: { package: BUSYBOX_PACKAGE, version: '1:1.35.0-4+deb12u1+b1' },
};

/** A package's control fields as `apt-cache show` prints them (for `pkg` or `pkg=version`). */
export type PackageLookup = (pkg: string) => ReadonlyMap<string, string>;

/** The ABI kernel package the meta-package depends on and the candidate busybox-static. */
export function latestLinuxPackages(show: PackageLookup): LinuxPackages {
  const depends = show(KERNEL_META_PACKAGE).get('Depends') ?? '';
  const name = depends
    .split(/[,|]/)
    .map((d) => d.trim().split(/\s/)[0] ?? '')
    .find((d) => /^linux-image-\d\S*-mips32r2el$/.test(d));
  if (!name) throw new UserError(`${KERNEL_META_PACKAGE} does not depend on a linux-image-*-mips32r2el package (Depends: ${depends})`);
  const version = (pkg: string): string => {
    const v = show(pkg).get('Version');
    if (!v) throw new UserError(`the archive lists ${pkg} without a Version`);
    return v;
  };
  return { kernel: { package: name, version: version(name) }, busybox: { package: BUSYBOX_PACKAGE, version: version(BUSYBOX_PACKAGE) } };
}

/** The packages to fetch: the pinned ones (checked to be in the archive) or, with `latest`, the newest. */
export function selectLinuxPackages(show: PackageLookup, latest: boolean): LinuxPackages {
  if (latest) return latestLinuxPackages(show);
  for (const ref of [PINNED_LINUX_PACKAGES.kernel, PINNED_LINUX_PACKAGES.busybox]) {
    let found: string | undefined;
    try {
      found = show(`${ref.package}=${ref.version}`).get('Version');
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
    if (found !== ref.version) {
      throw new UserError(
        `the archive no longer offers ${ref.package} ${ref.version}, the version the recorded Linux figures were measured with; ` +
          'use --latest to take the newest packages (and re-record bench/results)',
      );
    }
  }
  return PINNED_LINUX_PACKAGES;
}

/** True when a prepared directory's manifest came from exactly these packages. */
export function manifestHasPackages(m: KernelManifest, p: LinuxPackages): boolean {
  return m.kernel.package === p.kernel.package && m.kernel.version === p.kernel.version && m.busybox.package === p.busybox.package && m.busybox.version === p.busybox.version;
}
