/*
 * Files (docs/guest-os.md "Files"): open and pread of the files in disk 0's program table,
 * through a page cache of whole file pages. A file lives on disk 0 (fs 0) or, after mount, on
 * the file server (fs 1, nfs.S). A handle is the file's index in the table of the disk that
 * holds it. A cached page is filled once and never written again: under the monitor it may be
 * a machine page shared with the global disk cache, the file server and other VMs.
 */
#define NPCACHE    128
#define PC_KEY     0                    /* fs << 24 | handle << 16 | page */
#define PC_PAGE    4                    /* kernel address of the page, 0 = free entry */
#define PC_SHIFT   3

	.text
/* open(name) -> handle of the named file on the file system in use */
	.ent	sys_open
sys_open:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	move	$s0, $a0
	la	$a0, spawn_lock                /* name_buf is shared */
	jal	acquire
	lw	$a0, 4*4($s0)
	jal	copy_user_name
	li	$s0, -E_FAULT
	beqz	$v0, 8f
	lw	$t0, nfs_mounted
	beqz	$t0, 1f
	move	$a0, $v0
	jal	nfs_lookup
	move	$s0, $v0
	b	8f
1:	move	$a0, $v0
	jal	dir_lookup
	li	$s0, -E_NOENT
	beqz	$v0, 8f
	la	$t0, disk_dir + DIR_ENTRIES
	subu	$s0, $v0, $t0
	srl	$s0, $s0, 5                    /* DIRENT_BYTES = 32 */
8:	la	$a0, spawn_lock
	jal	release
	move	$v0, $s0
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	sys_open

/* file_size(a0 = fs, a1 = handle) -> the file's size in bytes, or -E_INVAL for a bad handle */
	.ent	file_size
file_size:
	li	$v0, -E_INVAL
	bnez	$a0, 1f
	la	$t0, disk_dir
	lw	$t1, DIR_COUNT($t0)
	sltu	$t1, $a1, $t1
	beqz	$t1, 9f
	sll	$t1, $a1, 5
	addu	$t0, $t0, $t1
	lw	$v0, DIR_ENTRIES + DIRENT_SIZE($t0)
	jr	$ra
1:	sltiu	$t1, $a1, NFS_FILES
	beqz	$t1, 9f
	sll	$t1, $a1, 2
	lw	$v0, nfs_sizes($t1)            /* -E_INVAL until a lookup */
9:	jr	$ra
	.end	file_size

/* pread(handle, buf, len, offset) -> bytes read (0 at or past the end) */
	.ent	sys_pread
sys_pread:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	sw	$s5, 20($sp)
	lw	$s0, 4*4($a0)                  /* handle */
	lw	$s1, 5*4($a0)                  /* user buffer */
	lw	$s2, 6*4($a0)                  /* length */
	lw	$s3, 7*4($a0)                  /* offset */
	lw	$a0, nfs_mounted
	move	$a1, $s0
	jal	file_size
	bltz	$v0, 9f
	sltu	$t0, $s3, $v0
	move	$t1, $v0
	move	$v0, $zero
	beqz	$t0, 9f
	subu	$t1, $t1, $s3                  /* bytes left in the file */
	sltu	$t0, $s2, $t1
	bnez	$t0, 1f
	move	$s2, $t1                       /* s2 = bytes to read */
1:	jal	myproc
	move	$s5, $v0
	move	$s4, $zero                     /* s4 = bytes done */
2:	beq	$s4, $s2, 8f
	lw	$a0, nfs_mounted
	move	$a1, $s0
	addu	$a2, $s3, $s4
	srl	$a2, $a2, PAGE_SHIFT
	jal	pcache_get
	li	$t0, -E_IO
	beqz	$v0, 7f
	addu	$t1, $s3, $s4
	andi	$t1, $t1, PAGE_SIZE - 1
	addu	$a2, $v0, $t1                  /* source in the cached page */
	li	$a3, PAGE_SIZE
	subu	$a3, $a3, $t1
	subu	$t2, $s2, $s4
	sltu	$t3, $t2, $a3
	beqz	$t3, 3f
	move	$a3, $t2                       /* a3 = bytes from this page */
3:	sw	$a3, 16($sp)
	move	$a0, $s5
	addu	$a1, $s1, $s4
	jal	copy_out
	move	$t0, $v0
	bnez	$t0, 7f
	lw	$a3, 16($sp)
	addu	$s4, $s4, $a3
	b	2b
7:	move	$v0, $t0
	b	9f
