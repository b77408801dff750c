/*
 * Exception vectors at EBase (MIPS32 PRA Vol. III §6.2): the TLB refill handler at +0x000 walks
 * the running process's two-level page table (root index from BadVAddr, pair index from
 * Context.BadVPN2) and writes a random TLB entry; the general handler at +0x180 saves the full
 * user context in a trap frame on the process's kernel stack and calls trap(). trapret restores
 * it. swtch switches kernel contexts.
 */
	.text
	.align	12
	.globl	ebase_vectors
ebase_vectors:
	.set	noreorder
	.set	noat
	/* +0x000: TLB refill (EXL = 0, user addresses only) */
	HAL_CPUID($k0)
	sll	$k0, $k0, CPU_SHIFT
	lui	$k1, %hi(cpus)
	addiu	$k1, $k1, %lo(cpus)
	addu	$k0, $k0, $k1                  /* k0 = &cpus[id] */
	sw	$at, C_SCRATCH($k0)
	move	$at, $k0                       /* at = &cpus[id] */
	lw	$k0, C_PGDIR($at)
	HAL_READ($k1, BADVADDR)
	srl	$k1, $k1, 22
	sll	$k1, $k1, 2
	addu	$k0, $k0, $k1
	lw	$k0, 0($k0)                    /* second-level table (or the empty one) */
	HAL_READ($k1, CONTEXT)
	srl	$k1, $k1, 1
	andi	$k1, $k1, 0xff8
	addu	$k0, $k0, $k1                  /* &pair */
	lw	$k1, 4($k0)
	sw	$k1, C_SCRATCH2($at)
	lw	$k1, 0($k0)
	HAL_WRITE($k1, ENTRYLO0, $k0)
	lw	$k1, C_SCRATCH2($at)
	HAL_WRITE($k1, ENTRYLO1, $k0)
	lw	$at, C_SCRATCH($at)
	tlbwr
	eret
	nop

	.org	ebase_vectors + 0x180
	/* +0x180: everything else; the kernel only takes exceptions from user mode */
	HAL_CPUID($k0)
	sll	$k0, $k0, CPU_SHIFT
	lui	$k1, %hi(cpus)
	addiu	$k1, $k1, %lo(cpus)
	addu	$k0, $k0, $k1
	lw	$k1, C_KSTACKTOP($k0)
	addiu	$k1, $k1, -TF_SIZE
	sw	$sp, 29*4($k1)
	move	$sp, $k1
	sw	$1, 1*4($sp)
	sw	$2, 2*4($sp)
	sw	$3, 3*4($sp)
	sw	$4, 4*4($sp)
	sw	$5, 5*4($sp)
	sw	$6, 6*4($sp)
	sw	$7, 7*4($sp)
	sw	$8, 8*4($sp)
	sw	$9, 9*4($sp)
	sw	$10, 10*4($sp)
	sw	$11, 11*4($sp)
	sw	$12, 12*4($sp)
	sw	$13, 13*4($sp)
	sw	$14, 14*4($sp)
	sw	$15, 15*4($sp)
	sw	$16, 16*4($sp)
	sw	$17, 17*4($sp)
	sw	$18, 18*4($sp)
	sw	$19, 19*4($sp)
	sw	$20, 20*4($sp)
	sw	$21, 21*4($sp)
	sw	$22, 22*4($sp)
	sw	$23, 23*4($sp)
	sw	$24, 24*4($sp)
	sw	$25, 25*4($sp)
	sw	$28, 28*4($sp)
	sw	$30, 30*4($sp)
	sw	$31, 31*4($sp)
	mfhi	$t0
	sw	$t0, TF_HI($sp)
	mflo	$t0
	sw	$t0, TF_LO($sp)
	HAL_READ($t0, EPC)
	sw	$t0, TF_EPC($sp)
	HAL_READ($t0, STATUS)
	sw	$t0, TF_STATUS($sp)
	HAL_READ($t0, CAUSE)
	sw	$t0, TF_CAUSE($sp)
	HAL_READ($t0, BADVADDR)
	sw	$t0, TF_BADVADDR($sp)
	li	$t0, STATUS_KERNEL
	HAL_WRITE($t0, STATUS, $t1)            /* kernel mode, EXL and IE clear */
	move	$a0, $sp
	jal	trap
	nop
	.globl	trapret
trapret:
	/* sp = trap frame; back to user mode */
	li	$t0, STATUS_USER
	HAL_WRITE($t0, STATUS, $t1)            /* EXL set: nothing taken until ERET */
	lw	$t0, TF_EPC($sp)
	HAL_WRITE($t0, EPC, $t1)
	lw	$t0, TF_HI($sp)
	mthi	$t0
	lw	$t0, TF_LO($sp)
	mtlo	$t0
	lw	$1, 1*4($sp)
	lw	$2, 2*4($sp)
	lw	$3, 3*4($sp)
	lw	$4, 4*4($sp)
	lw	$5, 5*4($sp)
	lw	$6, 6*4($sp)
	lw	$7, 7*4($sp)
	lw	$8, 8*4($sp)
	lw	$9, 9*4($sp)
	lw	$10, 10*4($sp)
	lw	$11, 11*4($sp)
	lw	$12, 12*4($sp)
	lw	$13, 13*4($sp)
	lw	$14, 14*4($sp)
	lw	$15, 15*4($sp)
	lw	$16, 16*4($sp)
	lw	$17, 17*4($sp)
	lw	$18, 18*4($sp)
	lw	$19, 19*4($sp)
	lw	$20, 20*4($sp)
	lw	$21, 21*4($sp)
	lw	$22, 22*4($sp)
	lw	$23, 23*4($sp)
	lw	$24, 24*4($sp)
	lw	$25, 25*4($sp)
	lw	$28, 28*4($sp)
	lw	$30, 30*4($sp)
	lw	$31, 31*4($sp)
	lw	$29, 29*4($sp)
	eret
	nop
	.set	at
	.set	reorder

/* swtch(a0 = where to save the current context, a1 = context to resume) */
	.globl	swtch
	.ent	swtch
swtch:
	sw	$sp, CTX_SP($a0)
	sw	$s0, CTX_S0+0($a0)
	sw	$s1, CTX_S0+4($a0)
	sw	$s2, CTX_S0+8($a0)
	sw	$s3, CTX_S0+12($a0)
	sw	$s4, CTX_S0+16($a0)
	sw	$s5, CTX_S0+20($a0)
	sw	$s6, CTX_S0+24($a0)
	sw	$s7, CTX_S0+28($a0)
	sw	$fp, CTX_S0+32($a0)
	sw	$ra, CTX_RA($a0)
	lw	$sp, CTX_SP($a1)
	lw	$s0, CTX_S0+0($a1)
	lw	$s1, CTX_S0+4($a1)
	lw	$s2, CTX_S0+8($a1)
	lw	$s3, CTX_S0+12($a1)
	lw	$s4, CTX_S0+16($a1)
	lw	$s5, CTX_S0+20($a1)
	lw	$s6, CTX_S0+24($a1)
	lw	$s7, CTX_S0+28($a1)
	lw	$fp, CTX_S0+32($a1)
	lw	$ra, CTX_RA($a1)
	jr	$ra
	.end	swtch
