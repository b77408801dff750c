/*
 * Processes and scheduling: the process table under one spinlock (ptable_lock), a scheduler
 * loop per CPU that picks any runnable process (one global queue, per-CPU current process),
 * sleep/wakeup on channels, ASIDs per process with a generation count (a CPU flushes its TLB
 * when the generation moved on), and the low-power idle (WAIT, then serve what is pending).
 */
	.text
/* mycpu() -> &cpus[this CPU] */
	.globl	mycpu
	.ent	mycpu
mycpu:
	HAL_CPUID($v0)
	sll	$v0, $v0, CPU_SHIFT
	la	$t0, cpus
	addu	$v0, $v0, $t0
	jr	$ra
	.end	mycpu

/* myproc() -> the running process */
	.globl	myproc
	.ent	myproc
myproc:
	HAL_CPUID($v0)
	sll	$v0, $v0, CPU_SHIFT
	la	$t0, cpus
	addu	$v0, $v0, $t0
	lw	$v0, C_PROC($v0)
	jr	$ra
	.end	myproc

	.globl	proc_init
	.ent	proc_init
proc_init:
	li	$t0, 1
	sw	$t0, next_pid
	sw	$t0, next_asid
	jr	$ra
	.end	proc_init

/* allocproc() -> a new EMBRYO process with an empty address space and a kernel context that
   starts in proc_entry, or 0 */
	.globl	allocproc
	.ent	allocproc
allocproc:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	la	$a0, ptable_lock
	jal	acquire
	la	$s0, procs
	li	$t1, NPROC
1:	lw	$t0, P_STATE($s0)
	beqz	$t0, 2f
	addiu	$s0, $s0, 1 << PROC_SHIFT
	addiu	$t1, $t1, -1
	bnez	$t1, 1b
	la	$a0, ptable_lock
	jal	release
	move	$v0, $zero
	b	9f
2:	li	$t0, P_EMBRYO
	sw	$t0, P_STATE($s0)
	lw	$t0, next_pid
	sw	$t0, P_PID($s0)
	addiu	$t0, $t0, 1
	sw	$t0, next_pid
	la	$a0, ptable_lock
	jal	release
	/* clear the fields a previous user left */
	sw	$zero, P_PARENT($s0)
	sw	$zero, P_XSTATUS($s0)
	sw	$zero, P_CHAN($s0)
	sw	$zero, P_START($s0)
	sw	$zero, P_BRK($s0)
	sw	$zero, P_NAME($s0)
	li	$t0, -1
	sw	$t0, P_ASIDGEN($s0)
	/* kernel stack: kstacks + index * KSTACK_SIZE */
	la	$t0, procs
	subu	$t0, $s0, $t0
	srl	$t0, $t0, PROC_SHIFT
	sll	$t0, $t0, 12
	la	$t1, kstacks
	addu	$t0, $t0, $t1
	sw	$t0, P_KSTACK($s0)
	addiu	$t0, $t0, KSTACK_SIZE - TF_SIZE - 32
	sw	$t0, P_CTX+CTX_SP($s0)
	la	$t0, proc_entry
	sw	$t0, P_CTX+CTX_RA($s0)
	jal	pgdir_new
	sw	$v0, P_PGDIR($s0)
	bnez	$v0, 3f
	sw	$zero, P_STATE($s0)
	b	9f
3:	move	$v0, $s0
9:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	allocproc

/* proc_entry: a new process's first kernel code (the scheduler still holds ptable_lock). Runs
   the process's start function, if any, then returns to user mode from its trap frame. */
	.ent	proc_entry
proc_entry:
	la	$a0, ptable_lock
	jal	release
	jal	myproc
	lw	$t0, P_START($v0)
	beqz	$t0, 1f
	move	$a0, $v0
	jalr	$t0
1:	addiu	$sp, $sp, 32
	j	trapret
	.end	proc_entry

/* userinit: the first process; its start function loads "init" from the disk */
	.globl	userinit
	.ent	userinit
userinit:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	allocproc
	sw	$v0, initproc
	la	$t0, start_init
	sw	$t0, P_START($v0)
	li	$t0, P_RUNNABLE
	sw	$t0, P_STATE($v0)
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	userinit

/* scheduler: never returns. Runs runnable processes; idles in WAIT when there are none. */
	.globl	scheduler
	.ent	scheduler
