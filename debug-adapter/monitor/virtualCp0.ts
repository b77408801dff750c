// The virtual CP0 of one vCPU: the privileged registers the guest kernel believes it has
// (MIPS32 PRA Vol. III chapter 9), read and written by the emulated MFC0/MTC0 and by virtual
// exception entry. Cause.IP2..IP7 come from the vCPU's virtual interrupt lines; Count runs with
// the physical clock at half rate like the machine's; Random counts down over the vCPU's
// instructions. Values that are machine-only (LLAddr, TagLo…) read as the hardware would.

import * as B from '../machine/priv/cp0Bits';
import type { GuestCp0 } from '../machine/priv/guestContext';
import { GUEST_LAYOUT } from './abi';

/** The time and identity a virtual CP0 reads. */
export interface VirtualCp0Env {
  /** The physical clock now (cycles). */
  now(): number;
  /** Pending virtual interrupt lines in Cause bit positions (IP2..IP7). */
  lines(): number;
  readonly vcpuId: number;
  readonly tlbSize: number;
  readonly bigEndian: boolean;
}

/** What an MTC0 changed, for the emulator. */
export const VCP0_ASID = 1;
export const VCP0_IRQ = 2;
export const VCP0_COMPARE = 4;
export const VCP0_STATUS = 8;

const FIELDS = [
  'index', 'entryLo0', 'entryLo1', 'context', 'pageMask', 'wired', 'hwrEna', 'badVAddr', 'entryHi', 'compare', 'status',
  'intCtl', 'cause', 'epc', 'ebase', 'config0', 'errorEpc', 'tagLo', 'dataLo', 'tagHi', 'dataHi', 'countBias', 'userLocal',
  'randomBase',
] as const;

/** The saved form of a virtual CP0. */
export type VirtualCp0State = Readonly<Record<(typeof FIELDS)[number], number>>;

export class VirtualCp0 implements GuestCp0 {
  index = 0;
  entryLo0 = 0;
  entryLo1 = 0;
  context = 0;
  pageMask = 0;
  wired = 0;
  hwrEna = 0;
  badVAddr = 0;
  entryHi = 0;
  compare = 0;
  /** Virtual Status: starts in kernel mode with BEV = ERL = EXL = IE = 0 (guest ABI §6). */
  status = 0;
  intCtl = B.INTCTL_FIXED;
  /** ExcCode, CE, BD, IV and the software IP0/IP1 bits; IP2..IP7 come from env.lines(). */
  cause = 0;
  epc = 0;
  ebase: number;
  config0: number;
  errorEpc = 0;
  tagLo = 0;
  dataLo = 0;
  tagHi = 0;
  dataHi = 0;
  countBias = 0;
  userLocal = 0;
  /** Instruction count at which Random last read size-1. */
  randomBase = 0;

  constructor(private readonly env: VirtualCp0Env) {
    this.ebase = (GUEST_LAYOUT.GUEST_EBASE_RESET | env.vcpuId) | 0;
    this.config0 = B.CONFIG0_BASE | (env.bigEndian ? B.CONFIG0_BE : 0) | B.CONFIG0_K0_RESET;
  }

  /** Virtual Count now. */
  get count(): number {
    return (this.countBias + Math.floor(this.env.now() / 2)) | 0;
  }

  /** Random for a vCPU that has retired `icount` instructions. */
  random(icount: number): number {
    const size = this.env.tlbSize;
    if (this.wired >= size) return size - 1;
    return size - 1 - ((icount - this.randomBase) % (size - this.wired));
  }

  /** Cause as MFC0 reads it. */
  get causeValue(): number {
    return (this.cause & ~(0xfc << B.CAUSE_IP_SHIFT)) | this.env.lines();
  }

  /** The guest's current mode (kernel while EXL or ERL). */
  get mode(): B.Mode {
    return B.modeOf(this.status);
  }

  /** The guest's ASID. */
  get asid(): number {
    return this.entryHi & B.ENTRYHI_ASID;
  }

  /** A virtual interrupt is deliverable now. */
  get interruptDeliverable(): boolean {
    const s = this.status;
    if ((s & (B.STATUS_IE | B.STATUS_EXL | B.STATUS_ERL)) !== B.STATUS_IE) return false;
    return ((s & B.STATUS_IM) & (this.causeValue & B.STATUS_IM)) !== 0;
  }

  /** WAIT may continue: an interrupt is pending and unmasked by IM. */
  get waitEnds(): boolean {
    return ((this.status & B.STATUS_IM) & (this.causeValue & B.STATUS_IM)) !== 0;
  }

  /** Replaces Status (exception entry and ERET of the virtualization assist); no emulator side effects to report. */
  setStatus(v: number): number {
    this.status = v | 0;
    return 0;
  }

