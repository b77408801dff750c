// The CP0 register file of one CPU (MIPS32 PRA, Vol. III Release 2, chapter 9): reset state,
// MFC0/MTC0 by (register, select) with each register's writable bits, and the two registers
// that move with time. Count advances once every two cycles (a cycle is one retired instruction
// or one idle/exception-entry cycle of the owning CPU), and Random counts down once per cycle
// from size-1 to Wired and wraps, both derived from the cycle number so they are deterministic
// and cost nothing per instruction. Side effects a write has on the CPU (mode, ASID, interrupt
// state) are reported to the caller as CP0_CHANGED_* flags.

import * as B from './cp0Bits';

/** MTC0 outcome flags. */
export const CP0_CHANGED_MODE = 1;
export const CP0_CHANGED_ASID = 2;
/** The interrupt state may have changed (Status, Cause, Compare). */
export const CP0_CHANGED_IRQ = 4;
/** ERL toggled: kuseg switched between mapped and unmapped. */
export const CP0_CHANGED_ERL = 8;

/** Everything a CP0 register file holds, as plain numbers. */
export interface Cp0Snapshot {
  readonly [field: string]: number;
}

/** Identity and environment of the CPU a Cp0 belongs to. */
export interface Cp0Options {
  /** EBase.CPUNum. */
  readonly cpuNum: number;
  readonly tlbSize: number;
  readonly bigEndian: boolean;
  /** The owning CPU's current cycle number. */
  readonly cycle: () => number;
  /** The CPU state holding UserLocal (read by RDHWR there) and the FPU enable (Status.CU1). */
  readonly state: { userLocal: number; cu1: boolean };
}

export class Cp0 {
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
  status = 0;
  intCtl = 0;
  /** Cause without the hardware IP2..IP7 bits (those come from `ipLines` and TI). */
  cause = 0;
  epc = 0;
  ebase = 0;
  config0 = 0;
  llAddr = 0;
  errorEpc = 0;
  tagLo = 0;
  dataLo = 0;
  tagHi = 0;
  dataHi = 0;
  /** Count = countBias + floor(cycle / 2). */
  countBias = 0;
  /** The cycle at which Random last read size-1. */
  randomBase = 0;
  /** Levels of the hardware interrupt lines IP2..IP6 (bit 0 = IP2), set by devices. */
  ipLines = 0;

  constructor(readonly options: Cp0Options) {
    this.reset();
  }

  /** The cold-reset state (Vol. III §9.1 "Reset"): BEV=1, ERL=1, kernel mode, TLB untouched. */
  reset(): void {
    this.index = 0;
    this.entryLo0 = 0;
    this.entryLo1 = 0;
    this.context = 0;
    this.pageMask = 0;
    this.wired = 0;
    this.hwrEna = 0;
    this.badVAddr = 0;
    this.entryHi = 0;
    this.compare = 0;
    this.status = B.STATUS_BEV | B.STATUS_ERL;
    this.options.state.cu1 = false;
    this.options.state.userLocal = 0;
    this.intCtl = B.INTCTL_FIXED;
    this.cause = 0;
    this.epc = 0;
    this.ebase = B.EBASE_FIXED | (this.options.cpuNum & 0x3ff);
    this.config0 = B.CONFIG0_BASE | (this.options.bigEndian ? B.CONFIG0_BE : 0) | B.CONFIG0_K0_RESET;
    this.llAddr = 0;
    this.errorEpc = 0;
    this.tagLo = this.dataLo = this.tagHi = this.dataHi = 0;
    this.countBias = 0;
    this.randomBase = this.options.cycle();
    this.ipLines = 0;
  }

  /** Count as MFC0 reads it now. */
  get count(): number {
    return (this.countBias + Math.floor(this.options.cycle() / 2)) | 0;
  }

  /** Random as MFC0 reads it now: size-1 down to Wired, one step per cycle. */
  get random(): number {
    const size = this.options.tlbSize;
    if (this.wired >= size) return size - 1;
    const span = size - this.wired;
    return size - 1 - ((this.options.cycle() - this.randomBase) % span);
  }

  /** The cycle (> now) at which Count next becomes equal to Compare. */
  nextTimerCycle(): number {
    const now = this.options.cycle();
    const half = Math.floor(now / 2);
    const d = (this.compare - ((this.countBias + half) | 0)) >>> 0;
    return 2 * (half + (d === 0 ? 0x100000000 : d));
  }

  /** Cause as MFC0 reads it: software bits, device lines on IP2..IP6, TI on IP7. */
  get causeValue(): number {
    const ti = this.cause & B.CAUSE_TI ? 1 : 0;
    return this.cause | ((this.ipLines & 0x1f) << 10) | (ti << 15);
  }

