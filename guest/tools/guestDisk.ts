// The guest OS's own disk images: its user programs (guest/user/*.S) linked with
// guest/user/user.ld behind the program table (debug-adapter/toolchain/guestDisk.ts), data files
// stored as they are, and the images of examples/.

import type { Endian } from '../../debug-adapter/toolchain/object';
import { buildFlatProgram, type DiskFile, writeGuestDisk } from '../../debug-adapter/toolchain/guestDisk';
import type { FileAccessor } from '../../debug-adapter/util/fileAccessor';

/** The guest OS's user programs, with sources relative to guest/. */
export const GUEST_PROGRAMS: readonly GuestProgram[] = [
  { name: 'init', source: 'user/init.S' },
  { name: 'cc', source: 'user/cc.S' },
  { name: 'fsum', source: 'user/fsum.S' },
];

/** The files the file server example exports (relative to the repository; stored under their base names). */
export const EXPORTED_FILES: readonly string[] = ['examples/file-server/export/files', 'examples/file-server/export/abstract', 'examples/file-server/export/numbers'];

/** An example image: init's mask and scale (and $a2), NICs, data files (repository paths). */
export interface ExampleDisk {
  readonly path: string;
  readonly init: readonly [number, number] | readonly [number, number, number];
  readonly nics: number;
  readonly data?: readonly string[];
  /** The machine's byte order (default big). */
  readonly endian?: Endian;
}

/** The disk images of examples/ (paths relative to the repository): init's mask and scale, NICs. */
export const EXAMPLE_DISKS: readonly ExampleDisk[] = [
  { path: 'examples/one-vm/guest.img', init: [31, 2], nics: 0 },
  { path: 'examples/overcommit/guest.img', init: [31, 2], nics: 0 },
  { path: 'examples/multi-vm/server.img', init: [64, 1], nics: 1 },
  { path: 'examples/multi-vm/client.img', init: [128, 1], nics: 1 },
  { path: 'examples/multi-vm/worker.img', init: [10, 2], nics: 0 },
  { path: 'examples/file-server/server.img', init: [512, 1, 7], nics: 1, data: EXPORTED_FILES },
  { path: 'examples/file-server/client.img', init: [1024, 1], nics: 1 },
  { path: 'examples/linux-vm/worker.img', init: [10, 2], nics: 0, endian: 'little' },
];

/** One user program on the disk. */
export interface GuestProgram {
  /** Name the kernel looks up (at most 15 bytes; the first process is "init"). */
  readonly name: string;
  /** Assembly source path (read through the FileAccessor). */
  readonly source: string;
}

export interface GuestDiskOptions {
  readonly programs: readonly GuestProgram[];
  /** The link script for user programs (guest/user/user.ld). */
  readonly linkScript: string;
  /** $a0..$a3 of the first process. */
  readonly initArgs: readonly [number, number, number, number];
  /** Network interfaces the kernel should use on the bare board (0..2). */
  readonly nics: number;
  readonly endian?: Endian;
  /** Data files after the programs (paths read through the FileAccessor, stored under their base names). */
  readonly data?: readonly string[];
}

/** The disk image of the guest OS's user programs (the table and the builder live in the toolchain). */
export function buildGuestDisk(files: FileAccessor, o: GuestDiskOptions): Uint8Array {
  const endian = o.endian ?? 'big';
  const programs = o.programs.map((p) => buildFlatProgram(files, p.source, o.linkScript, endian, p.name));
  const data = (o.data ?? []).map((path): DiskFile => ({ name: path.replace(/^.*\//, ''), bytes: files.readFile(path), load: 0, entry: 0 }));
  return writeGuestDisk([...programs, ...data], { initArgs: o.initArgs, nics: o.nics, endian });
}
