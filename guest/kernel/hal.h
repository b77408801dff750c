/*
 * The kernel's hardware abstraction layer: every difference between the bare build and the
 * Disco guest build (-DDISCO_GUEST=1) is one of the macros below, as in the paper's IRIX HAL
 * (§1.5): the kernel base (kseg0 vs the sseg replacement), side-effect-free CP0 state (mfc0/mtc0
 * vs loads and stores on the special page), the CPU number, and the monitor-call instruction.
 * Device drivers built on these live in hal.S (board registers bare, monitor calls in the guest).
 */
#ifndef GUEST_HAL_H
#define GUEST_HAL_H

#include "../include/disco/board.h"
#include "../include/disco/monitor.h"

/* CP0 registers as "$n, sel" operands (MIPS32 PRA Vol. III ch. 9) */
#define CP0_INDEX    $0, 0
#define CP0_ENTRYLO0 $2, 0
#define CP0_ENTRYLO1 $3, 0
#define CP0_CONTEXT  $4, 0
#define CP0_PAGEMASK $5, 0
#define CP0_WIRED    $6, 0
#define CP0_BADVADDR $8, 0
#define CP0_COUNT    $9, 0
#define CP0_ENTRYHI  $10, 0
#define CP0_COMPARE  $11, 0
#define CP0_STATUS   $12, 0
#define CP0_CAUSE    $13, 0
#define CP0_EPC      $14, 0
#define CP0_EBASE    $15, 1
#define CP0_CONFIG   $16, 0
#define CP0_CONFIG1  $16, 1

#ifdef DISCO_GUEST
/* Kernel virtual address of guest-physical 0: the supervisor-segment kseg0 replacement. */
#define KBASE 0xc0000000
/* Side-effect-free privileged state is a load or store on the vCPU's special page. */
#define HAL_SP(off) ((off) - 0x1000)
#define HAL_READ(dst, R)        lui dst, 0xe000; lw dst, HAL_SP(SP_##R)(dst)
#define HAL_WRITE(src, R, tmp)  lui tmp, 0xe000; sw src, HAL_SP(SP_##R)(tmp)
#define HAL_CPUID(dst)          lui dst, 0xe000; lw dst, HAL_SP(SP_VCPU_ID)(dst)
/* Cause.IP bits pending for this vCPU */
#define HAL_PENDING(dst)        lui dst, 0xe000; lw dst, HAL_SP(SP_PENDING)(dst)
/* Status after the kernel takes an exception: virtual kernel mode, EXL and IE clear, all lines unmasked */
#define STATUS_KERNEL 0xfc00
#else
#define KBASE 0x80000000
#define HAL_READ(dst, R)        mfc0 dst, CP0_##R
#define HAL_WRITE(src, R, tmp)  mtc0 src, CP0_##R
#define HAL_CPUID(dst)          mfc0 dst, CP0_EBASE; andi dst, dst, 0x3ff
#define HAL_PENDING(dst)        mfc0 dst, CP0_CAUSE
#define STATUS_KERNEL 0xfc00
#endif

/* Status for a return to user mode: IM7..2, KSU = user, EXL, IE (EXL masks until ERET). */
#define STATUS_USER 0xfc13
/* Interrupt lines the kernel serves */
#define INTR_MASK   0xfc00

#endif /* GUEST_HAL_H */