  /** The Cause.IP field (8 bits) now. */
  get pendingIp(): number {
    return (this.causeValue >>> B.CAUSE_IP_SHIFT) & 0xff;
  }

  /** An interrupt would be taken now: IE, not EXL/ERL, and an unmasked pending IP. */
  get interruptTaken(): boolean {
    const s = this.status;
    return (s & (B.STATUS_IE | B.STATUS_EXL | B.STATUS_ERL)) === B.STATUS_IE && ((s >>> B.STATUS_IM_SHIFT) & this.pendingIp & 0xff) !== 0;
  }

  /** WAIT ends: some interrupt is pending and unmasked by IM (IE/EXL/ERL do not hold it back). */
  get waitEnds(): boolean {
    return ((this.status >>> B.STATUS_IM_SHIFT) & this.pendingIp & 0xff) !== 0;
  }

  /** The current operating mode. */
  get mode(): B.Mode {
    return B.modeOf(this.status);
  }

  /** Current ASID (EntryHi.ASID). */
  get asid(): number {
    return this.entryHi & B.ENTRYHI_ASID;
  }

  /** MFC0 rt, rd, sel. Unimplemented registers read 0. */
  read(reg: number, sel: number): number {
    switch ((reg << 3) | sel) {
      case B.CP0_INDEX << 3:
        return this.index;
      case B.CP0_RANDOM << 3:
        return this.random;
      case B.CP0_ENTRYLO0 << 3:
        return this.entryLo0;
      case B.CP0_ENTRYLO1 << 3:
        return this.entryLo1;
      case B.CP0_CONTEXT << 3:
        return this.context;
      case (B.CP0_CONTEXT << 3) | 2:
        return this.options.state.userLocal;
      case B.CP0_PAGEMASK << 3:
        return this.pageMask;
      case B.CP0_WIRED << 3:
        return this.wired;
      case B.CP0_HWRENA << 3:
        return this.hwrEna;
      case B.CP0_BADVADDR << 3:
        return this.badVAddr;
      case B.CP0_COUNT << 3:
        return this.count;
      case B.CP0_ENTRYHI << 3:
        return this.entryHi;
      case B.CP0_COMPARE << 3:
        return this.compare;
      case B.CP0_STATUS << 3:
        return this.status;
      case (B.CP0_STATUS << 3) | 1:
        return this.intCtl;
      case B.CP0_CAUSE << 3:
        return this.causeValue;
      case B.CP0_EPC << 3:
        return this.epc;
      case B.CP0_PRID << 3:
        return B.PRID_24KF;
      case (B.CP0_PRID << 3) | 1:
        return this.ebase;
      case B.CP0_CONFIG << 3:
        return this.config0;
      case (B.CP0_CONFIG << 3) | 1:
        return (B.CONFIG1_BASE | ((this.options.tlbSize - 1) << B.CONFIG1_MMUSIZE_SHIFT)) | 0;
      case (B.CP0_CONFIG << 3) | 2:
        return B.CONFIG2_VALUE | 0;
      case (B.CP0_CONFIG << 3) | 3:
        return B.CONFIG3_VALUE;
      case B.CP0_LLADDR << 3:
        return this.llAddr;
      case B.CP0_TAGLO << 3:
        return this.tagLo;
      case (B.CP0_TAGLO << 3) | 1:
        return this.dataLo;
      case B.CP0_TAGHI << 3:
        return this.tagHi;
      case (B.CP0_TAGHI << 3) | 1:
        return this.dataHi;
      case B.CP0_ERROREPC << 3:
        return this.errorEpc;
      default:
        return 0;
    }
  }

