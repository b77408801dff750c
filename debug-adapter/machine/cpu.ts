// One MIPS32r2 CPU: architectural state (CpuState), its SoftTlb, and the execution engine.
//   step()  — exactly one instruction, through the interpreter (interpreter.ts) or, for what it
//             leaves (CP1, reserved encodings) and when `useInterpreter` is off, a cached
//             single-step function; exceptions are handed, with EPC/BD semantics, to the
//             machine's ExceptionSink.
//   run(n)  — up to n instructions: compiled regions (codegen/) where code is hot, the interpreter
//             elsewhere (or step() for everything when `useInterpreter` is off); it stops exactly
//             at a breakpoint address or after exactly n retired instructions.
// Memory accesses that miss the SoftTlb come to load32/store32/… here, which ask the machine's
// AddressTranslator (page table in Linux user mode; CP0 TLB + segment map on the privileged
// machine, plugged in through the same hook, with `cp0` below handling COP0/CACHE/ERET/WAIT).
// Several CPUs share one PhysicalMemory and CodeStore; a machine steps them round-robin.

import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, type Access, type SoftTlb } from './softTlb';
import { type AddressTranslator, XLATE_CACHEABLE } from './addressTranslation';
import { CpuState } from './cpuState';
import { EXC_ADEL, EXC_ADES, EXC_CPU, EXC_DBE, EXC_IBE, EXC_RI, type ExceptionRecord, GuestException } from './exceptions';
import type { PhysicalMemory } from './physicalMemory';
import { STEP_HERE } from './codegen/codeCache';
import type { CodeStore } from './codegen/codeStore';
import type { CompiledStep } from './codegen/stepCompiler';
import { INTERP_FALLBACK, interpret, timedCore } from './interpreter';

/** Words compiled together when the stepper meets a new instruction word. */
const STEP_BATCH = 32;

/** Makes `set` hold `addresses`; returns the pages (address >>> 12) of the addresses added or removed. */
function replaceSet(set: Set<number>, addresses: Iterable<number>): Set<number> {
  const next = new Set<number>();
  for (const a of addresses) next.add(a | 0);
  const changed = new Set<number>();
  for (const a of set) if (!next.has(a)) changed.add(a >>> 12);
  for (const a of next) if (!set.has(a)) changed.add(a >>> 12);
  set.clear();
  for (const a of next) set.add(a);
  return changed;
}

/** Receives every exception a CPU takes (Linux personality, or CP0 exception entry). */
export interface ExceptionSink {
  /**
   * Handles an exception. On entry the CPU state is that of the faulting instruction (pc, npc,
   * inDelaySlot); the sink sets where execution continues, and may call cpu.halt().
   */
  takeException(cpu: Cpu, record: ExceptionRecord): void;
}

/** The privileged-architecture hooks (CP0 instructions, CACHE); absent in Linux user mode. */
export interface PrivilegedUnit {
  cop0(cpu: Cpu, word: number): void;
  cacheOp(cpu: Cpu, word: number): void;
  /** RDHWR of hardware register rd is allowed now (kernel mode, CU0 or its HWREna bit). */
  hwrAllowed(cpu: Cpu, rd: number): boolean;
  /**
   * COP0 instructions and CACHE run now; false: they raise CpU (CE 0), which the interpreter then
   * raises without calling cop0/cacheOp. Optional: without it, cop0/cacheOp raise it themselves.
   */
  cp0Usable?(cpu: Cpu): boolean;
}

/** Why run() returned. */
export type StopReason = 'budget' | 'breakpoint' | 'halted';

export interface CpuOptions {
  readonly memory: PhysicalMemory;
  readonly code: CodeStore;
  readonly translator: AddressTranslator;
  readonly sink: ExceptionSink;
  readonly privileged?: PrivilegedUnit;
}

