/*
 * Device-independent halves of the disk and network drivers. disk_read blocks the calling
 * process until the completion interrupt (IP3); the network keeps a small receive ring per
 * interface, filled by the receive interrupt (IP4), drained by netrecv. The device halves are in
 * hal.S.
 */
#define NNIC        2
#define NR_HEAD     0
#define NR_TAIL     4
#define NR_LEN      8                   /* 4 slot lengths */
#define NR_DATA     32
#define NR_SLOTS    4
#define NR_SLOT     1536
#define NR_SHIFT    13

	.text
/* disk_read(a0 = first sector, a1 = count, a2 = kernel buffer): process context only */
	.globl	disk_read
	.ent	disk_read
disk_read:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	move	$s0, $a0
	move	$s1, $a1
	move	$s2, $a2
	la	$a0, ptable_lock
	jal	acquire
1:	lw	$t0, disk_busy
	beqz	$t0, 2f
	la	$a0, disk_busy
	jal	sleep
	b	1b
2:	li	$t0, 1
	sw	$t0, disk_busy
	sw	$zero, disk_done
	move	$a0, $s0
	move	$a1, $s1
	li	$t0, KBASE
	subu	$a2, $s2, $t0
	jal	hal_disk_start
3:	lw	$t0, disk_done
	bnez	$t0, 4f
	la	$a0, disk_done
	jal	sleep
	b	3b
4:	sw	$zero, disk_busy
	la	$a0, disk_busy
	jal	wakeup_locked
	la	$a0, ptable_lock
	jal	release
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	disk_read

/* disk_intr: acknowledge the completion and wake the waiting process */
	.globl	disk_intr
	.ent	disk_intr
disk_intr:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	jal	hal_disk_ack
	la	$a0, ptable_lock
	jal	acquire
	li	$t0, 1
	sw	$t0, disk_done
	la	$a0, disk_done
	jal	wakeup_locked
	la	$a0, ptable_lock
	jal	release
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	disk_intr

/* net_init(a0 = interfaces the program table asks for; the guest build has at most one) */
	.globl	net_init
	.ent	net_init
net_init:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sltiu	$t0, $a0, NNIC + 1
	bnez	$t0, 1f
	li	$a0, NNIC
1:	jal	hal_net_init
	sw	$v0, nnics
	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	net_init

/* net_intr: receive every waiting frame of every interface into its ring */
	.globl	net_intr
	.ent	net_intr
net_intr:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$s1, 20($sp)
	la	$a0, ptable_lock
	jal	acquire
	move	$s0, $zero                     /* interface */
1:	lw	$t0, nnics
	beq	$s0, $t0, 9f
	sll	$s1, $s0, NR_SHIFT
	la	$t0, net_rings
	addu	$s1, $s1, $t0                  /* s1 = ring */
2:	lw	$t0, NR_HEAD($s1)
	lw	$t1, NR_TAIL($s1)
	subu	$t1, $t0, $t1
	la	$a1, net_scratch               /* ring full: the frame is dropped */
	sltiu	$t1, $t1, NR_SLOTS
	beqz	$t1, 3f
	andi	$t0, $t0, NR_SLOTS - 1
	li	$t1, NR_SLOT
	mul	$t1, $t0, $t1
	addu	$a1, $s1, $t1
	addiu	$a1, $a1, NR_DATA
3:	move	$a0, $s0
	li	$a2, NR_SLOT
	jal	hal_net_recv
	beqz	$v0, 4f
	lw	$t0, NR_HEAD($s1)
	lw	$t1, NR_TAIL($s1)
	subu	$t1, $t0, $t1
	sltiu	$t1, $t1, NR_SLOTS
	beqz	$t1, 2b
	andi	$t1, $t0, NR_SLOTS - 1
	sll	$t1, $t1, 2
	addu	$t1, $t1, $s1
	sw	$v0, NR_LEN($t1)
	addiu	$t0, $t0, 1
	sw	$t0, NR_HEAD($s1)
	b	2b
4:	move	$a0, $s1
	jal	wakeup_locked
	addiu	$s0, $s0, 1
	b	1b
