/*
 * Device-independent halves of the disk and network drivers. disk_read blocks the calling
 * process until the completion interrupt (IP3); the network keeps a receive ring per interface,
 * filled by the receive interrupt (IP4), drained by netrecv or the file service (nfs.S). A ring
 * slot is two pages: a frame lands DFS_HDR bytes below the second page, so the page a file
 * service reply carries after its header arrives page-aligned (under the monitor it is remapped,
 * not copied). The device halves are in hal.S.
 */
#define NNIC          2
#define NR_HEAD       0
#define NR_TAIL       4
#define NR_LEN        8                 /* NR_SLOTS slot lengths */
#define NR_CTL_SHIFT  6                 /* 64 bytes of ring state per interface */
#define NR_SLOTS      8
#define NR_SLOT_SHIFT 13                /* 8 KB per slot */
#define NR_RING_SHIFT 16                /* NR_SLOTS slots per interface */
#define NR_DATA       (PAGE_SIZE - DFS_HDR)
#define NR_MAX        (DFS_HDR + PAGE_SIZE)
#define NR_TXBUF      1536

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

/* net_slot(a0 = nic, a1 = ring index) -> kernel address where that slot's frame starts */
	.globl	net_slot
	.ent	net_slot
net_slot:
	andi	$a1, $a1, NR_SLOTS - 1
	sll	$a1, $a1, NR_SLOT_SHIFT
	sll	$a0, $a0, NR_RING_SHIFT
	addu	$v0, $a0, $a1
	la	$t0, net_slots + NR_DATA
	addu	$v0, $v0, $t0
	jr	$ra
	.end	net_slot

/* net_ring(a0 = nic) -> the interface's ring state (head, tail, lengths) */
	.globl	net_ring
	.ent	net_ring
net_ring:
	sll	$v0, $a0, NR_CTL_SHIFT
	la	$t0, net_ctl
	addu	$v0, $v0, $t0
	jr	$ra
	.end	net_ring

/* net_intr: receive every waiting frame of every interface into its ring; a frame the
   interface's use does not take (nfs_accept), or one that finds the ring full, is dropped */
	.globl	net_intr
	.ent	net_intr
net_intr:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	la	$a0, ptable_lock
	jal	acquire
	move	$s0, $zero                     /* interface */
1:	lw	$t0, nnics
	beq	$s0, $t0, 9f
	move	$a0, $s0
	jal	net_ring
	move	$s1, $v0                       /* s1 = ring */
2:	lw	$t0, NR_HEAD($s1)
	lw	$t1, NR_TAIL($s1)
	subu	$t1, $t0, $t1
	la	$s2, net_scratch + NR_DATA
	sltiu	$t1, $t1, NR_SLOTS
	beqz	$t1, 3f
	move	$a0, $s0
	move	$a1, $t0
	jal	net_slot
	move	$s2, $v0                       /* s2 = where the frame lands */
3:	move	$a0, $s0
	move	$a1, $s2
	li	$a2, NR_MAX
	jal	hal_net_recv
	beqz	$v0, 4f
	sw	$v0, 16($sp)
	la	$t0, net_scratch + NR_DATA
	beq	$s2, $t0, 2b
	move	$a0, $s0
	move	$a1, $s2
	jal	nfs_accept
	beqz	$v0, 2b
	lw	$t0, NR_HEAD($s1)
	andi	$t1, $t0, NR_SLOTS - 1
	sll	$t1, $t1, 2
	addu	$t1, $t1, $s1
	lw	$v0, 16($sp)
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
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	addiu	$sp, $sp, 40
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
	sw	$s5, 20($sp)
	lw	$s5, 4*4($a0)                  /* s5 = nic */
	lw	$s1, 5*4($a0)
	lw	$s2, 6*4($a0)
	li	$v0, -E_INVAL
	lw	$t0, nnics
	sltu	$t0, $s5, $t0
	beqz	$t0, 9f
	jal	myproc
	move	$s3, $v0
	la	$a0, ptable_lock
	jal	acquire
	move	$a0, $s5
	jal	net_ring
	move	$s0, $v0                       /* s0 = ring */
1:	lw	$t0, NR_HEAD($s0)
	lw	$t1, NR_TAIL($s0)
	bne	$t0, $t1, 2f
	move	$a0, $s0
	jal	sleep
	b	1b
2:	andi	$t2, $t1, NR_SLOTS - 1
	sll	$t2, $t2, 2
	addu	$t2, $t2, $s0
	lw	$t2, NR_LEN($t2)
	sltu	$t3, $t2, $s2
	beqz	$t3, 3f
	move	$s2, $t2                       /* s2 = bytes to copy */
3:	move	$a0, $s5
	move	$a1, $t1
	jal	net_slot
	move	$s4, $v0                       /* s4 = the frame */
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
	lw	$s5, 20($sp)
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
net_slots:	.space	NNIC << NR_RING_SHIFT
net_scratch:	.space	2 * PAGE_SIZE
net_ctl:	.space	NNIC << NR_CTL_SHIFT
net_txbuf:	.space	NR_TXBUF