export class Cpu {
  readonly state = new CpuState();
  readonly tlb: SoftTlb;
  readonly memory: PhysicalMemory;
  readonly code: CodeStore;
  translator: AddressTranslator;
  sink: ExceptionSink;
  privileged: PrivilegedUnit | undefined;
  /** Use compiled regions in run(); false runs everything through step(). */
  useRegions = true;
  /**
   * Run cold code (and step) through the interpreter; false steps every instruction outside
   * regions through compiled single-step functions (the tier before the interpreter existed).
   */
  useInterpreter = true;
  protected readonly breakpoints = new Set<number>();
  /** Breakpoints on physical (machine) addresses, whatever virtual address reaches them. */
  protected readonly physicalBreakpoints = new Set<number>();
  /** Pages (address >>> 12) holding a virtual, and a physical, breakpoint. */
  private readonly breakpointPages = new Set<number>();
  /**
   * 1 at (page number & 4095) of every page holding a virtual breakpoint: most addresses are
   * ruled out by one typed-array read before the Sets are asked.
   */
  private readonly breakpointPageFilter = new Uint8Array(4096);
  private readonly physicalBreakpointPages = new Set<number>();
  /** Some breakpoint is set: the run loops check addresses only then. */
  breakpointsArmed = false;
  /**
   * The word at pc the interpreter fetched (and, in timing mode, charged) before it returned
   * INTERP_FALLBACK: the stepper runs it without fetching it again.
   */
  fallbackWord = 0;
  private haltReason: string | undefined;
  private readonly xlateFlags = { value: 0 };
  /** stopsAt as a callback (the region compiler's). */
  protected readonly isBreakpoint = (va: number): boolean => this.stopsAt(va);

  constructor(options: CpuOptions) {
    this.memory = options.memory;
    this.code = options.code;
    this.translator = options.translator;
    this.sink = options.sink;
    this.privileged = options.privileged;
    this.tlb = this.code.newSoftTlb();
  }

  /** Why the CPU was halted (by the sink or a debugger), or undefined while it may run. */
  get halted(): string | undefined {
    return this.haltReason;
  }

  /** Makes run() return 'halted' before the next instruction. */
  halt(reason: string): void {
    this.haltReason = reason;
  }

  /** Clears a halt so run() may continue. */
  resume(): void {
    this.haltReason = undefined;
  }

  /**
   * Replaces the breakpoints: virtual addresses (in the CPU's current address space) and
   * physical addresses (any virtual address fetching from them stops). Only compiled code of the
   * pages where a breakpoint appears or disappears is dropped.
   */
  setBreakpoints(addresses: Iterable<number>, physical: Iterable<number> = []): void {
    const vpns = replaceSet(this.breakpoints, addresses);
    const ppns = replaceSet(this.physicalBreakpoints, physical);
    this.breakpointsArmed = this.breakpoints.size !== 0 || this.physicalBreakpoints.size !== 0;
    replaceSet(this.breakpointPages, [...this.breakpoints].map((a) => a >>> 12));
    this.breakpointPageFilter.fill(0);
    for (const vpn of this.breakpointPages) this.breakpointPageFilter[vpn & 4095] = 1;
    replaceSet(this.physicalBreakpointPages, [...this.physicalBreakpoints].map((a) => a >>> 12));
    this.code.cache.invalidatePages(vpns, ppns);
  }

  /** The CPU would stop at a breakpoint before executing the instruction at va. */
  breakpointAt(va: number): boolean {
    return this.breakpointsArmed && this.stopsAt(va | 0);
  }

  /**
   * A breakpoint stops at va: its virtual address is listed, or the physical address it fetches
   * from now (through the fetch SoftTlb, else a side-effect-free probe) is. A method, not a
   * closure, so that compiled callers see one call target for every CPU.
   */
  private stopsAt(va: number): boolean {
    if (this.breakpointPageFilter[(va >>> 12) & 4095] === 1 && this.breakpoints.has(va)) return true;
    if (this.physicalBreakpoints.size === 0) return false;
    const i = (va >>> 12) & 4095;
    const pa = this.tlb.fetchTag[i] === (va & -4096) ? ((this.tlb.fetchAdd[i] as number) + va) | 0 : this.translator.probe(va, ACCESS_FETCH);
    return pa !== -1 && this.physicalBreakpoints.has(pa | 0);
  }

  /** Some breakpoint may stop in the virtual page of va (its physical page as mapped now). */
  breakpointsInPage(va: number): boolean {
    if (this.breakpointPageFilter[(va >>> 12) & 4095] === 1 && this.breakpointPages.has(va >>> 12)) return true;
    if (this.physicalBreakpointPages.size === 0) return false;
    const pa = this.translator.probe(va, ACCESS_FETCH);
    return pa !== -1 && this.physicalBreakpointPages.has(pa >>> 12);
  }

