// One CPU of the privileged machine: the CPU core (Cpu) with its CP0, joint TLB and privileged
// translator, plus the slow-path memory accesses the machine needs — MMIO to the device bus,
// bus errors (DBE) for physical addresses no device decodes, watchpoint checks, and LL/SC with a
// real LL bit that ERET and other CPUs' stores to the reserved line clear (Vol. II LL/SC). Its
// clock: `cycle` = retired instructions + idle cycles spent in WAIT or offline.

import { Cpu, type ExceptionSink } from '../cpu';
import { EXC_ADEL, EXC_ADES, EXC_DBE, GuestException } from '../exceptions';
import type { PhysicalMemory } from '../physicalMemory';
import { ACCESS_LOAD, ACCESS_STORE, type Access } from '../softTlb';
import type { CodeStore } from '../codegen/codeStore';
import { Cp0 } from '../priv/cp0';
import { type PrivilegedCore, cp0Usable, executeCache, executeCop0, hwrAllowed } from '../priv/cop0Instructions';
import { type PagePolicy, PrivilegedTranslator } from '../priv/privilegedTranslator';
import { JointTlb } from '../priv/tlb';
import type { GuestMode } from '../priv/guestMode';

/** LL/SC reservation granule: a 32-byte cache line. */
export const LL_LINE_MASK = ~31;

/** The machine services a CPU's slow paths call. */
export interface CpuHost extends PagePolicy {
  /** A load from a device register: the value, or undefined for a bus error. */
  mmioRead(pa: number, size: 1 | 2 | 4, cpu: number): number | undefined;
  /** A store to a device register: false for a bus error. */
  mmioWrite(pa: number, size: 1 | 2 | 4, value: number, cpu: number): boolean;
  /** A slow-path data access to RAM or MMIO: watchpoints, and stores break other CPUs' reservations. */
  noteAccess(cpu: MachineCpu, pa: number, size: number, store: boolean): void;
  /** An LL on pa: its page must take the store slow path on every CPU. */
  reserve(cpu: MachineCpu, pa: number): void;
}

export interface MachineCpuOptions {
  readonly index: number;
  readonly memory: PhysicalMemory;
  readonly code: CodeStore;
  readonly tlbSize: number;
  readonly host: CpuHost;
  readonly sink: ExceptionSink;
}

export class MachineCpu extends Cpu implements PrivilegedCore {
  readonly index: number;
  readonly cp0: Cp0;
  readonly jtlb: JointTlb;
  readonly mmu: PrivilegedTranslator;
  /** Cycles not spent retiring instructions (WAIT, offline). */
  cycleBias = 0;
  /** In WAIT: idles until an interrupt is pending. */
  waiting = false;
  /** Out of reset; an offline CPU only lets time pass. */
  online = true;
  /** Physical address of the LL reservation, or -1 (LL bit clear). */
  llPa = -1;
  /** Cycle of the next Count = Compare match. */
  timerAt = 0;
  /** The virtualization assist while the CPU runs a virtual CPU in guest mode (priv/guestMode.ts). */
  guest: GuestMode | undefined = undefined;
  readonly host: CpuHost;

  constructor(o: MachineCpuOptions) {
    super({ memory: o.memory, code: o.code, translator: { translate: () => 0, probe: () => -1 }, sink: o.sink });
    this.index = o.index;
    this.host = o.host;
    this.cp0 = new Cp0({ cpuNum: o.index, tlbSize: o.tlbSize, bigEndian: o.memory.bigEndian, cycle: () => this.cycle, state: this.state });
    this.jtlb = new JointTlb(o.tlbSize);
    this.mmu = new PrivilegedTranslator(this.cp0, this.jtlb, o.host);
    this.mmu.soft = this.tlb;
    this.translator = this.mmu;
    this.privileged = {
      cop0: (_cpu, w) => executeCop0(this, w),
      cacheOp: () => executeCache(this),
      hwrAllowed: (_cpu, rd) => hwrAllowed(this, rd),
      cp0Usable: () => cp0Usable(this),
    };
    this.timerAt = this.cp0.nextTimerCycle();
  }

  /** The CPU's clock in cycles. */
  get cycle(): number {
    return this.state.icount + this.cycleBias;
  }

  /** Lets time pass without executing (WAIT, offline) up to `cycle`. */
  idleTo(cycle: number): void {
    if (cycle > this.cycle) this.cycleBias += cycle - this.cycle;
  }

