// A CPU of the privileged machine in timing mode (machine.mode "timing"): MachineCpu whose clock
// `cycle` counts retired instructions, idle cycles and memory stalls, so Count/Compare, the board's
// timers and the event scheduler run on cycles. run(n) takes a budget of n cycles. Its translator
// classifies cacheability (kseg1, Config.K0, EntryLo.C): uncached accesses and device registers are
// charged through onUncached, cached ones through the caches; a change of Config.K0 drops the
// SoftTlb so kseg0 pages are classified again. docs/timing.md.

import type { StopReason } from '../cpu';
import type { Access } from '../softTlb';
import { CONFIG0_K0 } from '../priv/cp0Bits';
import type { TimingModel } from '../timing/timingModel';
import { type TimedCore, chargeFetchHit, chargeTranslated, runTimed } from '../timing/timedExecution';
import { MachineCpu, type MachineCpuOptions } from './machineCpu';

export class TimedMachineCpu extends MachineCpu implements TimedCore {
  readonly timing: TimingModel;

  constructor(o: MachineCpuOptions & { readonly timing: TimingModel }) {
    super(o);
    this.timing = o.timing;
    this.mmu.timed = true;
    const unit = this.privileged;
    if (unit !== undefined) {
      this.privileged = {
        ...unit,
        cop0: (cpu, word) => {
          const k0 = this.cp0.config0 & CONFIG0_K0;
          unit.cop0(cpu, word);
          if ((this.cp0.config0 & CONFIG0_K0) !== k0) this.mmu.flush();
        },
      };
    }
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
    chargeTranslated(this, pa, access, this.mmu.uncached);
    return pa;
  }
}
