/*
 * Kernel console output: kputs, kputdec, kputhex, all under the console lock so that lines
 * from different CPUs do not interleave mid-string (each call is atomic). They format into a
 * per-call stack buffer and hand it to hal_console_write.
 */
	.text
/* kputs(a0 = NUL-terminated string) */
	.globl	kputs
	.ent	kputs
kputs:
	move	$a1, $a0
1:	lbu	$t0, 0($a1)
	beqz	$t0, 2f
	addiu	$a1, $a1, 1
	b	1b
2:	subu	$a1, $a1, $a0
	j	console_write_locked
	.end	kputs

/* console_write_locked(a0 = kernel buffer, a1 = length) */
	.globl	console_write_locked
	.ent	console_write_locked
console_write_locked:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	move	$s1, $a1
	la	$a0, console_lock
	jal	acquire
	move	$a0, $s0
	move	$a1, $s1
	jal	hal_console_write
	la	$a0, console_lock
	jal	release
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	console_write_locked

/* kputdec(a0 = unsigned value) */
	.globl	kputdec
	.ent	kputdec
kputdec:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	addiu	$a1, $sp, 40                   /* build digits backwards from sp+40 */
	li	$t1, 10
1:	divu	$zero, $a0, $t1
	mfhi	$t0
	mflo	$a0
	addiu	$t0, $t0, '0'
	addiu	$a1, $a1, -1
	sb	$t0, 0($a1)
	bnez	$a0, 1b
	move	$a0, $a1
	addiu	$a1, $sp, 40
	subu	$a1, $a1, $a0
	jal	console_write_locked
	lw	$ra, 44($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	kputdec

/* kputhex(a0 = value): eight lower-case hex digits */
	.globl	kputhex
	.ent	kputhex
kputhex:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	li	$t2, 8
	addiu	$a1, $sp, 16
1:	srl	$t0, $a0, 28
	sll	$a0, $a0, 4
	sltiu	$t1, $t0, 10
	addiu	$t0, $t0, '0'
	bnez	$t1, 2f
	addiu	$t0, $t0, 'a' - '0' - 10
2:	sb	$t0, 0($a1)
	addiu	$a1, $a1, 1
	addiu	$t2, $t2, -1
	bnez	$t2, 1b
	addiu	$a0, $sp, 16
	li	$a1, 8
	jal	console_write_locked
	lw	$ra, 28($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	kputhex

	.data
	.align	2
	.globl	console_lock
console_lock:	.word 0
