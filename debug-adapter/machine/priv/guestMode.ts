// The virtualization assist of the machine (MIPS VZ ASE in spirit, docs/linux-vm.md): a guest
// mode a physical CPU runs a virtual CPU in. `enter(ctx)` swaps the CPU's translator and
// privileged unit for the guest's (guestTranslator.ts, guestCop0.ts), so the guest kernel runs
// in its own kernel mode with kseg0/kseg1 reaching guest-physical memory through the root map.
// Guest exceptions enter the guest CP0 at the guest's vectors (`deliver`) and injected
// interrupts are taken when the guest CP0 allows them (`interrupt`), all without the root; root
// interrupts and guest exits (ExcCode GE) go to the machine's exception hook as before. Off
// (never entered), nothing of the machine changes.

import type { PrivilegedUnit } from '../cpu';
import { EXC_GE, EXC_INT, EXC_TLBL, EXC_TLBS, excCodeName, type ExceptionRecord } from '../exceptions';
import type { MachineCpu } from '../system/machineCpu';
import { MODE_KERNEL, STATUS_CU0, STATUS_CU1, STATUS_ERL } from './cp0Bits';
import { enterException } from './exceptionEntry';
import type { GuestContext, GuestExit } from './guestContext';
import { executeGuestCache, executeGuestCop0 } from './guestCop0';
import { GuestTranslator } from './guestTranslator';

/** The guest state whose change affects the SoftTlb: mode, ERL, ASID. */
export interface GuestTranslationState {
  readonly mode: number;
  readonly erl: boolean;
  readonly asid: number;
}

export class GuestMode {
  /** The virtual CPU running now, or undefined outside guest mode. */
  ctx: GuestContext | undefined;
  readonly exit: GuestExit = { code: 0, gpa: 0, access: 0 };
  readonly translator: GuestTranslator;
  private readonly unit: PrivilegedUnit;
  private readonly rootUnit: PrivilegedUnit | undefined;

  constructor(readonly cpu: MachineCpu) {
    this.translator = new GuestTranslator(cpu.tlb, cpu.host, this.exit);
    this.rootUnit = cpu.privileged;
    this.unit = {
      cop0: (_cpu, w) => executeGuestCop0(this, w),
      cacheOp: () => executeGuestCache(this),
      hwrAllowed: (_cpu, rd) => this.hwrAllowed(rd),
    };
  }

  /** Runs ctx's virtual CPU on this CPU from its next instruction (its registers are already loaded). */
  enter(ctx: GuestContext): void {
    if (this.ctx === ctx) return;
    this.ctx = ctx;
    this.translator.ctx = ctx;
    this.translator.flush();
    const cpu = this.cpu;
    cpu.translator = this.translator;
    cpu.privileged = this.unit;
    cpu.guest = this;
    this.syncFpuEnable();
  }

  /** Back to root mode: the CPU's own translator and privileged unit. */
  leave(): void {
    if (this.ctx === undefined) return;
    this.ctx = undefined;
    this.translator.ctx = undefined;
    const cpu = this.cpu;
    cpu.translator = cpu.mmu;
    cpu.privileged = this.rootUnit;
    cpu.guest = undefined;
    cpu.mmu.flush();
  }

  /** The guest's translation state now (compare with `translationChanged`). */
  translationState(): GuestTranslationState {
    const c = (this.ctx as GuestContext).cp0;
    return { mode: c.mode, erl: (c.status & STATUS_ERL) !== 0, asid: c.asid };
  }

  /** Keeps the SoftTlb and the FPU enable coherent after guest CP0 changed from `before`. */
  translationChanged(before: GuestTranslationState): void {
    const after = this.translationState();
    if (after.erl !== before.erl) this.translator.flush();
    else {
      if (after.mode > before.mode) this.translator.modeLowered();
      if (after.asid !== before.asid) this.translator.mappingChanged();
    }
    this.syncFpuEnable();
  }

  /** Status.CU1 of the guest enables the CPU's FPU. */
  private syncFpuEnable(): void {
    this.cpu.state.cu1 = (((this.ctx as GuestContext).cp0.status & STATUS_CU1) !== 0);
  }

  /** RDHWR rd in guest mode: guest kernel mode, guest CU0, or the guest's HWREna bit. */
  private hwrAllowed(rd: number): boolean {
    const c = (this.ctx as GuestContext).cp0;
    return c.mode === MODE_KERNEL || (c.status & STATUS_CU0) !== 0 || ((c.hwrEna >>> rd) & 1) === 1;
  }

  /**
   * Takes an exception the CPU raised in guest mode: a guest exception enters the guest at its
   * vector (true); root interrupts and guest exits are the root's (false).
   */
  deliver(r: ExceptionRecord): boolean {
    const ctx = this.ctx;
    if (ctx === undefined || r.excCode === EXC_GE || r.excCode === EXC_INT) return false;
    const translation = this.translator.takeFault();
    const tlb = r.excCode === EXC_TLBL || r.excCode === EXC_TLBS;
    const name = excCodeName(r.excCode);
    ctx.counters.exceptions[name] = (ctx.counters.exceptions[name] ?? 0) + 1;
    const before = this.translationState();
    this.cpu.state.jumpTo(enterException(ctx.cp0, { ...r, refill: tlb && this.translator.lastWasRefill, translation }));
    this.translationChanged(before);
    return true;
  }

  /** An injected interrupt is deliverable to the guest now. */
  get interruptPending(): boolean {
    return this.ctx !== undefined && this.ctx.cp0.interruptDeliverable;
  }

  /** Enters the guest's interrupt vector before the CPU's next instruction. */
  interrupt(): void {
    const ctx = this.ctx as GuestContext;
    const S = this.cpu.state;
    ctx.counters.interrupts++;
    const before = this.translationState();
    const pc = enterException(ctx.cp0, {
      excCode: EXC_INT, badVAddr: undefined, coprocessor: 0, pc: S.pc, inDelaySlot: S.inDelaySlot,
      epc: S.inDelaySlot ? (S.pc - 4) | 0 : S.pc, nextPc: S.npc, refill: false, translation: false,
    });
    S.jumpTo(pc);
    this.translationChanged(before);
  }
}
