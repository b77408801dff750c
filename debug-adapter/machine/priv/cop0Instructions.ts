// The COP0 opcode space (MIPS32 Vol. II: MFC0, MTC0, DI, EI, RDPGPR, WRPGPR, TLBR, TLBWI,
// TLBWR, TLBP, ERET, DERET, WAIT), CACHE and the HWREna check of RDHWR, run by the stepper on a privileged CPU. Outside
// kernel mode they raise CpU (Cause.CE = 0) unless Status.CU0 is set; unknown encodings are
// reserved instructions. Side effects on the emulator follow each write: SoftTlb maintenance
// for mode/ASID/TLB changes, and a yield to the machine whenever interrupt state may change.

import { EXC_CPU, EXC_RI, GuestException } from '../exceptions';
import type { CpuState } from '../cpuState';
import { CP0_CHANGED_ASID, CP0_CHANGED_ERL, CP0_CHANGED_IRQ, CP0_CHANGED_MODE, type Cp0 } from './cp0';
import { INDEX_P, MODE_KERNEL, STATUS_CU0, STATUS_IE } from './cp0Bits';
import { returnFromException } from './exceptionEntry';
import type { PrivilegedTranslator } from './privilegedTranslator';
import type { JointTlb } from './tlb';

/** What the COP0 instructions act on: one CPU of the privileged machine. */
export interface PrivilegedCore {
  readonly state: CpuState;
  readonly cp0: Cp0;
  readonly jtlb: JointTlb;
  readonly mmu: PrivilegedTranslator;
  /** Clears the LL bit (ERET). */
  clearReservation(): void;
  /** Makes the CPU return to the machine before its next instruction. */
  requestYield(): void;
  /** WAIT: idle until an interrupt is pending. */
  enterWait(): void;
}

/** COP0 instructions and CACHE may run: kernel mode or Status.CU0 (else they raise CpU, CE 0). */
export function cp0Usable(core: PrivilegedCore): boolean {
  return core.cp0.mode === MODE_KERNEL || (core.cp0.status & STATUS_CU0) !== 0;
}

/** CpU unless kernel mode or Status.CU0. */
function requireCp0(core: PrivilegedCore): void {
  if (!cp0Usable(core)) throw new GuestException(EXC_CPU, undefined, 0);
}

/** Applies the emulator side effects of CP0_CHANGED_* flags. */
export function applyCp0Changes(core: PrivilegedCore, changed: number, oldMode: number): void {
  if (changed & CP0_CHANGED_ERL) core.mmu.flush();
  else {
    if (changed & CP0_CHANGED_MODE && core.cp0.mode > oldMode) core.mmu.modeLowered();
    if (changed & CP0_CHANGED_ASID) core.mmu.mappingChanged();
  }
  if (changed & CP0_CHANGED_IRQ) core.requestYield();
}

/** The entry TLBR and TLBWI name: Index's index field, without P (a TLBP miss leaves P set). */
function indexedEntry(core: PrivilegedCore): number {
  return (core.cp0.index & ~INDEX_P) % core.jtlb.size;
}

function tlbInstruction(core: PrivilegedCore, funct: number): void {
  const { cp0, jtlb } = core;
  switch (funct) {
    case 1: {
      const e = jtlb.read(indexedEntry(core));
      const oldAsid = cp0.asid;
      cp0.entryHi = e.entryHi;
      cp0.entryLo0 = e.entryLo0;
      cp0.entryLo1 = e.entryLo1;
      cp0.pageMask = e.pageMask;
      if (cp0.asid !== oldAsid) core.mmu.mappingChanged();
      return;
    }
    case 2:
    case 6:
      core.mmu.writeEntry(funct === 2 ? indexedEntry(core) : cp0.random, cp0.entryHi, cp0.entryLo0, cp0.entryLo1, cp0.pageMask);
      return;
    case 8: {
      const i = jtlb.find(cp0.entryHi, cp0.asid);
      cp0.index = i < 0 ? INDEX_P | (cp0.index & ~INDEX_P) : i;
      return;
    }
    default:
      throw new GuestException(EXC_RI);
  }
}

/** Executes a COP0-opcode instruction word (the PC already points past it). */
export function executeCop0(core: PrivilegedCore, w: number): void {
  requireCp0(core);
  const { cp0, state } = core;
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  if (rs >= 16) {
    // CO format: QEMU decodes rs = 0x10 only, so WAIT's code field is bits 20:6 there; a word
    // with bits 24:21 set (`wait 0x7ffff`) is a reserved instruction, as on QEMU.
    if (rs !== 16) throw new GuestException(EXC_RI);
    const funct = w & 63;
    if (funct === 24) {
      const oldMode = cp0.mode;
      const { pc, changed } = returnFromException(cp0);
      core.clearReservation();
      state.jumpTo(pc);
      applyCp0Changes(core, changed, oldMode);
      return;
    }
    if (funct === 32) {
      core.enterWait();
      return;
    }
    tlbInstruction(core, funct);
    return;
  }
  switch (rs) {
    case 0:
      if (w & 0x7f8) break;
      if (rt !== 0) state.gpr[rt] = cp0.read(rd, w & 7);
      return;
    case 4: {
      if (w & 0x7f8) break;
      const oldMode = cp0.mode;
      applyCp0Changes(core, cp0.write(rd, w & 7, state.gpr[rt] as number), oldMode);
      return;
    }
    case 10:
      if (w & 0x7ff) break;
      if (rd !== 0) state.gpr[rd] = state.gpr[rt] as number;
      return;
    case 11: {
      if (rd !== 12 || (w & 0x7df) !== 0) break;
      const old = cp0.status;
      if (rt !== 0) state.gpr[rt] = old;
      applyCp0Changes(core, cp0.setStatus(w & 0x20 ? old | STATUS_IE : old & ~STATUS_IE), cp0.mode);
      return;
    }
    case 14:
      if (w & 0x7ff) break;
      if (rd !== 0) state.gpr[rd] = state.gpr[rt] as number;
      return;
  }
  throw new GuestException(EXC_RI);
}

/** RDHWR rd is allowed: kernel mode, Status.CU0, or HWREna bit rd set (Vol. II RDHWR). */
export function hwrAllowed(core: PrivilegedCore, rd: number): boolean {
  const cp0 = core.cp0;
  return cp0.mode === MODE_KERNEL || (cp0.status & STATUS_CU0) !== 0 || ((cp0.hwrEna >>> rd) & 1) === 1;
}

/** CACHE: a timed no-op, privileged like CP0 accesses. */
export function executeCache(core: PrivilegedCore): void {
  requireCp0(core);
}
