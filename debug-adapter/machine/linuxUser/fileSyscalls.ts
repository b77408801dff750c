// File system calls of a Linux user process: the standard streams go to the LinuxHost; regular
// files are host files opened read-only (writing, creating and directories are refused), so a
// guest program can never change the host. Stat results for the standard streams are fixed
// (a FIFO with 4 KiB blocks) so that buffering — and hence the order of writes — is the same
// on every host.

import { EACCES, EBADF, EFAULT, EINVAL, ENOENT, ENOTTY, ESPIPE } from './errno';
import { GuestStruct, type SyscallResult, readU32 } from './syscallAbi';
import type { SyscallContext } from './syscallContext';

const O_ACCMODE = 3;
const O_CREAT = 0x100;
const AT_FDCWD = -100;
const AT_EMPTY_PATH = 0x1000;
const S_IFIFO = 0o010000;
const S_IFREG = 0o100000;

interface FileInfo {
  readonly mode: number;
  readonly size: number;
  readonly ino: number;
}

function infoOfFd(ctx: SyscallContext, fd: number): FileInfo | undefined {
  if (ctx.files.isStd(fd)) return { mode: S_IFIFO | 0o600, size: 0, ino: 10 + fd };
  const f = ctx.files.get(fd);
  return f ? { mode: S_IFREG | 0o644, size: f.data.length, ino: 100 + fd } : undefined;
}

function infoOfPath(ctx: SyscallContext, path: string): FileInfo | undefined {
  const data = ctx.host.readFile(path);
  return data ? { mode: S_IFREG | 0o644, size: data.length, ino: 1000 } : undefined;
}

/** struct stat64 of the o32 ABI (104 bytes). */
function stat64(ctx: SyscallContext, info: FileInfo): Uint8Array {
  return new GuestStruct(104, ctx.bigEndian)
    .u32(0, 1)
    .u64(16, info.ino)
    .u32(24, info.mode)
    .u32(28, 1)
    .u64(56, info.size)
    .u32(88, 4096)
    .u64(96, Math.ceil(info.size / 512)).bytes;
}

/** struct statx (256 bytes, the same on every ABI). */
function statx(ctx: SyscallContext, info: FileInfo): Uint8Array {
  return new GuestStruct(256, ctx.bigEndian)
    .u32(0, 0x7ff)
    .u32(4, 4096)
    .u32(16, 1)
    .u16(28, info.mode)
    .u64(32, info.ino)
    .u64(40, info.size)
    .u64(48, Math.ceil(info.size / 512)).bytes;
}

function put(ctx: SyscallContext, va: number, bytes: Uint8Array): SyscallResult {
  return ctx.space.write(va, bytes) ? 0 : -EFAULT;
}

export function sysRead(ctx: SyscallContext, fd: number, buf: number, count: number): SyscallResult {
  const n = count >>> 0;
  let data: Uint8Array;
  if (ctx.files.isStd(fd)) {
    if (fd !== 0) return -EBADF;
    data = ctx.host.readStdin(Math.min(n, 1 << 20));
  } else {
    const f = ctx.files.get(fd);
    if (!f) return -EBADF;
    data = f.data.subarray(f.position, Math.min(f.data.length, f.position + n));
    f.position += data.length;
  }
  return ctx.space.write(buf, data) ? data.length : -EFAULT;
}

export function sysWrite(ctx: SyscallContext, fd: number, buf: number, count: number): SyscallResult {
  if (!ctx.files.valid(fd)) return -EBADF;
  if (fd !== 1 && fd !== 2) return -EBADF;
  const data = ctx.space.read(buf, count >>> 0);
  if (!data) return -EFAULT;
  ctx.host.write(fd, data);
  return data.length;
}

/** readv/writev through an iovec array. */
export function sysVector(ctx: SyscallContext, fd: number, iov: number, count: number, write: boolean): SyscallResult {
  if (count < 0 || count > 1024) return -EINVAL;
  const vec = ctx.space.read(iov, count * 8);
  if (!vec) return -EFAULT;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const base = readU32(vec, i * 8, ctx.bigEndian);
    const len = readU32(vec, i * 8 + 4, ctx.bigEndian);
    if (len === 0) continue;
    const r = write ? sysWrite(ctx, fd, base, len) : sysRead(ctx, fd, base, len);
    if (r < 0) return total > 0 ? total : r;
    total += r;
    if (r < len) break;
  }
  return total;
}

