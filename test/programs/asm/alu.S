# Every integer ALU, shift, multiply/divide, HI/LO and SPECIAL2/SPECIAL3 instruction on edge
# values (MIPS32r2 Vol. II). Traced against QEMU register by register.
#include "common.inc"
	.text
	.globl	__start
__start:
	.irp op, addu, subu, and, or, xor, nor, slt, sltu, sllv, srlv, srav, rotrv, movz, movn, mul
	.irp a, 0, 1, -1, 0x7fffffff, 0x80000000, 0x12345678, 0xfedcba98
	.irp b, 0, 1, -1, 31, 32, 0x80000000, 0x7fffffff, 0x55aa55aa
	LI2	\a, \b
	li	$t2, 0x5a5a5a5a
	\op	$t2, $t0, $t1
	.endr
	.endr
	.endr
	# add and sub without overflow
	.irp a, 0, 1, -1, 0x3fffffff, -0x40000000, 1000
	.irp b, 0, 1, -1, 0x3fffffff, -0x40000000, -7
	LI2	\a, \b
	add	$t2, $t0, $t1
	sub	$t3, $t0, $t1
	.endr
	.endr
	# immediates
	.irp a, 0, 1, -1, 0x7fffffff, 0x80000000, 0x12345678, 0xffff8000
	li	$t0, \a
	.irp i, 0, 1, -1, 0x7fff, -0x8000, 100
	addiu	$t2, $t0, \i
	slti	$t3, $t0, \i
	sltiu	$t4, $t0, \i
	.endr
	.irp i, 0, 1, 0xffff, 0x8000, 0x1234
	andi	$t2, $t0, \i
	ori	$t3, $t0, \i
	xori	$t4, $t0, \i
	.endr
	lui	$t5, 0x8000
	lui	$t6, 0xffff
	.endr
	li	$t0, 0x40000000
	addi	$t2, $t0, 0x7fff
	addi	$t3, $t0, -0x8000
	# shifts by constant
	.irp a, 1, -1, 0x80000001, 0x12345678
	li	$t0, \a
	.irp s, 0, 1, 4, 16, 31
	sll	$t2, $t0, \s
	srl	$t3, $t0, \s
	sra	$t4, $t0, \s
	rotr	$t5, $t0, \s
	.endr
	.endr
	# count leading zeros/ones, byte and halfword shuffles
	.irp a, 0, 1, -1, 0x80000000, 0x7fffffff, 0x00010000, 0xffff0000, 0x12345678, 0x000000ff, 0x8080
	li	$t0, \a
	clz	$t2, $t0
	clo	$t3, $t0
	wsbh	$t4, $t0
	seb	$t5, $t0
	seh	$t6, $t0
	.endr
	# bit fields
	li	$t0, 0x89abcdef
	.irp pos, 0, 1, 7, 16, 31
	ext	$t2, $t0, \pos, 1
	li	$t3, 0x11111111
	ins	$t3, $t0, \pos, 1
	.endr
	.irp size, 2, 8, 16, 31, 32
	ext	$t2, $t0, 0, \size
	li	$t3, 0x5555aaaa
	ins	$t3, $t0, 0, \size
	.endr
	ext	$t2, $t0, 4, 28
	ext	$t2, $t0, 12, 20
	ins	$t3, $t0, 8, 24
	ins	$t3, $t0, 20, 12
	# multiply and divide, HI/LO
	.irp a, 0, 1, -1, 7, -7, 0x7fffffff, 0x80000000, 0x12345678, 0xfedcba98
	.irp b, 0, 1, -1, 3, -3, 0x7fffffff, 0x80000000, 0x10000
	LI2	\a, \b
	mult	$t0, $t1
	multu	$t0, $t1
	div	$zero, $t0, $t1
	divu	$zero, $t0, $t1
	madd	$t0, $t1
	maddu	$t0, $t1
	msub	$t1, $t0
	msubu	$t1, $t0
	mfhi	$t2
	mflo	$t3
	.endr
	.endr
	li	$t0, 0x1234
	mthi	$t0
	mtlo	$zero
	mfhi	$t4
	mflo	$t5
	# rdhwr UserLocal after set_thread_area
	li	$a0, 0x12345678
	li	$v0, 4283
	syscall
	rdhwr	$t6, $29
	rdhwr	$t7, $0
	EXIT	0
