// `disco fetch linux`: downloads Debian 12's mips32r2el kernel and busybox-static (the pinned
// versions of linuxPackages.ts, or with --latest the newest) through a private apt, takes the zboot ELF apart (XZ payload → raw image at VMLINUX_LOAD_ADDRESS,
// kernel_entry, .bss), checks the image against its own code and kallsyms tables, writes
// System.map from those tables, builds the initramfs and writes kernel.json with checksums.
// A directory whose files match kernel.json is left as is.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { busyboxInitramfs } from '../../toolchain/busyboxInitramfs';
import { readElf } from '../../toolchain/elf/elfFile';
import { extractKallsyms, formatSystemMap, type KallsymsSymbol } from '../../toolchain/kallsyms';
import { formatKernelManifest, KERNEL_MANIFEST_FORMAT, parseKernelManifest, type KernelManifest, type PackageRef } from '../../toolchain/kernelManifest';
import { findZbootPayload, inspectRawKernel, LINUX_MIPS_LOAD_ADDRESS, parseSystemMap, zbootImageSize, zbootKernelEntry, type RawKernelFacts } from '../../toolchain/linuxKernelImage';
import { UserError } from '../../util/diagnostic';
import { aptDownload, aptShow, aptUpdate, debField, preparePrivateApt, type PrivateApt } from './debianArchive';
import { manifestHasPackages, PINNED_LINUX_PACKAGES, selectLinuxPackages } from './linuxPackages';
import { runChecked, runPipe } from './processes';

export const LINUX_BOOTARGS = 'console=ttyS0 earlycon nokaslr cryptomgr.notests';
export const MANIFEST_FILE = 'kernel.json';
export const SYSTEM_MAP_FILE = 'System.map';

export interface FetchLinuxOptions {
  readonly dir: string;
  /** Take the newest packages in the archive instead of the pinned versions. */
  readonly latest?: boolean;
  /** Archive root to use instead of the machine's Debian mirror. */
  readonly mirror?: string;
  readonly log: (line: string) => void;
}

export interface FetchLinuxResult {
  readonly manifest: KernelManifest;
  /** True when nothing had to be downloaded or rebuilt. */
  readonly upToDate: boolean;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/** The manifest in `dir` when every file it lists is present with its checksum. */
export function verifiedManifest(dir: string): KernelManifest | undefined {
  const p = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(p)) return undefined;
  let m: KernelManifest;
  try {
    m = parseKernelManifest(fs.readFileSync(p, 'utf8'), p);
  } catch {
    return undefined;
  }
  for (const [file, hash] of Object.entries(m.sha256)) {
    const f = path.join(dir, file);
    if (!fs.existsSync(f) || sha256(fs.readFileSync(f)) !== hash) return undefined;
  }
  return m;
}

/** The .deb of pkg=version in debs/, downloading it when absent; older versions are removed. */
function debFor(apt: PrivateApt, debs: string, ref: PackageRef, log: (l: string) => void): string {
  const prefix = `${ref.package}_`;
  let hit: string | undefined;
  for (const n of fs.readdirSync(debs).filter((f) => f.startsWith(prefix) && f.endsWith('.deb'))) {
    const p = path.join(debs, n);
    if (!hit && debField(p, 'Version') === ref.version) hit = p;
    else fs.rmSync(p);
  }
  if (hit) return hit;
  log(`downloading ${ref.package} ${ref.version}`);
  aptDownload(apt, debs, [ref]);
  const got = fs.readdirSync(debs).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
  if (!got) throw new UserError(`apt-get download reported success but left no ${prefix}*.deb in ${debs}`);
  return path.join(debs, got);
}

/** Extracts members matching `pattern` (tar wildcard, e.g. './boot/*') of a .deb's data into dir. */
function extract(deb: string, dir: string, pattern: string): Promise<void> {
  return runPipe(`extracting ${path.basename(deb)}`, ['dpkg-deb', '--fsys-tarfile', deb], ['tar', '-x', '-C', dir, '--wildcards', pattern]);
}

function readOut(dir: string, file: string): Uint8Array {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) throw new UserError(`${p}: expected in the package but not found`);
  return new Uint8Array(fs.readFileSync(p));
}

/**
 * The kernel's kallsyms must agree with its code: _text at the load address, kernel_entry
 * where the zboot jumps, __bss_start and _end (when listed) at the .bss bounds, and every
 * symbol inside [_text, end of .bss).
 */
function checkKallsyms(symbols: readonly KallsymsSymbol[], facts: RawKernelFacts): void {
  const where = 'vmlinux.bin: kallsyms';
  const address = (name: string): number | undefined => symbols.find((s) => s.name === name)?.address;
  const expected: [string, number, boolean][] = [
    ['_text', facts.loadAddress, true],
    ['kernel_entry', facts.entry, true],
    ['__bss_start', facts.bssStart, false],
    ['_end', facts.bssEnd, false],
  ];
  for (const [name, ours, required] of expected) {
    const theirs = address(name);
    if (theirs === undefined && required) throw new UserError(`${where} has no ${name} symbol`);
    if (theirs !== undefined && theirs !== ours) throw new UserError(`${where}: ${name} is ${hex(theirs)}, but the image's code says ${hex(ours)}`);
  }
  const outside = symbols.find((s) => s.address < facts.loadAddress || s.address > facts.bssEnd);
  if (outside) throw new UserError(`${where}: ${outside.name} at ${hex(outside.address)} lies outside the kernel [${hex(facts.loadAddress)}, ${hex(facts.bssEnd)}]`);
}