  /** Executes exactly one instruction (or takes its exception). */
  step(): void {
    if (!this.useInterpreter) this.stepCompiled(false);
    else {
      // One instruction: the budget is in cycles in timing mode, and every instruction costs one at least.
      const lim = this.state.icount + 1 + (timedCore(this)?.cycleBias ?? 0);
      if (interpret(this, lim, false) === INTERP_FALLBACK) this.stepCompiled(true);
    }
  }

  /** Executes one instruction through its compiled single-step function (`fetched`: the word is `fallbackWord`). */
  private stepCompiled(fetched: boolean): void {
    const S = this.state;
    const pc = S.pc;
    const npc = S.npc;
    const inDelay = S.inDelaySlot;
    try {
      const word = fetched ? this.fallbackWord : this.fetch(pc);
      const c = this.code.steps.lookup(word) ?? this.compileSteps(pc, word);
      if (inDelay && c.isBranch) throw new GuestException(EXC_RI);
      S.pc = npc;
      S.npc = (npc + 4) | 0;
      S.inDelaySlot = false;
      c.fn(this, pc);
      S.icount++;
    } catch (e) {
      if (!(e instanceof GuestException)) throw e;
      this.deliver(e, pc, npc, inDelay);
    }
  }

  /**
   * Takes exception e raised by the instruction at pc (npc after it, inDelay: in a delay slot):
   * restores that instruction's pc state and hands the record to the sink.
   */
  deliver(e: GuestException, pc: number, npc: number, inDelay: boolean): void {
    this.raise(e.excCode, e.badVAddr, e.coprocessor, pc, npc, inDelay);
  }

  /** deliver() of an exception raised without a GuestException: ExcCode, BadVAddr, Cause.CE. */
  raise(excCode: number, badVAddr: number | undefined, coprocessor: number, pc: number, npc: number, inDelay: boolean): void {
    const S = this.state;
    S.pc = pc;
    S.npc = npc;
    S.inDelaySlot = inDelay;
    this.sink.takeException(this, {
      excCode,
      badVAddr,
      coprocessor,
      pc,
      inDelaySlot: inDelay,
      epc: inDelay ? (pc - 4) | 0 : pc,
      nextPc: npc,
    });
  }

  /**
   * Compiles the step function of `word` (at pc) together with those of the words after it in
   * its page, which usually run next; only words the fetch SoftTlb reaches are read.
   */
  private compileSteps(pc: number, word: number): CompiledStep {
    const words = [word];
    const i = (pc >>> 12) & 4095;
    if (this.tlb.fetchTag[i] === (pc & -4096)) {
      const pa = ((this.tlb.fetchAdd[i] as number) + pc) | 0;
      const end = Math.min((pa | 0xfff) + 1, pa + 4 * STEP_BATCH);
      for (let a = pa + 4; a < end; a += 4) words.push(this.memory.m32[a >>> 2] as number);
    }
    return this.code.steps.compile(words);
  }

  /**
   * Runs up to maxInstructions retired instructions. A breakpoint at the current pc is not
   * reported (resuming from it executes it); one reached later stops before its instruction.
   */
  run(maxInstructions: number): StopReason {
    const S = this.state;
    const limit = S.icount + maxInstructions;
    const ft = this.tlb.fetchTag;
    const fa = this.tlb.fetchAdd;
    let first = true;
    while (S.icount < limit) {
      if (this.haltReason !== undefined) return 'halted';
      const pc = S.pc;
      if (!first && this.breakpointsArmed && this.stopsAt(pc)) return 'breakpoint';
      first = false;
      if (this.useInterpreter) {
        this.dispatch(pc, limit);
        continue;
      }
      if (S.inDelaySlot || !this.useRegions) {
        this.step();
        continue;
      }
      const i = (pc >>> 12) & 4095;
      if (ft[i] !== (pc & -4093)) {
        this.step();
        continue;
      }
      const pa = ((fa[i] as number) + pc) | 0;
      const r = this.code.cache.quick(pa, pc) ?? this.code.region(pc, pa, this.isBreakpoint);
      if (r === STEP_HERE) {
        this.step();
        continue;
      }
      const before = S.icount;
      r.fn(this, limit, r.block);
      if (S.icount === before && S.pc === pc) this.step();
    }
    return this.haltReason !== undefined ? 'halted' : 'budget';
  }