9:	la	$a0, ptable_lock
	jal	release
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	lw	$s1, 20($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	net_intr

/* netsend(nic, frame, len) -> len; the kernel fills in the source address */
	.globl	sys_netsend
	.ent	sys_netsend
sys_netsend:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	lw	$s0, 4*4($a0)
	lw	$s1, 5*4($a0)
	lw	$s2, 6*4($a0)
	li	$v0, -E_INVAL
	lw	$t0, nnics
	sltu	$t0, $s0, $t0
	beqz	$t0, 9f
	addiu	$t0, $s2, -14
	sltiu	$t0, $t0, MC_NET_MAX_FRAME - 14 + 1
	beqz	$t0, 9f
	la	$a0, net_lock
	jal	acquire
	jal	myproc
	move	$s3, $v0
	move	$t9, $zero
1:	sw	$t9, 16($sp)
	move	$a0, $s3
	addu	$a1, $s1, $t9
	jal	user_page
	lw	$t9, 16($sp)
	beqz	$v0, 8f
	lbu	$t0, 0($v0)
	sb	$t0, net_txbuf($t9)
	addiu	$t9, $t9, 1
	bne	$t9, $s2, 1b
	move	$a0, $s0
	jal	hal_net_mac
	la	$t0, net_txbuf
	sb	$v0, 7($t0)
	srl	$v0, $v0, 8
	sb	$v0, 6($t0)
	sb	$v1, 11($t0)
	srl	$v1, $v1, 8
	sb	$v1, 10($t0)
	srl	$v1, $v1, 8
	sb	$v1, 9($t0)
	srl	$v1, $v1, 8
	sb	$v1, 8($t0)
	move	$a0, $s0
	la	$a1, net_txbuf
	move	$a2, $s2
	jal	hal_net_send
	move	$s3, $s2
	b	7f
8:	li	$s3, -E_FAULT
7:	la	$a0, net_lock
	jal	release
	move	$v0, $s3
9:	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	addiu	$sp, $sp, 40
	jr	$ra
	.end	sys_netsend

/* netrecv(nic, buf, max) -> length of the next frame (waits for one; cut to max) */
	.globl	sys_netrecv
	.ent	sys_netrecv
sys_netrecv:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	lw	$s0, 4*4($a0)
	lw	$s1, 5*4($a0)
	lw	$s2, 6*4($a0)
	li	$v0, -E_INVAL
	lw	$t0, nnics
	sltu	$t0, $s0, $t0
	beqz	$t0, 9f
	jal	myproc
	move	$s3, $v0
	la	$a0, ptable_lock
	jal	acquire
	sll	$s0, $s0, NR_SHIFT
	la	$t0, net_rings
	addu	$s0, $s0, $t0                  /* s0 = ring */
1:	lw	$t0, NR_HEAD($s0)
	lw	$t1, NR_TAIL($s0)
	bne	$t0, $t1, 2f
	move	$a0, $s0
	jal	sleep
	b	1b
2:	andi	$t1, $t1, NR_SLOTS - 1
	sll	$t2, $t1, 2
	addu	$t2, $t2, $s0
	lw	$t2, NR_LEN($t2)
	sltu	$t3, $t2, $s2
	beqz	$t3, 3f
	move	$s2, $t2                       /* s2 = bytes to copy */
3:	li	$t3, NR_SLOT
	mul	$t1, $t1, $t3
	addu	$s4, $s0, $t1
	addiu	$s4, $s4, NR_DATA              /* s4 = slot data */
	move	$t9, $zero
4:	beq	$t9, $s2, 5f
	sw	$t9, 16($sp)
	move	$a0, $s3
	addu	$a1, $s1, $t9
	jal	user_page
	lw	$t9, 16($sp)
	beqz	$v0, 8f
	addu	$t0, $s4, $t9
	lbu	$t0, 0($t0)
	sb	$t0, 0($v0)
	addiu	$t9, $t9, 1
	b	4b
8:	li	$s2, -E_FAULT
5:	lw	$t0, NR_TAIL($s0)
	addiu	$t0, $t0, 1
	sw	$t0, NR_TAIL($s0)
	la	$a0, ptable_lock
	jal	release
	move	$v0, $s2
9:	lw	$ra, 44($sp)
	lw	$s0, 40($sp)
	lw	$s1, 36($sp)
	lw	$s2, 32($sp)
	lw	$s3, 28($sp)
	lw	$s4, 24($sp)
	addiu	$sp, $sp, 48
	jr	$ra
	.end	sys_netrecv

	.data
	.align	2
disk_busy:	.word 0
disk_done:	.word 0
net_lock:	.word 0
nnics:		.word 0

	.bss
	.align	12
net_rings:	.space	NNIC << NR_SHIFT
net_txbuf:	.space	NR_SLOT
net_scratch:	.space	NR_SLOT
