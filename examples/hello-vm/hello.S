# A tiny guest kernel for the Disco monitor (guest ABI: docs/guest-abi.md). Every vCPU reads
# its VM and vCPU numbers from the special page, vCPU 0 prints a greeting through the
# MC_CONSOLE_WRITE monitor call and halts the VM with MC_HALT; other vCPUs idle in WAIT.
#include <disco/monitor.h>

	.set	noreorder
	.text
	.globl	__start
__start:
	li	$s7, SPECIAL_PAGE_VADDR
	lw	$s0, SP_VM_ID($s7)
	lw	$s1, SP_VCPU_ID($s7)
	bnez	$s1, idle
	nop
	la	$t0, digit		# patch the VM number into the message
	addiu	$t1, $s0, '0'
	sb	$t1, 0($t0)
	la	$a0, msg		# guest-physical address = kernel virtual - GUEST_KSEG0_BASE
	li	$t2, GUEST_KSEG0_BASE
	subu	$a0, $a0, $t2
	li	$a1, msg_end - msg
	li	$v0, MC_CONSOLE_WRITE
	MONITOR_CALL
	li	$a0, 0
	li	$v0, MC_HALT
	MONITOR_CALL
idle:
	wait
	b	idle
	nop

	.data
msg:	.ascii	"Hello from Disco VM "
digit:	.ascii	"?"
	.ascii	"\n"
msg_end:
