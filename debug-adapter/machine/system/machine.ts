// The privileged multiprocessor: 1–32 MachineCpus over one PhysicalMemory (split into NUMA
// nodes) and one device bus, run deterministically. Time advances in rounds: every CPU runs its
// slice up to the round's end cycle (now + quantum, cut short at the next device event), in CPU
// order, then due device events fire. Within a slice a CPU runs in chunks that end exactly at its
// next Count = Compare match; between chunks the machine raises Cause.TI, takes interrupts
// (IE && !EXL && !ERL && IM & IP) and wakes WAITing CPUs. When every CPU idles, time skips to
// the next event. Exceptions pass through an optional hook (the monitor) before delivery.

import type { Cpu } from '../cpu';
import { EXC_BP, EXC_INT, EXC_RI, EXC_TLBL, EXC_TLBS, type ExceptionRecord } from '../exceptions';
import { PhysicalMemory } from '../physicalMemory';
import { ACCESS_LOAD, ACCESS_STORE, type Access } from '../softTlb';
import { CodeStore } from '../codegen/codeStore';
import { CAUSE_TI, MODE_USER } from '../priv/cp0Bits';
import { type MachineException, enterException } from '../priv/exceptionEntry';
import { Board } from '../devices/board';
import { BOARD_MEMORY_HOLE } from '../devices/boardMap';
import { type CpuHost, LL_LINE_MASK, MachineCpu } from './machineCpu';
import { TimedMachineCpu } from './timedMachineCpu';
import { type MachineTimingSnapshot, machineTimingSnapshot } from './machineTiming';
import { TimingModel } from '../timing/timingModel';
import type { ExceptionHook, MachineOptions, MachineStop, Watchpoint } from './machineTypes';
import { sdbbpCode, uhiCall, type UhiHost } from './uhi';
import { type ConsoleInput, NO_CONSOLE_INPUT } from './consoleInput';
import { warmUpInterpreter } from './interpreterWarmUp';

/** Exceptions a chunk may take before the CPU returns to the machine (loop detection). */
const EXCEPTIONS_PER_CHUNK = 1000;
const MAX_LL_PAGES = 1024;

/**
 * Entries before a region is compiled (CodeStore.hotThreshold) on a system machine: kernels run
 * most of their code fewer times than user programs run their loops, and compiling costs V8
 * time on the host's other core; Debian's boot to its prompt was fastest at 16000 (107 regions;
 * 8000: 218 regions, about 10 % slower; docs/cpu.md, Profiles).
 */
const SYSTEM_HOT_THRESHOLD = 16000;

/** The interpreter has been warmed up in this process (interpreterWarmUp.ts). */
let interpreterWarm = false;

/** CPU clock of the board (cycles per second) unless configured. */
export const DEFAULT_CLOCK_HZ = 100_000_000;

export class Machine implements CpuHost {
  readonly memory: PhysicalMemory;
  readonly code: CodeStore;
  readonly cpus: readonly MachineCpu[];
  readonly nodes: number;
  readonly quantum: number;
  /** The Disco board: MMIO bus, interrupt lines, event scheduler, DMA. */
  readonly board: Board;
  readonly semihosting: boolean;
  /** Timing mode's cache and NUMA model (stats, miss counters, flushPage); undefined in fast mode. */
  readonly timing: TimingModel | undefined;
  /** The owner's view of every exception before delivery (the Disco monitor attaches here). */
  onException: ExceptionHook | undefined;
  /** Console output: the UART transmitter and UHI write/plog. */
  console: (text: string) => void;
  /** Standard input of UHI read (fd 0); the owner may replace it between runs. */
  consoleInput: ConsoleInput;
  /** Cycle at which the current round started. */
  now = 0;
  /** End cycle of the current round, or -1 between rounds. */
  roundEnd = -1;
  /** Index of the CPU whose slice of the current round runs next. */
  roundCpu = 0;
  private pendingStop: MachineStop | undefined;
  private running: MachineCpu | undefined;
  private watchpoints: readonly Watchpoint[] = [];
  private readonly watchedPages = new Set<number>();
  private readonly llPages = new Set<number>();
  /** Per CPU: a reported breakpoint pc the next resume executes instead of reporting again (saved in snapshots). */
  readonly resumeAt: (number | undefined)[];
  /** Per CPU: exceptions entered since reset (saved in snapshots); with icount, the CPU's progress. */
  readonly exceptionsTaken: number[];
  /** The run in progress stops when the position reaches this (Infinity: no such limit). */
  private positionLimit = Infinity;
  /** The CPU being stepped (its exception entry ends the step), or -1. */
  private stepCpu = -1;
  /** Pages written since the last snapshot: flag per page and the list of flagged pages. */
  private readonly dirtyFlags: Uint8Array;
  private dirtyList: number[] = [];
  /** Non-zero pages of the last snapshot taken or restored (shared, never mutated). */
  snapshotPages: ReadonlyMap<number, Int32Array> | undefined;
  private readonly chunkExceptions: number[];

