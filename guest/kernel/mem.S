/*
 * Physical pages and page tables. Free pages are kept on a stack of page numbers (not linked
 * through the pages themselves, so that a page handed back to the monitor with the free-page
 * hint is never touched again). Page tables are two-level (defs.h); user pages are allocated
 * on demand, zeroed by the kernel on the bare machine or by the monitor's zeroed-page hint.
 */
#define MAXPAGES 16384                  /* at most 64 MB of pages are managed */

	.text
/* mem_init: every page from the end of the kernel to the end of memory becomes free. */
	.globl	mem_init
	.ent	mem_init
mem_init:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$s0, 16($sp)
	/* empty_pgdir[i] = &empty_pt */
	la	$t0, empty_pgdir
	la	$t1, empty_pt
	li	$t2, 1024
1:	sw	$t1, 0($t0)
	addiu	$t0, $t0, 4
	addiu	$t2, $t2, -1
	bnez	$t2, 1b
	jal	hal_memsize
	li	$t0, MAXPAGES * PAGE_SIZE
	sltu	$t1, $t0, $v0
	beqz	$t1, 2f
	move	$v0, $t0
2:	srl	$s0, $v0, PAGE_SHIFT           /* s0 = end page number */
	la	$t0, _end
	li	$t1, KBASE
	subu	$t0, $t0, $t1
	addiu	$t0, $t0, PAGE_SIZE - 1
	srl	$t0, $t0, PAGE_SHIFT           /* first free page number */
	la	$t2, free_pages
	move	$t3, $zero                     /* count */
	/* push from the top so that low pages are handed out first */
	move	$t4, $s0
3:	beq	$t4, $t0, 4f
	addiu	$t4, $t4, -1
	sw	$t4, 0($t2)
	addiu	$t2, $t2, 4
	addiu	$t3, $t3, 1
	b	3b
