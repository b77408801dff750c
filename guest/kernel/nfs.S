/*
 * The file service (docs/guest-os.md "The file service"), NFS-like: a server process serves the
 * files of its disk 0 (nfsd), a client kernel reads them over the network after mount. Requests
 * and replies are 64-byte headers (defs.h DFS_*); a READ reply carries the file's page after its
 * header, taken from the server's page cache and sent as a separate fragment (MC_NET_SENDV), so
 * the monitor remaps it instead of copying; the client moves it from the receive ring into its
 * own page cache with the remap hint (hal_copy_page). One machine page then backs the file page
 * in the server and every client: the global buffer cache of the paper (§4.2.3). A client has one
 * request outstanding at a time and waits for the reply with the same request number. The
 * network part needs the virtual subnet (whole pages in one message): the bare build answers
 * mount and nfsd with ENOSYS.
 */
#define NFS_ANY        0                /* nfs_mode: the interface's frames go to netrecv */
#define NFS_CLIENT     1                /* only file service replies are kept */
#define NFS_SERVER     2                /* only file service requests are kept */

	.text
/* nfs_accept(a0 = nic, a1 = frame) -> 1 when the interface's use takes the frame */
	.globl	nfs_accept
	.ent	nfs_accept
nfs_accept:
	sll	$t0, $a0, 2
	lw	$t0, nfs_mode($t0)
	li	$v0, 1
	beqz	$t0, 9f
	move	$v0, $zero
	lbu	$t1, 12($a1)
	li	$t2, DFS_TYPE_HI
	bne	$t1, $t2, 9f
	lbu	$t1, 13($a1)
	li	$t2, DFS_TYPE_LO
	bne	$t1, $t2, 9f
	lbu	$t1, DFS_OP($a1)
	andi	$t1, $t1, DFS_REPLY
	sltu	$t1, $zero, $t1                /* 1: a reply */
	addiu	$t0, $t0, -NFS_CLIENT          /* 0: client, 1: server */
	xor	$v0, $t1, $t0
9:	jr	$ra
	.end	nfs_accept

#ifdef DISCO_GUEST
/* nfs_header(a0 = 64-byte buffer, a1 = nic, a2 = destination MAC bytes 0..1, a3 = bytes 2..5):
   zeroes the buffer and writes the Ethernet header (destination, the nic's address, type) */
	.ent	nfs_header
nfs_header:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	sw	$s0, 24($sp)
	sw	$a1, 16($sp)
	move	$s0, $a0
	addiu	$t0, $a0, DFS_HDR
1:	addiu	$t0, $t0, -4
	sw	$zero, 0($t0)
	bne	$t0, $a0, 1b
	move	$a1, $a2
	move	$a2, $a3
	jal	put_mac
	lw	$a0, 16($sp)
	jal	hal_net_mac
	addiu	$a0, $s0, 6
	move	$a1, $v0
	move	$a2, $v1
	jal	put_mac
	li	$t0, DFS_TYPE_HI
	sb	$t0, 12($s0)
	li	$t0, DFS_TYPE_LO
	sb	$t0, 13($s0)
	lw	$ra, 28($sp)
	lw	$s0, 24($sp)
	addiu	$sp, $sp, 32
	jr	$ra
	.end	nfs_header

/* put_mac(a0 = where, a1 = bytes 0..1, a2 = bytes 2..5): six bytes in network order */
	.ent	put_mac
put_mac:
	sb	$a1, 1($a0)
	srl	$t0, $a1, 8
	sb	$t0, 0($a0)
	sb	$a2, 5($a0)
	srl	$t0, $a2, 8
	sb	$t0, 4($a0)
	srl	$t0, $a2, 16
	sb	$t0, 3($a0)
	srl	$t0, $a2, 24
	sb	$t0, 2($a0)
	jr	$ra
	.end	put_mac

/* get_mac(a0 = six bytes in network order) -> v0 = bytes 0..1, v1 = bytes 2..5 */
	.ent	get_mac
get_mac:
	lbu	$v0, 0($a0)
	lbu	$t0, 1($a0)
	sll	$v0, $v0, 8
	or	$v0, $v0, $t0
	move	$v1, $zero
	li	$t1, 2
1:	addu	$t2, $a0, $t1
	lbu	$t0, 0($t2)
	sll	$v1, $v1, 8
	or	$v1, $v1, $t0
	addiu	$t1, $t1, 1
	sltiu	$t2, $t1, 6
	bnez	$t2, 1b
	jr	$ra
	.end	get_mac

