// The files of a Linux guest, read: the kernel.json manifest of `disco fetch linux` (raw image,
// load address, entry, .bss end, initramfs, System.map, bootargs) or a raw image with its load
// address and entry, an initrd and a System.map that override the manifest's, and the command
// line (empty: the manifest's). Used by the bare linux-generic board and by Linux VMs under the
// monitor, so both boot exactly the same bytes.

import { UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { type KernelManifest, parseKernelManifest } from './kernelManifest';
import { type SymbolImage, SymbolService, parseSystemMap } from './symbols/symbolService';

/** Where a Linux guest's files are (absolute paths), as a config names them. */
export interface LinuxGuestSpec {
  readonly kernel: string;
  readonly bootArgs: string;
  readonly initrd?: string;
  readonly symbols?: string;
  /** Raw images only: "0x…" kseg0 link address and entry. */
  readonly loadAddress?: string;
  readonly entry?: string;
}

/** A kernel as the board loaders take it. */
export interface LinuxBootFiles {
  /** The raw kernel image (vmlinux.bin). */
  readonly image: Uint8Array;
  /** Its kseg0 link address (0x80100000 for Debian's kernels). */
  readonly loadAddress: number;
  readonly entry: number;
  /** End of the kernel's .bss (kseg0), if known: nothing is placed below it. */
  readonly bssEnd?: number;
  readonly initrd?: Uint8Array;
  readonly bootArgs: string;
}

/**
 * The boot files kernel.json manifest m (at manifestPath) names: its image, which must have the
 * manifest's size, its initramfs unless `initrd` is given, and its bootargs.
 */
export function manifestBootFiles(m: KernelManifest, manifestPath: string, files: FileAccessor, initrd?: Uint8Array): LinuxBootFiles {
  const rel = (name: string): string => files.resolve(manifestPath, name);
  const image = files.readFile(rel(m.image.file));
  if (image.length !== m.image.size) throw new UserError(`${rel(m.image.file)}: ${image.length} bytes, but ${manifestPath} says ${m.image.size}; run 'disco fetch linux' again`);
  return {
    image,
    loadAddress: m.image.loadAddress,
    entry: m.image.entry,
    bssEnd: m.image.bssEnd,
    initrd: initrd ?? files.readFile(rel(m.initramfs.file)),
    bootArgs: m.bootargs,
  };
}

/** The files of a Linux guest, read. */
export interface LinuxGuest {
  readonly boot: LinuxBootFiles;
  readonly symbols: SymbolService;
  /** The System.map images in `symbols` (tagged with the address space given). */
  readonly systemMaps: readonly SymbolImage[];
}

/**
 * Reads what spec names; `where` names the config field in messages ("bare", "vms[1]"), `space`
 * the address space its symbols belong to (a VM's name; none on the bare board).
 */
export function readLinuxGuest(spec: LinuxGuestSpec, files: FileAccessor, where: string, space?: string): LinuxGuest {
  const symbols = new SymbolService();
  const systemMaps: SymbolImage[] = [];
  const addMap = (path: string): void => {
    const image = parseSystemMap(new TextDecoder().decode(files.readFile(path)), path, space);
    systemMaps.push(image);
    symbols.add(image);
  };
  if (/\.json$/i.test(spec.kernel)) {
    const m = parseKernelManifest(new TextDecoder().decode(files.readFile(spec.kernel)), spec.kernel);
    const boot = manifestBootFiles(m, spec.kernel, files, spec.initrd === undefined ? undefined : files.readFile(spec.initrd));
    addMap(spec.symbols ?? files.resolve(spec.kernel, m.systemMap.file));
    return { boot: spec.bootArgs === '' ? boot : { ...boot, bootArgs: spec.bootArgs }, symbols, systemMaps };
  }
  if (spec.symbols !== undefined) addMap(spec.symbols);
  const address = (v: string | undefined, what: string): number => {
    if (v === undefined) throw new UserError(`${spec.kernel}: a raw image needs ${where}.${what}`);
    return parseInt(v.slice(2), 16);
  };
  return {
    boot: {
      image: files.readFile(spec.kernel),
      loadAddress: address(spec.loadAddress, 'loadAddress'),
      entry: address(spec.entry, 'entry'),
      ...(spec.initrd === undefined ? {} : { initrd: files.readFile(spec.initrd) }),
      bootArgs: spec.bootArgs,
    },
    symbols,
    systemMaps,
  };
}
