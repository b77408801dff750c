// Linux/MIPS errno values (arch/mips/include/uapi/asm/errno.h and the generic base), returned
// negated by system calls and turned into v0 = errno, a3 = 1 by the o32 syscall return path.

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ESPIPE = 29;
export const ERANGE = 34;
export const ENAMETOOLONG = 78;
export const ENOSYS = 89;
