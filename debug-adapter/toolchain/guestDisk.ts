// The guest OS's disk image (format in docs/guest-os.md): the program table in sector 0 (magic
// "DPRG", init's four arguments, the NIC count, 32-byte entries name/sector/size/load/entry),
// then each file on whole 4 KB pages. User programs are assembled and linked into one flat image
// by the project's toolchain; data files are stored as they are, with load address and entry 0.

import { UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { assemble } from './assembler/assembler';
import { link } from './link/linker';
import type { Endian } from './object';

const SECTOR = 512;
const PAGE = 4096;
const MAGIC = 0x44505247;
const ENTRIES_OFFSET = 64;
const ENTRY_BYTES = 32;
/** Entries the program table holds. */
export const MAX_DISK_FILES = (SECTOR - ENTRIES_OFFSET) / ENTRY_BYTES;
/** Bytes of a file name (the entry's 16-byte field keeps a terminating NUL). */
export const MAX_DISK_NAME = 15;

/** One file of the disk: a flat program (load, entry) or data (load = entry = 0). */
export interface DiskFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly load: number;
  readonly entry: number;
}

export interface DiskTableOptions {
  /** $a0..$a3 of the first process. */
  readonly initArgs: readonly [number, number, number, number];
  /** Network interfaces the kernel should use on the bare board (0..2). */
  readonly nics: number;
  readonly endian: Endian;
}

/** Why `name` cannot be a disk file name, or undefined when it can. */
export function diskNameProblem(name: string): string | undefined {
  const n = new TextEncoder().encode(name).length;
  if (n === 0) return 'a file name must not be empty';
  if (n > MAX_DISK_NAME) return `the name '${name}' has ${n} bytes, at most ${MAX_DISK_NAME} fit`;
  return undefined;
}

/** Assembles and links one user program into a flat image: bytes from `load` (text, data, zeroed bss). */
export function buildFlatProgram(files: FileAccessor, source: string, linkScript: string, endian: Endian, name: string): DiskFile {
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
  return { name, bytes, load, entry: image.entry };
}

/** The whole disk image: the program table, then each file's bytes padded to whole pages. */
export function writeGuestDisk(diskFiles: readonly DiskFile[], o: DiskTableOptions): Uint8Array {
  if (diskFiles.length > MAX_DISK_FILES) throw new UserError(`at most ${MAX_DISK_FILES} files fit in the program table, not ${diskFiles.length}`);
  const padded = (f: DiskFile): number => Math.ceil(f.bytes.length / PAGE) * PAGE;
  const disk = new Uint8Array(SECTOR + diskFiles.reduce((n, f) => n + padded(f), 0));
  const view = new DataView(disk.buffer);
  const little = o.endian === 'little';
  const put = (off: number, v: number): void => view.setUint32(off, v >>> 0, little);
  put(0, MAGIC);
  put(4, 1);
  put(8, diskFiles.length);
  o.initArgs.forEach((a, i) => put(12 + 4 * i, a));
  put(28, o.nics);
  let offset = SECTOR;
  diskFiles.forEach((f, i) => {
    const problem = diskNameProblem(f.name);
    if (problem !== undefined) throw new UserError(problem);
    const e = ENTRIES_OFFSET + i * ENTRY_BYTES;
    disk.set(new TextEncoder().encode(f.name), e);
    put(e + 16, offset / SECTOR);
    put(e + 20, f.bytes.length);
    put(e + 24, f.load);
    put(e + 28, f.entry);
    disk.set(f.bytes, offset);
    offset += padded(f);
  });
  return disk;
}
