# The trap round trip of `disco bench guest`: vCPU 0 of a one-vCPU VM reads Count with MFC0
# 1,000,000 times (each one traps to the monitor, which emulates it against the virtual CP0),
# then halts the VM with code 0.
#include <disco/monitor.h>

	.set	noreorder
	.text
	.globl	__start
__start:
	li	$t1, 1000000
loop:
	mfc0	$t0, $9
	addiu	$t1, $t1, -1
	bnez	$t1, loop
	nop
	li	$a0, 0
	li	$v0, MC_HALT
	MONITOR_CALL
1:	b	1b
	nop
