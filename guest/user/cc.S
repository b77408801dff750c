/*
 * cc: one short pmake job. $a0 = job number i, $a1 = pages. Fills `pages` fresh demand-zero
 * pages with word k = (k+1)*2654435761 ^ (i+1)*0x9e3779b9, makes a burst of small system calls,
 * then exits with the checksum s = s*31 + word over all words (mod 2^32).
 */
	.text
	.globl	_start
	.ent	_start
_start:
	move	$s0, $a0
	move	$s1, $a1
	sll	$a0, $s1, 12
	jal	u_sbrk
	move	$s2, $v0                       /* s2 = base */
	sll	$s3, $s1, 10                   /* s3 = words */
	addiu	$t0, $s0, 1
	li	$t1, 0x9e3779b9
	mul	$s4, $t0, $t1                  /* s4 = job salt */
	move	$t2, $zero                     /* k */
	li	$t3, 2654435761
1:	addiu	$t0, $t2, 1
	mul	$t0, $t0, $t3
	xor	$t0, $t0, $s4
	sll	$t1, $t2, 2
	addu	$t1, $t1, $s2
	sw	$t0, 0($t1)
	addiu	$t2, $t2, 1
	bne	$t2, $s3, 1b
	/* small system calls, as a compiler's stat/open/read storm */
	li	$s5, 16
2:	jal	u_getpid
	addiu	$s5, $s5, -1
	bnez	$s5, 2b
	jal	u_yield
	/* checksum */
	move	$s5, $zero
	move	$t2, $zero
3:	sll	$t1, $t2, 2
	addu	$t1, $t1, $s2
	lw	$t0, 0($t1)
	sll	$t1, $s5, 5
	subu	$s5, $t1, $s5                  /* s*31 */
	addu	$s5, $s5, $t0
	addiu	$t2, $t2, 1
	bne	$t2, $s3, 3b
	move	$a0, $s5
	jal	u_exit
	.end	_start

#include "../lib/ulib.S"
