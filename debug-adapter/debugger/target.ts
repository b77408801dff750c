// What the debugger debugs: the bare machine (a kernel on the Disco board, Debian's Linux on the
// linux-generic board) or the Disco monitor with its VMs. A thread is a vCPU under the monitor
// and a CPU on the bare machine. A vCPU's registers live on the physical CPU that runs it, or in
// its Vcpu record while it waits; registerFile() hides which. Nothing here runs the guest.

import type { MachineCpu } from '../machine/system/machineCpu';
import type { Machine } from '../machine/system/machine';
import type { DiscoMonitor } from '../monitor/monitor';
import type { Vcpu } from '../monitor/vcpu';
import type { Vm } from '../monitor/vm';
import type { SymbolService } from '../toolchain/symbols/symbolService';
import type { ElfFile } from '../toolchain/elf/elfTypes';

/** The three address spaces of a Disco system (ARCHITECTURE.md §2a). */
export type AddressSpace = 'virtual' | 'guest-physical' | 'machine';

/** One loaded image, as the debugger's `modules` list shows it. */
export interface LoadedImage {
  readonly name: string;
  readonly path: string;
  /** The VM that loaded it; undefined on the bare machine. */
  readonly vm: string | undefined;
  readonly elf: ElfFile | undefined;
  /** Lowest and highest virtual address of its loaded segments. */
  readonly range: readonly [number, number] | undefined;
}

export interface DebugThread {
  /** DAP thread id: 1-based, stable for the session. */
  readonly id: number;
  /** `server · vcpu0` under the monitor, `cpu0` on the bare machine. */
  readonly name: string;
  readonly vm: Vm | undefined;
  readonly vcpu: Vcpu | undefined;
  /** The CPU of a bare-machine thread; -1 under the monitor (see cpuOf). */
  readonly cpu: number;
}

/** The registers of a thread, wherever they live now. Writes go to the live copy. */
export interface RegisterFile {
  readonly gpr: Int32Array;
  hi: number;
  lo: number;
  readonly pc: number;
  /** Moves the thread to pc (a branch pending at the old pc is dropped). */
  setPc(pc: number): void;
  /** The thread stopped between a branch and its delay slot. */
  readonly inDelaySlot: boolean;
  /** Where execution goes after the instruction at pc (the branch target in a delay slot). */
  readonly npc: number;
  /** Instructions the thread retired (a vCPU's count is settled at every stop). */
  readonly icount: number;
}

export class DebugTarget {
  readonly threads: readonly DebugThread[];

  constructor(
    readonly machine: Machine,
    readonly monitor: DiscoMonitor | undefined,
    readonly symbols: SymbolService,
    readonly images: readonly LoadedImage[],
  ) {
    this.threads = monitor === undefined
      ? machine.cpus.map((c, i) => ({ id: i + 1, name: `cpu${c.index}`, vm: undefined, vcpu: undefined, cpu: c.index }))
      : monitor.vms.flatMap((vm) => vm.vcpus.map((v) => ({ vm, vcpu: v, cpu: -1, name: `${vm.name} · vcpu${v.id}` }))).map((t, i) => ({ ...t, id: i + 1 }));
  }

  thread(id: number): DebugThread | undefined {
    return this.threads[id - 1];
  }

  /** The physical CPU running the thread now, or undefined (a vCPU waiting or stopped). */
  cpuOf(t: DebugThread): MachineCpu | undefined {
    if (t.vcpu === undefined) return this.machine.cpus[t.cpu];
    const cpu = this.machine.cpus[t.vcpu.pcpu];
    return cpu !== undefined && this.monitor?.core.sched.current[t.vcpu.pcpu] === t.vcpu ? cpu : undefined;
  }

  /** The physical CPU a thread is on or queued on (a vCPU's pcpu). */
  homeCpu(t: DebugThread): number {
    return t.vcpu === undefined ? t.cpu : t.vcpu.pcpu;
  }

  /** The symbol-service address space of a thread: its VM's name, or undefined on the bare machine. */
  space(t: DebugThread): string | undefined {
    return t.vm?.name;
  }

  /** False once the thread's VM has ended or a bare CPU is offline. */
  alive(t: DebugThread): boolean {
    if (t.vm !== undefined) return t.vm.live && t.vcpu?.run !== 'stopped';
    return this.machine.cpus[t.cpu]?.online === true;
  }

  registerFile(t: DebugThread): RegisterFile {
    const cpu = this.cpuOf(t);
    if (cpu !== undefined) {
      const s = cpu.state;
      return {
        gpr: s.gpr,
        get hi() { return s.hi; },
        set hi(v) { s.hi = v | 0; },
        get lo() { return s.lo; },
        set lo(v) { s.lo = v | 0; },
        get pc() { return s.pc; },
        setPc: (pc) => s.jumpTo(pc | 0),
        get inDelaySlot() { return s.inDelaySlot; },
        get npc() { return s.npc; },
        get icount() { return t.vcpu === undefined ? s.icount : t.vcpu.icount; },
      };
    }
    const v = t.vcpu as Vcpu;
    return {
      gpr: v.gpr,
      get hi() { return v.hi; },
      set hi(x) { v.hi = x | 0; },
      get lo() { return v.lo; },
      set lo(x) { v.lo = x | 0; },
      get pc() { return v.pc; },
      setPc: (pc) => { v.pc = pc | 0; },
      inDelaySlot: false,
      get npc() { return (v.pc + 4) | 0; },
      get icount() { return v.icount; },
    };
  }
}
