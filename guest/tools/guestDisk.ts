// The guest OS's own disk images: its user programs (guest/user/*.S) linked with
// guest/user/user.ld behind the program table (debug-adapter/toolchain/guestDisk.ts), and the
// images of examples/.

import type { Endian } from '../../debug-adapter/toolchain/object';
import { buildFlatProgram, writeGuestDisk } from '../../debug-adapter/toolchain/guestDisk';
import type { FileAccessor } from '../../debug-adapter/util/fileAccessor';

/** The guest OS's user programs, with sources relative to guest/. */
export const GUEST_PROGRAMS: readonly GuestProgram[] = [
  { name: 'init', source: 'user/init.S' },
  { name: 'cc', source: 'user/cc.S' },
];

/** The disk images of examples/ (paths relative to the repository): init's mask and scale, NICs. */
export const EXAMPLE_DISKS: readonly { readonly path: string; readonly init: readonly [number, number]; readonly nics: number }[] = [
  { path: 'examples/one-vm/guest.img', init: [31, 2], nics: 0 },
  { path: 'examples/overcommit/guest.img', init: [31, 2], nics: 0 },
  { path: 'examples/multi-vm/server.img', init: [64, 1], nics: 1 },
  { path: 'examples/multi-vm/client.img', init: [128, 1], nics: 1 },
  { path: 'examples/multi-vm/worker.img', init: [10, 2], nics: 0 },
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
}

/** The disk image of the guest OS's user programs (the table and the builder live in the toolchain). */
export function buildGuestDisk(files: FileAccessor, o: GuestDiskOptions): Uint8Array {
  const endian = o.endian ?? 'big';
  const programs = o.programs.map((p) => buildFlatProgram(files, p.source, o.linkScript, endian, p.name));
  return writeGuestDisk(programs, { initArgs: o.initArgs, nics: o.nics, endian });
}
