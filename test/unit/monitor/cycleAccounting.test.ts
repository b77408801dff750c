// Cycle accounting (Disco §2.2: guest user, guest kernel, monitor, idle), checked against
// workloads whose split is known by design rather than against the sum of the categories. In
// fast mode a CPU's clock advances one cycle per retired guest instruction; a privileged
// instruction or SYSCALL that traps does not retire: the monitor emulates it and charges the
// path lengths of the steps it took instead (fast mode: no cache stalls). So a category holds
// exactly the instructions the workload executes in that mode, or the steps of the monitor
// actions the workload causes. The steps are given distinct values so that one step charged twice,
// left out, or charged to the wrong category shows.
//
// Instructions of the common prologue (guestHarness.PROLOGUE) that retire in guest kernel mode:
// `la` (lui + addiu), `li $s7` (lui + ori), `li $s6` (lui), `j main` and its delay slot: 7. Its
// `mtc0 … EBase` traps. The HALT macro retires its two `li` (its SYSCALL traps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CostModel, DEFAULT_COSTS, MONITOR_SERVICES } from '../../../debug-adapter/monitor/costModel';
import type { CycleSplit } from '../../../debug-adapter/monitor/counters';
import { buildMonitor, PROLOGUE, runToEnd } from './guestHarness';

const PROLOGUE_RETIRED = 7;
const HALT_RETIRED = 2;
/** The harness's hardware (and virtual) TLB size: a full flush touches every entry. */
const TLB_ENTRIES = 16;

const COSTS: CostModel = {
  trapEntry: 3, trapExit: 5, specialPageField: 7, schedule: 11, interruptCheck: 13, deadline: 17, decode: 19,
  cp0Access: 23, advance: 29, l2tlbProbe: 31, vtlbProbePerEntry: 37, pmapLookup: 41, hardwareTlbWrite: 43,
  tlbWriteCheck: 47, vtlbWrite: 53, l2tlbWrite: 59, shootdown: 61, reflect: 67, monitorCall: 71, bufferCheck: 73,
  copyPer8Words: 79, zeroPer8Words: 83, pageAlloc: 89, pageFree: 97, vcpuSwitch: 1009, tlbFlushPerEntry: 101, migration: 103,
  numaMove: 107, numaShootdown: 109,
};
const c = COSTS;
/** The special page's writable fields (read back on entry) and those written on resume (+ Cause, pending). */
const SP_IN = 10;
const SP_OUT = 12;
/** Leaving the monitor when no vCPU runs next (run queue, deadline, exit). */
const RESUME_IDLE = c.schedule + c.deadline + c.trapExit;
/** Resuming a vCPU: also the interrupt check and the special page. */
const RESUME = RESUME_IDLE + c.interruptCheck + SP_OUT * c.specialPageField;
/** Entering the monitor from a running vCPU. */
const ENTRY = c.trapEntry + SP_IN * c.specialPageField;
/** A trap that returns to the same vCPU. */
const TRAP = ENTRY + RESUME;
/** Starting a vCPU on a CPU: contexts switched, the hardware TLB flushed, the vCPU resumed. */
const SWITCH_IN = c.vcpuSwitch + TLB_ENTRIES * c.tlbFlushPerEntry + RESUME;
/** A page allocated and zeroed (4096 bytes, 8 words per unrolled iteration). */
const ZEROED_PAGE = c.pageAlloc + 128 * c.zeroPer8Words;
/** A miss in the kseg0 window: both pages' pmap entries, one hardware TLB write. */
const WINDOW_FILL = TRAP + 2 * c.pmapLookup + c.hardwareTlbWrite;
/** Privileged instruction emulated with one virtual CP0 access (MTC0, MFC0). */
const EMULATED = TRAP + c.decode + c.cp0Access + c.advance;
/** ERET: Status written, EPC read, no advance (it jumps). */
const ERET = TRAP + c.decode + 2 * c.cp0Access;
/** MC_HALT: the VM ends, so the CPU leaves the monitor idle. */
const HALT_CALL = ENTRY + c.decode + c.monitorCall + c.advance + RESUME_IDLE;

interface Split {
  readonly vcpu: CycleSplit;
  readonly cpu: CycleSplit;
}

/** Runs one single-vCPU VM on one CPU to its HALT 0; the cycle split of its vCPU and of the CPU. */
function split(kernel: string): Split {
  const h = buildMonitor([{ kernel }], { cpus: 1, costs: COSTS });
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms[0]?.end, { kind: 'halt', code: 0 });
  const s = h.monitor.stats();
  const vcpu = s.vms[0]?.vcpus[0]?.cycles;
  const cpu = s.pcpus[0]?.cycles;
  assert.ok(vcpu !== undefined && cpu !== undefined);
  const byService = s.vms[0]?.vcpus[0]?.monitorByService;
  assert.ok(byService !== undefined);
  assert.equal(MONITOR_SERVICES.reduce((n, k) => n + byService[k], 0), vcpu.monitor, 'the per-service breakdown sums to the monitor cycles');
  return { vcpu, cpu };
}

