// The o32 system call numbers (4000 + n, arch/mips/kernel/syscalls/syscall_o32.tbl) this process
// model implements, mapped to their implementations. Arguments 5–8 come from the caller's stack
// at $sp+16…; the dispatcher in LinuxProcess applies the o32 return convention.

import * as f from './fileSyscalls';
import * as m from './memorySyscalls';
import * as p from './processSyscalls';
import type { SyscallContext } from './syscallContext';
import type { SyscallResult } from './syscallAbi';

type Handler = (ctx: SyscallContext, a: readonly number[]) => SyscallResult;

const ok: Handler = () => 0;
const exit: Handler = (c, a) => {
  c.exit((a[0] as number) & 0xff);
  return 0;
};
const arg = (a: readonly number[], i: number): number => a[i] as number;

/** Handlers by system call number. */
export const SYSCALLS = new Map<number, Handler>([
  [4001, exit],
  [4003, (c, a) => f.sysRead(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4004, (c, a) => f.sysWrite(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4005, (c, a) => f.sysOpenAt(c, -100, arg(a, 0), arg(a, 1))],
  [4006, (c, a) => f.sysClose(c, arg(a, 0))],
  [4013, (c, a) => p.sysTime(c, arg(a, 0))],
  [4019, (c, a) => f.seek(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4020, () => p.GUEST_PID],
  [4024, () => 0],
  [4033, (c, a) => f.sysAccess(c, arg(a, 0), arg(a, 1))],
  [4037, (c, a) => p.sysKill(c, arg(a, 0), arg(a, 1))],
  [4043, ok],
  [4045, (c, a) => m.sysBrk(c, arg(a, 0))],
  [4047, () => 0],
  [4049, () => 0],
  [4050, () => 0],
  [4054, (c, a) => f.sysIoctl(c, arg(a, 0))],
  [4055, (c, a) => f.sysFcntl(c, arg(a, 0), arg(a, 1))],
  [4064, () => p.GUEST_PPID],
  [4076, (c, a) => p.sysGetrlimit(c, arg(a, 0), arg(a, 1))],
  [4077, ok],
  [4078, (c, a) => p.sysGettimeofday(c, arg(a, 0))],
  [4085, (c, a) => f.sysReadlinkAt(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4090, (c, a) => m.sysMmap(c, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4), arg(a, 5) >>> 0)],
  [4091, (c, a) => m.sysMunmap(c, arg(a, 0), arg(a, 1))],
  [4106, (c, a) => f.sysStat64(c, arg(a, 0), arg(a, 1))],
  [4108, (c, a) => f.sysFstat64(c, arg(a, 0), arg(a, 1))],
  [4116, (c, a) => p.sysSysinfo(c, arg(a, 0))],
  [4122, (c, a) => p.sysUname(c, arg(a, 0))],
  [4125, (c, a) => m.sysMprotect(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4140, (c, a) => f.sysLlseek(c, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4))],
  [4145, (c, a) => f.sysVector(c, arg(a, 0), arg(a, 1), arg(a, 2), false)],
  [4146, (c, a) => f.sysVector(c, arg(a, 0), arg(a, 1), arg(a, 2), true)],
  [4162, ok],
  [4166, ok],
  [4167, (c, a) => m.sysMremap(c, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3))],
  [4194, (c, a) => p.sysRtSigaction(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4195, (c, a) => p.sysRtSigprocmask(c, arg(a, 2), arg(a, 3))],
  [4206, ok],
  [4210, (c, a) => m.sysMmap(c, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4), (arg(a, 5) >>> 0) * 4096)],
  [4213, (c, a) => f.sysStat64(c, arg(a, 0), arg(a, 1))],
  [4214, (c, a) => f.sysStat64(c, arg(a, 0), arg(a, 1))],
  [4215, (c, a) => f.sysFstat64(c, arg(a, 0), arg(a, 1))],
  [4218, ok],
  [4220, (c, a) => f.sysFcntl(c, arg(a, 0), arg(a, 1))],
  [4222, () => p.GUEST_PID],
  [4236, (c, a) => p.sysKill(c, arg(a, 0), arg(a, 1))],
  [4238, (c, a) => p.sysFutex(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4240, (c, a) => p.sysSchedGetaffinity(c, arg(a, 1), arg(a, 2))],
  [4246, exit],
  [4252, () => p.GUEST_PID],
  [4263, (c, a) => p.sysClockGettime(c, arg(a, 0), arg(a, 1), false)],
  [4264, (c, a) => p.sysClockGetres(c, arg(a, 1), false)],
  [4265, ok],
  [4266, (c, a) => p.sysKill(c, arg(a, 0), arg(a, 2))],
  [4283, (c, a) => {
    c.cpu.state.userLocal = arg(a, 0);
    return 0;
  }],
  [4288, (c, a) => f.sysOpenAt(c, arg(a, 0), arg(a, 1), arg(a, 2))],
  [4293, (c, a) => f.sysFstatat64(c, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3))],
  [4298, (c, a) => f.sysReadlinkAt(c, arg(a, 1), arg(a, 2), arg(a, 3))],
  [4300, (c, a) => f.sysAccess(c, arg(a, 1), arg(a, 2))],
  [4309, ok],
  [4338, (c, a) => p.sysPrlimit64(c, arg(a, 0), arg(a, 1), arg(a, 3))],
  [4353, (c, a) => p.sysGetrandom(c, arg(a, 0), arg(a, 1))],
  [4366, (c, a) => f.sysStatx(c, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 4))],
  [4403, (c, a) => p.sysClockGettime(c, arg(a, 0), arg(a, 1), true)],
  [4406, (c, a) => p.sysClockGetres(c, arg(a, 1), true)],
  [4407, ok],
  [4422, (c, a) => p.sysFutex(c, arg(a, 0), arg(a, 1), arg(a, 2))],
]);

/** Calls glibc makes to probe for features: answered ENOSYS without a note (rseq, …). */
export const QUIET_ENOSYS = new Set([4367]);
