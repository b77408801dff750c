# The debug adapter benchmark's guest kernel (disco bench dap): vCPU 0 stores one word to every
# page of its VM above the kernel's first 2 MB, so every page of the pmap is mapped, then idles.
#include <disco/monitor.h>

	.set	noreorder
	.text
	.globl	__start
__start:
	li	$s7, SPECIAL_PAGE_VADDR
	lw	$s1, SP_VCPU_ID($s7)
	bnez	$s1, idle
	nop
	lw	$t1, SP_MEM_SIZE($s7)
	li	$t2, GUEST_KSEG0_BASE
	addu	$t1, $t1, $t2		# end of the VM's kernel window
	li	$t0, GUEST_KSEG0_BASE + 0x200000
touch:
	sw	$t0, 0($t0)
	li	$t3, 4096
	addu	$t0, $t0, $t3
	bne	$t0, $t1, touch
	nop
	.globl	touched
touched:
idle:
	wait
	b	idle
	nop
