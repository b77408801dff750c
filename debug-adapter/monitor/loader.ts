// Loading a VM's kernel (guest ABI §1): an ELF as it is, or a `.s`/`.S` source assembled with
// DISCO_GUEST=1 (and guest/include on the include path) and linked with .text at
// GUEST_TEXT_BASE. Each PT_LOAD goes to guest-physical vaddr - GUEST_KSEG0_BASE; segments that
// do not fall inside the VM's memory window are a UserError naming the file.

import { assemble } from '../toolchain/assembler/assembler';
import { PT_LOAD } from '../toolchain/elf/constants';
import { readElf, type ElfFile } from '../toolchain/elf/elfFile';
import { link } from '../toolchain/link/linker';
import { writeExecutable } from '../toolchain/link/writeExecutable';
import type { Endian } from '../toolchain/object';
import { type Diagnostic, UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { GUEST_LAYOUT } from './abi';

/** One piece of the kernel image in guest-physical memory. */
export interface GuestSegment {
  readonly gpa: number;
  readonly data: Uint8Array;
  /** Bytes in memory (the rest after data is zero). */
  readonly memsz: number;
}

/** A kernel ready to be copied into a VM. */
export interface GuestImage {
  readonly entry: number;
  readonly segments: readonly GuestSegment[];
  readonly elf: ElfFile;
}

export interface LoadOptions {
  readonly files: FileAccessor;
  readonly endian: Endian;
  /** Extra directories for #include/.include (guest/include). */
  readonly includeDirs: readonly string[];
  /** Assembler warnings. */
  readonly warn?: (d: Diagnostic) => void;
}

const dirOf = (path: string): string => path.replace(/[/\\][^/\\]*$/, '') || '/';

/** Reads an ELF kernel, or assembles and links a source one for the guest layout. */
export function readGuestKernel(path: string, o: LoadOptions): ElfFile {
  if (!/\.s$/i.test(path)) return readElf(o.files.readFile(path), path);
  const r = assemble(path, {
    files: o.files,
    endian: o.endian,
    includeDirs: [dirOf(path), ...o.includeDirs],
    defines: new Map([['DISCO_GUEST', '1']]),
  });
  for (const w of r.warnings) o.warn?.(w);
  const image = link([r.object], { endian: o.endian, textAddress: GUEST_LAYOUT.GUEST_TEXT_BASE });
  return readElf(writeExecutable(image), path);
}

/** The kernel's loadable segments placed in guest-physical memory of `memoryBytes`. */
export function guestImage(elf: ElfFile, memoryBytes: number, endian: Endian): GuestImage {
  if (elf.endian !== endian) throw new UserError(`${elf.fileName}: a ${elf.endian}-endian kernel cannot run on a ${endian}-endian machine`);
  if (elf.type !== 'exec') throw new UserError(`${elf.fileName}: not an executable ELF file (type ${elf.type})`);
  const segments: GuestSegment[] = [];
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
    const gpa = (seg.vaddr - GUEST_LAYOUT.GUEST_KSEG0_BASE) >>> 0;
    if (gpa + seg.memsz > memoryBytes) {
      throw new UserError(
        `${elf.fileName}: segment at 0x${(seg.vaddr >>> 0).toString(16)} (${seg.memsz} bytes) is outside the VM's memory ` +
          `0x${GUEST_LAYOUT.GUEST_KSEG0_BASE.toString(16)}..0x${(GUEST_LAYOUT.GUEST_KSEG0_BASE + memoryBytes).toString(16)} (link guest kernels at 0x${GUEST_LAYOUT.GUEST_TEXT_BASE.toString(16)})`,
      );
    }
    segments.push({ gpa, data: seg.data.subarray(0, seg.filesz), memsz: seg.memsz });
  }
  const entry = elf.entry >>> 0;
  if (entry < GUEST_LAYOUT.GUEST_KSEG0_BASE || entry >= GUEST_LAYOUT.GUEST_KSEG0_BASE + memoryBytes) {
    throw new UserError(`${elf.fileName}: entry point 0x${entry.toString(16)} is outside the VM's memory window`);
  }
  return { entry: elf.entry | 0, segments, elf };
}
