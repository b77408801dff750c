/*
 * Spinlocks with LL/SC (MIPS32 Vol. II LL, SC, SYNC). The kernel runs with interrupts disabled,
 * so a lock holder is never interrupted on its own CPU.
 */
	.text
/* acquire(a0 = lock word) */
	.globl	acquire
	.ent	acquire
acquire:
1:	ll	$t0, 0($a0)
	bnez	$t0, 1b
	li	$t0, 1
	sc	$t0, 0($a0)
	beqz	$t0, 1b
	sync
	jr	$ra
	.end	acquire

/* release(a0 = lock word) */
	.globl	release
	.ent	release
release:
	sync
	sw	$zero, 0($a0)
	jr	$ra
	.end	release
