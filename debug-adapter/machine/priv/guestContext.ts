// What the virtualization assist (guestMode.ts) needs from its owner for one virtual CPU, in
// the terms of the MIPS VZ ASE (Vol. IV-i): the guest CP0 copy, the guest TLB, the root map from
// guest-physical to machine pages (the role of VZ's root TLB), and which privileged sensitive
// instructions leave guest mode (GPSI exits). The owner (the Disco monitor) implements it; the
// machine only calls it. Guest exits are exceptions with ExcCode GE (EXC_GE, exceptions.ts);
// GuestExit says why.

import type { Mode } from './cp0Bits';
import type { ExceptionCp0 } from './exceptionEntry';
import type { JointTlb } from './tlb';

/** GuestCtl0.GExcCode: a guest privileged sensitive instruction the root emulates. */
export const GEXC_GPSI = 0;
/** GuestCtl0.GExcCode: a guest-physical address the root map does not give (VZ GPA). */
export const GEXC_GPA = 10;

/** The guest CP0 copy: the registers the assist reads and writes directly. */
export interface GuestCp0 extends ExceptionCp0 {
  index: number;
  entryLo0: number;
  entryLo1: number;
  pageMask: number;
  hwrEna: number;
  errorEpc: number;
  readonly mode: Mode;
  readonly asid: number;
  /** An interrupt is deliverable now: IE, not EXL/ERL, and an injected line unmasked by IM. */
  readonly interruptDeliverable: boolean;
}

/** What the assist did for one virtual CPU without the root (plain data). */
export interface GuestCounters {
  /** Guest exceptions entered at the guest's vectors, by ExcCode mnemonic. */
  readonly exceptions: Record<string, number>;
  /** Privileged instructions executed against the guest CP0 and TLB, by mnemonic. */
  readonly assisted: Record<string, number>;
  /** Injected interrupts taken by the guest. */
  interrupts: number;
}

export const newGuestCounters = (): GuestCounters => ({ exceptions: {}, assisted: {}, interrupts: 0 });

/** The owner's side of one virtual CPU run in guest mode. */
export interface GuestContext {
  readonly cp0: GuestCp0;
  readonly tlb: JointTlb;
  readonly counters: GuestCounters;
  /** MFC0 of a register that does not exit. */
  mfc0(reg: number, sel: number): number;
  /** MTC0 of a register that does not exit. */
  mtc0(reg: number, sel: number, value: number): void;
  /** True when MFC0 (write false) or MTC0 (write true) of (reg, sel) is a GPSI exit. */
  exits(reg: number, sel: number, write: boolean): boolean;
  /** The TLB entry TLBWR writes. */
  random(): number;
  /** The machine page holding guest-physical page gppn for this access, or -1 for a GPA exit. */
  rootPage(gppn: number, store: boolean): number;
  /** The machine page gppn maps to now, or -1; never allocates (debugger probes). */
  rootPeek(gppn: number): number;
}

/** Why the last guest exit happened (overwritten by each exit). */
export interface GuestExit {
  code: number;
  /** GPA exits: the guest-physical address and the access kind (0 load, 1 store, 2 fetch). */
  gpa: number;
  access: number;
}
