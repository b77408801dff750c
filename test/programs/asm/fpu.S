# CP1 with FR=0 as o32 Linux uses it: arithmetic under all four rounding modes on special values
# (zeros, denormals, the largest finite, infinities, legacy quiet and signalling NaNs), FCSR
# cause/flag bits, conversions, C.cond with condition codes, BC1T/F(L), MOVF/MOVT, MOVZ/MOVN,
# the MADD family, indexed and paired-register loads/stores, CFC1/CTC1 views. Traced.
#include "common.inc"
	.macro	SETS f, v
	li	$t0, \v
	mtc1	$t0, \f
	.endm
	.macro	SETD f, hi, lo
	li	$t0, \lo
	mtc1	$t0, \f
	li	$t0, \hi
	mthc1	$t0, \f
	.endm
	.macro	RM mode
	cfc1	$t0, $31
	ins	$t0, $zero, 0, 2
	ori	$t0, $t0, \mode
	ctc1	$t0, $31
	.endm
	.data
	.align	3
mem:	.word	0x3ff00000, 0x00000000, 0x40490fdb, 0xc0000000
	.space	32
	.text
	.globl	__start
__start:
	# --- single precision ---
	SETS	$f8, 0x00000000
	SETS	$f9, 0x80000000
	SETS	$f10, 0x3f800000
	SETS	$f11, 0xbfc00000
	SETS	$f12, 0x3dcccccd
	SETS	$f13, 0x7f7fffff
	SETS	$f14, 0x00800001
	SETS	$f15, 0x00000003
	SETS	$f16, 0x7f800000
	SETS	$f17, 0x7fbfffff
	SETS	$f18, 0x7fc00000
	SETS	$f19, 0x3eaaaaab
	SETS	$f20, 0x40200000
	SETS	$f21, 0xc0200000
	SETS	$f22, 0x4f000000
	SETS	$f23, 0xcf000000
	SETS	$f24, 0x4effffff
	SETS	$f25, 0xff800000
	.irp rm, 0, 1, 2, 3
	RM	\rm
	.irp a, $f8, $f9, $f10, $f11, $f12, $f13, $f14, $f15, $f16, $f17, $f18, $f19
	.irp b, $f8, $f10, $f11, $f12, $f13, $f14, $f15, $f16, $f17, $f18, $f25
	add.s	$f0, \a, \b
	sub.s	$f1, \a, \b
	mul.s	$f2, \a, \b
	div.s	$f3, \a, \b
	.endr
	.endr
	.irp a, $f8, $f9, $f10, $f11, $f12, $f13, $f14, $f15, $f16, $f17, $f18, $f19, $f20, $f21, $f22, $f23, $f24, $f25
	sqrt.s	$f0, \a
	abs.s	$f1, \a
	neg.s	$f2, \a
	mov.s	$f3, \a
	cvt.d.s	$f4, \a
	cvt.w.s	$f6, \a
	round.w.s $f7, \a
	trunc.w.s $f5, \a
	ceil.w.s $f3, \a
	floor.w.s $f2, \a
	recip.s	$f1, \a
	rsqrt.s	$f0, \a
	.endr
	.endr
	RM	0
	.irp i, 0, 1, -1, 0x7fffffff, 0x80000000, 16777217, 0x12345678, -16777219
	SETS	$f26, \i
	cvt.s.w	$f0, $f26
	cvt.d.w	$f2, $f26
	RM	3
	cvt.s.w	$f1, $f26
	RM	0
	.endr
	# comparisons, condition codes, conditional moves and branches
	.irp cond, f, un, eq, ueq, olt, ult, ole, ule, sf, ngle, seq, ngl, lt, nge, le, ngt
	.irp a, $f8, $f10, $f11, $f16, $f17, $f18
	.irp b, $f9, $f11, $f17, $f18
	c.\cond\().s $fcc2, \a, \b
	.endr
	c.\cond\().s \a, $f10
	.endr
	.endr
	c.lt.s	$fcc7, $f11, $f10
	bc1t	$fcc7, 1f
	addiu	$s0, $s0, 1
	addiu	$s0, $s0, 10
1:	bc1fl	$fcc7, 1f
	addiu	$s0, $s0, 2
	bc1tl	$fcc7, 1f
	addiu	$s0, $s0, 3
	addiu	$s0, $s0, 30
1:	c.eq.s	$f10, $f11
	bc1f	1f
	nop
	addiu	$s0, $s0, 100