  constructor(o: MachineOptions) {
    if (!Number.isInteger(o.cpus) || o.cpus < 1 || o.cpus > 32) throw new RangeError(`cpus must be 1..32, got ${o.cpus}`);
    if (!Number.isInteger(o.memoryMB) || o.memoryMB < 1 || o.memoryMB > 2048) throw new RangeError(`memoryMB must be 1..2048, got ${o.memoryMB}`);
    this.nodes = o.nodes ?? 1;
    if (!Number.isInteger(this.nodes) || this.nodes < 1 || this.nodes > o.cpus) throw new RangeError(`nodes must be 1..${o.cpus}, got ${this.nodes}`);
    this.quantum = o.quantum ?? 10000;
    // The first machine in fast mode warms the interpreter up on a scratch machine (interpreterWarmUp.ts).
    if (o.timing === undefined && !interpreterWarm) {
      interpreterWarm = true;
      warmUpInterpreter(new Machine({ cpus: 1, memoryMB: 1, endianness: o.endianness ?? 'big', semihosting: false }));
    }
    this.memory = new PhysicalMemory(o.memoryMB * 1024 * 1024, o.endianness ?? 'big', BOARD_MEMORY_HOLE);
    this.timing = o.timing === undefined ? undefined : new TimingModel({ ...o.timing, cpus: o.cpus, nodes: this.nodes, memoryBytes: this.memory.size });
    this.code = new CodeStore(this.memory, this.timing, o.cpus);
    this.code.hotThreshold = SYSTEM_HOT_THRESHOLD;
    this.semihosting = o.semihosting ?? true;
    this.console = o.console ?? (() => {});
    this.consoleInput = o.consoleInput ?? NO_CONSOLE_INPUT;
    const sink = {
      takeException: (cpu: Cpu, r: ExceptionRecord): void => {
        if (cpu instanceof MachineCpu) this.dispatch(cpu, r);
      },
    };
    const cpus: MachineCpu[] = [];
    for (let i = 0; i < o.cpus; i++) {
      const options = { index: i, memory: this.memory, code: this.code, tlbSize: o.tlbEntries ?? 48, host: this, sink };
      const cpu = this.timing === undefined ? new MachineCpu(options) : new TimedMachineCpu({ ...options, timing: this.timing });
      cpu.online = i === 0 || !o.holdSecondaries;
      cpus.push(cpu);
    }
    this.cpus = cpus;
    this.dirtyFlags = new Uint8Array(this.memory.size >>> 12);
    this.board = new Board({
      cpus: o.cpus,
      nodes: this.nodes,
      memory: this.memory,
      bigEndian: this.memory.bigEndian,
      clockHz: o.clockHz ?? DEFAULT_CLOCK_HZ,
      onPowerOff: (code) => this.powerOff(code),
      consoleOutput: (byte) => this.console(String.fromCharCode(byte)),
      ...(o.disks === undefined ? {} : { disks: o.disks }),
      ...(o.nics === undefined ? {} : { nics: o.nics }),
      ...(o.network === undefined ? {} : { network: o.network }),
    });
    this.board.interrupts.onChange((cpu, pending) => {
      const c = this.cpus[cpu];
      if (c === undefined) return;
      c.cp0.ipLines = (pending >>> 10) & 0x1f;
      if (this.running === c) c.requestYield();
    });
    this.board.dma.onTransfer((t) => {
      if (!t.toMemory) return;
      this.timing?.invalidateRange(t.pa, t.length);
      if (this.watchedPages.size !== 0) this.checkWatch(-1, t.pa, t.length, true, 'dma');
      this.noteMemoryWritten(t.pa, t.length);
      for (let a = t.pa & LL_LINE_MASK; a < t.pa + t.length; a += 32) this.breakReservations(undefined, a);
    });
    this.resumeAt = new Array<number | undefined>(o.cpus).fill(undefined);
    this.exceptionsTaken = new Array<number>(o.cpus).fill(0);
    this.chunkExceptions = new Array<number>(o.cpus).fill(0);
  }

