// A static Linux o32 program running in MIPS32 user mode, as `qemu-mips` runs it: one CPU over a
// private physical memory, a UserAddressSpace, the initial stack, and this class as the CPU's
// ExceptionSink — SYSCALL goes to the system call table (o32 convention: number in v0, arguments
// in a0–a3 and on the stack, result in v0 with a3 = error flag), every other exception becomes
// the signal qemu-mips would deliver, whose default action ends the process with 128 + signal.

import type { ElfFile } from '../../toolchain/elf/elfFile';
import { CodeStore } from '../codegen/codeStore';
import { Cpu, type ExceptionSink, type StopReason } from '../cpu';
import { EXC_SYS, type ExceptionRecord } from '../exceptions';
import { PhysicalMemory } from '../physicalMemory';
import { ENOSYS } from './errno';
import { CLOCK_EPOCH_SECONDS } from './processSyscalls';
import { buildInitialStack } from './initialStack';
import type { LinuxHost } from './linuxHost';
import { FileTable } from './openFiles';
import { loadProgram } from './programLoader';
import { signalForException, signalName } from './signals';
import type { SyscallContext } from './syscallContext';
import { QUIET_ENOSYS, SYSCALLS } from './syscallTable';
import { UserAddressSpace } from './userAddressSpace';
import { TimedCpu } from '../timing/timedCpu';
import { TimingModel } from '../timing/timingModel';
import type { TimingParams } from '../timing/timingParams';

export interface LinuxProcessOptions {
  readonly elf: ElfFile;
  /** argv[0] first. */
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  /** Absolute path of the program (for /proc/self/exe). */
  readonly execPath: string;
  readonly host: LinuxHost;
  /** Physical memory for the process, bytes (default 512 MiB, allocated lazily by the host). */
  readonly memorySize?: number;
  readonly uid?: number;
  readonly gid?: number;
  /**
   * Timing mode (docs/timing.md): one CPU on one node whose memory accesses go through the cache
   * model; absent: fast mode.
   */
  readonly timing?: Omit<TimingParams, 'cpus' | 'nodes' | 'memoryBytes'>;
}

/** How the process ended. */
export interface ProcessExit {
  /** Exit status as a shell sees it: the exit code, or 128 + signal. */
  readonly status: number;
  /** The fatal signal, if a signal ended it. */
  readonly signal?: number;
}

export class LinuxProcess implements SyscallContext, ExceptionSink {
  readonly memory: PhysicalMemory;
  readonly code: CodeStore;
  readonly cpu: Cpu;
  /** Timing mode's model (statistics), undefined in fast mode. */
  readonly timing: TimingModel | undefined;
  readonly space: UserAddressSpace;
  readonly host: LinuxHost;
  readonly files = new FileTable();
  readonly bigEndian: boolean;
  readonly execPath: string;
  readonly brkStart: number;
  brk: number;
  readonly sigactions = new Map<number, Uint8Array>();
  /** Set once the process has ended. */
  exited: ProcessExit | undefined;
  private randomState = 0x2545f491;

  constructor(options: LinuxProcessOptions) {
    const big = options.elf.endian === 'big';
    this.bigEndian = big;
    this.memory = new PhysicalMemory(options.memorySize ?? 512 << 20, options.elf.endian);
    const t = options.timing;
    this.timing = t === undefined ? undefined : new TimingModel({ ...t, cpus: 1, nodes: 1, memoryBytes: this.memory.size });
    this.code = new CodeStore(this.memory, this.timing);
    this.space = new UserAddressSpace(this.memory);
    const cpuOptions = { memory: this.memory, code: this.code, translator: this.space, sink: this };
    this.cpu = this.timing === undefined ? new Cpu(cpuOptions) : new TimedCpu({ ...cpuOptions, timing: this.timing });
    this.space.onUnmap = () => this.cpu.tlb.flush();
    this.host = options.host;
    this.execPath = options.execPath;
    const prog = loadProgram(this.space, options.elf);
    this.brkStart = prog.brk;
    this.brk = prog.brk;
    const sp = buildInitialStack(this.space, prog, {
      argv: options.argv,
      envp: options.envp,
      execfn: options.argv[0] ?? options.execPath,
      uid: options.uid ?? 0,
      gid: options.gid ?? 0,
      random: this.random(16),
    });
    this.cpu.state.gpr[29] = sp;
    this.cpu.state.jumpTo(prog.entry);
  }

  /**
   * Runs until the process ends, a breakpoint is reached, or maxInstructions retire.
   * Returns 'halted' once the process has ended (see `exited`).
   */
  run(maxInstructions = Number.MAX_SAFE_INTEGER): StopReason {
    if (!(this.cpu instanceof TimedCpu)) return this.cpu.run(maxInstructions);
    // A timed CPU's budget is in cycles, never fewer than instructions: run until the count is reached.
    const S = this.cpu.state;
    const target = S.icount + maxInstructions;
    let why: StopReason = 'budget';
    while (why === 'budget' && S.icount < target) why = this.cpu.run(target - S.icount);
    return why;
  }

  /** Cycles so far: retired instructions, plus stalls in timing mode. */
  get cycles(): number {
    return this.cpu instanceof TimedCpu ? this.cpu.cycles : this.cpu.state.icount;
  }

  /** Runs to the end and returns the exit status. */
  runToExit(): ProcessExit {
    while (!this.exited) this.run();
    return this.exited;
  }

  takeException(cpu: Cpu, r: ExceptionRecord): void {
    const S = cpu.state;
    if (r.excCode === EXC_SYS) {
      // The system call completes the SYSCALL instruction: it retires (exit included, as QEMU counts).
      S.icount++;
      this.syscall();
      if (this.exited) return;
      S.pc = r.nextPc;
      S.npc = (r.nextPc + 4) | 0;
      S.inDelaySlot = false;
      return;
    }
    this.kill(signalForException(r.excCode, r.badVAddr));
  }

  private syscall(): void {
    const S = this.cpu.state;
    const R = S.gpr;
    const nr = R[2] as number;
    const handler = SYSCALLS.get(nr);
    let result: number;
    if (handler) {
      const sp = R[29] as number;
      const stack = this.space.read((sp + 16) | 0, 16);
      const extra = [0, 0, 0, 0];
      if (stack) for (let i = 0; i < 4; i++) extra[i] = new DataView(stack.buffer).getInt32(i * 4, !this.bigEndian);
      result = handler(this, [R[4] as number, R[5] as number, R[6] as number, R[7] as number, ...extra]);
    } else {
      if (!QUIET_ENOSYS.has(nr)) this.host.note(`Unsupported syscall: ${nr}`);
      result = -ENOSYS;
    }
    if (this.exited) return;
    if (result < 0 && result >= -1133) {
      R[2] = -result;
      R[7] = 1;
    } else {
      R[2] = result;
      R[7] = 0;
    }
  }

  exit(status: number): void {
    this.exited = { status };
    this.cpu.halt('exit');
  }

  kill(sig: number): void {
    this.host.note(`uncaught target signal ${sig} (${signalName(sig)})`);
    this.exited = { status: 128 + sig, signal: sig };
    this.cpu.halt('signal');
  }

  random(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let x = this.randomState;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    this.randomState = x;
    return out;
  }

  clock(): { sec: number; nsec: number } {
    const n = this.cpu.state.icount;
    const extra = Math.floor(n / 1e9);
    return { sec: CLOCK_EPOCH_SECONDS + extra, nsec: n - extra * 1e9 };
  }
}
