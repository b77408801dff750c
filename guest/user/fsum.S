/*
 * fsum: checksums of files. $a0 = 1: mount the file server found on NIC 0 first (unmount at the
 * end); 0: the files of disk 0. Reads the names listed in the file "files" (one per line), then
 * each named file in CHUNK-byte preads, and prints "fsum: NAME SIZE bytes, fnv HASH" with HASH
 * the 32-bit FNV-1a of its bytes (h = 0x811c9dc5; per byte h = (h ^ b) * 0x01000193), or
 * "fsum: NAME error E". Exits 0, or 1 when the mount or the list cannot be read.
 */
#define CHUNK    1000
#define LIST_MAX 4095

	.text
	.globl	_start
	.ent	_start
_start:
	move	$s0, $a0
	beqz	$s0, 1f
	move	$a0, $zero
	jal	u_mount
	la	$s2, s_mount
	bltz	$v0, 90f
1:	la	$s2, s_files
	la	$a0, s_files
	jal	u_open
	bltz	$v0, 90f
	move	$a0, $v0
	la	$a1, list
	li	$a2, LIST_MAX
	move	$a3, $zero
	jal	u_pread
	bltz	$v0, 90f
	la	$t0, list
	addu	$t0, $t0, $v0
	sb	$zero, 0($t0)
	la	$s1, list                      /* s1 = cursor in the list */
2:	lbu	$t0, 0($s1)
	beqz	$t0, 8f
	move	$s2, $s1                       /* s2 = the name */
3:	lbu	$t0, 0($s1)
	beqz	$t0, 4f
	li	$t1, '\n'
	beq	$t0, $t1, 31f
	addiu	$s1, $s1, 1
	b	3b
31:	sb	$zero, 0($s1)
	addiu	$s1, $s1, 1
4:	lbu	$t0, 0($s2)
	beqz	$t0, 2b                        /* an empty line */
	move	$a0, $s2
	jal	fsum_file
	b	2b
8:	beqz	$s0, 9f
	li	$a0, -1
	jal	u_mount
9:	move	$a0, $zero
	jal	u_exit
90:	move	$s1, $v0                       /* s2 = what failed, s1 = the error */
	la	$a0, s_fsum
	jal	pr_str
	move	$a0, $s2
	jal	pr_str
	la	$a0, s_error
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	jal	pr_nl
	li	$a0, 1
	jal	u_exit
	.end	_start

/* fsum_file(a0 = name): one line for the file */
	.ent	fsum_file
fsum_file:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	sw	$s4, 16($sp)
	move	$s0, $a0
	jal	u_open
	move	$s1, $v0                       /* s1 = the error */
	bltz	$v0, 7f
	move	$s4, $v0                       /* s4 = handle */
	move	$s2, $zero                     /* bytes read */
	li	$s3, 0x811c9dc5
1:	move	$a0, $s4
	la	$a1, buf
	li	$a2, CHUNK
	move	$a3, $s2
	jal	u_pread
	move	$s1, $v0
	bltz	$v0, 7f
	beqz	$v0, 5f
	la	$t0, buf
	addu	$t1, $t0, $v0
	li	$t3, 0x01000193
2:	lbu	$t2, 0($t0)
	xor	$s3, $s3, $t2
	mul	$s3, $s3, $t3
	addiu	$t0, $t0, 1
	bne	$t0, $t1, 2b
	addu	$s2, $s2, $v0
	b	1b
5:	la	$a0, s_fsum
	jal	pr_str
	move	$a0, $s0
	jal	pr_str
	la	$a0, s_space
	jal	pr_str
	move	$a0, $s2
	jal	pr_dec
	la	$a0, s_fnv
	jal	pr_str
	move	$a0, $s3
	jal	pr_hex
	jal	pr_nl
	b	9f
7:	la	$a0, s_fsum
	jal	pr_str
	move	$a0, $s0
	jal	pr_str
	la	$a0, s_error
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	jal	pr_nl
9:	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	lw	$s4, 16($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	fsum_file

	.rdata
s_fsum:		.asciz "fsum: "
s_files:	.asciz "files"
s_mount:	.asciz "mount"
s_error:	.asciz " error "
s_space:	.asciz " "
s_fnv:		.asciz " bytes, fnv "

	.bss
list:		.space	LIST_MAX + 1
buf:		.space	CHUNK

#include "../lib/ulib.S"