4:	sw	$t3, nfree
	lw	$ra, 20($sp)
	lw	$s0, 16($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	mem_init

/* kalloc() -> kernel address of a page (contents undefined) or 0 */
	.globl	kalloc
	.ent	kalloc
kalloc:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	la	$a0, kmem_lock
	jal	acquire
	lw	$t0, nfree
	move	$v0, $zero
	beqz	$t0, 1f
	addiu	$t0, $t0, -1
	sw	$t0, nfree
	sll	$t1, $t0, 2
	lw	$v0, free_pages($t1)
	sll	$v0, $v0, PAGE_SHIFT
	li	$t1, KBASE
	addu	$v0, $v0, $t1
1:	sw	$v0, 16($sp)
	la	$a0, kmem_lock
	jal	release
	lw	$v0, 16($sp)
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	kalloc

/* kalloc_zero() -> kernel address of a zeroed page or 0 */
	.globl	kalloc_zero
	.ent	kalloc_zero
kalloc_zero:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	kalloc
	beqz	$v0, 1f
	sw	$v0, 16($sp)
	move	$a0, $v0
	jal	hal_zero_page
	lw	$v0, 16($sp)
1:	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	kalloc_zero

/* kfree(a0 = kernel address of a page): the free-page hint, then back on the stack */
	.globl	kfree
	.ent	kfree
kfree:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$a0, 16($sp)
	jal	hal_free_page
	la	$a0, kmem_lock
	jal	acquire
	lw	$t2, 16($sp)
	li	$t1, KBASE
	subu	$t2, $t2, $t1
	srl	$t2, $t2, PAGE_SHIFT
	lw	$t0, nfree
	sll	$t1, $t0, 2
	sw	$t2, free_pages($t1)
	addiu	$t0, $t0, 1
	sw	$t0, nfree
	la	$a0, kmem_lock
	jal	release
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	kfree

/* memcopy(a0 = dst, a1 = src, a2 = bytes, multiple of 4, word-aligned) */
	.globl	memcopy
	.ent	memcopy
memcopy:
	beqz	$a2, 2f
1:	lw	$t0, 0($a1)
	addiu	$a1, $a1, 4
	sw	$t0, 0($a0)
	addiu	$a2, $a2, -4
	addiu	$a0, $a0, 4
	bnez	$a2, 1b
2:	jr	$ra
	.end	memcopy

/* pgdir_new() -> kernel address of a root table whose entries all name empty_pt, or 0 */
	.globl	pgdir_new
	.ent	pgdir_new
pgdir_new:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	kalloc
	beqz	$v0, 2f
	move	$t0, $v0
	la	$t1, empty_pt
	li	$t2, 512
1:	sw	$t1, 0($t0)
	addiu	$t0, $t0, 4
	addiu	$t2, $t2, -1
	bnez	$t2, 1b
2:	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	pgdir_new

/* walk(a0 = pgdir, a1 = user va, a2 = create) -> kernel address of the EntryLo word, or 0 */
	.globl	walk
	.ent	walk
walk:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	srl	$t0, $a1, 22
	sll	$t0, $t0, 2
	addu	$s0, $a0, $t0                  /* s0 = &root entry */
	move	$s1, $a1
	lw	$t1, 0($s0)
	la	$t2, empty_pt
	bne	$t1, $t2, 1f
	move	$v0, $zero
	beqz	$a2, 2f
	jal	kalloc_zero
	beqz	$v0, 2f
	sw	$v0, 0($s0)
	move	$t1, $v0
1:	srl	$t0, $s1, PAGE_SHIFT
	andi	$t0, $t0, 1023
	sll	$t0, $t0, 2
	addu	$v0, $t1, $t0
2:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	walk

/* user_page(a0 = proc, a1 = user va) -> kernel address of that byte, demand-zero filling a
   missing page inside the process's regions (text..brk, the stack); 0 if the address is bad */
	.globl	user_page
	.ent	user_page
user_page:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	sw	$s2, 16($sp)
	move	$s0, $a0
	move	$s1, $a1
	/* region check */
	bltz	$a1, 9f                        /* not kuseg */
	li	$t0, USER_STACK_MIN
	sltu	$t1, $a1, $t0
	beqz	$t1, 1f                        /* stack region (below USER_TOP, since kuseg) */
	li	$t0, USER_TEXT
	sltu	$t1, $a1, $t0
	bnez	$t1, 9f
	lw	$t0, P_BRK($a0)
	sltu	$t1, $a1, $t0
	beqz	$t1, 9f
	b	1f
1:	lw	$a0, P_PGDIR($s0)
	move	$a1, $s1
	li	$a2, 1
	jal	walk
	beqz	$v0, 9f
	move	$s2, $v0                       /* s2 = &pte */
	lw	$t0, 0($s2)
	andi	$t1, $t0, PTE_V
	bnez	$t1, 2f
	jal	kalloc_zero
	beqz	$v0, 9f
	li	$t1, KBASE
	subu	$t0, $v0, $t1
	srl	$t0, $t0, 6
	ori	$t0, $t0, PTE_FLAGS
	sw	$t0, 0($s2)
2:	srl	$t0, $t0, 6
	sll	$t0, $t0, PAGE_SHIFT
	li	$t1, KBASE
	addu	$t0, $t0, $t1
	andi	$t1, $s1, PAGE_SIZE - 1
	addu	$v0, $t0, $t1
	b	10f
9:	move	$v0, $zero
10:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	lw	$s2, 16($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	user_page

/* pgdir_free(a0 = pgdir): every user page, every second-level table and the root */
	.globl	pgdir_free
	.ent	pgdir_free
pgdir_free:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	move	$s0, $a0
	move	$s1, $zero                     /* root index */
1:	sll	$t0, $s1, 2
	addu	$t0, $s0, $t0
	lw	$s2, 0($t0)                    /* table */
	la	$t1, empty_pt
	beq	$s2, $t1, 4f
	move	$s3, $zero
2:	sll	$t0, $s3, 2
	addu	$t0, $s2, $t0
	lw	$t0, 0($t0)
	andi	$t1, $t0, PTE_V
	beqz	$t1, 3f
	srl	$t0, $t0, 6
	sll	$t0, $t0, PAGE_SHIFT
	li	$t1, KBASE
	addu	$a0, $t0, $t1
	jal	kfree
3:	addiu	$s3, $s3, 1
	sltiu	$t0, $s3, 1024
	bnez	$t0, 2b
	move	$a0, $s2
	jal	kfree
4:	addiu	$s1, $s1, 1
	sltiu	$t0, $s1, 512
	bnez	$t0, 1b
	move	$a0, $s0
	jal	kfree
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	pgdir_free

/* pgdir_copy(a0 = dst pgdir, a1 = src pgdir) -> 0, or -1 when memory ran out. Every page of
   src gets a private copy in dst (hal_copy_page: a copy, or the monitor's remap) */
	.globl	pgdir_copy
	.ent	pgdir_copy
pgdir_copy:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	sw	$s5, 20($sp)
	move	$s0, $a0
	move	$s4, $a1
	move	$s1, $zero
1:	sll	$t0, $s1, 2
	addu	$t0, $s4, $t0
	lw	$s2, 0($t0)
	la	$t1, empty_pt
	beq	$s2, $t1, 4f
	move	$s3, $zero
2:	sll	$t0, $s3, 2
	addu	$t0, $s2, $t0
	lw	$s5, 0($t0)                    /* src pte */
	andi	$t1, $s5, PTE_V
	beqz	$t1, 3f
	move	$a0, $s0
	sll	$a1, $s1, 22
	sll	$t0, $s3, PAGE_SHIFT
	or	$a1, $a1, $t0
	li	$a2, 1
	jal	walk
	beqz	$v0, 9f
	sw	$v0, 16($sp)
	jal	kalloc
	beqz	$v0, 9f
	move	$a0, $v0
	li	$t1, KBASE
	subu	$t0, $v0, $t1
	srl	$t0, $t0, 6
	ori	$t0, $t0, PTE_FLAGS
	lw	$t2, 16($sp)
	sw	$t0, 0($t2)
	srl	$t0, $s5, 6
	sll	$t0, $t0, PAGE_SHIFT
	addu	$a1, $t0, $t1
	jal	hal_copy_page
3:	addiu	$s3, $s3, 1
	sltiu	$t0, $s3, 1024
	bnez	$t0, 2b
4:	addiu	$s1, $s1, 1
	sltiu	$t0, $s1, 512
	bnez	$t0, 1b
	move	$v0, $zero
	b	10f
9:	li	$v0, -1
10:	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	lw	$s4, 24($sp)
	lw	$s5, 20($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	pgdir_copy

	.data
	.align	2
kmem_lock:	.word 0
nfree:		.word 0

	.bss
	.align	12
	.globl	empty_pt
empty_pt:	.space	PAGE_SIZE
	.globl	empty_pgdir
empty_pgdir:	.space	PAGE_SIZE
free_pages:	.space	MAXPAGES * 4
