// `disco fetch linux [--dir DIR] [--latest] [--mirror URL]`: prepares the files of the
// Debian Linux guest (raw kernel image, initramfs, kernel.json) in a cache directory, from the
// pinned package versions (fetch/linuxPackages.ts) unless --latest.
// The kernel and busybox are GPL binaries from the Debian archive and are never committed.

import * as path from 'node:path';
import { UserError } from '../util/diagnostic';
import { parseArgs } from './args';
import type { CliIo, Command } from './command';
import { fetchLinux, MANIFEST_FILE, type FetchLinuxOptions } from './fetch/linuxFetch';
import { PINNED_LINUX_PACKAGES } from './fetch/linuxPackages';

/** Where `disco fetch linux` puts its files unless --dir says otherwise (gitignored). */
export const DEFAULT_LINUX_DIR = '.cache/linux';

const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/** The fetch options of a `disco fetch` command line (without the log). */
export function parseFetchArgs(args: readonly string[]): Omit<FetchLinuxOptions, 'log'> {
  const a = parseArgs('fetch', args, { values: ['dir', 'mirror'], switches: ['latest'] });
  const [what, ...extra] = a.positional;
  if (what !== 'linux' || extra.length > 0) throw new UserError(`disco fetch: expected 'linux', got '${a.positional.join(' ')}' (see disco fetch --help)`);
  const mirror = a.values.get('mirror');
  return { dir: path.resolve(a.values.get('dir') ?? DEFAULT_LINUX_DIR), latest: a.switches.has('latest'), ...(mirror !== undefined ? { mirror } : {}) };
}

export const fetchCommand: Command = {
  name: 'fetch',
  summary: "downloads and prepares a guest's third-party files (linux: Debian's MIPS kernel + busybox)",
  usage: `usage: disco fetch linux [--dir DIR] [--latest] [--mirror URL]

Downloads Debian 12's mips32r2el kernel ${PINNED_LINUX_PACKAGES.kernel.package} ${PINNED_LINUX_PACKAGES.kernel.version}
and ${PINNED_LINUX_PACKAGES.busybox.package} ${PINNED_LINUX_PACKAGES.busybox.version} (mipsel; the versions the recorded
benchmarks were measured with) with a
private apt configuration (the machine's apt and dpkg state are not changed), then writes
to DIR (default ${DEFAULT_LINUX_DIR}):
  vmlinux.bin     the decompressed kernel, to load at its load address
  initramfs.cpio  busybox + /init, uncompressed newc
  ${MANIFEST_FILE}     load address, entry, sizes, package versions, SHA-256 of every file
Does nothing when DIR already holds files matching ${MANIFEST_FILE} from those packages.

  --dir DIR      output and cache directory
  --latest       take the kernel linux-image-mips32r2el depends on today and the newest
                 busybox-static instead of the pinned versions
  --mirror URL   Debian archive root (default: the machine's Debian mirror, else
                 http://deb.debian.org/debian)
`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const options = parseFetchArgs(args);
    const { dir } = options;
    const { manifest, upToDate } = await fetchLinux({ ...options, log: (line) => io.stderr(`fetch: ${line}\n`) });
    const i = manifest.image;
    io.stdout(
      [
        `${upToDate ? 'up to date' : 'prepared'}: ${dir}`,
        `  kernel    ${manifest.kernel.package} ${manifest.kernel.version}`,
        `  image     ${i.file}: ${i.size} bytes at ${hex(i.loadAddress)}, entry ${hex(i.entry)}, .bss ${hex(i.bssStart)}..${hex(i.bssEnd)}`,
        `  initramfs ${manifest.initramfs.file}: ${manifest.initramfs.size} bytes (${manifest.busybox.package} ${manifest.busybox.version})`,
        `  symbols   ${manifest.systemMap.file}: ${manifest.systemMap.symbols} symbols from the kernel's kallsyms`,
        `  bootargs  ${manifest.bootargs}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