export function sysOpenAt(ctx: SyscallContext, dirfd: number, pathVa: number, flags: number): SyscallResult {
  const path = ctx.space.readString(pathVa);
  if (path === undefined) return -EFAULT;
  if ((flags & O_ACCMODE) !== 0 || flags & O_CREAT) return -EACCES;
  if (dirfd !== AT_FDCWD && !path.startsWith('/')) return -EBADF;
  const data = ctx.host.readFile(path);
  if (!data) return -ENOENT;
  return ctx.files.add({ path, data, position: 0 });
}

export function sysClose(ctx: SyscallContext, fd: number): SyscallResult {
  return ctx.files.close(fd) ? 0 : -EBADF;
}

/** lseek and _llseek: the new position, or an errno. */
export function seek(ctx: SyscallContext, fd: number, offset: number, whence: number): SyscallResult {
  if (ctx.files.isStd(fd)) return -ESPIPE;
  const f = ctx.files.get(fd);
  if (!f) return -EBADF;
  const base = whence === 0 ? 0 : whence === 1 ? f.position : whence === 2 ? f.data.length : NaN;
  const pos = base + offset;
  if (!(pos >= 0)) return -EINVAL;
  f.position = pos;
  return pos;
}

export function sysLlseek(ctx: SyscallContext, fd: number, hi: number, lo: number, result: number, whence: number): SyscallResult {
  const pos = seek(ctx, fd, hi * 4294967296 + (lo >>> 0), whence);
  if (pos < 0) return pos;
  return put(ctx, result, new GuestStruct(8, ctx.bigEndian).u64(0, pos).bytes);
}

export function sysFstat64(ctx: SyscallContext, fd: number, buf: number): SyscallResult {
  const info = infoOfFd(ctx, fd);
  return info ? put(ctx, buf, stat64(ctx, info)) : -EBADF;
}

export function sysStat64(ctx: SyscallContext, pathVa: number, buf: number): SyscallResult {
  const path = ctx.space.readString(pathVa);
  if (path === undefined) return -EFAULT;
  const info = infoOfPath(ctx, path);
  return info ? put(ctx, buf, stat64(ctx, info)) : -ENOENT;
}

function infoAt(ctx: SyscallContext, dirfd: number, pathVa: number, flags: number): FileInfo | number {
  const path = ctx.space.readString(pathVa);
  if (path === undefined) return -EFAULT;
  if (path === '' && flags & AT_EMPTY_PATH) return infoOfFd(ctx, dirfd) ?? -EBADF;
  return infoOfPath(ctx, path) ?? -ENOENT;
}

export function sysFstatat64(ctx: SyscallContext, dirfd: number, pathVa: number, buf: number, flags: number): SyscallResult {
  const info = infoAt(ctx, dirfd, pathVa, flags);
  return typeof info === 'number' ? info : put(ctx, buf, stat64(ctx, info));
}

export function sysStatx(ctx: SyscallContext, dirfd: number, pathVa: number, flags: number, buf: number): SyscallResult {
  const info = infoAt(ctx, dirfd, pathVa, flags);
  return typeof info === 'number' ? info : put(ctx, buf, statx(ctx, info));
}

export function sysIoctl(ctx: SyscallContext, fd: number): SyscallResult {
  return ctx.files.valid(fd) ? -ENOTTY : -EBADF;
}

export function sysFcntl(ctx: SyscallContext, fd: number, cmd: number): SyscallResult {
  if (!ctx.files.valid(fd)) return -EBADF;
  switch (cmd) {
    case 1:
    case 2:
    case 4:
      return 0;
    case 3:
      return fd === 1 || fd === 2 ? 1 : 0;
    default:
      return -EINVAL;
  }
}

export function sysReadlinkAt(ctx: SyscallContext, pathVa: number, buf: number, size: number): SyscallResult {
  const path = ctx.space.readString(pathVa);
  if (path === undefined) return -EFAULT;
  if (path !== '/proc/self/exe') return ctx.host.readFile(path) ? -EINVAL : -ENOENT;
  const bytes = new TextEncoder().encode(ctx.execPath).subarray(0, Math.max(0, size));
  return ctx.space.write(buf, bytes) ? bytes.length : -EFAULT;
}

export function sysAccess(ctx: SyscallContext, pathVa: number, mode: number): SyscallResult {
  const path = ctx.space.readString(pathVa);
  if (path === undefined) return -EFAULT;
  if (!ctx.host.readFile(path)) return -ENOENT;
  return mode & 2 ? -EACCES : 0;
}