/* nfs_call(a0 = op, a1 = handle, a2 = page, a3 = kernel page for a READ's data) -> v0 = the
   reply's file size or -error, v1 = the reply's handle. Sends the request (LOOKUP: the name in
   name_buf) to the server and waits for its reply in the receive ring. */
	.ent	nfs_call
nfs_call:
	addiu	$sp, $sp, -40
	sw	$ra, 36($sp)
	sw	$s0, 32($sp)
	sw	$s1, 28($sp)
	sw	$s2, 24($sp)
	sw	$s3, 20($sp)
	sw	$s4, 16($sp)
	move	$s0, $a0
	move	$s1, $a1
	move	$s2, $a2
	move	$s3, $a3
	la	$a0, ptable_lock
	jal	acquire
1:	lw	$t0, nfs_busy
	beqz	$t0, 2f
	la	$a0, nfs_busy
	jal	sleep
	b	1b
2:	li	$t0, 1
	sw	$t0, nfs_busy
	la	$a0, ptable_lock
	jal	release
	lw	$s4, nfs_xid
	addiu	$s4, $s4, 1
	sw	$s4, nfs_xid                   /* s4 = request number */
	la	$a0, nfs_txbuf
	lw	$a1, nfs_nic
	lw	$a2, nfs_server_hi
	lw	$a3, nfs_server_lo
	jal	nfs_header
	la	$t0, nfs_txbuf
	sb	$s0, DFS_OP($t0)
	sw	$s1, DFS_HANDLE($t0)
	sw	$s2, DFS_PAGE($t0)
	sw	$s4, DFS_XID($t0)
	la	$t1, name_buf
	lw	$t2, 0($t1)
	sw	$t2, DFS_NAME($t0)
	lw	$t2, 4($t1)
	sw	$t2, DFS_NAME+4($t0)
	lw	$t2, 8($t1)
	sw	$t2, DFS_NAME+8($t0)
	lw	$t2, 12($t1)
	sw	$t2, DFS_NAME+12($t0)
	lw	$a0, nfs_nic
	la	$a1, nfs_txbuf
	li	$a2, DFS_HDR
	jal	hal_net_send
	lw	$a0, nfs_nic
	jal	net_ring
	move	$s2, $v0                       /* s2 = ring */
	la	$a0, ptable_lock
	jal	acquire
3:	lw	$t0, NR_HEAD($s2)
	lw	$t1, NR_TAIL($s2)
	bne	$t0, $t1, 4f
	move	$a0, $s2
	jal	sleep
	b	3b
4:	lw	$a0, nfs_nic
	move	$a1, $t1
	jal	net_slot
	move	$s1, $v0                       /* s1 = the frame */
	lbu	$t0, DFS_OP($s1)
	ori	$t1, $s0, DFS_REPLY
	bne	$t0, $t1, 6f                   /* not ours: dropped */
	lw	$t0, DFS_XID($s1)
	bne	$t0, $s4, 6f
	lbu	$t0, DFS_STATUS($s1)
	subu	$s4, $zero, $t0                /* s4 = -status */
	bnez	$t0, 5f
	lw	$s4, DFS_SIZE($s1)
	li	$t0, DFS_MOUNT
	bne	$s0, $t0, 41f
	addiu	$a0, $s1, 6                    /* the server's address */
	jal	get_mac
	sw	$v0, nfs_server_hi
	sw	$v1, nfs_server_lo
41:	li	$t0, DFS_READ
	bne	$s0, $t0, 5f
	move	$a0, $s3
	addiu	$a1, $s1, DFS_HDR              /* the page, page-aligned in the slot */
	jal	hal_copy_page
5:	lw	$s3, DFS_HANDLE($s1)
	lw	$t0, NR_TAIL($s2)
	addiu	$t0, $t0, 1
	sw	$t0, NR_TAIL($s2)
	sw	$zero, nfs_busy
	la	$a0, nfs_busy
	jal	wakeup_locked
	la	$a0, ptable_lock
	jal	release
	move	$v0, $s4
	move	$v1, $s3
	lw	$ra, 36($sp)
	lw	$s0, 32($sp)
	lw	$s1, 28($sp)
	lw	$s2, 24($sp)
	lw	$s3, 20($sp)
	lw	$s4, 16($sp)
	addiu	$sp, $sp, 40
	jr	$ra
6:	lw	$t0, NR_TAIL($s2)
	addiu	$t0, $t0, 1
	sw	$t0, NR_TAIL($s2)
	b	3b
	.end	nfs_call

/* nfs_lookup(a0 = name, the bytes of name_buf) -> the server's handle of the file, or -error */
	.globl	nfs_lookup
	.ent	nfs_lookup