  /**
   * One dispatch of the interpreter tier at pc: the compiled region there if the code is hot,
   * else the interpreter until a block entry that is, or until the budget (retired instructions;
   * cycles in timing mode), a halt or a breakpoint.
   */
  dispatch(pc: number, limit: number): void {
    const S = this.state;
    if (this.useRegions && !S.inDelaySlot) {
      const i = (pc >>> 12) & 4095;
      if (this.tlb.fetchTag[i] === (pc & -4093)) {
        const pa = ((this.tlb.fetchAdd[i] as number) + pc) | 0;
        let r = this.code.cache.quick(pa, pc) ?? this.code.hotRegion(pc, pa, this.isBreakpoint);
        // The interpreter starts here: an entry it does not count itself (compiled code left to it).
        if (r === undefined && this.code.countEntry(pa)) r = this.code.hotRegion(pc, pa, this.isBreakpoint);
        if (r !== undefined) {
          const before = S.icount;
          r.fn(this, limit, r.block);
          if (S.icount !== before || S.pc !== pc) return;
        }
      }
    }
    if (interpret(this, limit, this.useRegions) === INTERP_FALLBACK) this.stepCompiled(true);
  }

  /** Translates va for an access through the machine's translator, filling the SoftTlb. */
  translate(va: number, access: Access): number {
    const f = this.xlateFlags;
    f.value = 0;
    const pa = this.translator.translate(va, access, f);
    if (f.value & XLATE_CACHEABLE && !(access === ACCESS_STORE && this.memory.codePages[pa >>> 12])) this.tlb.fill(access, va, pa);
    return pa;
  }

  /**
   * The exception an access of `size` bytes at va would raise before it reaches memory
   * (alignment, then translation, as the memory paths check them), raised without a throw; 0
   * when there is none or the translator cannot tell (the access path then throws it).
   */
  accessFault(va: number, size: number, access: Access): number {
    if (va & (size - 1)) return access === ACCESS_STORE ? EXC_ADES : EXC_ADEL;
    const t = this.translator;
    return t.fault === undefined ? 0 : t.fault(va, access);
  }

  /** COP0 instructions and CACHE run now (else they raise CpU, CE 0). */
  cp0Usable(): boolean {
    const u = this.privileged;
    return u !== undefined && (u.cp0Usable === undefined || u.cp0Usable(this));
  }

  /** Fetches the instruction word at pc (AdEL if misaligned). */
  fetch(pc: number): number {
    if (pc & 3) throw new GuestException(EXC_ADEL, pc);
    const i = (pc >>> 12) & 4095;
    const pa = this.tlb.fetchTag[i] === (pc & -4096) ? ((this.tlb.fetchAdd[i] as number) + pc) | 0 : this.translate(pc, ACCESS_FETCH);
    if (!this.memory.isRam(pa, 4)) throw new GuestException(EXC_IBE, pc);
    return this.memory.m32[pa >>> 2] as number;
  }

  private physical(va: number, size: number, access: Access): number {
    if (va & (size - 1)) throw new GuestException(access === ACCESS_STORE ? EXC_ADES : EXC_ADEL, va);
    const pa = this.translate(va, access);
    if (!this.memory.isRam(pa, size)) throw new GuestException(EXC_DBE, va);
    return pa;
  }

  load32(va: number): number {
    return this.memory.m32[this.physical(va, 4, ACCESS_LOAD) >>> 2] as number;
  }

  load16s(va: number): number {
    return (this.memory.read16(this.physical(va, 2, ACCESS_LOAD)) << 16) >> 16;
  }

  load16u(va: number): number {
    return this.memory.read16(this.physical(va, 2, ACCESS_LOAD));
  }

  load8s(va: number): number {
    return (this.memory.read8(this.physical(va, 1, ACCESS_LOAD)) << 24) >> 24;
  }

  load8u(va: number): number {
    return this.memory.read8(this.physical(va, 1, ACCESS_LOAD));
  }

  store32(va: number, v: number): void {
    this.memory.write32(this.physical(va, 4, ACCESS_STORE), v);
  }

  store16(va: number, v: number): void {
    this.memory.write16(this.physical(va, 2, ACCESS_STORE), v);
  }

  store8(va: number, v: number): void {
    this.memory.write8(this.physical(va, 1, ACCESS_STORE), v);
  }

