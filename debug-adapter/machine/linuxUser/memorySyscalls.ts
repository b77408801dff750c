// Memory-management system calls of a Linux user process: brk, mmap/mmap2 (anonymous, or a
// private copy of a read-only host file), munmap, mremap, mprotect, madvise.

import { PAGE_MASK } from '../physicalMemory';
import { EBADF, EINVAL, ENOMEM } from './errno';
import type { SyscallContext } from './syscallContext';
import type { SyscallResult } from './syscallAbi';

const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x800;
const MREMAP_MAYMOVE = 1;

const pageUp = (n: number): number => (n + PAGE_MASK) & ~PAGE_MASK;

export function sysBrk(ctx: SyscallContext, addr: number): SyscallResult {
  const target = addr >>> 0;
  if (target < ctx.brkStart) return ctx.brk;
  const oldTop = pageUp(ctx.brk);
  const newTop = pageUp(target);
  if (newTop > oldTop) {
    if (ctx.space.anyMapped(oldTop, newTop - oldTop)) return ctx.brk;
    ctx.space.map(oldTop, newTop - oldTop, 3);
  } else if (newTop < oldTop) ctx.space.unmap(newTop, oldTop - newTop);
  ctx.brk = target;
  return target;
}

/** mmap with the file offset in bytes (o32 mmap, and mmap2 after scaling). */
export function sysMmap(ctx: SyscallContext, addr: number, len: number, prot: number, flags: number, fd: number, offset: number): SyscallResult {
  const a = addr >>> 0;
  const size = pageUp(len >>> 0);
  if (size === 0 || offset & PAGE_MASK) return -EINVAL;
  let file: Uint8Array | undefined;
  if (!(flags & MAP_ANONYMOUS)) {
    const f = ctx.files.get(fd);
    if (!f) return -EBADF;
    file = f.data;
  }
  let at: number;
  if (flags & MAP_FIXED) {
    if (a & PAGE_MASK || a + size > 0x7fff0000) return -EINVAL;
    at = a;
  } else if (a !== 0 && (a & PAGE_MASK) === 0 && a + size <= 0x7fff0000 && !ctx.space.anyMapped(a, size)) at = a;
  else at = ctx.space.findFree(size);
  if (at < 0) return -ENOMEM;
  ctx.space.map(at, size, prot);
  if (file && offset < file.length) ctx.space.poke(at, file.subarray(offset, Math.min(file.length, offset + (len >>> 0))));
  return at;
}

export function sysMunmap(ctx: SyscallContext, addr: number, len: number): SyscallResult {
  if (addr & PAGE_MASK || (len >>> 0) === 0) return -EINVAL;
  ctx.space.unmap(addr >>> 0, pageUp(len >>> 0));
  return 0;
}

export function sysMremap(ctx: SyscallContext, oldAddr: number, oldLen: number, newLen: number, flags: number): SyscallResult {
  const a = oldAddr >>> 0;
  const from = pageUp(oldLen >>> 0);
  const to = pageUp(newLen >>> 0);
  if (a & PAGE_MASK || to === 0) return -EINVAL;
  if (to <= from) {
    if (to < from) ctx.space.unmap(a + to, from - to);
    return a;
  }
  if (a + to <= 0x7fff0000 && !ctx.space.anyMapped(a + from, to - from)) {
    ctx.space.map(a + from, to - from, 3);
    return a;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  const at = ctx.space.findFree(to);
  if (at < 0) return -ENOMEM;
  ctx.space.move(a, at, from);
  ctx.space.map(at + from, to - from, 3);
  return at;
}

export function sysMprotect(ctx: SyscallContext, addr: number, len: number, prot: number): SyscallResult {
  if (addr & PAGE_MASK) return -EINVAL;
  return ctx.space.protect(addr >>> 0, pageUp(len >>> 0), prot) ? 0 : -ENOMEM;
}