  /** The NUMA node holding machine address pa. */
  nodeOf(pa: number): number {
    return Math.min(this.nodes - 1, Math.floor(pa / (this.memory.size / this.nodes)));
  }

  /** The NUMA node of CPU i. */
  cpuNode(i: number): number {
    return Math.floor((i * this.nodes) / this.cpus.length);
  }

  /** Timing mode's statistics, miss counters and per-CPU cycles (JSON-safe); undefined in fast mode. */
  timingSnapshot(): MachineTimingSnapshot | undefined {
    return this.timing === undefined ? undefined : machineTimingSnapshot(this, this.timing);
  }

  /** Progress of CPU i: instructions retired plus exceptions entered (each step makes exactly one). */
  progress(i: number): number {
    return (this.cpus[i] as MachineCpu).state.icount + (this.exceptionsTaken[i] as number);
  }

  /** The machine's position in its execution: the progress of all CPUs together. */
  get position(): number {
    let n = 0;
    for (let i = 0; i < this.cpus.length; i++) n += this.progress(i);
    return n;
  }

  /** Retired instructions of all CPUs. */
  get retired(): number {
    let n = 0;
    for (const c of this.cpus) n += c.state.icount;
    return n;
  }

  /**
   * The machine address CPU `cpu` would reach at va now, or -1: never raises, never refills a
   * TLB, never fills a SoftTlb and never touches a device.
   */
  probe(cpu: number, va: number, access: Access = ACCESS_LOAD): number {
    const c = this.cpus[cpu];
    if (c === undefined) throw new RangeError(`no CPU ${cpu}`);
    return c.translator.probe(va | 0, access);
  }

  /** Reads `size` bytes at machine address pa (RAM or a device register) without side effects. */
  peek(pa: number, size: 1 | 2 | 4): number | undefined {
    if (this.memory.isRam(pa, size)) {
      return size === 4 ? this.memory.read32(pa) >>> 0 : size === 2 ? this.memory.read16(pa) : this.memory.read8(pa);
    }
    return this.board.bus.peek(pa, size);
  }

  /**
   * Records that [pa, pa+len) of machine memory was written outside a CPU store (loader, monitor,
   * DMA, debugger poke), so the next snapshot picks it up; during a run, a watchpoint on it stops
   * the run as a write by the monitor (DMA reports itself first).
   */
  noteMemoryWritten(pa: number, len: number): void {
    if (len <= 0) return;
    if (this.watchedPages.size !== 0) this.checkWatch(-1, pa, len, true, 'monitor');
    for (let p = pa >>> 12; p <= (pa + len - 1) >>> 12 && p < this.dirtyFlags.length; p++) this.markDirty(p);
  }

  /** The pages written since the previous call (or since the machine was built), and forgets them. */
  takeDirtyPages(): number[] {
    const list = this.dirtyList;
    for (const p of list) this.dirtyFlags[p] = 0;
    this.dirtyList = [];
    return list;
  }