scheduler:
	jal	mycpu
	move	$s0, $v0                       /* s0 = this cpu */
1:	la	$a0, ptable_lock
	jal	acquire
	move	$s2, $zero                     /* ran something */
	la	$s1, procs
	li	$s3, NPROC
2:	lw	$t0, P_STATE($s1)
	li	$t1, P_RUNNABLE
	bne	$t0, $t1, 3f
	li	$t0, P_RUNNING
	sw	$t0, P_STATE($s1)
	move	$a0, $s1
	jal	switch_user
	addiu	$a0, $s0, C_CTX
	addiu	$a1, $s1, P_CTX
	jal	swtch
	sw	$zero, C_PROC($s0)
	la	$t0, empty_pgdir
	sw	$t0, C_PGDIR($s0)
	li	$s2, 1
3:	addiu	$s1, $s1, 1 << PROC_SHIFT
	addiu	$s3, $s3, -1
	bnez	$s3, 2b
	la	$a0, ptable_lock
	jal	release
	bnez	$s2, 1b
	/* nothing to run: low-power idle, then serve the pending interrupts */
	wait
	HAL_PENDING($a0)
	andi	$a0, $a0, INTR_MASK
	beqz	$a0, 1b
	jal	intr
	b	1b
	.end	scheduler

/* switch_user(a0 = proc): make it this CPU's current process (ptable_lock held): kernel stack
   for traps, page table for the refill handler, and an ASID of the current generation. */
	.ent	switch_user
switch_user:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	jal	mycpu
	move	$s1, $v0
	sw	$s0, C_PROC($s1)
	lw	$t0, P_KSTACK($s0)
	addiu	$t0, $t0, KSTACK_SIZE
	sw	$t0, C_KSTACKTOP($s1)
	lw	$t0, P_PGDIR($s0)
	sw	$t0, C_PGDIR($s1)
	lw	$t0, P_ASIDGEN($s0)
	lw	$t1, asid_gen
	beq	$t0, $t1, 2f
	lw	$t2, next_asid
	sltiu	$t3, $t2, 256
	bnez	$t3, 1f
	addiu	$t1, $t1, 1                    /* ASIDs used up: new generation */
	sw	$t1, asid_gen
	li	$t2, 1
1:	sw	$t2, P_ASID($s0)
	sw	$t1, P_ASIDGEN($s0)
	addiu	$t2, $t2, 1
	sw	$t2, next_asid
2:	lw	$t0, C_ASIDGEN($s1)
	lw	$t1, asid_gen
	beq	$t0, $t1, 3f
	sw	$t1, C_ASIDGEN($s1)
	move	$a0, $s1
	jal	tlb_flush
3:	lw	$t0, P_ASID($s0)
	HAL_WRITE($t0, ENTRYHI, $t1)
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	switch_user

/* tlb_flush(a0 = this cpu): every TLB entry becomes a distinct invalid kseg0 mapping */
	.globl	tlb_flush
	.ent	tlb_flush
tlb_flush:
	lw	$t2, C_TLBSIZE($a0)
	move	$t3, $zero
	HAL_WRITE($zero, ENTRYLO0, $t1)
	HAL_WRITE($zero, ENTRYLO1, $t1)
1:	sll	$t0, $t3, 13
	li	$t1, KSEG0_BASE
	addu	$t0, $t0, $t1
	HAL_WRITE($t0, ENTRYHI, $t1)
	HAL_WRITE($t3, INDEX, $t1)
	tlbwi
	addiu	$t3, $t3, 1
	bne	$t3, $t2, 1b
	jr	$ra
	.end	tlb_flush

/* tlb_update(a0 = proc, a1 = va): reload this CPU's TLB entry for va, if it has one, from the
   page table (after a page fault filled the page) */
	.globl	tlb_update
	.ent	tlb_update
tlb_update:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	move	$s0, $a0
	li	$t0, ~0x1fff
	and	$s1, $a1, $t0                  /* even page of the pair */
	lw	$t1, P_ASID($a0)
	or	$t0, $s1, $t1
	HAL_WRITE($t0, ENTRYHI, $t1)
	tlbp
	HAL_READ($t0, INDEX)
	bltz	$t0, 1f                        /* Index.P: not in the TLB */
	lw	$a0, P_PGDIR($s0)
	move	$a1, $s1
	move	$a2, $zero
	jal	walk
	beqz	$v0, 1f
	lw	$t0, 0($v0)
	HAL_WRITE($t0, ENTRYLO0, $t1)
	lw	$t0, 4($v0)
	HAL_WRITE($t0, ENTRYLO1, $t1)
	tlbwi
