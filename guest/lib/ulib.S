/*
 * The user library: system call stubs (syscall numbers of guest/kernel/defs.h; an error comes
 * back as a negative error number) and line-buffered printing (pr_str, pr_dec, pr_hex, pr_nl:
 * a line goes out in one write, so lines of different processes never mix). Programs include
 * this file at their end.
 */
#define SYSCALL_STUB(name, num) \
	.globl name; .ent name; name: li $v0, num; syscall; beqz $a3, 1f; subu $v0, $zero, $v0; 1: jr $ra; .end name

	.text
SYSCALL_STUB(u_exit, 1)
SYSCALL_STUB(u_write, 2)
SYSCALL_STUB(u_read, 3)
SYSCALL_STUB(u_spawn, 4)
SYSCALL_STUB(u_wait, 5)
SYSCALL_STUB(u_sbrk, 6)
SYSCALL_STUB(u_yield, 7)
SYSCALL_STUB(u_sleep, 8)
SYSCALL_STUB(u_getpid, 9)
SYSCALL_STUB(u_fork, 10)
SYSCALL_STUB(u_uptime, 11)
SYSCALL_STUB(u_ncpus, 12)
SYSCALL_STUB(u_netsend, 13)
SYSCALL_STUB(u_netrecv, 14)
SYSCALL_STUB(u_open, 15)
SYSCALL_STUB(u_pread, 16)
SYSCALL_STUB(u_mount, 17)
SYSCALL_STUB(u_nfsd, 18)

/* pr_str(a0 = string): append to the line buffer */
	.globl	pr_str
	.ent	pr_str
pr_str:
	lw	$t1, pr_len
	la	$t2, pr_buf
1:	lbu	$t0, 0($a0)
	beqz	$t0, 2f
	sltiu	$t3, $t1, 255
	beqz	$t3, 2f
	addu	$t3, $t2, $t1
	sb	$t0, 0($t3)
	addiu	$t1, $t1, 1
	addiu	$a0, $a0, 1
	b	1b
2:	sw	$t1, pr_len
	jr	$ra
	.end	pr_str

/* pr_dec(a0 = signed value) */
	.globl	pr_dec
	.ent	pr_dec
pr_dec:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	addiu	$a1, $sp, 32
	sb	$zero, 0($a1)
	move	$t3, $a0
	bgez	$a0, 1f
	subu	$a0, $zero, $a0
1:	li	$t1, 10
2:	divu	$zero, $a0, $t1
	mfhi	$t0
	mflo	$a0
	addiu	$t0, $t0, '0'
	addiu	$a1, $a1, -1
	sb	$t0, 0($a1)
	bnez	$a0, 2b
	bgez	$t3, 3f
	addiu	$a1, $a1, -1
	li	$t0, '-'
	sb	$t0, 0($a1)
3:	move	$a0, $a1
	jal	pr_str
	lw	$ra, 36($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	pr_dec

/* pr_hex(a0 = value): eight hex digits */
	.globl	pr_hex
	.ent	pr_hex
pr_hex:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	addiu	$a1, $sp, 16
	li	$t2, 8
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
	sb	$zero, 0($a1)
	addiu	$a0, $sp, 16
	jal	pr_str
	lw	$ra, 36($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	pr_hex

/* pr_nl: end the line and write it */
	.globl	pr_nl
	.ent	pr_nl
pr_nl:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	lw	$t1, pr_len
	la	$t2, pr_buf
	addu	$t3, $t2, $t1
	li	$t0, '\n'
	sb	$t0, 0($t3)
	li	$a0, 1
	move	$a1, $t2
	addiu	$a2, $t1, 1
	jal	u_write
	sw	$zero, pr_len
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	pr_nl

/* lcg(a0) -> a0 * 1103515245 + 12345 */
	.globl	lcg
	.ent	lcg
lcg:
	li	$t0, 1103515245
	mul	$v0, $a0, $t0
	addiu	$v0, $v0, 12345
	jr	$ra
	.end	lcg

	.data
	.align	2
pr_len:	.word 0
	.bss
pr_buf:	.space	256
