/*
 * The device half of the HAL: each function has a bare-board body (kseg1 registers of
 * docs/devices.md) and a guest body (monitor calls of docs/guest-abi.md §4). Nothing above
 * this file knows which build it is in, except through hal.h.
 */
#define UART_REG(r)  (UART_BASE_KSEG1 + ((r) << UART_REG_SHIFT))
#define NET_RX_BUF   2048               /* bytes per receive buffer (bare) */

	.text
#ifdef DISCO_GUEST
/* mcall: monitor call with v0 = number, a0..a3 arguments */
#define MCALL(n) li $v0, n; MONITOR_CALL

	.globl	hal_console_init
hal_console_init:
	jr	$ra

/* hal_console_write(a0 = kernel buffer, a1 = length) */
	.globl	hal_console_write
hal_console_write:
	li	$t0, KBASE
	subu	$a0, $a0, $t0
1:	blez	$a1, 2f
	MCALL(MC_CONSOLE_WRITE)
	blez	$v0, 2f
	addu	$a0, $a0, $v0
	subu	$a1, $a1, $v0
	b	1b
2:	jr	$ra

/* hal_console_read(a0 = kernel buffer, a1 = max) -> bytes */
	.globl	hal_console_read
hal_console_read:
	li	$t0, KBASE
	subu	$a0, $a0, $t0
	MCALL(MC_CONSOLE_READ)
	bgez	$v0, 1f
	move	$v0, $zero
1:	jr	$ra

	.globl	hal_ncpus
hal_ncpus:
	lui	$v0, 0xe000
	lw	$v0, HAL_SP(SP_VCPU_COUNT)($v0)
	jr	$ra

	.globl	hal_memsize
hal_memsize:
	lui	$v0, 0xe000
	lw	$v0, HAL_SP(SP_MEM_SIZE)($v0)
	jr	$ra

	.globl	hal_devices_init
hal_devices_init:
	jr	$ra

/* hal_zero_page(a0 = kernel address): the "give me a zeroed page" hint */
	.globl	hal_zero_page
hal_zero_page:
	li	$t0, KBASE
	subu	$a0, $a0, $t0
	MCALL(MC_ZERO_PAGE)
	jr	$ra

/* hal_free_page(a0 = kernel address): the "this page is free" hint */
	.globl	hal_free_page
hal_free_page:
	li	$t0, KBASE
	subu	$a0, $a0, $t0
	MCALL(MC_FREE_PAGE)
	jr	$ra

/* hal_copy_page(a0 = dst, a1 = src kernel addresses): the monitor's copy-on-write remap */
	.globl	hal_copy_page
hal_copy_page:
	li	$t0, KBASE
	subu	$a0, $a0, $t0
	subu	$a1, $a1, $t0
	MCALL(MC_REMAP)
	jr	$ra

/* hal_disk_start(a0 = sector, a1 = count, a2 = physical buffer): read from disk 0 */
	.globl	hal_disk_start
hal_disk_start:
	move	$t0, $a0
	sll	$a0, $a1, MC_DISK_COUNT_SHIFT
	ori	$a0, $a0, MC_DISK_READ << MC_DISK_OP_SHIFT
	move	$a1, $t0
	MCALL(MC_DISK_IO)
	jr	$ra

/* hal_disk_ack() -> status (acknowledges the completion) */
	.globl	hal_disk_ack
hal_disk_ack:
	move	$a0, $zero
	MCALL(MC_DISK_STATUS)
	jr	$ra

/* hal_intr_ack(a0 = IP5/IP6 bits) */
	.globl	hal_intr_ack
hal_intr_ack:
	MCALL(MC_INTR_ACK)
	jr	$ra

/* hal_halt(a0 = exit code): never returns */
	.globl	hal_halt
hal_halt:
	MCALL(MC_HALT)
1:	b	1b

/* hal_net_init(a0 = interfaces wanted) -> interfaces usable (the VM's one, if it has a MAC) */
	.globl	hal_net_init
hal_net_init:
	lui	$t0, 0xe000
	lw	$t1, HAL_SP(SP_MAC_HI)($t0)
	lw	$t2, HAL_SP(SP_MAC_LO)($t0)
	or	$t1, $t1, $t2
	sltu	$t1, $zero, $t1
	sltu	$t2, $zero, $a0
	and	$v0, $t1, $t2
	jr	$ra

/* hal_net_mac(a0 = nic) -> v0 = MAC bytes 0..1, v1 = bytes 2..5 */
	.globl	hal_net_mac
hal_net_mac:
	lui	$t0, 0xe000
	lw	$v0, HAL_SP(SP_MAC_HI)($t0)
	lw	$v1, HAL_SP(SP_MAC_LO)($t0)
	jr	$ra

/* hal_net_send(a0 = nic, a1 = kernel frame, a2 = length) */
	.globl	hal_net_send
