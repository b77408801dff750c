# Loads and stores of every width and signedness, LWL/LWR/SWL/SWR at each byte offset, LL/SC
# success and failure, PREF, SYNC and SYNCI. Results land in registers (traced) and memory.
#include "common.inc"
	.data
	.align	4
buf:	.word	0x00112233, 0x44556677, 0x8899aabb, 0xccddeeff
	.word	0x80018002, 0x7ffe7ffd, 0xfedcba98, 0x76543210
dst:	.space	64
	.text
	.globl	__start
__start:
	la	$s0, buf
	.irp off, 0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 17, 22, 31
	lb	$t0, \off($s0)
	lbu	$t1, \off($s0)
	.endr
	.irp off, 0, 2, 4, 6, 14, 16, 18, 30
	lh	$t0, \off($s0)
	lhu	$t1, \off($s0)
	.endr
	.irp off, 0, 4, 8, 12, 16, 20, 24, 28
	lw	$t0, \off($s0)
	.endr
	# unaligned loads: every offset, both halves, into a register holding a pattern
	.irp off, 0, 1, 2, 3, 4, 5, 6, 7, 9, 14
	li	$t2, 0x5a5a5a5a
	lwl	$t2, \off($s0)
	li	$t3, 0xa5a5a5a5
	lwr	$t3, \off($s0)
	li	$t4, 0x01010101
	lwl	$t4, \off+3($s0)
	lwr	$t4, \off($s0)
	.endr
	# stores of every width, read back as words
	la	$s1, dst
	li	$t0, 0x8badf00d
	.irp off, 0, 1, 2, 3
	sb	$t0, \off($s1)
	.endr
	sh	$t0, 4($s1)
	sh	$t0, 6($s1)
	sw	$t0, 8($s1)
	lw	$t1, 0($s1)
	lw	$t2, 4($s1)
	lw	$t3, 8($s1)
	# unaligned stores at each offset
	li	$t0, 0x01234567
	.irp off, 0, 1, 2, 3
	sw	$zero, 16($s1)
	sw	$zero, 20($s1)
	swl	$t0, 16+\off($s1)
	lw	$t5, 16($s1)
	lw	$t6, 20($s1)
	sw	$zero, 16($s1)
	sw	$zero, 20($s1)
	swr	$t0, 16+\off($s1)
	lw	$t5, 16($s1)
	lw	$t6, 20($s1)
	sw	$zero, 24($s1)
	sw	$zero, 28($s1)
	swl	$t0, 24+\off($s1)
	swr	$t0, 27+\off($s1)
	lw	$t7, 24($s1)
	lw	$t8, 28($s1)
	.endr
	# LL/SC: success, failure after an intervening store of another value, wrong address
	ll	$t0, 32($s1)
	addiu	$t0, $t0, 5
	sc	$t0, 32($s1)
	lw	$t1, 32($s1)
	ll	$t0, 32($s1)
	li	$t2, 99
	sw	$t2, 32($s1)
	addiu	$t0, $t0, 1
	sc	$t0, 32($s1)
	lw	$t1, 32($s1)
	ll	$t0, 32($s1)
	li	$t3, 7
	sc	$t3, 36($s1)
	lw	$t1, 36($s1)
	pref	0, 0($s1)
	sync
	synci	0($s1)
	# a store-load loop (exercises the compiled fast path many times)
	li	$t0, 64
1:	addiu	$t0, $t0, -4
	sw	$t0, 0($s1)
	lw	$t1, 0($s1)
	bnez	$t0, 1b
	addu	$t2, $t2, $t1
	EXIT	0
