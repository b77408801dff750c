// Guest exceptions (MIPS32 PRA, Vol. III §6.2, Cause.ExcCode values) as a first-class value.
// Instruction semantics raise a GuestException before changing any architectural state; the
// CPU's stepper catches it and hands it to the ExceptionSink of the machine it runs in (the
// Linux user-mode personality now, the CP0 exception entry of the privileged machine later),
// together with the faulting PC and whether it sat in a branch delay slot (EPC/Cause.BD).

/** Cause.ExcCode values, named as in the MIPS32 manual. */
export const EXC_INT = 0;
export const EXC_MOD = 1;
export const EXC_TLBL = 2;
export const EXC_TLBS = 3;
export const EXC_ADEL = 4;
export const EXC_ADES = 5;
export const EXC_IBE = 6;
export const EXC_DBE = 7;
export const EXC_SYS = 8;
export const EXC_BP = 9;
export const EXC_RI = 10;
export const EXC_CPU = 11;
export const EXC_OV = 12;
export const EXC_TR = 13;
export const EXC_FPE = 15;
/** Guest exit of the virtualization assist (MIPS VZ's GE; machine/priv/guestContext.ts). */
export const EXC_GE = 27;

const NAMES: Record<number, string> = {
  [EXC_INT]: 'Int',
  [EXC_MOD]: 'Mod',
  [EXC_TLBL]: 'TLBL',
  [EXC_TLBS]: 'TLBS',
  [EXC_ADEL]: 'AdEL',
  [EXC_ADES]: 'AdES',
  [EXC_IBE]: 'IBE',
  [EXC_DBE]: 'DBE',
  [EXC_SYS]: 'Sys',
  [EXC_BP]: 'Bp',
  [EXC_RI]: 'RI',
  [EXC_CPU]: 'CpU',
  [EXC_OV]: 'Ov',
  [EXC_TR]: 'Tr',
  [EXC_FPE]: 'FPE',
  [EXC_GE]: 'GE',
};

/** The manual's mnemonic of an ExcCode (`AdEL`, `Ov`…). */
export function excCodeName(code: number): string {
  return NAMES[code] ?? `ExcCode${code}`;
}

/**
 * A synchronous guest exception raised by an instruction (thrown, caught by the CPU's run loop).
 * It is control flow — every system call, TLB miss and, under the monitor, every trapped
 * privileged instruction throws one — not a host error, so it is not an Error: building an
 * Error (its message, its host stack trace) cost more than the trap it reports.
 */
export class GuestException {
  readonly name = 'GuestException';

  /**
   * @param excCode Cause.ExcCode
   * @param badVAddr the faulting virtual address for address/TLB exceptions, else undefined
   * @param coprocessor Cause.CE for CpU (coprocessor unit number)
   */
  constructor(
    readonly excCode: number,
    readonly badVAddr?: number,
    readonly coprocessor = 0,
  ) {}

  /** `CpU`, `TLBL at 0x00400000`…, for a GuestException that escapes by mistake. */
  get message(): string {
    return `${excCodeName(this.excCode)}${this.badVAddr === undefined ? '' : ` at 0x${(this.badVAddr >>> 0).toString(16).padStart(8, '0')}`}`;
  }

  toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

/** What an exception looked like when it was taken: the record handed to an ExceptionSink. */
export interface ExceptionRecord {
  readonly excCode: number;
  readonly badVAddr: number | undefined;
  readonly coprocessor: number;
  /** Address of the faulting instruction. */
  readonly pc: number;
  /** The faulting instruction sat in a branch delay slot (Cause.BD); EPC is then pc - 4. */
  readonly inDelaySlot: boolean;
  /** EPC as the architecture defines it: the branch's address when inDelaySlot. */
  readonly epc: number;
  /** The address the instruction would have continued at, had it completed (branch target in a delay slot). */
  readonly nextPc: number;
}
