/*
 * System calls (numbers in defs.h; docs/guest-os.md): $v0 = number, $a0..$a3 = arguments;
 * result in $v0 with $a3 = 0, or an error number in $v0 with $a3 = 1. Handlers take the trap
 * frame and return a value or a negated error number.
 */
	.text
/* syscall(a0 = trap frame) */
	.globl	syscall
	.ent	syscall
syscall:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$s0, 16($sp)
	move	$s0, $a0
	lw	$t0, TF_EPC($s0)
	addiu	$t0, $t0, 4                    /* past the SYSCALL (never in a delay slot) */
	sw	$t0, TF_EPC($s0)
	lw	$t0, 2*4($s0)
	li	$v0, -E_NOSYS
	sltiu	$t1, $t0, SYS_MAX + 1
	beqz	$t1, 1f
	sll	$t0, $t0, 2
	lw	$t0, sys_table($t0)
	beqz	$t0, 1f
	move	$a0, $s0
	jalr	$t0
1:	li	$t0, -4096
	sltu	$t1, $t0, $v0                  /* -4095..-1: an error */
	beqz	$t1, 2f
	subu	$v0, $zero, $v0
2:	sw	$v0, 2*4($s0)
	sw	$t1, 7*4($s0)
	lw	$ra, 20($sp)
	lw	$s0, 16($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	syscall

	.ent	sys_exit
sys_exit:
	lw	$a0, 4*4($a0)
	jal	proc_exit
	.end	sys_exit

	.ent	sys_getpid
sys_getpid:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	myproc
	lw	$v0, P_PID($v0)
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sys_getpid

	.ent	sys_yield
sys_yield:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	yield
	move	$v0, $zero
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sys_yield

	.ent	sys_uptime
sys_uptime:
	lw	$v0, ticks
	jr	$ra
	.end	sys_uptime

	.ent	sys_ncpus
sys_ncpus:
	j	hal_ncpus
	.end	sys_ncpus

	.ent	sys_fork
sys_fork:
	j	proc_fork
	.end	sys_fork

	.ent	sys_wait
sys_wait:
	lw	$a1, 5*4($a0)
	lw	$a0, 4*4($a0)
	j	proc_wait
	.end	sys_wait

/* sbrk(increment >= 0) -> the old break */
	.ent	sys_sbrk
sys_sbrk:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$a0, 16($sp)
	jal	myproc
	lw	$a0, 16($sp)
	lw	$t0, 4*4($a0)
	li	$t3, -E_INVAL
	bltz	$t0, 1f
	lw	$t1, P_BRK($v0)
	addu	$t2, $t1, $t0
	li	$t3, -E_NOMEM
	li	$t4, USER_STACK_MIN
	sltu	$t4, $t4, $t2
	bnez	$t4, 1f
	sw	$t2, P_BRK($v0)
	move	$t3, $t1
1:	move	$v0, $t3
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sys_sbrk

/* sleep(ticks) -> 0 after at least that many scheduler ticks */
	.ent	sys_sleep
sys_sleep:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$s0, 16($sp)
	lw	$s0, 4*4($a0)
	la	$a0, ptable_lock
	jal	acquire
	lw	$t0, ticks
	addu	$s0, $s0, $t0                  /* the tick to wake at */
1:	lw	$t0, ticks
	subu	$t0, $t0, $s0
	bgez	$t0, 2f
	la	$a0, ticks
	jal	sleep
	b	1b
2:	la	$a0, ptable_lock
	jal	release
	move	$v0, $zero
	lw	$ra, 20($sp)
	lw	$s0, 16($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sys_sleep

/* write(fd 1 or 2, buf, len) -> len */
	.ent	sys_write
sys_write:
	addiu	$sp, $sp, -192
	sw	$ra, 188($sp)
	sw	$s0, 184($sp)
	sw	$s1, 180($sp)
	sw	$s2, 176($sp)
	sw	$s3, 172($sp)
	sw	$s4, 168($sp)
	lw	$t0, 4*4($a0)
	lw	$s1, 5*4($a0)                  /* user pointer */
	lw	$s2, 6*4($a0)                  /* bytes left */
	move	$s4, $s2
	li	$v0, -E_INVAL
	addiu	$t0, $t0, -1
	sltiu	$t0, $t0, 2
	beqz	$t0, 9f
	jal	myproc
	move	$s0, $v0
	la	$a0, console_lock
	jal	acquire
1:	move	$s3, $zero                     /* bytes in the chunk at sp+16 */
2:	beqz	$s2, 3f
	li	$t0, 128
	beq	$s3, $t0, 3f
	move	$a0, $s0
	move	$a1, $s1
	jal	user_page
	beqz	$v0, 8f
	lbu	$t0, 0($v0)
	addiu	$t1, $sp, 16
	addu	$t1, $t1, $s3
	sb	$t0, 0($t1)
	addiu	$s3, $s3, 1
	addiu	$s1, $s1, 1
	addiu	$s2, $s2, -1
	b	2b
3:	beqz	$s3, 4f
	addiu	$a0, $sp, 16
	move	$a1, $s3
	jal	hal_console_write
	bnez	$s2, 1b
4:	move	$s3, $s4
	b	7f
8:	li	$s3, -E_FAULT
7:	la	$a0, console_lock
	jal	release
	move	$v0, $s3
9:	lw	$ra, 188($sp)
	lw	$s0, 184($sp)
	lw	$s1, 180($sp)
	lw	$s2, 176($sp)
	lw	$s3, 172($sp)
	lw	$s4, 168($sp)
	addiu	$sp, $sp, 192
	jr	$ra
	.end	sys_write

/* read(fd 0, buf, max) -> bytes (at least 1; waits for console input) */
	.ent	sys_read
sys_read:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	lw	$t0, 4*4($a0)
	lw	$s1, 5*4($a0)
	lw	$s2, 6*4($a0)
	li	$v0, -E_INVAL
	bnez	$t0, 9f
	move	$v0, $zero
	blez	$s2, 9f
	jal	myproc
	move	$s0, $v0
	la	$a0, ptable_lock
	jal	acquire
1:	lw	$t0, cons_head
	lw	$t1, cons_tail
	bne	$t0, $t1, 2f
	la	$a0, cons_head
	jal	sleep
	b	1b
2:	move	$s3, $zero
3:	lw	$t0, cons_head
	lw	$t1, cons_tail
	beq	$t0, $t1, 5f
	beq	$s3, $s2, 5f
	move	$a0, $s0
	addu	$a1, $s1, $s3
	jal	user_page
	beqz	$v0, 4f
	lw	$t1, cons_tail
	andi	$t2, $t1, 255
	lbu	$t2, cons_buf($t2)
	sb	$t2, 0($v0)
	addiu	$t1, $t1, 1
	sw	$t1, cons_tail
	addiu	$s3, $s3, 1
	b	3b
4:	li	$s3, -E_FAULT
5:	la	$a0, ptable_lock
	jal	release
	move	$v0, $s3
9:	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	sys_read

/* console_intr: move received bytes into the input ring (full ring: dropped) */
	.globl	console_intr
	.ent	console_intr
console_intr:
	addiu	$sp, $sp, -64
	sw	$ra, 60($sp)
	sw	$s0, 56($sp)
	sw	$s1, 52($sp)
1:	addiu	$a0, $sp, 16
	li	$a1, 32
	jal	hal_console_read
	beqz	$v0, 9f
	move	$s0, $v0
	la	$a0, ptable_lock
	jal	acquire
	move	$s1, $zero
2:	lw	$t0, cons_head
	lw	$t1, cons_tail
	subu	$t1, $t0, $t1
	sltiu	$t1, $t1, 256
	beqz	$t1, 3f
	addiu	$t2, $sp, 16
	addu	$t2, $t2, $s1
	lbu	$t2, 0($t2)
	andi	$t1, $t0, 255
	sb	$t2, cons_buf($t1)
	addiu	$t0, $t0, 1
	sw	$t0, cons_head
3:	addiu	$s1, $s1, 1
	bne	$s1, $s0, 2b
	la	$a0, cons_head
	jal	wakeup_locked
	la	$a0, ptable_lock
	jal	release
	b	1b
9:	lw	$ra, 60($sp)
	lw	$s0, 56($sp)
	lw	$s1, 52($sp)
	addiu	$sp, $sp, 64
	jr	$ra
	.end	console_intr

/* copy_user_name(a0 = user string) -> kernel copy in name_buf (at most 15 characters), or 0 */
	.ent	copy_user_name
copy_user_name:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	sw	$s2, 16($sp)
	move	$s1, $a0
	jal	myproc
	move	$s2, $v0
	la	$t0, name_buf
	sw	$zero, 0($t0)
	sw	$zero, 4($t0)
	sw	$zero, 8($t0)
	sw	$zero, 12($t0)
	move	$s0, $zero
1:	move	$a0, $s2
	addu	$a1, $s1, $s0
	jal	user_page
	beqz	$v0, 8f
	lbu	$t0, 0($v0)
	beqz	$t0, 2f
	la	$t1, name_buf
	addu	$t1, $t1, $s0
	sb	$t0, 0($t1)
	addiu	$s0, $s0, 1
	sltiu	$t0, $s0, 15
	bnez	$t0, 1b
2:	la	$v0, name_buf
	b	9f
8:	move	$v0, $zero
9:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	lw	$s2, 16($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	copy_user_name

/* spawn(name, arg0, arg1) -> pid of a new process running the named program from the disk,
   started with $a0 = arg0, $a1 = arg1 */
	.ent	sys_spawn
sys_spawn:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	la	$a0, spawn_lock                /* name_buf is shared */
	jal	acquire
	lw	$a0, 4*4($s0)
	jal	copy_user_name
	li	$s1, -E_FAULT
	beqz	$v0, 8f
	move	$a0, $v0
	jal	dir_lookup
	li	$s1, -E_NOENT
	beqz	$v0, 8f
	jal	allocproc
	li	$s1, -E_AGAIN
	beqz	$v0, 8f
	move	$s1, $v0
	la	$t0, name_buf
	lw	$t1, 0($t0)
	sw	$t1, P_NAME($s1)
	lw	$t1, 4($t0)
	sw	$t1, P_NAME+4($s1)
	lw	$t1, 8($t0)
	sw	$t1, P_NAME+8($s1)
	lw	$t1, 12($t0)
	sw	$t1, P_NAME+12($s1)
	lw	$t1, 5*4($s0)
	sw	$t1, P_ARGS($s1)
	lw	$t1, 6*4($s0)
	sw	$t1, P_ARGS+4($s1)
	sw	$zero, P_ARGS+8($s1)
	sw	$zero, P_ARGS+12($s1)
	la	$t0, start_program
	sw	$t0, P_START($s1)
	jal	myproc
	sw	$v0, P_PARENT($s1)
	la	$a0, ptable_lock
	jal	acquire
	li	$t0, P_RUNNABLE
	sw	$t0, P_STATE($s1)
	la	$a0, ptable_lock
	jal	release
	lw	$s1, P_PID($s1)
8:	la	$a0, spawn_lock
	jal	release
	move	$v0, $s1
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	sys_spawn

/* dir_lookup(a0 = kernel name, 16 bytes NUL padded) -> directory entry or 0 */
	.globl	dir_lookup
	.ent	dir_lookup
dir_lookup:
	la	$t0, disk_dir
	lw	$t1, DIR_COUNT($t0)
	addiu	$t0, $t0, DIR_ENTRIES
1:	beqz	$t1, 8f
	lw	$t2, 0($t0)
	lw	$t3, 0($a0)
	bne	$t2, $t3, 2f
	lw	$t2, 4($t0)
	lw	$t3, 4($a0)
	bne	$t2, $t3, 2f
	lw	$t2, 8($t0)
	lw	$t3, 8($a0)
	bne	$t2, $t3, 2f
	lw	$t2, 12($t0)
	lw	$t3, 12($a0)
	bne	$t2, $t3, 2f
	move	$v0, $t0
	jr	$ra
2:	addiu	$t0, $t0, DIRENT_BYTES
	addiu	$t1, $t1, -1
	b	1b
8:	move	$v0, $zero
	jr	$ra
	.end	dir_lookup

/* start_init(a0 = proc): the first process reads the program table, starts the network, and
   becomes "init" with the table's arguments */
	.globl	start_init
	.ent	start_init
start_init:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$s0, 16($sp)
	move	$s0, $a0
	move	$a0, $zero
	li	$a1, 1
	la	$a2, disk_dir
	jal	disk_read
	la	$t0, disk_dir
	lw	$t1, DIR_MAGIC($t0)
	li	$t2, DIR_MAGIC_VALUE
	la	$a0, msg_nodir
	bne	$t1, $t2, kpanic
	lw	$t1, DIR_ARGS($t0)
	sw	$t1, P_ARGS($s0)
	lw	$t1, DIR_ARGS+4($t0)
	sw	$t1, P_ARGS+4($s0)
	lw	$t1, DIR_ARGS+8($t0)
	sw	$t1, P_ARGS+8($s0)
	lw	$t1, DIR_ARGS+12($t0)
	sw	$t1, P_ARGS+12($s0)
	lw	$a0, DIR_NICS($t0)
	jal	net_init
	la	$t0, name_init                 /* the bytes "init", in either byte order */
	lw	$t0, 0($t0)
	sw	$t0, P_NAME($s0)
	move	$a0, $s0
	jal	start_program
	lw	$ra, 20($sp)
	lw	$s0, 16($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	start_init

/* start_program(a0 = proc): load the program named P_NAME from the disk into the (empty)
   address space and prepare the trap frame for its entry; a process whose program cannot be
   loaded exits with status -1 */
	.globl	start_program
	.ent	start_program
start_program:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	move	$s0, $a0
	addiu	$a0, $s0, P_NAME
	jal	dir_lookup
	beqz	$v0, 8f
	move	$s1, $v0                       /* directory entry */
	lw	$t0, DIRENT_LOAD($s1)
	lw	$t1, DIRENT_SIZE($s1)
	addiu	$t1, $t1, PAGE_SIZE - 1
	srl	$t1, $t1, PAGE_SHIFT
	sll	$t1, $t1, PAGE_SHIFT
	addu	$t1, $t0, $t1
	sw	$t1, P_BRK($s0)
	move	$s2, $zero                     /* byte offset in the image */
1:	lw	$t0, DIRENT_SIZE($s1)
	sltu	$t0, $s2, $t0
	beqz	$t0, 2f
	jal	kalloc
	beqz	$v0, 8f
	move	$s3, $v0
	lw	$a0, P_PGDIR($s0)
	lw	$a1, DIRENT_LOAD($s1)
	addu	$a1, $a1, $s2
	li	$a2, 1
	jal	walk
	beqz	$v0, 8f
	li	$t1, KBASE
	subu	$t0, $s3, $t1
	srl	$t0, $t0, 6
	ori	$t0, $t0, PTE_FLAGS
	sw	$t0, 0($v0)
	lw	$a0, DIRENT_SECTOR($s1)
	srl	$t0, $s2, 9
	addu	$a0, $a0, $t0
	li	$a1, PAGE_SIZE / DISK_SECTOR_BYTES
	move	$a2, $s3
	jal	disk_read
	addiu	$s2, $s2, PAGE_SIZE
	b	1b
2:	/* trap frame: zero registers, entry point, stack, arguments */
	lw	$a0, P_KSTACK($s0)
	addiu	$a0, $a0, KSTACK_SIZE - TF_SIZE
	li	$t0, TF_SIZE
3:	addiu	$t0, $t0, -4
	addu	$t1, $a0, $t0
	sw	$zero, 0($t1)
	bnez	$t0, 3b
	lw	$t0, DIRENT_ENTRY($s1)
	sw	$t0, TF_EPC($a0)
	li	$t0, USER_STACK_TOP - 16
	sw	$t0, 29*4($a0)
	lw	$t0, P_ARGS($s0)
	sw	$t0, 4*4($a0)
	lw	$t0, P_ARGS+4($s0)
	sw	$t0, 5*4($a0)
	lw	$t0, P_ARGS+8($s0)
	sw	$t0, 6*4($a0)
	lw	$t0, P_ARGS+12($s0)
	sw	$t0, 7*4($a0)
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
8:	li	$a0, -1
	jal	proc_exit
	.end	start_program

/* kpanic(a0 = message): print it and stop the machine with status 255 */
	.globl	kpanic
	.ent	kpanic
kpanic:
	jal	kputs
	li	$a0, 255
	jal	hal_halt
	.end	kpanic

	.rdata
msg_nodir:	.asciz "kernel: no program table on disk 0\n"
	.align	2
name_init:	.ascii "init"

	.data
	.align	2
sys_table:
	.word	0, sys_exit, sys_write, sys_read, sys_spawn, sys_wait, sys_sbrk, sys_yield
	.word	sys_sleep, sys_getpid, sys_fork, sys_uptime, sys_ncpus, sys_netsend, sys_netrecv
	.word	sys_open, sys_pread, sys_mount, sys_nfsd
spawn_lock:	.word 0
	.globl	cons_head
cons_head:	.word 0
cons_tail:	.word 0
	.globl	name_buf
name_buf:	.space	16

	.bss
	.align	9
	.globl	disk_dir
disk_dir:	.space	DISK_SECTOR_BYTES
cons_buf:	.space	256

#include "io.S"
#include "fs.S"
#include "nfs.S"