1:	lw	$t1, P_ASID($s0)
	HAL_WRITE($t1, ENTRYHI, $t0)
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	tlb_update

/* sched: back to this CPU's scheduler (ptable_lock held, state already changed) */
	.globl	sched
	.ent	sched
sched:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	mycpu
	lw	$a0, C_PROC($v0)
	addiu	$a0, $a0, P_CTX
	addiu	$a1, $v0, C_CTX
	jal	swtch
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sched

/* yield: give up the CPU for one round */
	.globl	yield
	.ent	yield
yield:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	la	$a0, ptable_lock
	jal	acquire
	jal	myproc
	li	$t0, P_RUNNABLE
	sw	$t0, P_STATE($v0)
	jal	sched
	la	$a0, ptable_lock
	jal	release
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	yield

/* sleep(a0 = channel): ptable_lock held; returns after a wakeup on the channel */
	.globl	sleep
	.ent	sleep
sleep:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$a0, 16($sp)
	jal	myproc
	lw	$a0, 16($sp)
	sw	$a0, P_CHAN($v0)
	li	$t0, P_SLEEPING
	sw	$t0, P_STATE($v0)
	sw	$v0, 16($sp)
	jal	sched
	lw	$v0, 16($sp)
	sw	$zero, P_CHAN($v0)
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sleep

/* wakeup_locked(a0 = channel): every process sleeping on it becomes runnable */
	.globl	wakeup_locked
	.ent	wakeup_locked
wakeup_locked:
	la	$t0, procs
	li	$t1, NPROC
	li	$t3, P_SLEEPING
	li	$t4, P_RUNNABLE
1:	lw	$t2, P_STATE($t0)
	bne	$t2, $t3, 2f
	lw	$t2, P_CHAN($t0)
	bne	$t2, $a0, 2f
	sw	$t4, P_STATE($t0)
2:	addiu	$t0, $t0, 1 << PROC_SHIFT
	addiu	$t1, $t1, -1
	bnez	$t1, 1b
	jr	$ra
	.end	wakeup_locked

/* wakeup(a0 = channel) */
	.globl	wakeup
	.ent	wakeup
wakeup:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$a0, 16($sp)
	la	$a0, ptable_lock
	jal	acquire
	lw	$a0, 16($sp)
	jal	wakeup_locked
	la	$a0, ptable_lock
	jal	release
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	wakeup

/* proc_exit(a0 = status): never returns. The first process's exit powers the machine off. */
	.globl	proc_exit
	.ent	proc_exit
proc_exit:
	move	$s1, $a0
	jal	myproc
	move	$s0, $v0
	lw	$t0, initproc
	bne	$s0, $t0, 1f
	move	$a0, $s1
	jal	hal_halt
1:	lw	$a0, P_PGDIR($s0)
	jal	mycpu
	la	$t0, empty_pgdir
	sw	$t0, C_PGDIR($v0)
	lw	$a0, P_PGDIR($s0)
	jal	pgdir_free
	sw	$zero, P_PGDIR($s0)
	la	$a0, ptable_lock
	jal	acquire
	/* children go to init */
	la	$t0, procs
	li	$t1, NPROC
	lw	$t3, initproc
	move	$t4, $zero                     /* a zombie child was handed over */
2:	lw	$t2, P_PARENT($t0)
	bne	$t2, $s0, 3f
	sw	$t3, P_PARENT($t0)
	lw	$t2, P_STATE($t0)
	xori	$t2, $t2, P_ZOMBIE
	bnez	$t2, 3f
	li	$t4, 1
3:	addiu	$t0, $t0, 1 << PROC_SHIFT
	addiu	$t1, $t1, -1
	bnez	$t1, 2b
	beqz	$t4, 4f
	lw	$a0, initproc
	jal	wakeup_locked
4:	lw	$a0, P_PARENT($s0)
	jal	wakeup_locked
	sw	$s1, P_XSTATUS($s0)
	li	$t0, P_ZOMBIE
	sw	$t0, P_STATE($s0)
	jal	sched
	.end	proc_exit

