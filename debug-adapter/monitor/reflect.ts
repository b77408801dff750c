// Virtual exceptions (Disco §1.1): an exception the guest must see is delivered at the guest's
// own vectors with the virtual CP0 updated as the hardware would (MIPS32 PRA Vol. III §6.2):
// EPC and Cause.BD only while virtual EXL is clear, ExcCode/CE, BadVAddr for address and TLB
// exceptions, Context.BadVPN2 and EntryHi.VPN2 for TLB exceptions; then EXL is set and the guest
// continues at EBase + 0x000 (TLB refill while EXL was clear), + 0x200 (interrupt with Cause.IV)
// or + 0x180. The physical CPU keeps running the vCPU, now in virtual kernel mode.

import { EXC_ADEL, EXC_ADES, EXC_INT, EXC_MOD, EXC_TLBL, EXC_TLBS, excCodeName } from '../machine/exceptions';
import * as B from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import type { MachineCpu } from '../machine/system/machineCpu';
import type { MonitorCore } from './core';
import { reflectWork } from './monitorSteps';
import type { Vcpu } from './vcpu';

/** Cause.ExcCode of a machine check: the monitor's answer to an entry naming memory the VM lacks. */
export const EXC_MCHECK = 24;

/** An exception as the guest will see it. */
export interface VirtualException {
  readonly excCode: number;
  readonly badVAddr?: number | undefined;
  /** A TLB miss with no guest entry: the refill vector applies while virtual EXL = 0. */
  readonly refill: boolean;
  /** EPC: the faulting instruction, or the branch when it sits in a delay slot. */
  readonly epc: number;
  readonly inDelaySlot: boolean;
  readonly coprocessor?: number;
  /** Address errors found by the segment check also record the address in Context/EntryHi. */
  readonly translation?: boolean;
}

/** The virtual form of an exception the machine raised while the guest ran. */
export function fromMachine(exc: MachineException, excCode = exc.excCode, refill = exc.refill): VirtualException {
  return {
    excCode,
    badVAddr: exc.badVAddr,
    refill,
    epc: exc.epc,
    inDelaySlot: exc.inDelaySlot,
    coprocessor: exc.coprocessor,
    translation: exc.translation,
  };
}

/** Delivers e to v's guest kernel; the CPU continues at the guest's vector. */
export function reflect(core: MonitorCore, v: Vcpu, cpu: MachineCpu, e: VirtualException): void {
  const c = v.cp0;
  const exl = (c.status & B.STATUS_EXL) !== 0;
  let cause = c.cause & ~(B.CAUSE_EXCCODE | B.CAUSE_CE);
  if (!exl) {
    c.epc = e.epc | 0;
    cause = e.inDelaySlot ? cause | B.CAUSE_BD : cause & ~B.CAUSE_BD;
  }
  c.cause = cause | (e.excCode << B.CAUSE_EXCCODE_SHIFT) | (((e.coprocessor ?? 0) & 3) << B.CAUSE_CE_SHIFT);
  const code = e.excCode;
  const tlb = code === EXC_TLBL || code === EXC_TLBS || code === EXC_MOD;
  if ((tlb || code === EXC_ADEL || code === EXC_ADES) && e.badVAddr !== undefined) {
    c.badVAddr = e.badVAddr | 0;
    if (tlb || e.translation === true) {
      c.context = (c.context & B.CONTEXT_PTEBASE) | ((e.badVAddr >>> 13) << B.CONTEXT_BADVPN2_SHIFT);
      c.entryHi = (e.badVAddr & B.ENTRYHI_VPN2) | (c.entryHi & B.ENTRYHI_ASID);
    }
  }
  c.status |= B.STATUS_EXL;
  let offset = 0x180;
  if (e.refill && !exl) offset = 0;
  else if (code === EXC_INT && c.cause & B.CAUSE_IV) offset = 0x200;
  cpu.state.jumpTo(((c.ebase & 0xfffff000) + offset) | 0);
  v.counters.reflectedExceptions++;
  reflectWork(core, v);
  core.emit('reflect', v, cpu.cycle, () => `${excCodeName(code)} to 0x${(((c.ebase & 0xfffff000) + offset) >>> 0).toString(16)}, EPC 0x${(c.epc >>> 0).toString(16)}`, code);
}

/** Delivers a pending virtual interrupt at the point the vCPU would resume. */
export function deliverInterrupt(core: MonitorCore, v: Vcpu, cpu: MachineCpu): void {
  v.counters.interrupts++;
  reflect(core, v, cpu, { excCode: EXC_INT, refill: false, epc: cpu.state.pc, inDelaySlot: false });
}
