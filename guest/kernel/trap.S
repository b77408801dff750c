/*
 * trap(): what the general exception handler calls with the user's trap frame — interrupts,
 * system calls, TLB faults (demand-zero paging) and everything else (the process is killed).
 * intr(): serves pending interrupt lines (also called by the idle loop): the Count/Compare
 * scheduler tick (IP7), console input (IP2), disk completion (IP3), network receive (IP4).
 */
	.text
/* trap(a0 = trap frame) */
	.globl	trap
	.ent	trap
trap:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	lw	$t0, TF_CAUSE($s0)
	srl	$s1, $t0, 2
	andi	$s1, $s1, 31                   /* ExcCode */
	bnez	$s1, 2f
	/* interrupt */
	lw	$t1, TF_STATUS($s0)
	and	$a0, $t0, $t1
	andi	$a0, $a0, INTR_MASK
	jal	intr
	beqz	$v0, 9f
	jal	yield                          /* the tick preempts */
	b	9f
2:	li	$t0, 8
	bne	$s1, $t0, 3f
	move	$a0, $s0
	jal	syscall
	b	9f
3:	sltiu	$t0, $s1, 4
	beqz	$t0, 5f
	li	$t0, 1
	beq	$s1, $t0, 5f                   /* TLB modified: never expected */
	/* TLB refill/invalid: demand paging */
	jal	myproc
	move	$a0, $v0
	lw	$a1, TF_BADVADDR($s0)
	jal	user_page
	beqz	$v0, 5f
	jal	myproc
	move	$a0, $v0
	lw	$a1, TF_BADVADDR($s0)
	jal	tlb_update
	b	9f
5:	/* fatal for the process: report and exit with status -1 */
	la	$a0, msg_fault1
	jal	kputs
	jal	myproc
	lw	$a0, P_PID($v0)
	jal	kputdec
	la	$a0, msg_fault2
	jal	kputs
	move	$a0, $s1
	jal	kputdec
	la	$a0, msg_fault3
	jal	kputs
	lw	$a0, TF_EPC($s0)
	jal	kputhex
	la	$a0, msg_fault4
	jal	kputs
	lw	$a0, TF_BADVADDR($s0)
	jal	kputhex
	la	$a0, msg_nl
	jal	kputs
	li	$a0, -1
	jal	proc_exit
9:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	trap

/* intr(a0 = pending Cause.IP bits) -> 1 when the scheduler tick fired */
	.globl	intr
	.ent	intr
intr:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	move	$s1, $zero
	andi	$t0, $s0, CAUSE_IP_CP0_TIMER
	beqz	$t0, 1f
	jal	timer_tick
	li	$s1, 1
1:	andi	$t0, $s0, CAUSE_IP_UART
	beqz	$t0, 2f
	jal	console_intr
2:	andi	$t0, $s0, CAUSE_IP_DISK
	beqz	$t0, 3f
	jal	disk_intr
3:	andi	$t0, $s0, CAUSE_IP_NET
	beqz	$t0, 4f
	jal	net_intr
4:	andi	$t0, $s0, CAUSE_IP_TIMER | CAUSE_IP_IPI
	beqz	$t0, 5f
	move	$a0, $t0
	jal	hal_intr_ack
5:	move	$v0, $s1
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	intr

/* timer_start: first tick of this CPU */
	.globl	timer_start
	.ent	timer_start
timer_start:
	mfc0	$t0, CP0_COUNT
	addiu	$t0, $t0, TICK_COUNT
	mtc0	$t0, CP0_COMPARE
	jr	$ra
	.end	timer_start

/* timer_tick: next Compare; CPU 0 keeps the tick count and wakes sleepers */
	.ent	timer_tick
timer_tick:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	mfc0	$t0, CP0_COUNT
	addiu	$t0, $t0, TICK_COUNT
	mtc0	$t0, CP0_COMPARE               /* also clears Cause.TI */
	HAL_CPUID($t0)
	bnez	$t0, 1f
	la	$a0, ptable_lock
	jal	acquire
	lw	$t0, ticks
	addiu	$t0, $t0, 1
	sw	$t0, ticks
	la	$a0, ticks
	jal	wakeup_locked
	la	$a0, ptable_lock
	jal	release
1:	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	timer_tick

	.rdata
msg_fault1:	.asciz "kernel: pid "
msg_fault2:	.asciz " killed: exception "
msg_fault3:	.asciz " at "
msg_fault4:	.asciz " address "
	.globl	msg_nl
msg_nl:		.asciz "\n"

	.data
	.align	2
	.globl	ticks
ticks:		.word 0
