// One virtual CPU (Disco §1.1): a process-table-like record holding the saved registers while
// it is not on a physical CPU, the virtual CP0, the virtual TLB, the L2TLB, the pending virtual
// interrupt lines, its scheduling state (the CPU it is queued on, which changes when it migrates)
// and its counters. Loading it onto a MachineCpu copies the registers in; saving copies them out.

import type { MachineCpu } from '../machine/system/machineCpu';
import { L2Tlb, type L2TlbState } from './l2tlb';
import { newVcpuCounters, type VcpuCounters } from './counters';
import { VirtualCp0, type VirtualCp0State } from './virtualCp0';
import { VirtualTlb } from './vtlb';
import type { TlbEntry, TlbSnapshot } from '../machine/priv/tlb';

/** runnable: wants a CPU; idle: in WAIT until a virtual interrupt; stopped: its VM halted. */
export type VcpuRunState = 'runnable' | 'idle' | 'stopped';

/** How the monitor answered a hardware TLB miss: filled from the window or special page, from a guest entry, or reflected. */
export type TlbMissOutcome = 'window-fill' | 'guest-entry-fill' | 'reflected-refill' | 'reflected-invalid' | 'reflected-mod' | 'address-error';

/** The last hardware TLB miss of a vCPU, for the debugger (overwritten in place, not saved). */
export interface TlbMissRecord {
  va: number;
  store: boolean;
  cycle: number;
  /** undefined until the first miss (and after a restore). */
  outcome: TlbMissOutcome | undefined;
  /** The guest entry (L2TLB or virtual TLB) that served or was found invalid. */
  entry: TlbEntry | undefined;
}

/** The saved form of a vCPU. */
export interface VcpuState {
  readonly gpr: readonly number[];
  readonly hi: number;
  readonly lo: number;
  readonly pc: number;
  readonly fpr: readonly number[];
  readonly fcr31: number;
  readonly icount: number;
  readonly lines: number;
  readonly run: VcpuRunState;
  readonly timerPeriod: number;
  readonly timerNext: number;
  readonly compareAt: number;
  readonly pcpu: number;
  readonly leftAt: number;
  readonly cp0: VirtualCp0State;
  readonly vtlb: { readonly entryHi: number[]; readonly entryLo0: number[]; readonly entryLo1: number[]; readonly pageMask: number[] };
  readonly l2tlb: L2TlbState;
  readonly counters: VcpuCounters;
}

export interface VcpuOptions {
  readonly vmId: number;
  readonly id: number;
  readonly globalId: number;
  readonly tlbSize: number;
  readonly l2tlbEntries: number;
  readonly bigEndian: boolean;
  readonly pcpu: number;
  /** The clock (cycles) of physical CPU p. */
  readonly now: (p: number) => number;
}

export class Vcpu {
  readonly vmId: number;
  /** Number within the VM (EBase.CPUNum). */
  readonly id: number;
  /** Number across all VMs. */
  readonly globalId: number;
  readonly cp0: VirtualCp0;
  readonly vtlb: VirtualTlb;
  readonly l2tlb: L2Tlb;
  /** The physical CPU this vCPU is queued on (changes when it migrates). */
  pcpu: number;
  /** Cycle (on its CPU's clock) at which it last left a CPU. */
  leftAt = 0;
  /** Pending virtual interrupt lines IP2..IP7 in Cause bit positions. */
  lines = 0;
  run: VcpuRunState = 'runnable';
  readonly gpr = new Int32Array(32);
  hi = 0;
  lo = 0;
  pc = 0;
  readonly fpr = new Int32Array(32);
  fcr31 = 0;
  /** Instructions this vCPU retired (guest instructions and emulated ones). */
  icount = 0;
  /** MC_TIMER_SET period in cycles (0 = off) and the cycle of its next tick. */
  timerPeriod = 0;
  timerNext = 0;
  /** Cycle of the next virtual Count = Compare match. */
  compareAt = 2 * 0x100000000;
  /** Machine page of the special page. */
  specialMppn = -1;
  counters: VcpuCounters = newVcpuCounters();
  readonly lastMiss: TlbMissRecord = { va: 0, store: false, cycle: 0, outcome: undefined, entry: undefined };

  constructor(o: VcpuOptions) {
    this.vmId = o.vmId;
    this.id = o.id;
    this.globalId = o.globalId;
    this.pcpu = o.pcpu;
    this.vtlb = new VirtualTlb(o.tlbSize);
    this.l2tlb = new L2Tlb(o.l2tlbEntries);
    this.cp0 = new VirtualCp0({ now: () => o.now(this.pcpu), lines: () => this.lines, vcpuId: o.id, tlbSize: o.tlbSize, bigEndian: o.bigEndian });
  }

  /** Copies the saved registers onto a physical CPU (the LL bit is clear after a switch). */
  loadOnto(cpu: MachineCpu): void {
    const s = cpu.state;
    s.gpr.set(this.gpr);
    s.hi = this.hi;
    s.lo = this.lo;
    s.fpr.set(this.fpr);
    s.fcr31 = this.fcr31;
    s.userLocal = this.cp0.userLocal;
    cpu.clearReservation();
    s.jumpTo(this.pc);
  }

  /** Copies the registers of a physical CPU into the record (pc = where it resumes). */
  saveFrom(cpu: MachineCpu): void {
    const s = cpu.state;
    this.gpr.set(s.gpr);
    this.hi = s.hi;
    this.lo = s.lo;
    this.fpr.set(s.fpr);
    this.fcr31 = s.fcr31;
    this.pc = s.pc;
  }

  save(): VcpuState {
    const t: TlbSnapshot = this.vtlb.save();
    return {
      gpr: Array.from(this.gpr),
      hi: this.hi,
      lo: this.lo,
      pc: this.pc,
      fpr: Array.from(this.fpr),
      fcr31: this.fcr31,
      icount: this.icount,
      lines: this.lines,
      run: this.run,
      timerPeriod: this.timerPeriod,
      timerNext: this.timerNext,
      compareAt: this.compareAt,
      pcpu: this.pcpu,
      leftAt: this.leftAt,
      cp0: this.cp0.save(),
      vtlb: { entryHi: Array.from(t.entryHi), entryLo0: Array.from(t.entryLo0), entryLo1: Array.from(t.entryLo1), pageMask: Array.from(t.pageMask) },
      l2tlb: this.l2tlb.save(),
      counters: structuredClone(this.counters),
    };
  }

  load(s: VcpuState): void {
    this.gpr.set(s.gpr);
    this.hi = s.hi;
    this.lo = s.lo;
    this.pc = s.pc;
    this.fpr.set(s.fpr);
    this.fcr31 = s.fcr31;
    this.icount = s.icount;
    this.lines = s.lines;
    this.run = s.run;
    this.timerPeriod = s.timerPeriod;
    this.timerNext = s.timerNext;
    this.compareAt = s.compareAt;
    this.pcpu = s.pcpu;
    this.leftAt = s.leftAt;
    this.cp0.load(s.cp0);
    this.vtlb.load({
      entryHi: Int32Array.from(s.vtlb.entryHi),
      entryLo0: Int32Array.from(s.vtlb.entryLo0),
      entryLo1: Int32Array.from(s.vtlb.entryLo1),
      pageMask: Int32Array.from(s.vtlb.pageMask),
    });
    this.l2tlb.load(s.l2tlb);
    this.counters = structuredClone(s.counters);
    this.lastMiss.outcome = undefined;
    this.lastMiss.entry = undefined;
  }
}
