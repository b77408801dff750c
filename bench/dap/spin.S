# The debug adapter benchmark's endless guest (disco bench dap): a tight loop that never stops,
# for the latency of requests answered while a guest runs flat out.
	.set	noreorder
	.text
	.globl	__start
__start:
	addiu	$t0, $t0, 1
	b	__start
	nop
