// Execution in timing mode, shared by the Linux user-mode CPU (TimedCpu) and the privileged
// machine's CPU (TimedMachineCpu): the run loop with its budget in cycles (retired instructions +
// stall cycles, so Count/Compare, the board's timers and the event scheduler run on cycles), and
// the charges of the slow paths — an instruction fetched by the stepper, and every access that
// goes through translation (SoftTlb misses, uncached segments and pages, device registers).
// Compiled code charges its fast paths itself (codegen/timingEmit.ts). docs/timing.md.

import type { Cpu, StopReason } from '../cpu';
import { ACCESS_FETCH, ACCESS_LOAD, type Access } from '../softTlb';
import { STEP_HERE } from '../codegen/codeCache';
import type { TimingModel } from './timingModel';

/**
 * onUncached charges addresses beyond memory at the local latency: device registers sit on the
 * CPU's own board, so a device access is charged as this address.
 */
export const DEVICE_ACCESS_PA = 0xfffff000;

/** A CPU in timing mode: the model it charges, its index there, and its stall cycles. */
export interface TimedCore extends Cpu {
  readonly timing: TimingModel;
  readonly index: number;
  /** Cycles not spent retiring instructions; timing mode adds every stall here. */
  cycleBias: number;
}

/**
 * Cpu.run with the budget in cycles: runs until icount + cycleBias reaches its value at entry +
 * maxCycles (the last instruction may end past it by its own stall), or a breakpoint or halt.
 * Since every instruction costs at least one cycle, it never retires more than maxCycles. Every
 * tier (interpreter, stepper, compiled regions) checks the budget before each instruction that
 * may follow a stall, so where a chunk ends does not depend on what was compiled.
 */
export function runTimed(cpu: TimedCore, maxCycles: number, isBreakpoint: (va: number) => boolean): StopReason {
  const S = cpu.state;
  const limit = S.icount + cpu.cycleBias + maxCycles;
  const ft = cpu.tlb.fetchTag;
  const fa = cpu.tlb.fetchAdd;
  let first = true;
  while (S.icount + cpu.cycleBias < limit) {
    if (cpu.halted !== undefined) return 'halted';
    const pc = S.pc;
    if (!first && cpu.breakpointAt(pc)) return 'breakpoint';
    first = false;
    if (cpu.useInterpreter) {
      cpu.dispatch(pc, limit);
      continue;
    }
    if (S.inDelaySlot || !cpu.useRegions) {
      cpu.step();
      continue;
    }
    const i = (pc >>> 12) & 4095;
    if (ft[i] !== (pc & -4093)) {
      cpu.step();
      continue;
    }
    const pa = ((fa[i] as number) + pc) | 0;
    const r = cpu.code.cache.quick(pa, pc) ?? cpu.code.region(pc, pa, isBreakpoint);
    if (r === STEP_HERE) {
      cpu.step();
      continue;
    }
    const before = S.icount;
    r.fn(cpu, limit, r.block);
    if (S.icount === before && S.pc === pc) cpu.step();
  }
  return cpu.halted !== undefined ? 'halted' : 'budget';
}

/**
 * The stepper's fetch of pc when the SoftTlb holds its page: charges the I-cache and returns the
 * physical address; -1 when the slow path (translation, which charges) must run instead.
 */
export function chargeFetchHit(cpu: TimedCore, pc: number): number {
  if (pc & 3) return -1;
  const i = (pc >>> 12) & 4095;
  if (cpu.tlb.fetchTag[i] !== (pc & -4096)) return -1;
  const pa = ((cpu.tlb.fetchAdd[i] as number) + pc) | 0;
  cpu.cycleBias += cpu.timing.fetchFrom(cpu.index, pa);
  return pa;
}

/** Charges one translated access at pa: uncached (segment, page attribute or device) or through the caches. */
export function chargeTranslated(cpu: TimedCore, pa: number, access: Access, uncached: boolean): void {
  const t = cpu.timing;
  const c = cpu.index;
  if (!cpu.memory.isRam(pa, 1)) cpu.cycleBias += t.onUncached(c, DEVICE_ACCESS_PA);
  else if (uncached) cpu.cycleBias += t.onUncached(c, pa);
  else if (access === ACCESS_LOAD) cpu.cycleBias += t.onLoad(c, pa, 1);
  else if (access === ACCESS_FETCH) cpu.cycleBias += t.fetchFrom(c, pa);
  else cpu.cycleBias += t.onStore(c, pa, 1);
}
