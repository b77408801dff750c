// Process, signal, identity, time and system-information calls of a Linux user process. Time is
// deterministic: a fixed epoch (2024-01-01T00:00:00Z) plus one nanosecond per retired instruction.

import { EAGAIN, EFAULT, EINVAL, ESRCH } from './errno';
import { GuestStruct, type SyscallResult, guestU32 } from './syscallAbi';
import type { SyscallContext } from './syscallContext';

/** 2024-01-01T00:00:00Z: the deterministic clock's value at instruction 0. */
export const CLOCK_EPOCH_SECONDS = 1704067200;

/** The fixed process and parent ids the emulated process sees. */
export const GUEST_PID = 1000;
export const GUEST_PPID = 999;
const SIGKILL = 9;
const SIGSTOP = 23;
const KERNEL_SIGACTION_SIZE = 24;
const RLIMIT_STACK = 3;
const RLIM_INFINITY = 0xffffffff;

function put(ctx: SyscallContext, va: number, bytes: Uint8Array): SyscallResult {
  return ctx.space.write(va, bytes) ? 0 : -EFAULT;
}

export function sysUname(ctx: SyscallContext, buf: number): SyscallResult {
  const fields = ['Linux', 'disco', '6.1.0', '#1 SMP', 'mips', '(none)'];
  const s = new GuestStruct(65 * 6, ctx.bigEndian);
  fields.forEach((f, i) => s.str(i * 65, f, 65));
  return put(ctx, buf, s.bytes);
}

/** clock_gettime / clock_gettime64 (time64 selects the 64-bit struct). */
export function sysClockGettime(ctx: SyscallContext, clock: number, ts: number, time64: boolean): SyscallResult {
  if (clock < 0 || clock > 11) return -EINVAL;
  const { sec, nsec } = ctx.clock();
  const s = time64 ? new GuestStruct(16, ctx.bigEndian).u64(0, sec).u64(8, nsec) : new GuestStruct(8, ctx.bigEndian).u32(0, sec).u32(4, nsec);
  return put(ctx, ts, s.bytes);
}

export function sysClockGetres(ctx: SyscallContext, ts: number, time64: boolean): SyscallResult {
  if (ts === 0) return 0;
  const s = time64 ? new GuestStruct(16, ctx.bigEndian).u64(8, 1) : new GuestStruct(8, ctx.bigEndian).u32(4, 1);
  return put(ctx, ts, s.bytes);
}

export function sysGettimeofday(ctx: SyscallContext, tv: number): SyscallResult {
  if (tv === 0) return 0;
  const { sec, nsec } = ctx.clock();
  return put(ctx, tv, new GuestStruct(8, ctx.bigEndian).u32(0, sec).u32(4, Math.floor(nsec / 1000)).bytes);
}

export function sysTime(ctx: SyscallContext, t: number): SyscallResult {
  const { sec } = ctx.clock();
  if (t !== 0 && put(ctx, t, new GuestStruct(4, ctx.bigEndian).u32(0, sec).bytes) < 0) return -EFAULT;
  return sec;
}

/** sysinfo: a machine with the process's physical memory, no swap, one process. */
export function sysSysinfo(ctx: SyscallContext, buf: number): SyscallResult {
  const { sec } = ctx.clock();
  const ram = ctx.space.memory.size;
  const s = new GuestStruct(64, ctx.bigEndian)
    .u32(0, sec - CLOCK_EPOCH_SECONDS)
    .u32(16, ram)
    .u32(20, ram / 2)
    .u16(40, 1)
    .u32(52, 1);
  return put(ctx, buf, s.bytes);
}

export function sysGetrandom(ctx: SyscallContext, buf: number, len: number): SyscallResult {
  const n = Math.min(len >>> 0, 1 << 20);
  return ctx.space.write(buf, ctx.random(n)) ? n : -EFAULT;
}

function limitOf(resource: number): [number, number] {
  return resource === RLIMIT_STACK ? [8 << 20, RLIM_INFINITY] : [RLIM_INFINITY, RLIM_INFINITY];
}

export function sysGetrlimit(ctx: SyscallContext, resource: number, buf: number): SyscallResult {
  if (resource < 0 || resource > 15) return -EINVAL;
  const [cur, max] = limitOf(resource);
  return put(ctx, buf, new GuestStruct(8, ctx.bigEndian).u32(0, cur).u32(4, max).bytes);
}

export function sysPrlimit64(ctx: SyscallContext, pid: number, resource: number, oldBuf: number): SyscallResult {
  if (pid !== 0 && pid !== GUEST_PID) return -ESRCH;
  if (resource < 0 || resource > 15) return -EINVAL;
  if (oldBuf === 0) return 0;
  const [cur, max] = limitOf(resource).map((v) => (v === RLIM_INFINITY ? 2 ** 64 - 1 : v)) as [number, number];
  const s = new GuestStruct(16, ctx.bigEndian);
  if (cur > 2 ** 53) s.u32(0, -1).u32(4, -1);
  else s.u64(0, cur);
  if (max > 2 ** 53) s.u32(8, -1).u32(12, -1);
  else s.u64(8, max);
  return put(ctx, oldBuf, s.bytes);
}

export function sysRtSigaction(ctx: SyscallContext, sig: number, act: number, oldAct: number): SyscallResult {
  if (sig < 1 || sig > 128) return -EINVAL;
  if (act !== 0 && (sig === SIGKILL || sig === SIGSTOP)) return -EINVAL;
  const previous = ctx.sigactions.get(sig) ?? new Uint8Array(KERNEL_SIGACTION_SIZE);
  if (act !== 0) {
    const bytes = ctx.space.read(act, KERNEL_SIGACTION_SIZE);
    if (!bytes) return -EFAULT;
    ctx.sigactions.set(sig, bytes);
  }
  return oldAct !== 0 ? put(ctx, oldAct, previous) : 0;
}

export function sysRtSigprocmask(ctx: SyscallContext, oldSet: number, size: number): SyscallResult {
  if (size !== 16) return -EINVAL;
  return oldSet !== 0 ? put(ctx, oldSet, new Uint8Array(16)) : 0;
}

/** kill, tkill, tgkill: only the process itself can be signalled. */
export function sysKill(ctx: SyscallContext, pid: number, sig: number): SyscallResult {
  if (pid !== GUEST_PID && pid !== 0 && pid !== -1) return -ESRCH;
  if (sig < 0 || sig > 128) return -EINVAL;
  if (sig !== 0) ctx.kill(sig);
  return 0;
}

export function sysFutex(ctx: SyscallContext, uaddr: number, op: number, val: number): SyscallResult {
  if ((op & 0x7f) === 0) {
    const cur = guestU32(ctx.space, uaddr);
    if (cur === undefined) return -EFAULT;
    return cur !== val >>> 0 ? -EAGAIN : 0;
  }
  return 0;
}

export function sysSchedGetaffinity(ctx: SyscallContext, size: number, mask: number): SyscallResult {
  if (size < 4) return -EINVAL;
  return put(ctx, mask, new GuestStruct(4, ctx.bigEndian).u32(0, 1).bytes) || 4;
}