8:	move	$v0, $s2
9:	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	lw	$s4, 24($sp)
	lw	$s5, 20($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	sys_pread

/* copy_out(a0 = proc, a1 = user address, a2 = kernel source, a3 = bytes) -> 0 or -E_FAULT */
	.ent	copy_out
copy_out:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	move	$s0, $a0
	move	$s1, $a1
	move	$s2, $a2
	move	$s3, $a3
1:	move	$v0, $zero
	beqz	$s3, 9f
	move	$a0, $s0
	move	$a1, $s1
	jal	user_page
	beqz	$v0, 8f
	andi	$t0, $s1, PAGE_SIZE - 1
	li	$t1, PAGE_SIZE
	subu	$t1, $t1, $t0                  /* bytes left in the user page */
	sltu	$t2, $s3, $t1
	beqz	$t2, 2f
	move	$t1, $s3
2:	addu	$s1, $s1, $t1
	subu	$s3, $s3, $t1
3:	lbu	$t0, 0($s2)
	sb	$t0, 0($v0)
	addiu	$s2, $s2, 1
	addiu	$v0, $v0, 1
	addiu	$t1, $t1, -1
	bnez	$t1, 3b
	b	1b
8:	li	$v0, -E_FAULT
9:	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	copy_out

/* pcache_find(a0 = key) -> cached page or 0 (pcache_lock held) */
	.ent	pcache_find
pcache_find:
	la	$t0, pcache
	li	$t1, NPCACHE
1:	lw	$v0, PC_PAGE($t0)
	beqz	$v0, 2f
	lw	$t2, PC_KEY($t0)
	beq	$t2, $a0, 9f
2:	addiu	$t0, $t0, 1 << PC_SHIFT
	addiu	$t1, $t1, -1
	bnez	$t1, 1b
	move	$v0, $zero
9:	jr	$ra
	.end	pcache_find

/* pcache_get(a0 = fs, a1 = handle, a2 = page) -> kernel address of that file page, filled from
   the disk or the file server on the first use; 0 when it cannot be read or the cache is full.
   The caller checked the handle and that the page lies inside the file. */
	.globl	pcache_get
	.ent	pcache_get
pcache_get:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	move	$s1, $a1
	move	$s2, $a2
	sll	$s0, $a0, 24
	sll	$t0, $a1, 16
	or	$s0, $s0, $t0
	or	$s0, $s0, $a2                  /* s0 = key */
	la	$a0, pcache_lock
	jal	acquire
	move	$a0, $s0
	jal	pcache_find
	move	$s3, $v0
	la	$a0, pcache_lock
	jal	release
	bnez	$s3, 8f
	jal	kalloc
	beqz	$v0, 8f
	move	$s3, $v0
	srl	$t0, $s0, 24
	bnez	$t0, 1f
	sll	$t0, $s1, 5                    /* from disk 0: eight sectors */
	la	$t1, disk_dir + DIR_ENTRIES
	addu	$t0, $t0, $t1
	lw	$a0, DIRENT_SECTOR($t0)
	sll	$t1, $s2, PAGE_SHIFT - 9
	addu	$a0, $a0, $t1
	li	$a1, PAGE_SIZE / DISK_SECTOR_BYTES
	move	$a2, $s3
	jal	disk_read
	b	2f
1:	move	$a0, $s1                       /* from the file server */
	move	$a1, $s2
	move	$a2, $s3
	jal	nfs_read
	bgez	$v0, 2f
	move	$a0, $s3
	jal	kfree
	move	$s3, $zero
	b	8f
2:	la	$a0, pcache_lock
	jal	acquire
	move	$a0, $s0
	jal	pcache_find                    /* filled meanwhile by another process? */
	bnez	$v0, 5f
	la	$t0, pcache                    /* a free entry */
	li	$t1, NPCACHE
3:	lw	$t2, PC_PAGE($t0)
	beqz	$t2, 4f
	addiu	$t0, $t0, 1 << PC_SHIFT
	addiu	$t1, $t1, -1
	bnez	$t1, 3b
	move	$v0, $zero                     /* full */
	b	5f
4:	sw	$s0, PC_KEY($t0)
	sw	$s3, PC_PAGE($t0)
	la	$a0, pcache_lock
	jal	release
	b	8f
5:	sw	$v0, 16($sp)
	la	$a0, pcache_lock
	jal	release
	move	$a0, $s3
	jal	kfree
	lw	$s3, 16($sp)
8:	move	$v0, $s3
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	pcache_get

	.data
	.align	2
pcache_lock:	.word 0

	.bss
	.align	3
pcache:		.space	NPCACHE << PC_SHIFT
