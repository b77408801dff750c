// A Linux user-mode CPU in timing mode (`disco run --user --timing`): the Cpu with its clock in
// cycles (retired instructions + cache stalls) and every memory access charged to a one-CPU,
// one-node TimingModel. All of user memory is cached. Its compiled code must come from a
// CodeStore built with the timing variant. docs/timing.md.

import { Cpu, type CpuOptions, type StopReason } from '../cpu';
import type { Access } from '../softTlb';
import type { TimingModel } from './timingModel';
import { type TimedCore, chargeFetchHit, chargeTranslated, runTimed } from './timedExecution';

export class TimedCpu extends Cpu implements TimedCore {
  readonly timing: TimingModel;
  /** Its CPU number in the model. */
  readonly index = 0;
  /** Stall cycles so far. */
  cycleBias = 0;

  constructor(options: CpuOptions & { readonly timing: TimingModel }) {
    super(options);
    this.timing = options.timing;
  }

  /** Cycles so far: retired instructions plus stalls. */
  get cycles(): number {
    return this.state.icount + this.cycleBias;
  }

  /** Runs up to maxCycles cycles (not instructions). */
  override run(maxCycles: number): StopReason {
    return runTimed(this, maxCycles, this.isBreakpoint);
  }

  override fetch(pc: number): number {
    const pa = chargeFetchHit(this, pc);
    return pa < 0 ? super.fetch(pc) : (this.memory.m32[pa >>> 2] as number);
  }

  override translate(va: number, access: Access): number {
    const pa = super.translate(va, access);
    chargeTranslated(this, pa, access, false);
    return pa;
  }
}
