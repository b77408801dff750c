// Loads a static Linux o32 executable (ELF parsed by toolchain/elf) into a UserAddressSpace the
// way the kernel's binfmt_elf does for a non-PIE static binary: each PT_LOAD at its p_vaddr with
// its p_flags as protection, bss zeroed, and the program break at the page-aligned end.

import { UserError } from '../../util/diagnostic';
import type { ElfFile } from '../../toolchain/elf/elfFile';
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE } from '../physicalMemory';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type UserAddressSpace } from './userAddressSpace';

const PT_LOAD = 1;
const PT_INTERP = 3;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;

/** What the stack builder and the CPU need from a loaded program. */
export interface LoadedProgram {
  readonly entry: number;
  /** Initial program break (page-aligned end of the highest segment). */
  readonly brk: number;
  /** Address of the program headers in memory (AT_PHDR), their size and count. */
  readonly phdr: number;
  readonly phent: number;
  readonly phnum: number;
}

function u32(bytes: Uint8Array, at: number, big: boolean): number {
  const b = (i: number): number => bytes[at + i] ?? 0;
  return big ? ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0 : ((b(3) << 24) | (b(2) << 16) | (b(1) << 8) | b(0)) >>> 0;
}

/** Maps and fills the program's segments; throws UserError for programs it cannot run. */
export function loadProgram(space: UserAddressSpace, elf: ElfFile): LoadedProgram {
  if (elf.type !== 'exec') throw new UserError(`${elf.fileName}: not a static executable (ELF type ${elf.type})`);
  if (elf.segments.some((s) => s.type === PT_INTERP)) throw new UserError(`${elf.fileName}: dynamically linked programs are not supported; link with -static`);
  if ((elf.endian === 'big') !== space.memory.bigEndian) throw new UserError(`${elf.fileName}: ${elf.endian}-endian program on a ${space.memory.endianness}-endian machine`);
  const loads = elf.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  if (loads.length === 0) throw new UserError(`${elf.fileName}: no loadable segment`);
  const prot = new Map<number, number>();
  let end = 0;
  for (const s of loads) {
    if (s.vaddr < 0x1000 || s.vaddr + s.memsz > 0x7fff0000) throw new UserError(`${elf.fileName}: segment at 0x${s.vaddr.toString(16)} is outside user space`);
    const p = (s.flags & PF_R ? PROT_READ : 0) | (s.flags & PF_W ? PROT_WRITE : 0) | (s.flags & PF_X ? PROT_EXEC : 0);
    for (let page = s.vaddr >>> PAGE_SHIFT; page < Math.ceil((s.vaddr + s.memsz) / PAGE_SIZE); page++) prot.set(page, (prot.get(page) ?? 0) | p);
    end = Math.max(end, s.vaddr + s.memsz);
  }
  for (const [page, p] of prot) space.map(page << PAGE_SHIFT, PAGE_SIZE, p);
  for (const s of loads) space.poke(s.vaddr, s.data);
  const big = elf.endian === 'big';
  const phoff = u32(elf.bytes, 28, big);
  const phent = elf.bytes.length >= 46 ? (big ? ((elf.bytes[42] ?? 0) << 8) | (elf.bytes[43] ?? 0) : ((elf.bytes[43] ?? 0) << 8) | (elf.bytes[42] ?? 0)) : 32;
  const holder = loads.find((s) => phoff >= s.offset && phoff < s.offset + s.data.length);
  return {
    entry: elf.entry,
    brk: (end + PAGE_MASK) & ~PAGE_MASK,
    phdr: holder ? holder.vaddr + (phoff - holder.offset) : 0,
    phent,
    phnum: elf.segments.length,
  };
}