  private markDirty(ppn: number): void {
    if (this.dirtyFlags[ppn] === 0) {
      this.dirtyFlags[ppn] = 1;
      this.dirtyList.push(ppn);
    }
  }

  /** Starts a CPU held in reset (or restarts one) at pc, in the reset state. */
  startCpu(cpu: number, pc: number): void {
    const c = this.cpus[cpu];
    if (c === undefined) throw new RangeError(`no CPU ${cpu}`);
    c.online = true;
    c.waiting = false;
    c.state.jumpTo(pc);
    this.running?.requestYield();
  }

  /** Ends the run with a power-off (called by the power device). */
  powerOff(code: number): void {
    this.requestStop({ reason: 'poweroff', code });
  }

  /**
   * Breakpoints: virtual addresses (in whatever address space each CPU runs) and machine
   * addresses (a CPU stops before an instruction fetched from there, whatever its virtual address).
   */
  setBreakpoints(addresses: Iterable<number>, machineAddresses: Iterable<number> = []): void {
    const va = [...addresses];
    const pa = [...machineAddresses];
    for (const c of this.cpus) c.setBreakpoints(va, pa);
  }

  /** Watched machine-address ranges; their pages leave every SoftTlb so accesses are checked. */
  setWatchpoints(list: readonly Watchpoint[]): void {
    this.watchpoints = [...list];
    this.watchedPages.clear();
    for (const w of list) for (let p = w.pa >>> 12; p <= (w.pa + Math.max(1, w.length) - 1) >>> 12; p++) this.watchedPages.add(p);
    for (const c of this.cpus) c.mmu.flush();
  }

  /** Runs up to maxInstructions (all CPUs together); returns why it stopped. */
  run(maxInstructions: number): MachineStop {
    return this.execute(this.retired + maxInstructions, Infinity, -1);
  }

  /**
   * Runs the machine until CPU `cpu` retires one instruction or enters one exception (it stops
   * at the exception vector, before the handler's first instruction).
   */
  step(cpu: number, maxInstructions = 1e9): MachineStop {
    if (this.cpus[cpu] === undefined) throw new RangeError(`no CPU ${cpu}`);
    return this.execute(this.retired + maxInstructions, Infinity, cpu);
  }

  /**
   * Runs until the position reaches `position` exactly (a 'limit' stop, no CPU past it), or CPU
   * `cpu` (unless -1) makes one step of progress, or something else stops the run.
   */
  runTo(position: number, cpu = -1): MachineStop {
    if (cpu !== -1 && this.cpus[cpu] === undefined) throw new RangeError(`no CPU ${cpu}`);
    return this.execute(Infinity, position, cpu);
  }

  /**
   * One instruction or one exception entry of CPU `cpu` while every other CPU stays frozen (no
   * round advances, no device event fires). A CPU in WAIT lets its own clock run to its next
   * timer match first; a 'step' stop without progress means nothing woke it.
   */
  stepAlone(cpu: number): MachineStop {
    const c = this.cpus[cpu];
    if (c === undefined) throw new RangeError(`no CPU ${cpu}`);
    this.pendingStop = undefined;
    if (!c.online) return { reason: 'step', cpu };
    const from = this.progress(cpu);
    this.stepCpu = cpu;
    this.running = c;
    try {
      let idled = false;
      while (this.progress(cpu) === from && this.pendingStop === undefined) {
        if (c.cycle >= c.timerAt) {
          c.cp0.cause |= CAUSE_TI;
          c.timerAt = c.cp0.nextTimerCycle();
        }
        if (c.waiting) {
          if (!c.cp0.waitEnds) {
            if (idled) break;
            idled = true;
            c.idleTo(c.timerAt);
            continue;
          }
          c.waiting = false;
        }
        if (c.cp0.interruptTaken) {
          this.takeInterrupt(c);
          continue;
        }
        if (c.guest?.interruptPending === true) {
          this.takeGuestInterrupt(c);
          continue;
        }
        this.resumeAt[cpu] = undefined;
        this.chunkExceptions[cpu] = 0;
        if (c.run(1) === 'halted') c.resume();
      }
    } finally {
      this.running = undefined;
      this.stepCpu = -1;
    }
    return this.pendingStop ?? { reason: 'step', cpu };
  }

