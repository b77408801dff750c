// The guest-visible architectural state of one MIPS32r2 CPU (Vol. I §2.2, Vol. II): GPRs, HI/LO,
// PC with the branch-delay-slot state, the CP1 FPU registers in FR=0 mode (o32: a double lives
// in an even/odd pair, low word in the even register), FIR/FCSR, the LL reservation and
// UserLocal. It holds no emulator caches (those live in SoftTlb and the block cache), so that
// saving and restoring it is a plain copy. Privileged CP0 state will sit beside it.

/** FIR (FCR0) of QEMU's default 24Kf: F64, L, W, D, S present; processor id 0x93, rev 0. */
export const FIR_24KF = 0x00739300;

export class CpuState {
  /** General-purpose registers; gpr[0] is always 0. */
  readonly gpr = new Int32Array(32);
  hi = 0;
  lo = 0;
  /** Address of the next instruction to execute. */
  pc = 0;
  /** Address of the instruction after it: pc + 4, or the branch target while pc is a delay slot. */
  npc = 4;
  /** The instruction at pc is the delay slot of a branch at pc - 4 (Cause.BD if it faults). */
  inDelaySlot = false;
  /** Retired instructions (exact; a faulting instruction does not retire). */
  icount = 0;

  /** CP1 registers as 32-bit words (FR=0). */
  readonly fpr = new Int32Array(32);
  /** FCSR (FCR31): condition codes, FS, cause/enables/flags, RM. */
  fcr31 = 0;
  /** FIR (FCR0), read-only. */
  fcr0 = FIR_24KF;
  /** Status.CU1: the FPU may be used. */
  cu1 = true;

  /** Virtual address of the last LL, or -1 when no reservation is held (LLbit clear). */
  llAddr = -1;
  /** The word LL read, compared by SC as QEMU does. */
  llValue = 0;
  /** CP0 UserLocal, read by RDHWR $29 (set by the set_thread_area system call in user mode). */
  userLocal = 0;

  /** Copies every architectural field (for snapshots and differential checks). */
  copyFrom(o: CpuState): void {
    this.gpr.set(o.gpr);
    this.hi = o.hi;
    this.lo = o.lo;
    this.pc = o.pc;
    this.npc = o.npc;
    this.inDelaySlot = o.inDelaySlot;
    this.icount = o.icount;
    this.fpr.set(o.fpr);
    this.fcr31 = o.fcr31;
    this.fcr0 = o.fcr0;
    this.cu1 = o.cu1;
    this.llAddr = o.llAddr;
    this.llValue = o.llValue;
    this.userLocal = o.userLocal;
  }

  /** Sets the PC to start a fresh instruction stream there (not in a delay slot). */
  jumpTo(pc: number): void {
    this.pc = pc | 0;
    this.npc = (pc + 4) | 0;
    this.inDelaySlot = false;
  }
}