  /** MFC0 rd, sel for a vCPU that has retired `icount` instructions. */
  read(reg: number, sel: number, icount: number): number {
    switch ((reg << 3) | sel) {
      case B.CP0_INDEX << 3: return this.index;
      case B.CP0_RANDOM << 3: return this.random(icount);
      case B.CP0_ENTRYLO0 << 3: return this.entryLo0;
      case B.CP0_ENTRYLO1 << 3: return this.entryLo1;
      case B.CP0_CONTEXT << 3: return this.context;
      case (B.CP0_CONTEXT << 3) | 2: return this.userLocal;
      case B.CP0_PAGEMASK << 3: return this.pageMask;
      case B.CP0_WIRED << 3: return this.wired;
      case B.CP0_HWRENA << 3: return this.hwrEna;
      case B.CP0_BADVADDR << 3: return this.badVAddr;
      case B.CP0_COUNT << 3: return this.count;
      case B.CP0_ENTRYHI << 3: return this.entryHi;
      case B.CP0_COMPARE << 3: return this.compare;
      case B.CP0_STATUS << 3: return this.status;
      case (B.CP0_STATUS << 3) | 1: return this.intCtl;
      case B.CP0_CAUSE << 3: return this.causeValue;
      case B.CP0_EPC << 3: return this.epc;
      case B.CP0_PRID << 3: return B.PRID_24KF;
      case (B.CP0_PRID << 3) | 1: return this.ebase;
      case B.CP0_CONFIG << 3: return this.config0;
      case (B.CP0_CONFIG << 3) | 1: return (B.CONFIG1_BASE | ((this.env.tlbSize - 1) << B.CONFIG1_MMUSIZE_SHIFT)) | 0;
      case (B.CP0_CONFIG << 3) | 2: return B.CONFIG2_VALUE | 0;
      case (B.CP0_CONFIG << 3) | 3: return B.CONFIG3_VALUE;
      case B.CP0_TAGLO << 3: return this.tagLo;
      case (B.CP0_TAGLO << 3) | 1: return this.dataLo;
      case B.CP0_TAGHI << 3: return this.tagHi;
      case (B.CP0_TAGHI << 3) | 1: return this.dataHi;
      case B.CP0_ERROREPC << 3: return this.errorEpc;
      default: return 0;
    }
  }

  /** MTC0 rd, sel, v; returns VCP0_* flags. */
  write(reg: number, sel: number, v: number, icount: number): number {
    switch ((reg << 3) | sel) {
      case B.CP0_INDEX << 3: this.index = (this.index & B.INDEX_P) | ((v >>> 0) % this.env.tlbSize); return 0;
      case B.CP0_ENTRYLO0 << 3: this.entryLo0 = v & B.ENTRYLO_WRITABLE; return 0;
      case B.CP0_ENTRYLO1 << 3: this.entryLo1 = v & B.ENTRYLO_WRITABLE; return 0;
      case B.CP0_CONTEXT << 3: this.context = (this.context & ~B.CONTEXT_PTEBASE) | (v & B.CONTEXT_PTEBASE); return 0;
      case (B.CP0_CONTEXT << 3) | 2: this.userLocal = v | 0; return 0;
      case B.CP0_PAGEMASK << 3: this.pageMask = validPageMask(v & B.PAGEMASK_WRITABLE); return 0;
      case B.CP0_WIRED << 3: this.wired = (v >>> 0) % this.env.tlbSize; this.randomBase = icount; return 0;
      case B.CP0_HWRENA << 3: this.hwrEna = v & B.HWRENA_WRITABLE; return 0;
      case B.CP0_COUNT << 3: this.countBias = (v - Math.floor(this.env.now() / 2)) | 0; return VCP0_COMPARE;
      case B.CP0_ENTRYHI << 3: {
        const old = this.asid;
        this.entryHi = v & B.ENTRYHI_WRITABLE;
        return this.asid !== old ? VCP0_ASID : 0;
      }
      case B.CP0_COMPARE << 3: this.compare = v | 0; return VCP0_COMPARE;
      case B.CP0_STATUS << 3: this.status = (this.status & ~B.STATUS_WRITABLE) | (v & B.STATUS_WRITABLE); return VCP0_STATUS | VCP0_IRQ;
      case (B.CP0_STATUS << 3) | 1: this.intCtl = B.INTCTL_FIXED | (v & B.INTCTL_WRITABLE); return 0;
      case B.CP0_CAUSE << 3: this.cause = (this.cause & ~B.CAUSE_WRITABLE) | (v & B.CAUSE_WRITABLE); return VCP0_IRQ;
      case B.CP0_EPC << 3: this.epc = v | 0; return 0;
      case (B.CP0_PRID << 3) | 1: {
        const base = v & 0xfffff000;
        if (base >>> 0 >= GUEST_LAYOUT.GUEST_KSEG0_BASE && base >>> 0 < GUEST_LAYOUT.SPECIAL_PAGE_VADDR) this.ebase = (base | this.env.vcpuId) | 0;
        return 0;
      }
      case B.CP0_CONFIG << 3: this.config0 = (this.config0 & ~B.CONFIG0_K0) | (v & B.CONFIG0_K0); return 0;
      case B.CP0_TAGLO << 3: this.tagLo = v | 0; return 0;
      case (B.CP0_TAGLO << 3) | 1: this.dataLo = v | 0; return 0;
      case B.CP0_TAGHI << 3: this.tagHi = v | 0; return 0;
      case (B.CP0_TAGHI << 3) | 1: this.dataHi = v | 0; return 0;
      case B.CP0_ERROREPC << 3: this.errorEpc = v | 0; return 0;
      default: return 0;
    }
  }

  save(): VirtualCp0State {
    const out = {} as Record<(typeof FIELDS)[number], number>;
    for (const k of FIELDS) out[k] = this[k];
    return out;
  }

  load(s: VirtualCp0State): void {
    for (const k of FIELDS) this[k] = s[k];
  }
}

/** PageMask accepts 4 KiB..16 MiB patterns; anything else reads back as 4 KiB (as the machine). */
function validPageMask(m: number): number {
  const bits = m >>> 13;
  return (bits & (bits + 1)) === 0 && Math.clz32(bits) % 2 === 0 ? m : 0;
}