hal_net_send:
	li	$t0, KBASE
	subu	$a0, $a1, $t0
	move	$a1, $a2
	MCALL(MC_NET_SEND)
	jr	$ra

/* hal_net_recv(a0 = nic, a1 = kernel buffer, a2 = max) -> length, 0 when nothing waits;
   a whole page of the frame landing on a page-aligned part of the buffer is remapped */
	.globl	hal_net_recv
hal_net_recv:
	li	$t0, KBASE
	subu	$a0, $a1, $t0
	move	$a1, $a2
	MCALL(MC_NET_RECV)
	bgez	$v0, 1f
	move	$v0, $zero
1:	jr	$ra

/* hal_net_sendv(a0 = nic, a1 = kernel header of DFS_HDR bytes, a2 = kernel page): one message of
   two fragments; the monitor remaps the page instead of copying it (guest build only) */
	.globl	hal_net_sendv
hal_net_sendv:
	addiu	$sp, $sp, -16
	li	$t0, KBASE
	subu	$a1, $a1, $t0
	subu	$a2, $a2, $t0
	sw	$a1, 0($sp)
	li	$t1, DFS_HDR
	sw	$t1, 4($sp)
	sw	$a2, 8($sp)
	li	$t1, PAGE_SIZE
	sw	$t1, 12($sp)
	subu	$a0, $sp, $t0
	li	$a1, 2
	MCALL(MC_NET_SENDV)
	addiu	$sp, $sp, 16
	jr	$ra

#else /* bare board */

/* hal_console_init: receive interrupt on (the FIFOs stay off: enabling them would drop input
   that arrived before boot) */
	.globl	hal_console_init
hal_console_init:
	li	$t0, UART_IER_ERBFI
	li	$t1, UART_REG(UART_IER)
	sw	$t0, 0($t1)
	jr	$ra

/* hal_console_write(a0 = kernel buffer, a1 = length): polled transmitter */
	.globl	hal_console_write
hal_console_write:
	li	$t2, UART_REG(UART_LSR)
	li	$t3, UART_REG(UART_THR)
1:	blez	$a1, 3f
2:	lw	$t0, 0($t2)
	andi	$t0, $t0, UART_LSR_THRE
	beqz	$t0, 2b
	lbu	$t0, 0($a0)
	sw	$t0, 0($t3)
	addiu	$a0, $a0, 1
	addiu	$a1, $a1, -1
	b	1b
3:	jr	$ra

/* hal_console_read(a0 = kernel buffer, a1 = max) -> bytes */
	.globl	hal_console_read
hal_console_read:
	li	$t2, UART_REG(UART_LSR)
	li	$t3, UART_REG(UART_RBR)
	move	$v0, $zero
1:	beq	$v0, $a1, 2f
	lw	$t0, 0($t2)
	andi	$t0, $t0, UART_LSR_DR
	beqz	$t0, 2f
	lw	$t0, 0($t3)
	addu	$t1, $a0, $v0
	sb	$t0, 0($t1)
	addiu	$v0, $v0, 1
	b	1b
2:	jr	$ra

	.globl	hal_ncpus
hal_ncpus:
	li	$t0, INFO_BASE_KSEG1
	lw	$v0, INFO_NCPUS($t0)
	jr	$ra

	.globl	hal_memsize
hal_memsize:
	li	$t0, INFO_BASE_KSEG1
	lw	$v0, INFO_MEMSIZE($t0)
	jr	$ra

/* hal_devices_init: disk 0 completion interrupt on */
	.globl	hal_devices_init
hal_devices_init:
	li	$t0, DISK_BASE_KSEG1
	li	$t1, DISK_CONTROL_IE
	sw	$t1, DISK_CONTROL($t0)
	jr	$ra

/* hal_zero_page(a0 = kernel address) */
	.globl	hal_zero_page
hal_zero_page:
	addiu	$t0, $a0, PAGE_SIZE
1:	sw	$zero, 0($a0)
	sw	$zero, 4($a0)
	sw	$zero, 8($a0)
	sw	$zero, 12($a0)
	addiu	$a0, $a0, 16
	bne	$a0, $t0, 1b
	jr	$ra

	.globl	hal_free_page
hal_free_page:
	jr	$ra

/* hal_copy_page(a0 = dst, a1 = src kernel addresses) */
	.globl	hal_copy_page
hal_copy_page:
	li	$a2, PAGE_SIZE
	j	memcopy

/* hal_disk_start(a0 = sector, a1 = count, a2 = physical buffer): read from disk 0 */
	.globl	hal_disk_start
hal_disk_start:
	li	$t0, DISK_BASE_KSEG1
	sw	$a0, DISK_LBA($t0)
	sw	$a1, DISK_COUNT($t0)
	sw	$a2, DISK_DMA_ADDR($t0)
	li	$t1, DISK_CMD_READ
	sw	$t1, DISK_COMMAND($t0)
	jr	$ra

