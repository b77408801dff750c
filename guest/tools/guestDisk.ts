// Builds the guest OS's disk image: each user program (guest/user/*.S) is assembled and linked
// by the project's toolchain with guest/user/user.ld into one flat image at 0x00400000, and the
// images follow a program table in sector 0 (format in docs/guest-os.md: magic "DPRG", init's
// four arguments, the NIC count, 32-byte entries name/sector/size/load/entry).

import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import { link } from '../../debug-adapter/toolchain/link/linker';
import type { Endian } from '../../debug-adapter/toolchain/object';
import type { FileAccessor } from '../../debug-adapter/util/fileAccessor';
import { UserError } from '../../debug-adapter/util/diagnostic';

const SECTOR = 512;
const PAGE = 4096;
const MAGIC = 0x44505247;
const ENTRIES_OFFSET = 64;
const ENTRY_BYTES = 32;
const MAX_PROGRAMS = (SECTOR - ENTRIES_OFFSET) / ENTRY_BYTES;

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

/** A program linked into one flat image: bytes from `load` (text, data, zeroed bss). */
export interface FlatProgram {
  readonly load: number;
  readonly entry: number;
  readonly bytes: Uint8Array;
}

/** Assembles and links one user program into a flat image. */
export function buildFlatProgram(files: FileAccessor, source: string, linkScript: string, endian: Endian): FlatProgram {
  const r = assemble(source, { files, endian });
  const script = { text: new TextDecoder().decode(files.readFile(linkScript)), fileName: linkScript };
  const image = link([r.object], { endian, script });
  const alloc = image.sections.filter((s) => s.flags.alloc && s.size > 0);
  const first = alloc[0];
  if (!first) throw new UserError(`${source}: the program is empty`);
  const load = first.addr;
  const end = Math.max(...alloc.map((s) => s.addr + s.size));
  const bytes = new Uint8Array(Math.ceil((end - load) / PAGE) * PAGE);
  for (const s of alloc) if (s.kind === 'progbits') bytes.set(s.data, s.addr - load);
  return { load, entry: image.entry, bytes };
}

/** The whole disk image: the program table, then each program on whole pages. */
export function buildGuestDisk(files: FileAccessor, o: GuestDiskOptions): Uint8Array {
  if (o.programs.length > MAX_PROGRAMS) throw new UserError(`at most ${MAX_PROGRAMS} programs fit in the program table`);
  const endian = o.endian ?? 'big';
  const flats = o.programs.map((p) => buildFlatProgram(files, p.source, o.linkScript, endian));
  const total = SECTOR + flats.reduce((n, f) => n + f.bytes.length, 0);
  const disk = new Uint8Array(total);
  const view = new DataView(disk.buffer);
  const little = endian === 'little';
  const put = (off: number, v: number): void => view.setUint32(off, v >>> 0, little);
  put(0, MAGIC);
  put(4, 1);
  put(8, flats.length);
  o.initArgs.forEach((a, i) => put(12 + 4 * i, a));
  put(28, o.nics);
  let offset = SECTOR;
  o.programs.forEach((p, i) => {
    const f = flats[i] as FlatProgram;
    const name = new TextEncoder().encode(p.name);
    if (name.length === 0 || name.length > 15) throw new UserError(`program name '${p.name}' must have 1 to 15 bytes`);
    const e = ENTRIES_OFFSET + i * ENTRY_BYTES;
    disk.set(name, e);
    put(e + 16, offset / SECTOR);
    put(e + 20, f.bytes.length);
    put(e + 24, f.load);
    put(e + 28, f.entry);
    disk.set(f.bytes, offset);
    offset += f.bytes.length;
  });
  return disk;
}
