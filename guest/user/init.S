/*
 * init: the first process. $a0 = which parts to run (bits below), $a1 = size scale (>= 1).
 * Each part prints deterministic result lines; init then exits 0 (the kernel powers off).
 *   bit 0 sys: system call behaviour        bit 4 engineering: multiprogrammed compute + memory mix
 *   bit 1 pmake: many short processes        bit 5 ping between NIC 0 and NIC 1 of one machine
 *   bit 2 raytrace: one process per CPU     bit 6 pong server on NIC 0 (a VM of a pair)
 *   bit 3 database: one big hash table      bit 7 ping client on NIC 0 (the other VM)
 *   bit 8 read: echo one line of console input
 *   bit 9 nfsd: serve disk 0's files on NIC 0 until $a2 clients unmounted
 *   bit 10 fsum of the file server's files (mount on NIC 0)   bit 11 fsum of disk 0's files
 * The arithmetic of every workload is documented next to it (and redone in the tests).
 */
#define PING_COUNT 8
#define FRAME_LEN  78

	.text
	.globl	_start
	.ent	_start
_start:
	move	$s0, $a0
	move	$s1, $a1
	move	$s3, $a2
	bnez	$s1, 1f
	li	$s1, 1
1:	la	$a0, s_init
	jal	pr_str
	jal	u_ncpus
	move	$a0, $v0
	jal	pr_dec
	la	$a0, s_cpus
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	jal	pr_nl
	andi	$t0, $s0, 1
	beqz	$t0, 2f
	jal	sys_tests
2:	andi	$t0, $s0, 2
	beqz	$t0, 3f
	sll	$a0, $s1, 2                    /* 4 * scale jobs of 2 pages */
	li	$a1, 2
	jal	pmake
3:	andi	$t0, $s0, 4
	beqz	$t0, 4f
	sll	$a0, $s1, 4                    /* 16s x 12s pixels */
	sll	$a1, $s1, 3
	sll	$t0, $s1, 2
	addu	$a1, $a1, $t0
	jal	raytrace
4:	andi	$t0, $s0, 8
	beqz	$t0, 5f
	sll	$a0, $s1, 9                    /* 512s keys, 1024s queries */
	sll	$a1, $s1, 10
	jal	database
5:	andi	$t0, $s0, 16
	beqz	$t0, 6f
	li	$a0, 4                         /* 4 processes, 2000s steps */
	li	$t0, 2000
	mul	$a1, $s1, $t0
	jal	engineering
6:	andi	$t0, $s0, 32
	beqz	$t0, 7f
	jal	u_fork
	bnez	$v0, 61f
	li	$a0, 1
	li	$a1, PING_COUNT
	jal	pong
	move	$a0, $zero
	jal	u_exit
61:	move	$s2, $v0
	move	$a0, $zero
	li	$a1, PING_COUNT
	jal	ping
	move	$a0, $s2
	move	$a1, $zero
	jal	u_wait
7:	andi	$t0, $s0, 64
	beqz	$t0, 8f
	move	$a0, $zero
	li	$a1, PING_COUNT
	jal	pong
	la	$a0, s_pong
	jal	pr_str
	jal	pr_nl
8:	andi	$t0, $s0, 128
	beqz	$t0, 9f
	move	$a0, $zero
	li	$a1, PING_COUNT
	jal	ping
9:	andi	$t0, $s0, 256
	beqz	$t0, 10f
	jal	read_line
10:	andi	$t0, $s0, 512
	beqz	$t0, 11f
	move	$a0, $zero
	move	$a1, $s3
	jal	u_nfsd
	move	$s2, $v0
	la	$a0, s_nfsd
	jal	pr_str
	move	$a0, $s2
	jal	pr_dec
	la	$a0, s_requests
	jal	pr_str
	jal	pr_nl
11:	andi	$t0, $s0, 1024
	beqz	$t0, 12f
	li	$a0, 1
	jal	run_fsum