  /** Stops the run in progress after the current instruction (the owner's hooks call it); the run returns `stop`. */
  requestStop(stop: MachineStop): void {
    this.pendingStop ??= stop;
    this.running?.halt('yield');
  }

  /** Drops emulator-only state that a snapshot restore invalidates (LL page marks). */
  resetEmulatorCaches(): void {
    this.llPages.clear();
    if (this.cpus.length > 1) for (const c of this.cpus) if (c.llPa >= 0) this.llPages.add(c.llPa >>> 12);
    this.resumeAt.fill(undefined);
  }

  // ---- CpuHost -------------------------------------------------------------------------------

  mmioRead(pa: number, size: 1 | 2 | 4, cpu: number): number | undefined {
    return this.board.bus.read(pa, size, cpu);
  }

  mmioWrite(pa: number, size: 1 | 2 | 4, value: number, cpu: number): boolean {
    return this.board.bus.write(pa, size, value, cpu);
  }

  cacheable(pa: number, access: Access): boolean {
    if (!this.memory.isRam(pa & ~0xfff, 4096)) return false;
    const ppn = pa >>> 12;
    // Every CPU store reaches a page through here first after a snapshot flushed the SoftTlbs.
    if (access === ACCESS_STORE) this.markDirty(ppn);
    if (this.watchedPages.size !== 0 && this.watchedPages.has(ppn)) return false;
    return access !== ACCESS_STORE || !this.llPages.has(ppn);
  }

  noteAccess(cpu: MachineCpu, pa: number, size: number, store: boolean): void {
    if (store) this.breakReservations(cpu, pa);
    if (this.watchedPages.size !== 0) this.checkWatch(cpu.index, pa, size, store, 'cpu');
  }

  reserve(_cpu: MachineCpu, pa: number): void {
    // Only another CPU's store breaks a reservation: a lone CPU's stores need no watching.
    if (this.cpus.length === 1) return;
    const ppn = pa >>> 12;
    if (this.llPages.has(ppn)) return;
    if (this.llPages.size >= MAX_LL_PAGES) {
      this.llPages.clear();
      for (const c of this.cpus) if (c.llPa >= 0) this.llPages.add(c.llPa >>> 12);
    }
    this.llPages.add(ppn);
    for (const c of this.cpus) c.tlb.dropStoresTo(ppn);
  }

  // ---- internals -------------------------------------------------------------------------------

  private breakReservations(by: MachineCpu | undefined, pa: number): void {
    const line = pa & LL_LINE_MASK;
    for (const c of this.cpus) if (c !== by && c.llPa >= 0 && (c.llPa & LL_LINE_MASK) === line) c.clearReservation();
  }

  private checkWatch(cpu: number, pa: number, size: number, write: boolean, by: 'cpu' | 'dma' | 'monitor'): void {
    for (const w of this.watchpoints) {
      if ((write ? w.write : w.read) && pa < w.pa + w.length && w.pa < pa + size) {
        this.requestStop({ reason: 'watchpoint', cpu, pa, size, write, by });
        return;
      }
    }
  }