nfs_lookup:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	li	$a0, DFS_LOOKUP
	move	$a1, $zero
	move	$a2, $zero
	move	$a3, $zero
	jal	nfs_call
	bltz	$v0, 9f
	li	$t0, -E_IO
	sltiu	$t1, $v1, NFS_FILES
	beqz	$t1, 8f
	sll	$t1, $v1, 2
	sw	$v0, nfs_sizes($t1)
	move	$v0, $v1
	b	9f
8:	move	$v0, $t0
9:	lw	$ra, 20($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	nfs_lookup

/* nfs_read(a0 = handle, a1 = page, a2 = kernel page) -> >= 0 when the page now holds the data */
	.globl	nfs_read
	.ent	nfs_read
nfs_read:
	move	$a3, $a2
	move	$a2, $a1
	move	$a1, $a0
	li	$a0, DFS_READ
	j	nfs_call
	.end	nfs_read

/* mount(nic) -> 0: open and pread now read the files of the file server found on nic (a
   broadcast MOUNT; the first reply names the server); mount(-1) unmounts */
	.ent	sys_mount
sys_mount:
	addiu	$sp, $sp, -24
	sw	$ra, 20($sp)
	sw	$s0, 16($sp)
	lw	$s0, 4*4($a0)
	bltz	$s0, 5f
	li	$v0, -E_INVAL
	lw	$t0, nnics
	sltu	$t0, $s0, $t0
	beqz	$t0, 9f
	li	$v0, -E_BUSY
	lw	$t0, nfs_mounted
	bnez	$t0, 9f
	sw	$s0, nfs_nic
	sll	$t0, $s0, 2
	li	$t1, NFS_CLIENT
	sw	$t1, nfs_mode($t0)
	li	$t0, 0xffff
	sw	$t0, nfs_server_hi
	li	$t0, -1
	sw	$t0, nfs_server_lo
	la	$t0, nfs_sizes
	li	$t1, NFS_FILES
	li	$t2, -E_INVAL
1:	sw	$t2, 0($t0)
	addiu	$t0, $t0, 4
	addiu	$t1, $t1, -1
	bnez	$t1, 1b
	li	$a0, DFS_MOUNT
	move	$a1, $zero
	move	$a2, $zero
	move	$a3, $zero
	jal	nfs_call
	bltz	$v0, 6f
	li	$t0, 1
	sw	$t0, nfs_mounted
	move	$v0, $zero
	b	9f
5:	li	$v0, -E_INVAL
	lw	$t0, nfs_mounted
	beqz	$t0, 9f
	li	$a0, DFS_UNMOUNT
	move	$a1, $zero
	move	$a2, $zero
	move	$a3, $zero
	jal	nfs_call
	sw	$zero, nfs_mounted
	move	$v0, $zero
6:	lw	$t0, nfs_nic
	sll	$t0, $t0, 2
	sw	$zero, nfs_mode($t0)
9:	lw	$ra, 20($sp)
	lw	$s0, 16($sp)
	addiu	$sp, $sp, 24
	jr	$ra
	.end	sys_mount

/* nfsd(nic, clients) -> requests served: answers MOUNT, LOOKUP, READ and UNMOUNT requests on
   nic from the files of disk 0 until `clients` clients have unmounted. A READ reply is the
   header and the file's page from the page cache, as two fragments. */
	.ent	sys_nfsd
sys_nfsd:
	addiu	$sp, $sp, -48
	sw	$ra, 44($sp)
	sw	$s0, 40($sp)
	sw	$s1, 36($sp)
	sw	$s2, 32($sp)
	sw	$s3, 28($sp)
	sw	$s4, 24($sp)
	sw	$s5, 20($sp)
	lw	$s0, 4*4($a0)                  /* nic */
	lw	$s1, 5*4($a0)                  /* clients */
	li	$v0, -E_INVAL
	lw	$t0, nnics
	sltu	$t0, $s0, $t0
	beqz	$t0, 9f
	sll	$t0, $s0, 2
	li	$t1, NFS_SERVER
	sw	$t1, nfs_mode($t0)
	move	$s2, $zero                     /* requests served */
	move	$s3, $zero                     /* clients that unmounted */
	move	$a0, $s0
	jal	net_ring
	move	$s4, $v0                       /* s4 = ring */
1:	la	$a0, ptable_lock
	jal	acquire
2:	lw	$t0, NR_HEAD($s4)
	lw	$t1, NR_TAIL($s4)
	bne	$t0, $t1, 3f
	move	$a0, $s4
	jal	sleep
	b	2b
3:	move	$a0, $s0
	move	$a1, $t1
	jal	net_slot
	la	$a0, nfs_req
	move	$a1, $v0
	li	$a2, DFS_HDR
	jal	memcopy
	lw	$t0, NR_TAIL($s4)
	addiu	$t0, $t0, 1
	sw	$t0, NR_TAIL($s4)
	la	$a0, ptable_lock
	jal	release
	la	$a0, nfs_req + 6               /* reply to the request's sender */
	jal	get_mac
	la	$a0, nfs_rep
	move	$a1, $s0
	move	$a2, $v0
	move	$a3, $v1
	jal	nfs_header
	la	$t0, nfs_rep
	la	$t1, nfs_req
	lbu	$s5, DFS_OP($t1)               /* s5 = op */
	ori	$t2, $s5, DFS_REPLY
	sb	$t2, DFS_OP($t0)
	lw	$t2, DFS_XID($t1)
	sw	$t2, DFS_XID($t0)
	lw	$t2, DFS_HANDLE($t1)
	sw	$t2, DFS_HANDLE($t0)
	lw	$t2, DFS_PAGE($t1)
	sw	$t2, DFS_PAGE($t0)
	sw	$zero, 16($sp)                 /* the page to send, if any */
	li	$t0, DFS_LOOKUP
	beq	$s5, $t0, 20f
	li	$t0, DFS_READ
	beq	$s5, $t0, 30f
	li	$t0, DFS_UNMOUNT
	bne	$s5, $t0, 7f                   /* MOUNT (or anything else): a bare reply */
	addiu	$s3, $s3, 1
	b	7f
20:	la	$a0, nfs_req + DFS_NAME
	jal	dir_lookup
	li	$t1, E_NOENT
	beqz	$v0, 6f
	la	$t0, disk_dir + DIR_ENTRIES
	subu	$t1, $v0, $t0
	srl	$t1, $t1, 5
	la	$t0, nfs_rep
	sw	$t1, DFS_HANDLE($t0)
	lw	$t1, DIRENT_SIZE($v0)
	sw	$t1, DFS_SIZE($t0)
	b	7f
30:	move	$a0, $zero
	lw	$a1, nfs_req + DFS_HANDLE
	jal	file_size
	li	$t1, E_INVAL
	bltz	$v0, 6f
	la	$t0, nfs_rep
	sw	$v0, DFS_SIZE($t0)
	lw	$a2, nfs_req + DFS_PAGE
	sll	$t2, $a2, PAGE_SHIFT
	sltu	$t2, $t2, $v0
	beqz	$t2, 6f                        /* past the end */
	srl	$t2, $v0, PAGE_SHIFT
	sltu	$t2, $t2, $a2
	bnez	$t2, 6f                        /* (a page number too big to shift) */
	move	$a0, $zero
	lw	$a1, nfs_req + DFS_HANDLE
	jal	pcache_get
	li	$t1, E_IO
	beqz	$v0, 6f
	sw	$v0, 16($sp)
	b	7f
6:	la	$t0, nfs_rep
	sb	$t1, DFS_STATUS($t0)
7:	move	$a0, $s0
	la	$a1, nfs_rep
	lw	$a2, 16($sp)
	beqz	$a2, 8f
	jal	hal_net_sendv
	b	81f
8:	li	$a2, DFS_HDR
	jal	hal_net_send
81:	addiu	$s2, $s2, 1
	li	$t0, DFS_UNMOUNT
	bne	$s5, $t0, 1b
	bne	$s3, $s1, 1b
	sll	$t0, $s0, 2
	sw	$zero, nfs_mode($t0)
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
	.end	sys_nfsd

#else /* bare board: the network file service needs whole pages in one message */
	.globl	nfs_lookup
	.globl	nfs_read
sys_mount:
sys_nfsd:
nfs_lookup:
nfs_read:
	li	$v0, -E_NOSYS
	jr	$ra
#endif

	.data
	.align	2
nfs_mounted:	.word 0                  /* 1 while files come from the file server */
nfs_mode:	.word NFS_ANY, NFS_ANY         /* per interface (NNIC) */
nfs_nic:	.word 0
nfs_server_hi:	.word 0
nfs_server_lo:	.word 0
nfs_xid:	.word 0
nfs_busy:	.word 0
nfs_sizes:	.space	NFS_FILES * 4

	.bss
	.align	3
nfs_txbuf:	.space	DFS_HDR
nfs_req:	.space	DFS_HDR
nfs_rep:	.space	DFS_HDR