/** A kernel loop of n iterations: `body` (if any), then addiu, bnez and its delay slot. */
const kernelLoop = (n: number, body = ''): string => `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 97
main:
	li $t0, ${n}
1:	${body}
	addiu $t0, $t0, -1
	bnez $t0, 1b
	nop
	HALT 0
`;

test('a kernel spinning N iterations: 3N + 10 guest kernel cycles, the monitor its five actions, no user or idle', () => {
  // Retired in kernel mode: prologue, li $t0, 3 per iteration, HALT's two li.
  // Monitor: the vCPU switched onto the CPU; the code's page pair filled through the kseg0
  // window, whose odd page the loader never wrote (allocated and zeroed then); MTC0 EBase; MC_HALT.
  const monitor = SWITCH_IN + WINDOW_FILL + ZEROED_PAGE + EMULATED + HALT_CALL;
  for (const n of [1000, 7000]) {
    const expected = { user: 0, kernel: PROLOGUE_RETIRED + 1 + 3 * n + HALT_RETIRED, monitor, idle: 0 };
    assert.deepEqual(split(kernelLoop(n)), { vcpu: expected, cpu: expected }, `N = ${n}`);
  }
});

/** The kernel drops to user mode at 0x00400000, which its refill handler maps onto the code at .org 0x2000. */
const userSpin = (m: number): string => `${PROLOGUE}
refill:
	REFILL_LINEAR 0x00400000, 0x102000
general:
	HALT 0
main:
	li $t0, 0x12               # KSU = user, EXL
	mtc0 $t0, $12
	li $t0, 0x00400000
	mtc0 $t0, $14
	eret
	.org 0x2000
	li $t0, ${m}
1:	addiu $t0, $t0, -1
	bnez $t0, 1b
	nop
	syscall
`;

test('a kernel that drops to user mode spinning M iterations: 3M + 1 guest user cycles, kernel and monitor unchanged by M', () => {
  // Kernel mode retires: prologue; main's two li; the refill vector's j + nop and REFILL_LINEAR's
  // li (lui), subu, srl, sll, li (lui + ori), addu, srl, sll, ori, addiu = 11; the general
  // vector's j + nop; HALT's two li.
  const kernel = PROLOGUE_RETIRED + 2 + 2 + 11 + 2 + HALT_RETIRED;
  // Monitor: switch; window fill of the kernel's code (its odd page holds code: nothing to zero);
  // MTC0 ×5 (EBase, Status, EPC, EntryLo0, EntryLo1) and MFC0 BadVAddr emulated, ERET ×2; TLBWR:
  // checked, written to the virtual TLB and the L2TLB, the stale pair shot down, both pages looked
  // up in the pmap (the odd one allocated and zeroed) and installed; the user fetch's miss (an
  // empty L2TLB slot, all 16 virtual TLB entries probed) and the user SYSCALL reflected; MC_HALT.
  const tlbwr = TRAP + c.decode + c.tlbWriteCheck + c.vtlbWrite + c.l2tlbWrite + c.shootdown + 2 * c.pmapLookup + c.hardwareTlbWrite + ZEROED_PAGE + c.advance;
  const userMiss = TRAP + c.l2tlbProbe + TLB_ENTRIES * c.vtlbProbePerEntry + c.reflect;
  const monitor = SWITCH_IN + WINDOW_FILL + 6 * EMULATED + 2 * ERET + tlbwr + userMiss + TRAP + c.reflect + HALT_CALL;
  for (const m of [1000, 7000]) {
    const expected = { user: 1 + 3 * m, kernel, monitor, idle: 0 };
    assert.deepEqual(split(userSpin(m)), { vcpu: expected, cpu: expected }, `M = ${m}`);
  }
});

test('K privileged instructions: each costs a trap, decode, one virtual CP0 access and the advance in the monitor, no guest cycle', () => {
  const base = SWITCH_IN + WINDOW_FILL + ZEROED_PAGE + EMULATED + HALT_CALL;
  for (const k of [100, 900]) {
    const expected = { user: 0, kernel: PROLOGUE_RETIRED + 1 + 3 * k + HALT_RETIRED, monitor: base + k * EMULATED, idle: 0 };
    assert.deepEqual(split(kernelLoop(k, 'mfc0 $t1, $12')), { vcpu: expected, cpu: expected }, `K = ${k}`);
  }
});