  /** The exception sink of every CPU: semihosting, the owner's hook, then hardware delivery. */
  private dispatch(cpu: MachineCpu, r: ExceptionRecord): void {
    const i = cpu.index;
    this.exceptionsTaken[i] = (this.exceptionsTaken[i] as number) + 1;
    const n = (this.chunkExceptions[i] as number) + 1;
    this.chunkExceptions[i] = n;
    if (n >= EXCEPTIONS_PER_CHUNK || i === this.stepCpu || (this.positionLimit !== Infinity && this.position >= this.positionLimit)) cpu.halt('yield');
    const translation = cpu.mmu.takeFault();
    let rec = r;
    if (r.excCode === EXC_BP) {
      const code = sdbbpCode(this.peekWord(cpu, r.pc));
      if (code === 1 && this.semihosting && cpu.guest === undefined && cpu.cp0.mode !== MODE_USER) {
        this.semihost(cpu, r);
        return;
      }
      if (code >= 0) rec = { ...r, excCode: EXC_RI };
    }
    // In guest mode (the virtualization assist) the guest takes its own exceptions.
    if (cpu.guest?.deliver(rec) === true) return;
    const tlb = rec.excCode === EXC_TLBL || rec.excCode === EXC_TLBS;
    // Spelt out rather than spread: this runs on every exception (every trap into the monitor).
    const exc: MachineException = {
      excCode: rec.excCode,
      badVAddr: rec.badVAddr,
      coprocessor: rec.coprocessor,
      pc: rec.pc,
      inDelaySlot: rec.inDelaySlot,
      epc: rec.epc,
      nextPc: rec.nextPc,
      refill: tlb && cpu.mmu.lastWasRefill,
      translation,
    };
    if (this.onException !== undefined && this.onException(cpu, exc) === 'handled') return;
    cpu.state.jumpTo(enterException(cpu.cp0, exc));
  }

  private semihost(cpu: MachineCpu, r: ExceptionRecord): void {
    const host: UhiHost = {
      console: (t) => this.console(t),
      input: this.consoleInput,
      writeMemory: (pa, bytes) => this.board.dma.write('uhi', pa, bytes),
    };
    const out = uhiCall(cpu, host);
    if (out.kind === 'wait') {
      // As a restartable exception: resume at EPC (the branch, when the sdbbp sits in its delay slot).
      cpu.state.jumpTo(r.epc);
      this.requestStop({ reason: 'input', cpu: cpu.index });
      return;
    }
    cpu.state.icount++;
    if (r.inDelaySlot) cpu.state.jumpTo(r.nextPc);
    else cpu.state.jumpTo((r.pc + 4) | 0);
    if (out.kind === 'exit') this.requestStop({ reason: 'exit', code: out.code, cpu: cpu.index });
    else if (out.kind === 'fatal') this.requestStop({ reason: 'fatal', message: out.message, cpu: cpu.index });
  }

  private peekWord(cpu: MachineCpu, va: number): number {
    const pa = cpu.translator.probe(va, 2);
    return this.memory.isRam(pa, 4) ? (this.memory.m32[pa >>> 2] as number) : 0;
  }

  private takeInterrupt(cpu: MachineCpu): void {
    const S = cpu.state;
    this.dispatch(cpu, {
      excCode: EXC_INT,
      badVAddr: undefined,
      coprocessor: 0,
      pc: S.pc,
      inDelaySlot: S.inDelaySlot,
      epc: S.inDelaySlot ? (S.pc - 4) | 0 : S.pc,
      nextPc: S.npc,
    });
  }

  /** A guest-mode CPU enters its guest's interrupt vector (the virtualization assist), counted as an exception taken. */
  private takeGuestInterrupt(cpu: MachineCpu): void {
    const i = cpu.index;
    this.exceptionsTaken[i] = (this.exceptionsTaken[i] as number) + 1;
    (cpu.guest as NonNullable<MachineCpu['guest']>).interrupt();
  }

  /** Runs until `target` retired instructions, the position `limit`, one step of CPU stepCpu (unless -1) or a stop. */
  private execute(target: number, limit: number, stepCpu: number): MachineStop {
    this.pendingStop = undefined;
    if (this.position >= limit) return { reason: 'limit' };
    const stepFrom = stepCpu >= 0 ? this.progress(stepCpu) : 0;
    this.positionLimit = limit;
    this.stepCpu = stepCpu;
    try {
      for (;;) {
        if (this.roundEnd < 0 && !this.startRound()) return this.pendingStop ?? { reason: 'limit' };
        while (this.roundCpu < this.cpus.length) {
          const cpu = this.cpus[this.roundCpu] as MachineCpu;
          this.runSlice(cpu, target, cpu.index === stepCpu ? stepFrom : -1);
          if (this.pendingStop !== undefined) return this.pendingStop;
          if (stepCpu >= 0 && this.progress(stepCpu) !== stepFrom) return { reason: 'step', cpu: stepCpu };
          if (this.retired >= target || this.position >= limit) return { reason: 'limit' };
          this.roundCpu++;
        }
        this.now = this.roundEnd;
        this.roundEnd = -1;
        this.roundCpu = 0;
        this.board.scheduler.advanceTo(this.now);
      }
    } finally {
      this.positionLimit = Infinity;
      this.stepCpu = -1;
    }
  }