  /** MTC0 rt, rd, sel: writes the register's writable bits; returns CP0_CHANGED_* flags. */
  write(reg: number, sel: number, v: number): number {
    switch ((reg << 3) | sel) {
      case B.CP0_INDEX << 3:
        this.index = (this.index & B.INDEX_P) | ((v >>> 0) % this.options.tlbSize);
        return 0;
      case B.CP0_ENTRYLO0 << 3:
        this.entryLo0 = v & B.ENTRYLO_WRITABLE;
        return 0;
      case B.CP0_ENTRYLO1 << 3:
        this.entryLo1 = v & B.ENTRYLO_WRITABLE;
        return 0;
      case B.CP0_CONTEXT << 3:
        this.context = (this.context & ~B.CONTEXT_PTEBASE) | (v & B.CONTEXT_PTEBASE);
        return 0;
      case (B.CP0_CONTEXT << 3) | 2:
        this.options.state.userLocal = v | 0;
        return 0;
      case B.CP0_PAGEMASK << 3:
        this.pageMask = validPageMask(v & B.PAGEMASK_WRITABLE);
        return 0;
      case B.CP0_WIRED << 3:
        this.wired = (v >>> 0) % this.options.tlbSize;
        this.randomBase = this.options.cycle();
        return 0;
      case B.CP0_HWRENA << 3:
        this.hwrEna = v & B.HWRENA_WRITABLE;
        return 0;
      case B.CP0_COUNT << 3:
        this.countBias = (v - Math.floor(this.options.cycle() / 2)) | 0;
        return CP0_CHANGED_IRQ;
      case B.CP0_ENTRYHI << 3: {
        const old = this.asid;
        this.entryHi = v & B.ENTRYHI_WRITABLE;
        return this.asid !== old ? CP0_CHANGED_ASID : 0;
      }
      case B.CP0_COMPARE << 3:
        this.compare = v | 0;
        this.cause &= ~B.CAUSE_TI;
        return CP0_CHANGED_IRQ;
      case B.CP0_STATUS << 3:
        return this.setStatus((this.status & ~B.STATUS_WRITABLE) | (v & B.STATUS_WRITABLE));
      case (B.CP0_STATUS << 3) | 1:
        this.intCtl = B.INTCTL_FIXED | (v & B.INTCTL_WRITABLE);
        return 0;
      case B.CP0_CAUSE << 3:
        this.cause = (this.cause & ~B.CAUSE_WRITABLE) | (v & B.CAUSE_WRITABLE);
        return CP0_CHANGED_IRQ;
      case B.CP0_EPC << 3:
        this.epc = v | 0;
        return 0;
      case (B.CP0_PRID << 3) | 1:
        this.ebase = (this.ebase & ~B.EBASE_WRITABLE) | (v & B.EBASE_WRITABLE);
        return 0;
      case B.CP0_CONFIG << 3:
        this.config0 = (this.config0 & ~B.CONFIG0_K0) | (v & B.CONFIG0_K0);
        return 0;
      case B.CP0_TAGLO << 3:
        this.tagLo = v | 0;
        return 0;
      case (B.CP0_TAGLO << 3) | 1:
        this.dataLo = v | 0;
        return 0;
      case B.CP0_TAGHI << 3:
        this.tagHi = v | 0;
        return 0;
      case (B.CP0_TAGHI << 3) | 1:
        this.dataHi = v | 0;
        return 0;
      case B.CP0_ERROREPC << 3:
        this.errorEpc = v | 0;
        return 0;
      default:
        return 0;
    }
  }

  /** Replaces Status and reports what changed (also used by exception entry and ERET). */
  setStatus(v: number): number {
    const old = this.status;
    this.status = v | 0;
    this.options.state.cu1 = (v & B.STATUS_CU1) !== 0;
    let changed = CP0_CHANGED_IRQ;
    if (B.modeOf(old) !== B.modeOf(v)) changed |= CP0_CHANGED_MODE;
    if ((old ^ v) & B.STATUS_ERL) changed |= CP0_CHANGED_ERL;
    return changed;
  }

  /** All fields for a snapshot. */
  save(): Cp0Snapshot {
    const out: Record<string, number> = {};
    for (const k of SAVED) out[k] = this[k];
    out.userLocal = this.options.state.userLocal;
    return out;
  }

  /** Restores fields saved by `save`. */
  load(s: Cp0Snapshot): void {
    for (const k of SAVED) this[k] = s[k] ?? 0;
    this.options.state.userLocal = s.userLocal ?? 0;
    this.options.state.cu1 = (this.status & B.STATUS_CU1) !== 0;
  }
}

const SAVED = [
  'index', 'entryLo0', 'entryLo1', 'context', 'pageMask', 'wired', 'hwrEna', 'badVAddr', 'entryHi', 'compare', 'status',
  'intCtl', 'cause', 'epc', 'ebase', 'config0', 'llAddr', 'errorEpc', 'tagLo', 'dataLo', 'tagHi', 'dataHi', 'countBias',
  'randomBase', 'ipLines',
] as const;

/** PageMask accepts 0, 0x6000, 0x1e000 … 0x1ffe000 (4 KiB..16 MiB); anything else reads back as 4 KiB. */
function validPageMask(m: number): number {
  const bits = m >>> 13;
  return (bits & (bits + 1)) === 0 && Math.clz32(bits) % 2 === 0 ? m : 0;
}
