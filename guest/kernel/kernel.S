/*
 * Disco Studio guest kernel: a small multiprocessor kernel for the bare Disco board and, built
 * with -DDISCO_GUEST=1, for a virtual machine of the Disco monitor. This file is the single
 * entry (boot of every CPU, per-CPU stacks); it includes the rest. Design: docs/guest-os.md.
 */
#include "hal.h"
#include "defs.h"

	.set	reorder
	.text
	.globl	_start
	.ent	_start
_start:
	/* Every CPU starts here. Bare: BEV = ERL = 1 after reset; guest: virtual kernel mode. */
	.set	noreorder
	li	$t0, STATUS_KERNEL | 0x00400000   /* keep BEV while EBase changes */
	mtc0	$t0, CP0_STATUS
	la	$t0, ebase_vectors
	mtc0	$t0, CP0_EBASE
	li	$t0, STATUS_KERNEL
	mtc0	$t0, CP0_STATUS                /* BEV, ERL, EXL, IE, KSU all clear */
	nop
	.set	reorder
#ifndef DISCO_GUEST
	/* Bare: run kseg0 cached. Config.K0 resets to 2 (uncached), as on MIPS cores; the
	   monitor maps a guest's kseg0 replacement cacheable itself. */
	mfc0	$t0, CP0_CONFIG
	ori	$t0, $t0, 7
	xori	$t0, $t0, 4                    /* K0 = 3: cacheable, noncoherent */
	mtc0	$t0, CP0_CONFIG
#endif
	HAL_CPUID($s0)
	sltiu	$t0, $s0, NCPU
	bnez	$t0, 3f
4:	wait                                   /* CPUs beyond NCPU stay idle */
	b	4b
3:	/* Per-CPU boot stack: boot_stacks + (id + 1) * KSTACK_SIZE */
	addiu	$t0, $s0, 1
	sll	$t0, $t0, 12
	la	$sp, boot_stacks
	addu	$sp, $sp, $t0
	addiu	$sp, $sp, -16
	move	$a0, $s0
	bnez	$s0, 1f
	jal	kmain_boot
	j	2f
1:	jal	kmain_secondary
2:	b	2b
	.end	_start

/* kmain_boot: CPU 0 initialises memory, devices and the first process, then schedules. */
	.ent	kmain_boot
kmain_boot:
	move	$s0, $a0
	jal	cpu_init
	jal	hal_console_init
	la	$a0, msg_banner
	jal	kputs
	jal	hal_ncpus
	move	$s1, $v0
	move	$a0, $v0
	jal	kputdec
	la	$a0, msg_cpus
	jal	kputs
	jal	hal_memsize
	srl	$a0, $v0, 10
	jal	kputdec
	la	$a0, msg_kb
	jal	kputs
	jal	mem_init
	jal	hal_devices_init
	jal	proc_init
	jal	userinit
	/* release the other CPUs */
	sync
	li	$t0, 1
	sw	$t0, boot_done
	jal	timer_start
	j	scheduler
	.end	kmain_boot

/* kmain_secondary: other CPUs wait for CPU 0, then schedule. */
	.ent	kmain_secondary
kmain_secondary:
1:	lw	$t0, boot_done
	beqz	$t0, 1b
	jal	cpu_init
	jal	timer_start
	j	scheduler
	.end	kmain_secondary

/* cpu_init: this CPU's struct cpu (id, TLB size) and an empty TLB. */
	.ent	cpu_init
cpu_init:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	mycpu
	HAL_CPUID($t0)
	sw	$t0, C_ID($v0)
	mfc0	$t1, CP0_CONFIG1
	srl	$t1, $t1, 25
	andi	$t1, $t1, 0x3f
	addiu	$t1, $t1, 1
	sw	$t1, C_TLBSIZE($v0)
	la	$t1, empty_pgdir
	sw	$t1, C_PGDIR($v0)
	li	$t1, -1
	sw	$t1, C_ASIDGEN($v0)
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	cpu_init

	.rdata
msg_banner: .asciz "disco-guest: "
msg_cpus:   .asciz " cpus, "
msg_kb:     .asciz " KB\n"

	.data
	.align	2
	.globl	boot_done
boot_done:	.word 0

	.bss
	.align	12
boot_stacks:	.space	(NCPU + 1) * KSTACK_SIZE

#include "vectors.S"
#include "lock.S"
#include "kprint.S"
#include "mem.S"
#include "proc.S"
#include "trap.S"
#include "syscall.S"
#include "hal.S"