1:	li	$t1, 5
	li	$t2, 6
	movt	$t1, $t2, $fcc7
	movf	$t2, $zero, $fcc7
	movt.s	$f0, $f13, $fcc7
	movf.s	$f1, $f13, $fcc7
	movz.s	$f2, $f13, $zero
	movn.s	$f3, $f13, $t1
	cfc1	$t3, $25
	cfc1	$t4, $26
	cfc1	$t5, $28
	cfc1	$t6, $31
	cfc1	$t7, $0
	li	$t0, 0xfe
	ctc1	$t0, $25
	cfc1	$t3, $31
	li	$t0, 0x0001f07c
	ctc1	$t0, $26
	cfc1	$t3, $31
	li	$t0, 0x00000007
	ctc1	$t0, $28
	cfc1	$t3, $31
	ctc1	$zero, $26
	li	$t0, 0x00000f80
	ctc1	$t0, $28
	li	$t0, 0x00000003
	ctc1	$t0, $28
	cfc1	$t3, $31
	ctc1	$zero, $31
	# --- double precision ---
	SETD	$f8, 0x00000000, 0x00000000
	SETD	$f10, 0x80000000, 0x00000000
	SETD	$f12, 0x3ff00000, 0x00000000
	SETD	$f14, 0xbff80000, 0x00000000
	SETD	$f16, 0x3fb99999, 0x9999999a
	SETD	$f18, 0x7fefffff, 0xffffffff
	SETD	$f20, 0x00100000, 0x00000001
	SETD	$f22, 0x00000000, 0x00000003
	SETD	$f24, 0x7ff00000, 0x00000000
	SETD	$f26, 0x7ff7ffff, 0xffffffff
	SETD	$f28, 0x7ff80000, 0x00000000
	SETD	$f30, 0x3fd55555, 0x55555555
	.irp rm, 0, 1, 2, 3
	RM	\rm
	.irp a, $f8, $f10, $f12, $f14, $f16, $f18, $f20, $f22, $f24, $f26, $f28, $f30
	.irp b, $f8, $f12, $f14, $f16, $f18, $f20, $f22, $f24, $f26, $f28
	add.d	$f0, \a, \b
	sub.d	$f2, \a, \b
	mul.d	$f4, \a, \b
	div.d	$f6, \a, \b
	.endr
	sqrt.d	$f0, \a
	abs.d	$f2, \a
	neg.d	$f4, \a
	mov.d	$f6, \a
	cvt.s.d	$f1, \a
	cvt.w.d	$f3, \a
	round.w.d $f5, \a
	trunc.w.d $f7, \a
	ceil.w.d $f1, \a
	floor.w.d $f3, \a
	recip.d	$f4, \a
	rsqrt.d	$f6, \a
	.endr
	.endr
	RM	0
	.irp v, 0x40040000, 0xbfe00000, 0x41dfffff, 0xc1e00000, 0x41e00000, 0x47efffff, 0x36a00000
	SETD	$f8, \v, 0xffe00000
	.irp rm, 0, 1, 2, 3
	RM	\rm
	cvt.w.d	$f0, $f8
	cvt.s.d	$f1, $f8
	round.w.d $f2, $f8
	ceil.w.d $f3, $f8
	floor.w.d $f4, $f8
	trunc.w.d $f5, $f8
	.endr
	.endr
	RM	0
	SETD	$f8, 0x00000000, 0x00000000
	.irp cond, f, un, eq, ueq, olt, ult, ole, ule, sf, ngle, seq, ngl, lt, nge, le, ngt
	.irp a, $f8, $f12, $f14, $f24, $f26, $f28
	.irp b, $f10, $f14, $f26, $f28
	c.\cond\().d $fcc5, \a, \b
	.endr
	.endr
	.endr
	movt.d	$f0, $f18, $fcc5
	movf.d	$f2, $f18, $fcc5
	movz.d	$f4, $f18, $zero
	movn.d	$f6, $f18, $zero
	# multiply-add family, single and double
	.irp rm, 0, 3
	RM	\rm
	.irp op, madd.d, msub.d, nmadd.d, nmsub.d
	\op	$f0, $f16, $f12, $f14
	\op	$f2, $f18, $f18, $f12
	\op	$f4, $f24, $f24, $f8
	\op	$f6, $f26, $f12, $f12
	.endr
	.irp op, madd.s, msub.s, nmadd.s, nmsub.s
	\op	$f1, $f11, $f12, $f19
	\op	$f3, $f10, $f16, $f8
	.endr
	.endr
	RM	0
	# loads and stores, including indexed forms and the register halves
	la	$s1, mem
	ldc1	$f0, 0($s1)
	lwc1	$f2, 8($s1)
	lwc1	$f3, 12($s1)
	sdc1	$f2, 16($s1)
	swc1	$f0, 24($s1)
	swc1	$f1, 28($s1)
	lw	$t0, 16($s1)
	lw	$t1, 20($s1)
	lw	$t2, 24($s1)
	lw	$t3, 28($s1)
	li	$t4, 8
	ldxc1	$f4, $t4($s1)
	lwxc1	$f6, $t4($s1)
	li	$t4, 32
	sdxc1	$f0, $t4($s1)
	swxc1	$f2, $t4($s1)
	lw	$t5, 32($s1)
	lw	$t6, 36($s1)
	mfc1	$t7, $f4
	mfhc1	$t8, $f4
	mfc1	$t9, $f5
	li	$t0, 0x12345678
	mthc1	$t0, $f6
	mtc1	$t0, $f7
	EXIT	0