  /** Chooses the end of the next round; false (with a fatal stop) when nothing can ever happen. */
  private startRound(): boolean {
    this.board.scheduler.advanceTo(this.now);
    const next = this.board.scheduler.nextEventAt() ?? Infinity;
    const busy = this.cpus.some((c) => c.online && (!c.waiting || c.cp0.waitEnds));
    let end = Math.min(this.now + this.quantum, next);
    if (!busy) {
      end = next;
      for (const c of this.cpus) if (c.online && c.cp0.status & 0x8000) end = Math.min(end, c.timerAt);
      if (end === Infinity) {
        this.pendingStop = { reason: 'fatal', message: 'every CPU waits with no interrupt that can wake it and no device event pending' };
        return false;
      }
    }
    this.roundEnd = Math.max(end, this.now + 1);
    return true;
  }

  private runSlice(cpu: MachineCpu, target: number, stepFrom: number): void {
    const i = cpu.index;
    const end = this.roundEnd;
    if (!cpu.online) {
      cpu.idleTo(end);
      return;
    }
    this.running = cpu;
    try {
      for (;;) {
        if (cpu.cycle >= cpu.timerAt) {
          cpu.cp0.cause |= CAUSE_TI;
          cpu.timerAt = cpu.cp0.nextTimerCycle();
        }
        if (this.pendingStop !== undefined || cpu.cycle >= end) return;
        let left = target - this.retired;
        if (this.positionLimit !== Infinity) left = Math.min(left, this.positionLimit - this.position);
        if (left <= 0) return;
        if (stepFrom >= 0 && this.progress(i) !== stepFrom) return;
        if (cpu.waiting) {
          if (!cpu.cp0.waitEnds) {
            cpu.idleTo(Math.min(end, cpu.timerAt));
            continue;
          }
          cpu.waiting = false;
        }
        if (cpu.cp0.interruptTaken) {
          this.takeInterrupt(cpu);
          if (stepFrom >= 0 || this.pendingStop !== undefined || this.position >= this.positionLimit) continue;
        } else if (cpu.guest?.interruptPending === true) {
          this.takeGuestInterrupt(cpu);
          if (stepFrom >= 0 || this.pendingStop !== undefined || this.position >= this.positionLimit) continue;
        }
        const pc = cpu.state.pc;
        if (this.resumeAt[i] !== pc && cpu.breakpointAt(pc)) {
          this.resumeAt[i] = pc;
          this.pendingStop = { reason: 'breakpoint', cpu: i, pc };
          return;
        }
        this.resumeAt[i] = undefined;
        const chunk = stepFrom >= 0 ? 1 : Math.min(Math.min(end, cpu.timerAt) - cpu.cycle, left);
        this.chunkExceptions[i] = 0;
        const icountBefore = cpu.state.icount;
        const exceptionsBefore = this.exceptionsTaken[i] as number;
        const why = cpu.run(chunk);
        if (why === 'breakpoint') {
          this.resumeAt[i] = cpu.state.pc;
          this.pendingStop = { reason: 'breakpoint', cpu: i, pc: cpu.state.pc };
          return;
        }
        if (why === 'halted') cpu.resume();
        if (cpu.state.icount === icountBefore && (this.exceptionsTaken[i] as number) - exceptionsBefore >= EXCEPTIONS_PER_CHUNK) {
          this.pendingStop = { reason: 'fatal', message: `CPU ${i} takes exceptions without executing an instruction (pc 0x${(cpu.state.pc >>> 0).toString(16)})`, cpu: i };
          return;
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
