# One fault per build (-DCASE=n): each must end the program with the signal qemu-mips delivers
# (overflow SIGFPE, traps and BREAK SIGTRAP, misaligned SIGBUS, unmapped/protected SIGSEGV,
# reserved and CP0 instructions SIGILL, enabled IEEE exceptions SIGFPE), also in delay slots.
#include "common.inc"
	.text
	.globl	__start
__start:
	li	$t0, 0x7fffffff
	li	$t1, 1
	la	$s0, __start
#if CASE == 1
	add	$t2, $t0, $t1
#elif CASE == 2
	addi	$t2, $t0, 1
#elif CASE == 3
	li	$t0, 0x80000000
	sub	$t2, $t0, $t1
#elif CASE == 4
	tne	$t0, $t1, 7
#elif CASE == 5
	tgei	$t0, 5
#elif CASE == 6
	break	3
#elif CASE == 7
	lw	$t2, 2($sp)
#elif CASE == 8
	sh	$t2, 1($sp)
#elif CASE == 9
	lw	$t2, 16($zero)
#elif CASE == 10
	sw	$t2, 0($s0)
#elif CASE == 11
	li	$t9, 0x10000000
	jr	$t9
	nop
#elif CASE == 12
	addiu	$t9, $s0, 2
	jr	$t9
	nop
#elif CASE == 13
	.word	0x7c00003f
#elif CASE == 14
	mfc0	$t2, $12
#elif CASE == 15
	cfc1	$t2, $31
	ori	$t2, $t2, 0x800
	ctc1	$t2, $31
	mtc1	$zero, $f0
	div.s	$f2, $f0, $f0
#elif CASE == 16
	beq	$zero, $zero, 1f
	b	1f
	nop
1:	nop
#elif CASE == 17
	lui	$t2, 0x8000
	lw	$t3, 0($t2)
#elif CASE == 18
	bne	$t0, $zero, 1f
	lw	$t2, 16($zero)
1:	nop
#elif CASE == 19
	cvt.l.d	$f0, $f2
#elif CASE == 20
	li	$v0, 4999
	syscall
	move	$a0, $v0
	addu	$a0, $a0, $a3
	li	$v0, 4001
	syscall
#elif CASE == 21
	beq	$zero, $zero, 1f
	teq	$zero, $zero
1:	nop
#elif CASE == 22
	li	$t2, 0x80000000
	li	$t3, -1
	div	$zero, $t2, $t3
	mflo	$a0
	mfhi	$a1
	divu	$zero, $t2, $zero
	mflo	$a2
	mfhi	$a3
	addu	$a0, $a0, $a1
	addu	$a0, $a0, $a2
	srl	$a0, $a0, 24
	li	$v0, 4001
	syscall
#endif
	EXIT	99