  requestYield(): void {
    this.timerAt = this.cp0.nextTimerCycle();
    this.halt('yield');
  }

  enterWait(): void {
    this.waiting = true;
    this.halt('yield');
  }

  override clearReservation(): void {
    this.state.llAddr = -1;
    this.llPa = -1;
  }

  /** Translates and classifies a data access: RAM pa, or MMIO pa (outside RAM: beyond it or in the board's I/O hole), or DBE. */
  private resolve(va: number, size: number, access: Access): number {
    if (va & (size - 1)) throw new GuestException(access === ACCESS_STORE ? EXC_ADES : EXC_ADEL, va);
    const pa = this.translate(va, access);
    if (this.memory.isRam(pa, size)) {
      this.host.noteAccess(this, pa, size, access === ACCESS_STORE);
      return pa;
    }
    // Device registers may change interrupt levels: return to the machine after this instruction.
    this.halt('yield');
    return pa;
  }

  private mmioLoad(va: number, pa: number, size: 1 | 2 | 4): number {
    const v = this.host.mmioRead(pa, size, this.index);
    if (v === undefined) throw new GuestException(EXC_DBE, va);
    return v;
  }

  private loadAt(va: number, size: 1 | 2 | 4): number {
    const pa = this.resolve(va, size, ACCESS_LOAD);
    if (!this.memory.isRam(pa, size)) return this.mmioLoad(va, pa, size);
    return size === 4 ? (this.memory.m32[pa >>> 2] as number) : size === 2 ? this.memory.read16(pa) : this.memory.read8(pa);
  }

  private storeAt(va: number, size: 1 | 2 | 4, v: number): void {
    const pa = this.resolve(va, size, ACCESS_STORE);
    if (!this.memory.isRam(pa, size)) {
      if (!this.host.mmioWrite(pa, size, v, this.index)) throw new GuestException(EXC_DBE, va);
    } else if (size === 4) this.memory.write32(pa, v);
    else if (size === 2) this.memory.write16(pa, v);
    else this.memory.write8(pa, v);
  }

  override load32(va: number): number {
    return this.loadAt(va, 4) | 0;
  }

  override load16s(va: number): number {
    return (this.loadAt(va, 2) << 16) >> 16;
  }

  override load16u(va: number): number {
    return this.loadAt(va, 2) & 0xffff;
  }

  override load8s(va: number): number {
    return (this.loadAt(va, 1) << 24) >> 24;
  }

  override load8u(va: number): number {
    return this.loadAt(va, 1) & 0xff;
  }

  override store32(va: number, v: number): void {
    this.storeAt(va, 4, v);
  }

  override store16(va: number, v: number): void {
    this.storeAt(va, 2, v & 0xffff);
  }

  override store8(va: number, v: number): void {
    this.storeAt(va, 1, v & 0xff);
  }

  override storeMerge(va: number, rt: number, merge: (w: number, rt: number, k: number) => number): void {
    const a = va & ~3;
    const old = this.load32(a);
    this.store32(a, merge(old, rt, (va & 3) ^ this.code.env.byteXor ^ 3));
  }

  override loadLinked(rt: number, va: number): void {
    const pa = this.resolve(va, 4, ACCESS_LOAD);
    this.linked(rt, va, pa, !this.memory.isRam(pa, 4) ? this.mmioLoad(va, pa, 4) | 0 : (this.memory.m32[pa >>> 2] as number));
  }

  /** LL's effects, and the physical reservation: LLAddr, and the page watched for other CPUs' stores. */
  protected override linked(rt: number, va: number, pa: number, v: number): void {
    super.linked(rt, va, pa, v);
    this.llPa = pa;
    this.cp0.llAddr = (pa >>> 4) | 0;
    this.host.reserve(this, pa);
  }

  /** SC succeeds while the LL bit is set (no value comparison: other CPUs' stores clear the bit). */
  override storeConditional(rt: number, va: number): void {
    let ok = 0;
    if (this.llPa >= 0 && this.state.llAddr === va) {
      this.storeAt(va, 4, this.state.gpr[rt] as number);
      ok = 1;
    }
    this.clearReservation();
    if (rt !== 0) this.state.gpr[rt] = ok;
  }

  /** RDHWR $0 (CPUNum): EBase.CPUNum. */
  override cpuNumber(): number {
    return this.cp0.ebase & 0x3ff;
  }

  /** RDHWR $2 (CC): the cycle counter at the Count rate. */
  override cycleCount(): number {
    return this.cp0.count;
  }
}
