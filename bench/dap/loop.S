# The debug adapter benchmark's bare kernel (disco bench dap): a counted loop of 3 × 33,333,333
# instructions, then a UHI exit.
	.set	noreorder
	.text
	.globl	__start
__start:
	li	$t0, 33333333
loop:
	addiu	$t0, $t0, -1
	bnez	$t0, loop
	nop
	.globl	done
done:
	li	$a0, 0
	li	$t9, 1			# UHI exit with $a0
	sdbbp	1