  /** SWL/SWR slow path: read-merge-write of the aligned word holding va. */
  storeMerge(va: number, rt: number, merge: (w: number, rt: number, k: number) => number): void {
    const pa = this.physical(va & ~3, 4, ACCESS_STORE);
    this.memory.write32(pa, merge(this.memory.read32(pa), rt, (va & 3) ^ this.code.env.byteXor ^ 3));
  }

  /** LDC1/LDXC1: a doubleword into the FPR pair ev/ev+1 (ev = low word). */
  loadDouble(va: number, ev: number): void {
    if (va & 7) throw new GuestException(EXC_ADEL, va);
    const hiFirst = this.memory.bigEndian;
    const a = this.load32(va);
    const b = this.load32((va + 4) | 0);
    this.state.fpr[ev] = hiFirst ? b : a;
    this.state.fpr[ev + 1] = hiFirst ? a : b;
  }

  /** SDC1/SDXC1: the FPR pair ev/ev+1 as a doubleword. */
  storeDouble(va: number, ev: number): void {
    if (va & 7) throw new GuestException(EXC_ADES, va);
    const lo = this.state.fpr[ev] as number;
    const hi = this.state.fpr[ev + 1] as number;
    const hiFirst = this.memory.bigEndian;
    this.physical((va + 4) | 0, 4, ACCESS_STORE);
    this.store32(va, hiFirst ? hi : lo);
    this.store32((va + 4) | 0, hiFirst ? lo : hi);
  }

  /** LL: a load that sets the reservation. */
  loadLinked(rt: number, va: number): void {
    this.linked(rt, va, -1, this.load32(va));
  }

  /**
   * LL of aligned va whose word the load SoftTlb maps to RAM at pa (the interpreter's fast path:
   * no translation, as a SoftTlb hit proves it would succeed and its page is neither MMIO nor
   * watched); the same effects as loadLinked.
   */
  loadLinkedAt(rt: number, va: number, pa: number): void {
    this.linked(rt, va, pa, this.memory.m32[pa >>> 2] as number);
  }

  /** LL's effects once it has read word v at va (at pa; -1 where not known): the reservation and rt. */
  protected linked(rt: number, va: number, _pa: number, v: number): void {
    this.state.llAddr = va;
    this.state.llValue = v;
    if (rt !== 0) this.state.gpr[rt] = v;
  }

  /**
   * SC: stores and writes 1 to rt if the reservation is held for va and the word still holds the
   * value LL read (QEMU's rule); else writes 0 and stores nothing. Clears the reservation.
   */
  storeConditional(rt: number, va: number): void {
    const S = this.state;
    let ok = 0;
    if (S.llAddr === va) {
      const pa = this.physical(va, 4, ACCESS_STORE);
      if (this.memory.read32(pa) === S.llValue) {
        this.memory.write32(pa, S.gpr[rt] as number);
        ok = 1;
      }
    }
    S.llAddr = -1;
    if (rt !== 0) S.gpr[rt] = ok;
  }

  /** Clears the LL reservation (ERET, another CPU's store to the reserved word). */
  clearReservation(): void {
    this.state.llAddr = -1;
  }

  /** RDHWR may read hardware register rd (always in Linux user mode). */
  hwrAllowed(rd: number): boolean {
    return this.privileged === undefined || this.privileged.hwrAllowed(this, rd);
  }

  /** RDHWR $0 (CPUNum): 0 for a lone user-mode CPU. */
  cpuNumber(): number {
    return 0;
  }

  /** RDHWR $2 (CC): a cycle counter derived from the retired-instruction count (deterministic). */
  cycleCount(): number {
    return Math.floor(this.state.icount / 2) | 0;
  }

  /** COP0 instructions: the privileged unit, or CpU in user mode. */
  cop0(word: number): void {
    if (!this.privileged) throw new GuestException(EXC_CPU, undefined, 0);
    this.privileged.cop0(this, word);
  }

  /** CACHE: the privileged unit, or CpU in user mode. */
  cacheOp(word: number): void {
    if (!this.privileged) throw new GuestException(EXC_CPU, undefined, 0);
    this.privileged.cacheOp(this, word);
  }

  /** Side-effect-free translation for debuggers: physical address or -1. */
  probe(va: number): number {
    return this.translator.probe(va, ACCESS_LOAD);
  }
}