/* proc_wait(a0 = pid or -1, a1 = user address for the status or 0) -> pid, or -E_CHILD */
	.globl	proc_wait
	.ent	proc_wait
proc_wait:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	move	$s1, $a0
	move	$s2, $a1
	jal	myproc
	move	$s0, $v0
	la	$a0, ptable_lock
	jal	acquire
1:	la	$t0, procs
	li	$t1, NPROC
	move	$t4, $zero                     /* matching children */
2:	lw	$t2, P_PARENT($t0)
	bne	$t2, $s0, 4f
	lw	$t3, P_STATE($t0)
	beqz	$t3, 4f
	li	$t2, -1
	beq	$s1, $t2, 3f
	lw	$t2, P_PID($t0)
	bne	$t2, $s1, 4f
3:	li	$t4, 1
	li	$t2, P_ZOMBIE
	beq	$t3, $t2, 5f
4:	addiu	$t0, $t0, 1 << PROC_SHIFT
	addiu	$t1, $t1, -1
	bnez	$t1, 2b
	li	$s3, -E_CHILD
	beqz	$t4, 6f
	move	$a0, $s0
	jal	sleep
	b	1b
5:	lw	$s3, P_PID($t0)
	lw	$s1, P_XSTATUS($t0)
	sw	$zero, P_STATE($t0)
	sw	$zero, P_PARENT($t0)
	la	$a0, ptable_lock
	jal	release
	beqz	$s2, 7f
	move	$a0, $s0
	move	$a1, $s2
	move	$a2, $s1
	jal	put_user_word
	b	7f
6:	la	$a0, ptable_lock
	jal	release
7:	move	$v0, $s3
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	proc_wait

/* put_user_word(a0 = proc, a1 = user address (word-aligned), a2 = value) -> 0 or -1 */
	.globl	put_user_word
	.ent	put_user_word
put_user_word:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$a2, 16($sp)
	andi	$t0, $a1, 3
	li	$v0, -1
	bnez	$t0, 1f
	jal	user_page
	beqz	$v0, 1f
	lw	$t0, 16($sp)
	sw	$t0, 0($v0)
	move	$v0, $zero
	b	2f
1:	li	$v0, -1
2:	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	put_user_word

/* proc_fork(a0 = parent's trap frame) -> child pid, or -E_NOMEM */
	.globl	proc_fork
	.ent	proc_fork
proc_fork:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	sw	$s2, 16($sp)
	move	$s2, $a0
	jal	allocproc
	beqz	$v0, 8f
	move	$s1, $v0
	jal	myproc
	move	$s0, $v0
	lw	$a0, P_PGDIR($s1)
	lw	$a1, P_PGDIR($s0)
	jal	pgdir_copy
	bnez	$v0, 7f
	lw	$t0, P_BRK($s0)
	sw	$t0, P_BRK($s1)
	lw	$t0, P_NAME($s0)
	sw	$t0, P_NAME($s1)
	sw	$s0, P_PARENT($s1)
	/* the child's trap frame: the parent's, returning 0 */
	lw	$a0, P_KSTACK($s1)
	addiu	$a0, $a0, KSTACK_SIZE - TF_SIZE
	move	$a1, $s2
	li	$a2, TF_SIZE
	jal	memcopy
	lw	$a0, P_KSTACK($s1)
	addiu	$a0, $a0, KSTACK_SIZE - TF_SIZE
	sw	$zero, 2*4($a0)
	sw	$zero, 7*4($a0)
	la	$a0, ptable_lock
	jal	acquire
	li	$t0, P_RUNNABLE
	sw	$t0, P_STATE($s1)
	la	$a0, ptable_lock
	jal	release
	lw	$v0, P_PID($s1)
	b	9f
7:	lw	$a0, P_PGDIR($s1)
	jal	pgdir_free
	sw	$zero, P_STATE($s1)
8:	li	$v0, -E_NOMEM
9:	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	lw	$s2, 16($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	proc_fork

	.data
	.align	2
	.globl	ptable_lock
ptable_lock:	.word 0
next_pid:	.word 0
next_asid:	.word 0
asid_gen:	.word 0
	.globl	initproc
initproc:	.word 0

	.bss
	.align	12
	.globl	procs
procs:		.space	NPROC << PROC_SHIFT
	.globl	cpus
cpus:		.space	NCPU << CPU_SHIFT
	.align	12
kstacks:	.space	NPROC * KSTACK_SIZE