/* hal_disk_ack() -> status (DONE acknowledged) */
	.globl	hal_disk_ack
hal_disk_ack:
	li	$t0, DISK_BASE_KSEG1
	lw	$v0, DISK_STATUS($t0)
	li	$t1, DISK_STATUS_DONE
	sw	$t1, DISK_STATUS($t0)
	jr	$ra

/* hal_intr_ack(a0 = IP5/IP6 bits): the board interval timer is unused; IPIs are acknowledged */
	.globl	hal_intr_ack
hal_intr_ack:
	andi	$t0, $a0, CAUSE_IP_IPI
	beqz	$t0, 1f
	li	$t0, IPI_BASE_KSEG1
	sw	$zero, IPI_ACK($t0)
1:	jr	$ra

/* hal_halt(a0 = exit code): power off */
	.globl	hal_halt
hal_halt:
	li	$t0, POWER_BASE_KSEG1
	sw	$a0, POWER_OFF($t0)
1:	b	1b

/* hal_net_init(a0 = interfaces) -> a0: receive enabled, a buffer posted on each */
	.globl	hal_net_init
hal_net_init:
	move	$t3, $zero
1:	beq	$t3, $a0, 2f
	sll	$t0, $t3, 12
	li	$t1, NET_BASE_KSEG1
	addu	$t0, $t0, $t1
	li	$t1, NET_RX_BUF
	mul	$t1, $t1, $t3
	la	$t2, net_rxbuf - KBASE
	addu	$t1, $t1, $t2
	sw	$t1, NET_RX_ADDR($t0)
	li	$t1, NET_RX_BUF
	sw	$t1, NET_RX_SIZE($t0)
	li	$t1, NET_CONTROL_RX_ENABLE | NET_CONTROL_RX_IE
	sw	$t1, NET_CONTROL($t0)
	li	$t1, NET_CMD_GO
	sw	$t1, NET_RX_CMD($t0)
	addiu	$t3, $t3, 1
	b	1b
2:	move	$v0, $a0
	jr	$ra

/* hal_net_mac(a0 = nic) -> v0 = MAC bytes 0..1, v1 = bytes 2..5 */
	.globl	hal_net_mac
hal_net_mac:
	sll	$t0, $a0, 12
	li	$t1, NET_BASE_KSEG1
	addu	$t0, $t0, $t1
	lw	$v0, NET_MAC_HI($t0)
	lw	$v1, NET_MAC_LO($t0)
	jr	$ra

/* hal_net_send(a0 = nic, a1 = kernel frame, a2 = length): waits for the transmitter */
	.globl	hal_net_send
hal_net_send:
	sll	$t0, $a0, 12
	li	$t1, NET_BASE_KSEG1
	addu	$t0, $t0, $t1
	li	$t1, KBASE
	subu	$a1, $a1, $t1
	sw	$a1, NET_TX_ADDR($t0)
	sw	$a2, NET_TX_LEN($t0)
	li	$t1, NET_CMD_GO
	sw	$t1, NET_TX_CMD($t0)
1:	lw	$t1, NET_STATUS($t0)
	andi	$t1, $t1, NET_STATUS_TX_BUSY
	bnez	$t1, 1b
	li	$t1, NET_STATUS_TX_DONE
	sw	$t1, NET_STATUS($t0)
	jr	$ra

/* hal_net_recv(a0 = nic, a1 = kernel buffer, a2 = max) -> length, 0 when nothing waits */
	.globl	hal_net_recv
hal_net_recv:
	sll	$t0, $a0, 12
	li	$t1, NET_BASE_KSEG1
	addu	$t0, $t0, $t1
	lw	$t1, NET_STATUS($t0)
	andi	$t1, $t1, NET_STATUS_RX_READY
	move	$v0, $zero
	beqz	$t1, 3f
	lw	$v0, NET_RX_LEN($t0)
	sltu	$t1, $v0, $a2
	bnez	$t1, 1f
	move	$v0, $a2
1:	li	$t1, NET_RX_BUF
	mul	$t1, $t1, $a0
	la	$t2, net_rxbuf
	addu	$t2, $t2, $t1
	move	$t3, $zero
2:	beq	$t3, $v0, 4f
	addu	$t1, $t2, $t3
	lbu	$t1, 0($t1)
	addu	$t4, $a1, $t3
	sb	$t1, 0($t4)
	addiu	$t3, $t3, 1
	b	2b
4:	li	$t1, NET_STATUS_RX_READY | NET_STATUS_RX_TRUNCATED
	sw	$t1, NET_STATUS($t0)
	li	$t1, NET_CMD_GO
	sw	$t1, NET_RX_CMD($t0)
3:	jr	$ra

	.bss
	.align	4
net_rxbuf:	.space	NET_RX_BUF * 2
	.text
#endif