12:	andi	$t0, $s0, 2048
	beqz	$t0, 13f
	move	$a0, $zero
	jal	run_fsum
13:	la	$a0, s_done
	jal	pr_str
	jal	pr_nl
	move	$a0, $zero
	jal	u_exit
	.end	_start

/* run_fsum(a0 = 1: files of the file server, 0: of disk 0): the fsum program, waited for */
	.ent	run_fsum
run_fsum:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	move	$a1, $a0
	la	$a0, s_fsum
	move	$a2, $zero
	jal	u_spawn
	move	$a0, $v0
	addiu	$a1, $sp, 16
	jal	u_wait
	lw	$ra, 28($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	run_fsum

/* sys_tests: getpid, fork/wait status, wait without children, sbrk, a bad address, spawn of a
   missing program, sleep ordering */
	.ent	sys_tests
sys_tests:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	la	$a0, s_pid
	jal	pr_str
	jal	u_getpid
	move	$a0, $v0
	jal	pr_dec
	jal	pr_nl
	/* fork: the child exits 42 */
	jal	u_fork
	bnez	$v0, 1f
	li	$a0, 42
	jal	u_exit
1:	move	$s0, $v0
	move	$a0, $v0
	addiu	$a1, $sp, 16
	jal	u_wait
	la	$a0, s_fork
	jal	pr_str
	xor	$a0, $v0, $s0                  /* 0 when wait returned the child's pid */
	jal	pr_dec
	la	$a0, s_status
	jal	pr_str
	lw	$a0, 16($sp)
	jal	pr_dec
	jal	pr_nl
	/* wait with no children left */
	li	$a0, -1
	move	$a1, $zero
	jal	u_wait
	move	$s0, $v0
	la	$a0, s_nochild
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	jal	pr_nl
	/* sbrk: two pages, written at both ends */
	move	$a0, $zero
	jal	u_sbrk
	move	$s0, $v0
	li	$a0, 8192
	jal	u_sbrk
	move	$s1, $v0
	li	$t0, 0x12345678
	sw	$t0, 0($s1)
	sw	$t0, 8188($s1)
	move	$a0, $zero
	jal	u_sbrk
	subu	$s1, $v0, $s0
	la	$a0, s_sbrk
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	la	$a0, s_sbrk2
	jal	pr_str
	li	$a0, -4096
	jal	u_sbrk
	move	$a0, $v0
	jal	pr_dec
	jal	pr_nl
	/* a child touching an unmapped address is killed with status -1 */
	jal	u_fork
	bnez	$v0, 2f
	li	$t0, 0x10
	lw	$t1, 0($t0)
	move	$a0, $zero
	jal	u_exit
2:	move	$a0, $v0
	addiu	$a1, $sp, 16
	jal	u_wait
	la	$a0, s_killed
	jal	pr_str
	lw	$a0, 16($sp)
	jal	pr_dec
	jal	pr_nl
	/* spawn of a program that is not on the disk */
	la	$a0, s_nosuch
	move	$a1, $zero
	move	$a2, $zero
	jal	u_spawn
	move	$s0, $v0
	la	$a0, s_spawnerr
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	jal	pr_nl
	/* sleep ordering: the longer sleeper is forked first and prints last */
	li	$a0, 12
	jal	sleeper
	move	$s0, $v0
	li	$a0, 3
	jal	sleeper
	move	$s1, $v0
	move	$a0, $s0
	move	$a1, $zero
	jal	u_wait
	move	$a0, $s1
	move	$a1, $zero
	jal	u_wait
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	sys_tests

/* read_line: read console input up to a newline (at most 63 bytes) and echo it */
	.ent	read_line
read_line:
	addiu	$sp, $sp, -104
	sw	$ra, 100($sp)
	sw	$s0, 96($sp)
	move	$s0, $zero                     /* bytes so far, at sp+16 */
1:	move	$a0, $zero
	addiu	$a1, $sp, 16
	addu	$a1, $a1, $s0
	li	$a2, 63
	subu	$a2, $a2, $s0
	jal	u_read
	blez	$v0, 3f
	addu	$s0, $s0, $v0
	addiu	$t0, $sp, 16
	addu	$t0, $t0, $s0
	lbu	$t1, -1($t0)
	li	$t2, '\n'
	beq	$t1, $t2, 2f
	sltiu	$t1, $s0, 63
	bnez	$t1, 1b
	b	3f
2:	addiu	$s0, $s0, -1                   /* drop the newline */
3:	addiu	$t0, $sp, 16
	addu	$t0, $t0, $s0
	sb	$zero, 0($t0)
	la	$a0, s_read
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	la	$a0, s_bytes
	jal	pr_str
	addiu	$a0, $sp, 16
	jal	pr_str
	jal	pr_nl
	lw	$ra, 100($sp)
	lw	$s0, 96($sp)
	addiu	$sp, $sp, 104
	jr	$ra
	.end	read_line

/* sleeper(a0 = ticks) -> pid of a child that sleeps, prints "sys: slept N", exits */
	.ent	sleeper
sleeper:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	move	$s0, $a0
	jal	u_fork
	bnez	$v0, 1f
	move	$a0, $s0
	jal	u_sleep
	la	$a0, s_slept
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	jal	pr_nl
	move	$a0, $zero
	jal	u_exit
1:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	sleeper

/* pmake(a0 = jobs, a1 = pages): runs the "cc" jobs at most 8 at a time (as make -j8), waiting
   for the oldest before starting another; checksum = sum of their exit statuses */
#define PMAKE_J 8
	.ent	pmake
pmake:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	move	$s0, $a0
	move	$s1, $a1
	sll	$a0, $s0, 2
	jal	u_sbrk
	move	$s2, $v0                       /* pids */
	move	$s3, $zero                     /* next job */
	move	$s4, $zero                     /* checksum */
1:	sltiu	$t0, $s3, PMAKE_J
	bnez	$t0, 2f
	sll	$t0, $s3, 2                    /* wait for job s3 - PMAKE_J */
	addu	$t0, $t0, $s2
	lw	$a0, -4 * PMAKE_J($t0)
	addiu	$a1, $sp, 16
	jal	u_wait
	lw	$t0, 16($sp)
	addu	$s4, $s4, $t0
2:	la	$a0, s_cc
	move	$a1, $s3
	move	$a2, $s1
	jal	u_spawn
	sll	$t0, $s3, 2
	addu	$t0, $t0, $s2
	sw	$v0, 0($t0)
	addiu	$s3, $s3, 1
	bne	$s3, $s0, 1b
	/* the last jobs */
	subu	$s3, $s0, PMAKE_J
	bgez	$s3, 3f
	move	$s3, $zero
3:	sll	$t0, $s3, 2
	addu	$t0, $t0, $s2
	lw	$a0, 0($t0)
	addiu	$a1, $sp, 16
	jal	u_wait
	lw	$t0, 16($sp)
	addu	$s4, $s4, $t0
	addiu	$s3, $s3, 1
	bne	$s3, $s0, 3b
	la	$a0, s_pmake
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	la	$a0, s_jobs
	jal	pr_str
	move	$a0, $s4
	jal	pr_hex
	jal	pr_nl
	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	lw	$s4, 24($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	pmake

/* raytrace(a0 = width, a1 = height): one forked worker per CPU takes rows y = band (mod n);
   pixel = escape count (max 64) of z = z^2 + c in Q12 fixed point with
   c = (x*12288/W - 8192, y*8192/H - 4096); checksum = sum of pixel * (y*W + x + 1) */
	.ent	raytrace
raytrace:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	move	$s0, $a0
	move	$s1, $a1
	jal	u_ncpus
	move	$s2, $v0                       /* workers */
	move	$s3, $zero
1:	jal	u_fork
	bnez	$v0, 2f
	move	$a0, $s0
	move	$a1, $s1
	move	$a2, $s3
	move	$a3, $s2
	jal	rt_band
	move	$a0, $v0
	jal	u_exit
2:	addiu	$s3, $s3, 1
	bne	$s3, $s2, 1b
	move	$s4, $zero
	move	$s3, $zero
3:	li	$a0, -1
	addiu	$a1, $sp, 16
	jal	u_wait
	lw	$t0, 16($sp)
	addu	$s4, $s4, $t0
	addiu	$s3, $s3, 1
	bne	$s3, $s2, 3b
	la	$a0, s_ray
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	la	$a0, s_x
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	la	$a0, s_checksum
	jal	pr_str
	move	$a0, $s4
	jal	pr_hex
	jal	pr_nl
	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	lw	$s4, 24($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	raytrace

/* rt_band(a0 = W, a1 = H, a2 = band, a3 = bands) -> checksum of the band's rows */
	.ent	rt_band
rt_band:
	move	$v0, $zero
	move	$t8, $a2                       /* y */
1:	sltu	$t0, $t8, $a1
	beqz	$t0, 9f
	sll	$t0, $t8, 13
	divu	$zero, $t0, $a1
	mflo	$t6
	addiu	$t6, $t6, -4096                /* cy */
	move	$t9, $zero                     /* x */
2:	li	$t0, 12288
	mul	$t0, $t9, $t0
	divu	$zero, $t0, $a0
	mflo	$t7
	addiu	$t7, $t7, -8192                /* cx */
	move	$t2, $zero                     /* zx */
	move	$t3, $zero                     /* zy */
	move	$t1, $zero                     /* iterations */
3:	mul	$t4, $t2, $t2
	sra	$t4, $t4, 12                   /* zx2 */
	mul	$t5, $t3, $t3
	sra	$t5, $t5, 12                   /* zy2 */
	addu	$t0, $t4, $t5
	slti	$t0, $t0, 16385
	beqz	$t0, 4f
	mul	$t3, $t2, $t3
	sra	$t3, $t3, 11
	addu	$t3, $t3, $t6
	subu	$t2, $t4, $t5
	addu	$t2, $t2, $t7
	addiu	$t1, $t1, 1
	slti	$t0, $t1, 64
	bnez	$t0, 3b
4:	mul	$t0, $t8, $a0
	addu	$t0, $t0, $t9
	addiu	$t0, $t0, 1
	mul	$t0, $t0, $t1
	addu	$v0, $v0, $t0
	addiu	$t9, $t9, 1
	bne	$t9, $a0, 2b
	addu	$t8, $t8, $a3
	b	1b
9:	jr	$ra
	.end	rt_band

/* database(a0 = keys n, a1 = queries q): open-addressing table of 2^b (key, value) pairs,
   2^b >= 2n, in sbrk memory. Insert n keys k = x|1 (x = lcg from 12345), value = k*0x45d9f3b ^ i,
   slot = (k*2654435761) >> (32-b), linear probing. Query q keys: even queries replay the
   insert sequence (z = lcg from 12345), odd ones k = y|1 (y = lcg from 777). Prints the hits
   and the sum of the values found. */
	.ent	database
database:
	addiu	$sp, $sp, -56
	sw	$ra, 52($sp)
	sw	$s0, 48($sp)
	sw	$s1, 44($sp)
	sw	$s2, 40($sp)
	sw	$s3, 36($sp)
	sw	$s4, 32($sp)
	sw	$s5, 28($sp)
	sw	$s6, 24($sp)
	sw	$s7, 20($sp)
	move	$s0, $a0
	move	$s1, $a1
	li	$s3, 0                         /* b */
	li	$t0, 1
	sll	$t1, $s0, 1
1:	sltu	$t2, $t0, $t1
	beqz	$t2, 2f
	sll	$t0, $t0, 1
	addiu	$s3, $s3, 1
	b	1b
2:	sll	$a0, $t0, 3
	jal	u_sbrk
	move	$s2, $v0                       /* table */
	/* insert */
	li	$s4, 12345                     /* x */
	move	$s5, $zero                     /* i */
3:	move	$a0, $s4
	jal	lcg
	move	$s4, $v0
	ori	$a0, $v0, 1
	li	$t0, 0x45d9f3b
	mul	$a1, $a0, $t0
	xor	$a1, $a1, $s5
	jal	db_slot
	sw	$a0, 0($v0)
	sw	$a1, 4($v0)
	addiu	$s5, $s5, 1
	bne	$s5, $s0, 3b
	/* query */
	li	$s4, 12345                     /* z */
	li	$s6, 777                       /* y */
	move	$s5, $zero                     /* q */
	move	$s7, $zero                     /* found */
	sw	$zero, 16($sp)                 /* sum */
4:	andi	$t0, $s5, 1
	bnez	$t0, 5f
	move	$a0, $s4
	jal	lcg
	move	$s4, $v0
	b	6f
5:	move	$a0, $s6
	jal	lcg
	move	$s6, $v0
6:	ori	$a0, $v0, 1
	jal	db_slot
	lw	$t0, 0($v0)
	beqz	$t0, 7f
	addiu	$s7, $s7, 1
	lw	$t0, 4($v0)
	lw	$t1, 16($sp)
	addu	$t1, $t1, $t0
	sw	$t1, 16($sp)
7:	addiu	$s5, $s5, 1
	bne	$s5, $s1, 4b
	la	$a0, s_db
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	la	$a0, s_keys
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	la	$a0, s_queries
	jal	pr_str
	move	$a0, $s7
	jal	pr_dec
	la	$a0, s_found
	jal	pr_str
	lw	$a0, 16($sp)
	jal	pr_hex
	jal	pr_nl
	lw	$ra, 52($sp)
	lw	$s0, 48($sp)
	lw	$s1, 44($sp)
	lw	$s2, 40($sp)
	lw	$s3, 36($sp)
	lw	$s4, 32($sp)
	lw	$s5, 28($sp)
	lw	$s6, 24($sp)
	lw	$s7, 20($sp)
	addiu	$sp, $sp, 56
	jr	$ra
	.end	database

/* db_slot(a0 = key; s2 = table, s3 = b) -> address of the key's slot or of the empty slot
   where it would go */
	.ent	db_slot
db_slot:
	li	$t0, 2654435761
	mul	$t0, $a0, $t0
	li	$t1, 32
	subu	$t1, $t1, $s3
	srlv	$t0, $t0, $t1
	li	$t2, 1
	sllv	$t2, $t2, $s3
	addiu	$t2, $t2, -1                   /* mask */
1:	sll	$v0, $t0, 3
	addu	$v0, $v0, $s2
	lw	$t1, 0($v0)
	beqz	$t1, 2f
	beq	$t1, $a0, 2f
	addiu	$t0, $t0, 1
	and	$t0, $t0, $t2
	b	1b
2:	jr	$ra
	.end	db_slot

/* engineering(a0 = processes, a1 = steps): all run at once. Even workers simulate: s = i+1,
   each step s = (s ^ s>>15) * 0x2c1b3c6d + t, acc ^= s. Odd workers churn 16 pages: word
   (t*40503) & 16383 += t ^ i, then checksum = sum of word[k] * (k+1). Checksum = sum of all. */
	.ent	engineering
engineering:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	move	$s0, $a0
	move	$s1, $a1
	move	$s2, $zero
1:	jal	u_fork
	bnez	$v0, 2f
	move	$a0, $s2
	move	$a1, $s1
	jal	eng_worker
	move	$a0, $v0
	jal	u_exit
2:	addiu	$s2, $s2, 1
	bne	$s2, $s0, 1b
	move	$s2, $zero
	move	$s3, $zero
3:	li	$a0, -1
	addiu	$a1, $sp, 16
	jal	u_wait
	lw	$t0, 16($sp)
	addu	$s3, $s3, $t0
	addiu	$s2, $s2, 1
	bne	$s2, $s0, 3b
	la	$a0, s_eng
	jal	pr_str
	move	$a0, $s0
	jal	pr_dec
	la	$a0, s_procs
	jal	pr_str
	move	$a0, $s3
	jal	pr_hex
	jal	pr_nl
	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	engineering

/* eng_worker(a0 = i, a1 = steps) -> checksum */
	.ent	eng_worker
eng_worker:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	move	$s1, $a1
	andi	$t0, $a0, 1
	bnez	$t0, 3f
	addiu	$t1, $a0, 1                    /* s */
	move	$v0, $zero                     /* acc */
	move	$t2, $zero                     /* t */
	li	$t3, 0x2c1b3c6d
1:	beq	$t2, $s1, 9f
	srl	$t0, $t1, 15
	xor	$t1, $t1, $t0
	mul	$t1, $t1, $t3
	addu	$t1, $t1, $t2
	xor	$v0, $v0, $t1
	addiu	$t2, $t2, 1
	b	1b
3:	li	$a0, 65536
	jal	u_sbrk
	move	$t4, $v0                       /* words */
	move	$t2, $zero
	li	$t3, 40503
4:	beq	$t2, $s1, 5f
	mul	$t0, $t2, $t3
	andi	$t0, $t0, 16383
	sll	$t0, $t0, 2
	addu	$t0, $t0, $t4
	lw	$t1, 0($t0)
	xor	$t5, $t2, $s0
	addu	$t1, $t1, $t5
	sw	$t1, 0($t0)
	addiu	$t2, $t2, 1
	b	4b
5:	move	$v0, $zero
	move	$t2, $zero
	li	$t3, 16384
6:	sll	$t0, $t2, 2
	addu	$t0, $t0, $t4
	lw	$t1, 0($t0)
	addiu	$t2, $t2, 1
	mul	$t1, $t1, $t2
	addu	$v0, $v0, $t1
	bne	$t2, $t3, 6b
9:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	eng_worker

/* ping(a0 = nic, a1 = count): send broadcast frames (type 0x88b5 in network byte order; payload
   words in the machine's byte order, both ends run the same build: word 0 = sequence,
   words 1..15 = (seq+1)*0x01000193 ^ k) and check each echo (every word + 1). Prints the
   replies and the sum of the echoed words. */
	.ent	ping
ping:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	move	$s0, $a0
	move	$s1, $a1
	li	$a0, 4096
	jal	u_sbrk
	addiu	$s2, $v0, 2                    /* frame (payload words aligned) */
	move	$s3, $zero                     /* seq */
	move	$s4, $zero                     /* checksum; high bit set on a bad echo */
1:	li	$t0, -1
	sh	$t0, 0($s2)                    /* broadcast destination */
	sh	$t0, 2($s2)
	sh	$t0, 4($s2)
	li	$t0, 0x88                      /* type in network byte order */
	sb	$t0, 12($s2)
	li	$t0, 0xb5
	sb	$t0, 13($s2)
	sw	$s3, 14($s2)
	addiu	$t1, $s3, 1
	li	$t0, 0x01000193
	mul	$t1, $t1, $t0
	li	$t2, 1
2:	xor	$t0, $t1, $t2
	sll	$t3, $t2, 2
	addu	$t3, $t3, $s2
	sw	$t0, 14($t3)
	addiu	$t2, $t2, 1
	sltiu	$t0, $t2, 16
	bnez	$t0, 2b
	move	$a0, $s0
	move	$a1, $s2
	li	$a2, FRAME_LEN
	jal	u_netsend
	move	$a0, $s0
	addiu	$a1, $s2, 2048
	li	$a2, 1514
	jal	u_netrecv
	li	$t0, FRAME_LEN
	bne	$v0, $t0, 8f
	addiu	$t4, $s2, 2048
	lw	$t0, 14($t4)
	addiu	$t1, $s3, 1
	bne	$t0, $t1, 8f
	li	$t2, 1
3:	sll	$t3, $t2, 2
	addu	$t5, $t3, $t4
	lw	$t0, 14($t5)
	addu	$t5, $t3, $s2
	lw	$t1, 14($t5)
	addiu	$t1, $t1, 1
	bne	$t0, $t1, 8f
	addu	$s4, $s4, $t0
	addiu	$t2, $t2, 1
	sltiu	$t0, $t2, 16
	bnez	$t0, 3b
	b	9f
8:	lui	$t0, 0x8000
	or	$s4, $s4, $t0
9:	addiu	$s3, $s3, 1
	bne	$s3, $s1, 1b
	la	$a0, s_ping
	jal	pr_str
	move	$a0, $s1
	jal	pr_dec
	la	$a0, s_replies
	jal	pr_str
	move	$a0, $s4
	jal	pr_hex
	jal	pr_nl
	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	lw	$s4, 24($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	ping

/* pong(a0 = nic, a1 = count): echo frames back to their sender with every word + 1 */
	.ent	pong
pong:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	move	$s0, $a0
	move	$s1, $a1
	li	$a0, 4096
	jal	u_sbrk
	addiu	$s2, $v0, 2                    /* frame (payload words aligned) */
1:	move	$a0, $s0
	move	$a1, $s2
	li	$a2, 1514
	jal	u_netrecv
	move	$s3, $v0
	/* destination = the sender */
	lhu	$t0, 6($s2)
	sh	$t0, 0($s2)
	lhu	$t0, 8($s2)
	sh	$t0, 2($s2)
	lhu	$t0, 10($s2)
	sh	$t0, 4($s2)
	li	$t2, 0
2:	sll	$t3, $t2, 2
	addu	$t3, $t3, $s2
	lw	$t0, 14($t3)
	addiu	$t0, $t0, 1
	sw	$t0, 14($t3)
	addiu	$t2, $t2, 1
	sltiu	$t0, $t2, 16
	bnez	$t0, 2b
	move	$a0, $s0
	move	$a1, $s2
	move	$a2, $s3
	jal	u_netsend
	addiu	$s1, $s1, -1
	bnez	$s1, 1b
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	pong

	.rdata
s_init:		.asciz "init: "
s_cpus:		.asciz " cpus, scale "
s_pid:		.asciz "sys: getpid "
s_fork:		.asciz "sys: fork/wait pid-match "
s_status:	.asciz " status "
s_nochild:	.asciz "sys: wait without children "
s_sbrk:		.asciz "sys: sbrk grew "
s_sbrk2:	.asciz ", shrink "
s_killed:	.asciz "sys: bad access status "
s_nosuch:	.asciz "nosuch"
s_spawnerr:	.asciz "sys: spawn missing "
s_slept:	.asciz "sys: slept "
s_cc:		.asciz "cc"
s_pmake:	.asciz "pmake: "
s_jobs:		.asciz " jobs, checksum "
s_ray:		.asciz "raytrace: "
s_x:		.asciz "x"
s_checksum:	.asciz ", checksum "
s_db:		.asciz "database: "
s_keys:		.asciz " keys, "
s_queries:	.asciz " queries, "
s_found:	.asciz " found, checksum "
s_eng:		.asciz "engineering: "
s_procs:	.asciz " processes, checksum "
s_ping:		.asciz "ping: "
s_replies:	.asciz " echoes, checksum "
s_pong:		.asciz "pong: served"
s_done:		.asciz "init: done"
s_nfsd:		.asciz "nfsd: served "
s_requests:	.asciz " requests"
s_fsum:		.asciz "fsum"
s_read:		.asciz "read: "
s_bytes:	.asciz " bytes: "

#include "../lib/ulib.S"
