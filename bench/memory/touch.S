# The host-memory benchmark's guest kernel (disco bench memory): vCPU 0 stores one word to every
# page of its VM but the one this code fills (the loader filled that one), so the whole VM is
# backed by machine pages, then halts the VM with code 0.
#include <disco/monitor.h>

	.set	noreorder
	.text
	.globl	__start
__start:
	li	$s7, SPECIAL_PAGE_VADDR
	lw	$s1, SP_VCPU_ID($s7)
	bnez	$s1, idle
	nop
	li	$t0, GUEST_KSEG0_BASE
	li	$t1, GUEST_TEXT_BASE
	bal	touch			# the pages below this code
	nop
	li	$t0, GUEST_TEXT_BASE + 4096	# the page after this code
	lw	$t1, SP_MEM_SIZE($s7)
	li	$t2, GUEST_KSEG0_BASE
	bal	touch			# up to the end of the VM's kernel window
	addu	$t1, $t1, $t2
	li	$a0, 0
	li	$v0, MC_HALT
	MONITOR_CALL
idle:
	wait
	b	idle
	nop

# Stores one word to each page of [$t0, $t1).
touch:
	sw	$t0, 0($t0)
	li	$t3, 4096
	addu	$t0, $t0, $t3
	bne	$t0, $t1, touch
	nop
	jr	$ra
	nop
