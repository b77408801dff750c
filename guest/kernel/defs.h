/*
 * Kernel constants and structure layouts (byte offsets) shared by the kernel's assembly files:
 * processes, per-CPU state, trap frames, page tables, the disk program table, system calls, the
 * file service's messages.
 * docs/guest-os.md describes each structure.
 */
#ifndef GUEST_DEFS_H
#define GUEST_DEFS_H

#define PAGE_SIZE      4096
#define PAGE_SHIFT     12
#define NCPU           16
#define NPROC          64
#define KSTACK_SIZE    4096
#define TICK_COUNT     10000        /* Count increments per scheduler tick (20000 cycles) */

/* Process states */
#define P_UNUSED       0
#define P_EMBRYO       1
#define P_RUNNABLE     2
#define P_RUNNING      3
#define P_SLEEPING     4
#define P_ZOMBIE       5

/* struct proc (256 bytes) */
#define P_STATE        0
#define P_PID          4
#define P_PARENT       8
#define P_XSTATUS      12
#define P_CHAN         16
#define P_ASID         20
#define P_ASIDGEN      24
#define P_PGDIR        28
#define P_BRK          32
#define P_KSTACK       36
#define P_WAKETICK     40
#define P_START        44           /* first kernel function of a new process */
#define P_ARGS         48           /* a0..a3 for a program start (4 words) */
#define P_NAME         64           /* 16 bytes */
#define P_CTX          80           /* saved kernel context: sp, s0..s8, ra (11 words) */
#define PROC_SHIFT     8

/* Kernel context (swtch) */
#define CTX_SP         0
#define CTX_S0         4
#define CTX_RA         40
#define CTX_SIZE       44

/* struct cpu (128 bytes) */
#define C_PROC         0
#define C_KSTACKTOP    4
#define C_PGDIR        8            /* root page table of the running process (refill handler) */
#define C_ASIDGEN      12
#define C_SCRATCH      16           /* refill handler's spill slots */
#define C_SCRATCH2     20
#define C_ID           24
#define C_TLBSIZE      28
#define C_CTX          32           /* scheduler context (CTX_SIZE bytes) */
#define CPU_SHIFT      7

/* Trap frame: r1..r31 at 4*n, then the privileged state */
#define TF_HI          128
#define TF_LO          132
#define TF_EPC         136
#define TF_STATUS      140
#define TF_CAUSE       144
#define TF_BADVADDR    148
#define TF_SIZE        160

/* Page tables: a root page of 512 words, one per 4 MB of kuseg, each pointing at a page of
   512 EntryLo pairs (or at the shared empty table); the refill handler walks both levels. */
#define PTE_FLAGS      0x1e         /* C = 3 (cacheable), D, V */
#define PTE_V          0x02
#define USER_TEXT      0x00400000
#define USER_STACK_TOP 0x7ffff000
#define USER_STACK_MIN 0x7f000000   /* demand-zero stack region */
#define USER_TOP       0x80000000

/* Disk program table (sector 0 of disk 0) */
#define DIR_MAGIC      0
#define DIR_VERSION    4
#define DIR_COUNT      8
#define DIR_ARGS       12           /* init's a0..a3 */
#define DIR_NICS       28           /* network interfaces to use (bare board) */
#define DIR_ENTRIES    64
#define DIRENT_NAME    0            /* 16 bytes, NUL padded */
#define DIRENT_SECTOR  16
#define DIRENT_SIZE    20
#define DIRENT_LOAD    24
#define DIRENT_ENTRY   28
#define DIRENT_BYTES   32
#define DIR_MAGIC_VALUE 0x44505247  /* "DPRG" */

/* System call numbers ($v0); arguments in $a0..$a3; result in $v0, $a3 = 0 or 1 on error */
#define SYS_EXIT       1
#define SYS_WRITE      2
#define SYS_READ       3
#define SYS_SPAWN      4
#define SYS_WAIT       5
#define SYS_SBRK       6
#define SYS_YIELD      7
#define SYS_SLEEP      8
#define SYS_GETPID     9
#define SYS_FORK       10
#define SYS_UPTIME     11
#define SYS_NCPUS      12
#define SYS_NETSEND    13
#define SYS_NETRECV    14
#define SYS_OPEN       15
#define SYS_PREAD      16
#define SYS_MOUNT      17
#define SYS_NFSD       18
#define SYS_MAX        18

/* Error numbers (returned in $v0 with $a3 = 1) */
#define E_NOENT        2
#define E_IO           5
#define E_CHILD        10
#define E_AGAIN        11
#define E_NOMEM        12
#define E_FAULT        14
#define E_BUSY         16
#define E_INVAL        22
#define E_NOSYS        38

/* File service messages (docs/guest-os.md "The file service"): a 64-byte header, then for a
   READ reply the file's page. Words in the machine's byte order; the type in network order. */
#define DFS_TYPE_HI    0x88
#define DFS_TYPE_LO    0xb6
#define DFS_OP         14           /* byte: request code, | DFS_REPLY in the reply */
#define DFS_STATUS     15           /* byte: 0 or an error number (reply) */
#define DFS_HANDLE     16
#define DFS_PAGE       20
#define DFS_SIZE       24           /* the file's size in bytes (reply) */
#define DFS_XID        28           /* request number, echoed by the reply */
#define DFS_NAME       32           /* 16 bytes, NUL padded (LOOKUP) */
#define DFS_HDR        64
#define DFS_MOUNT      1
#define DFS_LOOKUP     2
#define DFS_READ       3
#define DFS_UNMOUNT    4
#define DFS_REPLY      0x80
#define NFS_FILES      14           /* handles a client keeps sizes for (the program table's files) */

#endif /* GUEST_DEFS_H */