/** Fetches and prepares everything into `options.dir`; see docs/linux-guest.md. */
export async function fetchLinux(options: FetchLinuxOptions): Promise<FetchLinuxResult> {
  const { dir, log } = options;
  fs.mkdirSync(dir, { recursive: true });
  const existing = verifiedManifest(dir);
  if (existing && !options.latest && manifestHasPackages(existing, PINNED_LINUX_PACKAGES)) return { manifest: existing, upToDate: true };

  const apt = preparePrivateApt(path.join(dir, 'apt'), options.mirror);
  log(`updating the package lists of ${apt.mirror.uri} (${apt.root})`);
  aptUpdate(apt);
  const wanted = selectLinuxPackages((pkg) => aptShow(apt, pkg), options.latest === true);
  const { kernel, busybox } = wanted;
  log(`${options.latest ? 'newest' : 'pinned'}: ${kernel.package} ${kernel.version}; ${busybox.package} ${busybox.version}`);
  if (existing && manifestHasPackages(existing, wanted)) return { manifest: existing, upToDate: true };

  const debs = path.join(dir, 'debs');
  fs.mkdirSync(debs, { recursive: true });
  const kernelDeb = debFor(apt, debs, kernel, log);
  const busyboxDeb = debFor(apt, debs, busybox, log);
  await extract(kernelDeb, dir, './boot/*');
  await extract(busyboxDeb, dir, './bin/busybox');

  const release = kernel.package.replace(/^linux-image-/, '');
  const zbootFile = `boot/vmlinuz-${release}`;
  const zboot = readOut(dir, zbootFile);
  const elf = readElf(zboot, zbootFile);
  if (elf.endian !== 'little' || elf.type !== 'exec') throw new UserError(`${zbootFile}: expected a little-endian executable ELF (zboot image)`);
  const payloadOffset = findZbootPayload(zboot, zbootFile);
  const imageSize = zbootImageSize(zboot, zbootFile, payloadOffset);
  const entry = zbootKernelEntry(elf);
  log(`decompressing ${zbootFile} from byte ${hex(payloadOffset)} (xz)`);
  const image = new Uint8Array(runChecked(`decompressing ${zbootFile}`, 'xz', ['-dc', '--single-stream'], { input: zboot.subarray(payloadOffset) }));
  if (image.length !== imageSize) throw new UserError(`${zbootFile}: the XZ payload gives ${image.length} bytes, but the zboot records ${imageSize}`);
  const facts = inspectRawKernel(image, 'vmlinux.bin', LINUX_MIPS_LOAD_ADDRESS, entry);
  const kallsyms = extractKallsyms(image, LINUX_MIPS_LOAD_ADDRESS, 'little', 'vmlinux.bin');
  checkKallsyms(kallsyms, facts);
  const systemMap = new TextEncoder().encode(formatSystemMap(kallsyms));
  log(`${kallsyms.length} symbols from the kernel's kallsyms tables -> ${SYSTEM_MAP_FILE}`);

  const systemMapFile = `boot/System.map-${release}`;
  const symbols = parseSystemMap(new TextDecoder().decode(readOut(dir, systemMapFile)));
  const checks: [string, number, number][] = [
    ['_text', LINUX_MIPS_LOAD_ADDRESS, symbols.get('_text') ?? LINUX_MIPS_LOAD_ADDRESS],
    ['kernel_entry', entry, symbols.get('kernel_entry') ?? entry],
    ['__bss_start', facts.bssStart, symbols.get('__bss_start') ?? facts.bssStart],
  ];
  for (const [name, ours, theirs] of checks) {
    if (ours !== theirs) throw new UserError(`${systemMapFile}: ${name} is ${hex(theirs)}, but the image's code says ${hex(ours)}`);
  }
  log(symbols.size > 0 ? `checked against ${systemMapFile}` : `${systemMapFile} is Debian's stub; load address, entry and .bss come from the kernel's code`);

  const busyboxBytes = readOut(dir, 'bin/busybox');
  const initramfs = busyboxInitramfs(busyboxBytes);
  fs.writeFileSync(path.join(dir, 'vmlinux.bin'), image);
  fs.writeFileSync(path.join(dir, 'initramfs.cpio'), initramfs);
  fs.writeFileSync(path.join(dir, SYSTEM_MAP_FILE), systemMap);
  const files: Record<string, Uint8Array> = {
    'vmlinux.bin': image,
    'initramfs.cpio': initramfs,
    [SYSTEM_MAP_FILE]: systemMap,
    [zbootFile]: zboot,
    [systemMapFile]: readOut(dir, systemMapFile),
    [`boot/config-${release}`]: readOut(dir, `boot/config-${release}`),
    'bin/busybox': busyboxBytes,
  };
  const manifest: KernelManifest = {
    format: KERNEL_MANIFEST_FORMAT,
    kernel: { ...kernel, release },
    busybox,
    image: { file: 'vmlinux.bin', loadAddress: facts.loadAddress, entry: facts.entry, size: facts.size, bssStart: facts.bssStart, bssEnd: facts.bssEnd },
    zboot: { file: zbootFile, entry: elf.entry, payloadOffset },
    initramfs: { file: 'initramfs.cpio', size: initramfs.length },
    systemMap: { file: SYSTEM_MAP_FILE, symbols: kallsyms.length },
    bootargs: LINUX_BOOTARGS,
    sha256: Object.fromEntries(Object.entries(files).map(([f, b]) => [f, sha256(b)])),
  };
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), formatKernelManifest(manifest));
  return { manifest, upToDate: false };
}
