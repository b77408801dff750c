# Branches and jumps with their delay slots: every condition taken and not taken, the likely
# forms (delay slot annulled when not taken), the linking forms (link written even when not
# taken), JR/JALR with any link register, and a loop whose delay slot does work.
#include "common.inc"
	.text
	.globl	__start
__start:
	li	$s0, 0
	.irp a, -2, -1, 0, 1, 2
	.irp b, -1, 0, 1
	LI2	\a, \b
	beq	$t0, $t1, 1f
	addiu	$s0, $s0, 1
	addiu	$s0, $s0, 10
1:	bne	$t0, $t1, 1f
	addiu	$s0, $s0, 2
	addiu	$s0, $s0, 20
1:	beql	$t0, $t1, 1f
	addiu	$s0, $s0, 3
	addiu	$s0, $s0, 30
1:	bnel	$t0, $t1, 1f
	addiu	$s0, $s0, 4
	addiu	$s0, $s0, 40
1:
	.endr
	li	$t0, \a
	blez	$t0, 1f
	addiu	$s1, $s1, 1
	addiu	$s1, $s1, 10
1:	bgtz	$t0, 1f
	addiu	$s1, $s1, 2
	addiu	$s1, $s1, 20
1:	bltz	$t0, 1f
	addiu	$s1, $s1, 3
	addiu	$s1, $s1, 30
1:	bgez	$t0, 1f
	addiu	$s1, $s1, 4
	addiu	$s1, $s1, 40
1:	blezl	$t0, 1f
	addiu	$s2, $s2, 1
	addiu	$s2, $s2, 10
1:	bgtzl	$t0, 1f
	addiu	$s2, $s2, 2
	addiu	$s2, $s2, 20
1:	bltzl	$t0, 1f
	addiu	$s2, $s2, 3
	addiu	$s2, $s2, 30
1:	bgezl	$t0, 1f
	addiu	$s2, $s2, 4
	addiu	$s2, $s2, 40
1:	bltzal	$t0, 1f
	addiu	$s3, $s3, 1
	addiu	$s3, $s3, 10
1:	bgezal	$t0, 1f
	addiu	$s3, $s3, 2
	addiu	$s3, $s3, 20
1:	bltzall	$t0, 1f
	addiu	$s3, $s3, 3
	addiu	$s3, $s3, 30
1:	bgezall	$t0, 1f
	addiu	$s3, $s3, 4
	addiu	$s3, $s3, 40
1:
	.endr
	# jumps and calls
	jal	sub1
	li	$a0, 5
	la	$t9, sub1
	jalr	$t9
	li	$a0, 6
	la	$t9, sub3
	jalr	$s4, $t9
	li	$a0, 7
	la	$t0, 1f
	jr	$t0
	addiu	$s5, $s5, 1
	addiu	$s5, $s5, 100
1:	j	1f
	addiu	$s5, $s5, 2
	addiu	$s5, $s5, 200
1:	bal	sub2
	move	$a1, $ra
	b	1f
	nop
	addiu	$s5, $s5, 300
1:	# a counted loop with work in the delay slot
	li	$t0, 100
	li	$t1, 0
2:	addiu	$t0, $t0, -1
	bnez	$t0, 2b
	addu	$t1, $t1, $t0
	# a loop closed by a likely branch
	li	$t0, 50
3:	addiu	$t0, $t0, -1
	bgtzl	$t0, 3b
	addiu	$t2, $t2, 3
	EXIT	0

sub1:	addiu	$v1, $v1, 1
	jr	$ra
	addu	$v1, $v1, $a0
sub3:	jr	$s4
	addu	$v1, $v1, $a0
sub2:	jr	$ra
	addiu	$a2, $ra, 4
