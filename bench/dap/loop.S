# The debug adapter benchmark's bare kernel (disco bench dap): a counted loop of 3 × 33,333,333
# instructions, then a UHI exit. `cold` is never called: the benchmark sets its breakpoints there.
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

	.globl	cold
cold:
	.rept	32
	addiu	$v0, $v0, 1
	.endr
	jr	$ra
	nop
