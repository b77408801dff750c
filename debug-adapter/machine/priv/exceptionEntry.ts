// Hardware exception entry and ERET (MIPS32 PRA, Vol. III §6.2 "Exceptions", general exception
// processing pseudocode, and ERET in Vol. II). Entry records EPC and Cause.BD unless EXL is
// already set, writes Cause.ExcCode/CE, BadVAddr for address and TLB exceptions, Context.BadVPN2
// and EntryHi.VPN2 for TLB exceptions, sets EXL and picks the vector: TLB refill at offset 0x000
// only when EXL was clear, interrupts at 0x200 when Cause.IV, everything else at 0x180; the base
// is 0xBFC00200 while Status.BEV, else EBase. Address errors raised by the segment check also
// record the address in Context/EntryHi (UNPREDICTABLE in the manual; what QEMU does).

import { EXC_ADEL, EXC_ADES, EXC_INT, EXC_MOD, EXC_TLBL, EXC_TLBS, type ExceptionRecord } from '../exceptions';
import type { Cp0 } from './cp0';
import * as B from './cp0Bits';

/** An exception as the machine takes it: the CPU's record plus what only the MMU knows. */
export interface MachineException extends ExceptionRecord {
  /** A TLBL/TLBS with no matching entry (the refill vector applies while EXL = 0). */
  readonly refill: boolean;
  /** Raised by address translation (segment check or TLB), not by an alignment check. */
  readonly translation: boolean;
}

/** The CP0 registers exception entry reads and writes (a CPU's CP0, or a guest CP0 copy). */
export type ExceptionCp0 = Pick<Cp0, 'status' | 'cause' | 'epc' | 'badVAddr' | 'context' | 'entryHi' | 'ebase' | 'setStatus'>;

/** The vector address and the CP0 updates of one exception, applied to cp0; returns the new PC. */
export function enterException(cp0: ExceptionCp0, e: MachineException): number {
  const status = cp0.status;
  const exl = (status & B.STATUS_EXL) !== 0;
  let cause = cp0.cause & ~(B.CAUSE_EXCCODE | B.CAUSE_CE);
  if (!exl) {
    cp0.epc = e.epc;
    cause = e.inDelaySlot ? cause | B.CAUSE_BD : cause & ~B.CAUSE_BD;
  }
  cause |= (e.excCode << B.CAUSE_EXCCODE_SHIFT) | ((e.coprocessor & 3) << B.CAUSE_CE_SHIFT);
  cp0.cause = cause;
  const code = e.excCode;
  if ((code === EXC_ADEL || code === EXC_ADES || code === EXC_TLBL || code === EXC_TLBS || code === EXC_MOD) && e.badVAddr !== undefined) {
    cp0.badVAddr = e.badVAddr | 0;
    // Context and EntryHi are UNPREDICTABLE after an address error; like QEMU, a segment
    // violation found by translation records the address there too, a misalignment does not.
    if (e.translation) {
      cp0.context = (cp0.context & B.CONTEXT_PTEBASE) | ((e.badVAddr >>> 13) << B.CONTEXT_BADVPN2_SHIFT);
      cp0.entryHi = (e.badVAddr & B.ENTRYHI_VPN2) | (cp0.entryHi & B.ENTRYHI_ASID);
    }
  }
  cp0.setStatus(status | B.STATUS_EXL);
  let offset = 0x180;
  if (e.refill && !exl) offset = 0;
  else if (code === EXC_INT && cp0.cause & B.CAUSE_IV) offset = 0x200;
  const base = status & B.STATUS_BEV ? 0xbfc00200 | 0 : cp0.ebase & 0xfffff000;
  return (base + offset) | 0;
}

/** ERET: leaves ERL (to ErrorEPC) or EXL (to EPC); returns the PC and the CP0_CHANGED_* flags. */
export function returnFromException(cp0: Cp0): { readonly pc: number; readonly changed: number } {
  const status = cp0.status;
  if (status & B.STATUS_ERL) return { changed: cp0.setStatus(status & ~B.STATUS_ERL), pc: cp0.errorEpc };
  return { changed: cp0.setStatus(status & ~B.STATUS_EXL), pc: cp0.epc };
}