/** Sets a virtual timer of P cycles, enables IP5 and waits; the timer interrupt ends the run. */
const waitForTimer = (p: number): string => `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 0
main:
	li $a0, ${p}
	li $v0, MC_TIMER_SET
	MONITOR_CALL
	li $t0, 0x2001             # IM5 | IE
	mtc0 $t0, $12
	wait
	HALT 99
`;

test('WAIT on a virtual timer of P cycles: the CPU idles for P less the work done after setting it', () => {
  // Kernel mode retires: prologue; li $a0, li $v0, li $t0 (one instruction each for P < 0x10000);
  // the general vector's j + nop; HALT's two li.
  const kernel = PROLOGUE_RETIRED + 3 + 2 + HALT_RETIRED;
  // The period starts when MC_TIMER_SET runs. Before the CPU idles come that call's charge, one
  // instruction, the MTC0 Status emulation and WAIT's (after which the CPU leaves the monitor idle).
  const timerSet = TRAP + c.decode + c.monitorCall + c.advance;
  const wait = ENTRY + c.decode + c.cp0Access + c.advance + RESUME_IDLE;
  const busy = timerSet + 1 + EMULATED + wait;
  // Monitor: the switch at boot and again when the timer wakes the vCPU (which flushes the TLB,
  // so the code's page pair is filled twice); the zeroed odd page of the code's pair; MTC0 EBase;
  // the physical timer interrupt that ends the idle period (a trap entry with no vCPU); the virtual
  // interrupt reflected to the guest's general vector; MC_HALT.
  const monitor = 2 * SWITCH_IN + 2 * WINDOW_FILL + ZEROED_PAGE + EMULATED + busy - 1 + c.trapEntry + c.reflect + HALT_CALL;
  for (const p of [20_000, 60_000]) {
    const { vcpu, cpu } = split(waitForTimer(p));
    assert.deepEqual(vcpu, { user: 0, kernel, monitor, idle: 0 }, `P = ${p}: a vCPU is never idle, its CPU is`);
    assert.deepEqual({ ...cpu, idle: 0 }, vcpu, `P = ${p}: the CPU ran only this vCPU`);
    // The deadline is programmed into Compare, and Count runs at half the clock: the wake-up may
    // come one cycle after the deadline.
    assert.ok(cpu.idle >= p - busy && cpu.idle <= p - busy + 1, `P = ${p}: idle ${cpu.idle}, expected ${p - busy} or one more`);
  }
});

/**
 * N straight-line kernel instructions, no branch: a preemption in a branch delay slot makes the
 * branch run again on return (EPC points at the branch), which a loop would add to its count.
 */
const straightLine = (n: number): string => `${PROLOGUE}
refill:
	HALT 98
general:
	HALT 97
main:
	.rept ${n}
	addiu $t0, $t0, 1
	.endr
	HALT 0
`;

test('two VMs sharing one CPU in time slices: each vCPU keeps its own guest cycles, the CPU has their sum', () => {
  const lengths = [24_000, 40_000];
  // The default costs: a switch must cost less than a time slice for the slices to make progress.
  const h = buildMonitor(lengths.map((n) => ({ kernel: straightLine(n) })), { cpus: 1 });
  assert.equal(runToEnd(h).reason, 'halted');
  const s = h.monitor.stats();
  const vcpus = s.vms.map((vm) => vm.vcpus[0]?.cycles);
  const kernels = lengths.map((n) => PROLOGUE_RETIRED + n + HALT_RETIRED);
  assert.deepEqual(vcpus.map((v) => v?.kernel), kernels);
  assert.deepEqual(vcpus.map((v) => v?.user), [0, 0]);
  const cpu = s.pcpus[0];
  assert.ok(cpu !== undefined && cpu.switches >= 3, `a vCPU was preempted and resumed (${cpu?.switches} switches)`);
  assert.deepEqual({ kernel: cpu.cycles.kernel, user: cpu.cycles.user, idle: cpu.cycles.idle }, { kernel: kernels.reduce((a, b) => a + b), user: 0, idle: 0 });
  // All monitor time is spent for one vCPU or the other; every switch costs at least the model's switch.
  assert.equal(cpu.cycles.monitor, (vcpus[0]?.monitor ?? 0) + (vcpus[1]?.monitor ?? 0));
  assert.ok(cpu.cycles.monitor >= cpu.switches * (DEFAULT_COSTS.vcpuSwitch + TLB_ENTRIES * DEFAULT_COSTS.tlbFlushPerEntry));
});
