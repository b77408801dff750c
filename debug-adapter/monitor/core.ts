// The monitor's run-time core: the state shared by every handler (machine, VMs, memmap, costs,
// per-CPU bookkeeping) and the trap path itself. Every exception a physical CPU takes enters
// `handle` (the Machine's onException hook): cycles since the last resume are attributed, the
// vCPU's special page is read back, the exit handler for the ExcCode runs, due virtual timers
// fire, and `resume` picks the vCPU to run, delivers a pending virtual interrupt, writes the
// special page, sets the physical mode/ASID/Compare and charges the monitor's cycles. A CPU left
// with nothing runnable takes a waiting vCPU from another CPU (scheduler.ts, migrate.ts).

import { EXC_INT, excCodeName } from '../machine/exceptions';
import { applyCp0Changes } from '../machine/priv/cop0Instructions';
import { CAUSE_TI, ENTRYHI_ASID, MODE_KERNEL, STATUS_CU1, STATUS_IE } from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import type { Machine } from '../machine/system/machine';
import type { MachineCpu } from '../machine/system/machineCpu';
import type { CostModel } from './costModel';
import { bump, newPcpuCounters, type PcpuCounters } from './counters';
import type { DiskCache } from './diskCache';
import { EXIT_HANDLERS, reflectAsIs } from './exits';
import type { LinuxGuests } from './linuxGuests';
import { flushAll } from './hwTlb';
import type { KernelImageCache } from './kernelImages';
import type { Memmap } from './memmap';
import { NetLog } from './netLog';
import { deliverInterrupt } from './reflect';
import { migrate } from './migrate';
import type { MonitorData } from './monitorData';
import { resumePath, trapEntry, vcpuSwitch } from './monitorSteps';
import { MonitorWork } from './monitorWork';
import { Scheduler } from './scheduler';
import { ContentShare } from './contentShare';
import { Numa } from './numa';
import type { ContentSharingConfig, NumaPolicyConfig } from '../config/discoConfig';
import { loadSpecialPage, SPECIAL_PAGE_USED, storeSpecialPage } from './specialPage';
import { processDue } from './vdevices';
import type { Vcpu } from './vcpu';
import type { Vm } from './vm';
import { nextDeadline } from './vtime';

/** Physical Cause/Status bit the monitor uses to interrupt another CPU (software IP0). */
export const POKE = 1 << 8;
const IM7 = 1 << 15;
const KSU_SUPERVISOR = 1 << 3;
const KSU_USER = 2 << 3;

/** Something the monitor did, for timelines and debugger stops. */
export interface MonitorEvent {
  readonly kind: 'emulate' | 'reflect' | 'monitor-call' | 'isolation' | 'halt' | 'switch' | 'migrate' | 'page-alloc' | 'page-share' | 'page-move';
  readonly vm: number;
  readonly vcpu: number;
  readonly cycle: number;
  readonly detail: string;
  /** 'reflect': the ExcCode the guest sees (MIPS32 Cause.ExcCode). */
  readonly excCode?: number;
  /** 'emulate': the privileged instruction (MTC0, TLBWI…); 'monitor-call': the call's name. */
  readonly instruction?: string;
}

export interface CoreOptions {
  readonly machine: Machine;
  readonly vms: readonly Vm[];
  readonly memmap: Memmap;
  /** The global cache of shared-cow disk blocks. */
  readonly diskCache: DiskCache;
  /** The pages of kernel images shared between VMs. */
  readonly kernelImages: KernelImageCache;
  readonly costs: CostModel;
  /** Where the monitor's data structures live in machine memory. */
  readonly data: MonitorData;
  readonly retag: boolean;
  readonly timeSliceCycles: number;
  /** Idle CPUs may take waiting vCPUs from other CPUs. */
  readonly migration: boolean;
  readonly clockHz: number;
  /** A complete console line of a VM. */
  readonly console: (vm: Vm, line: string) => void;
  readonly numa: NumaPolicyConfig;
  readonly contentSharing: ContentSharingConfig;
}

export class MonitorCore {
  readonly machine: Machine;
  readonly vms: readonly Vm[];
  readonly vcpus: readonly Vcpu[];
  readonly memmap: Memmap;
  readonly diskCache: DiskCache;
  readonly kernelImages: KernelImageCache;
  readonly costs: CostModel;
  readonly retag: boolean;
  readonly migration: boolean;
  readonly clockHz: number;
  readonly sched: Scheduler;
  readonly console: (vm: Vm, line: string) => void;
  /** NUMA placement, page migration and replication. */
  readonly numa: Numa;
  /** Content-based page sharing. */
  readonly contentShare: ContentShare;
  pcpuCounters: PcpuCounters[];
  /** The virtual subnet's messages as they were delivered or dropped. */
  readonly netLog = new NetLog();
  /** Per physical CPU: cycle of the last resume or idle start, and what ran since. */
  lastCycle: number[];
  lastMode: ('user' | 'kernel' | 'idle')[];
  /** Per physical CPU: instruction count at the last resume. */
  icountAt: number[];
  /** Per physical CPU in retag mode: (vCPU, guest ASID) → hardware ASID. */
  asidMaps: Map<number, number>[];
  /** The cycles the handler being run has cost so far (path lengths and data accesses). */
  readonly work: MonitorWork;
  /** The physical CPU inside `handle`, or -1. */
  inHook = -1;
  onEvent: ((e: MonitorEvent) => void) | undefined;
  /** The kinds onEvent wants (undefined: every kind); no other event is built. */
  eventKinds: ReadonlySet<MonitorEvent['kind']> | undefined;
  /** The Linux VMs on the virtualization assist (linuxGuests.ts), when the configuration has any. */
  linux: LinuxGuests | undefined;

  constructor(o: CoreOptions) {
    this.machine = o.machine;
    this.vms = o.vms;
    this.vcpus = o.vms.flatMap((vm) => vm.vcpus);
    this.memmap = o.memmap;
    this.diskCache = o.diskCache;
    this.kernelImages = o.kernelImages;
    this.costs = o.costs;
    this.work = new MonitorWork(o.costs, o.data, o.machine.timing);
    this.retag = o.retag;
    this.migration = o.migration;
    this.clockHz = o.clockHz;
    this.console = o.console;
    const n = o.machine.cpus.length;
    this.sched = new Scheduler(this.vcpus, {
      cpus: n,
      timeSliceCycles: o.timeSliceCycles,
      cpuNode: (p) => o.machine.cpuNode(p),
      homeNode: (v) => this.vmOf(v).pmap.homeNode,
    });
    this.pcpuCounters = Array.from({ length: n }, newPcpuCounters);
    this.lastCycle = new Array<number>(n).fill(0);
    this.lastMode = new Array<'user' | 'kernel' | 'idle'>(n).fill('idle');
    this.icountAt = new Array<number>(n).fill(0);
    this.asidMaps = Array.from({ length: n }, () => new Map<number, number>());
    this.numa = new Numa(this, o.numa);
    this.contentShare = new ContentShare(this, o.contentSharing);
  }

  vmOf(v: Vcpu): Vm {
    return this.vms[v.vmId] as Vm;
  }

  /** Reports a monitor event when someone listens (excCode -1: none). */
  emit(kind: MonitorEvent['kind'], v: Vcpu | undefined, cycle: number, detail: () => string, excCode = -1, instruction?: string): void {
    if (this.onEvent === undefined || (this.eventKinds !== undefined && !this.eventKinds.has(kind))) return;
    const e: MonitorEvent = { kind, vm: v?.vmId ?? -1, vcpu: v?.id ?? -1, cycle, detail: detail() };
    this.onEvent({ ...e, ...(excCode < 0 ? {} : { excCode }), ...(instruction === undefined ? {} : { instruction }) });
  }

  /** Attributes the cycles CPU p spent since its last resume (guest user/kernel or idle). */
  settle(p: number): void {
    const cpu = this.machine.cpus[p] as MachineCpu;
    const delta = cpu.cycle - (this.lastCycle[p] as number);
    const mode = this.lastMode[p] as 'user' | 'kernel' | 'idle';
    (this.pcpuCounters[p] as PcpuCounters).cycles[mode] += delta;
    const v = this.sched.current[p];
    if (v !== undefined && mode !== 'idle') {
      v.counters.cycles[mode] += delta;
      v.icount += cpu.state.icount - (this.icountAt[p] as number);
    }
    this.icountAt[p] = cpu.state.icount;
    this.lastCycle[p] = cpu.cycle;
  }

  /** The Machine's exception hook: every exception of every CPU enters here. */
  handle(cpu: MachineCpu, exc: MachineException): 'handled' {
    const p = cpu.index;
    this.inHook = p;
    this.settle(p);
    this.work.cpu = p;
    cpu.cp0.cause &= ~(CAUSE_TI | POKE);
    const v = this.sched.current[p];
    trapEntry(this, p, v);
    if (v !== undefined) {
      if (exc.excCode === EXC_INT) cpu.state.jumpTo(exc.epc);
      if (v.run === 'runnable') {
        if (this.linux?.has(v) !== true) loadSpecialPage(this.machine.memory, v);
        bump(v.counters.traps, excCodeName(exc.excCode));
        (EXIT_HANDLERS[exc.excCode] ?? reflectAsIs)(this, v, cpu, exc);
      }
    }
    processDue(this, cpu.cycle);
    this.numa.poll(cpu);
    this.contentShare.poll(cpu);
    this.resume(cpu, v);
    this.inHook = -1;
    return 'handled';
  }

  /** Chooses what CPU `cpu` runs next and sets the hardware up for it. */
  resume(cpu: MachineCpu, entered: Vcpu | undefined): void {
    const p = cpu.index;
    this.work.cpu = p;
    let next = this.sched.choose(p, cpu.cycle);
    if (next === undefined && this.migration) {
      const s = this.sched.steal(p);
      if (s !== undefined) {
        migrate(this, s.v, s.from, cpu);
        next = s.v;
      }
    }
    if (next !== entered) {
      if (entered !== undefined) {
        entered.saveFrom(cpu);
        entered.leftAt = cpu.cycle;
      }
      if (next !== undefined) {
        (this.pcpuCounters[p] as PcpuCounters).switches++;
        vcpuSwitch(this, entered, next, this.retag ? 0 : cpu.jtlb.size);
        if (!this.retag) flushAll(cpu);
        next.loadOnto(cpu);
        this.emit('switch', next, cpu.cycle, () => `CPU ${p} runs vCPU ${next.id} of ${this.vmOf(next).name}`);
      }
      this.sched.setCurrent(p, next, cpu.cycle);
    }
    this.linux?.place(cpu, next);
    // A Linux vCPU takes its interrupts in guest mode, from the assist.
    if (next !== undefined && this.linux?.has(next) !== true && next.cp0.interruptDeliverable) deliverInterrupt(this, next, cpu);
    const oldMode = cpu.cp0.mode;
    let status = STATUS_IE | POKE;
    if (next !== undefined) {
      const vm = this.vmOf(next);
      storeSpecialPage(this.machine.memory, vm, next, this.clockHz);
      this.machine.noteMemoryWritten(next.specialMppn * 4096, SPECIAL_PAGE_USED);
      const kernel = next.cp0.mode === MODE_KERNEL;
      status |= (kernel ? KSU_SUPERVISOR : KSU_USER) | (next.cp0.status & STATUS_CU1);
      this.setHardwareAsid(cpu, this.hardwareAsid(cpu, next));
      this.lastMode[p] = kernel ? 'kernel' : 'user';
      cpu.waiting = false;
    } else {
      this.lastMode[p] = 'idle';
      cpu.waiting = true;
    }
    resumePath(this, p, next);
    this.charge(cpu, entered ?? next);
    if (this.setDeadline(cpu)) status |= IM7;
    applyCp0Changes(cpu, cpu.cp0.setStatus(status), oldMode);
    this.icountAt[p] = cpu.state.icount;
    this.lastCycle[p] = cpu.cycle;
    cpu.requestYield();
  }

  private charge(cpu: MachineCpu, v: Vcpu | undefined): void {
    const pc = this.pcpuCounters[cpu.index] as PcpuCounters;
    const cycles = this.work.flushInto(pc.monitorByService, v?.counters.monitorByService);
    cpu.idleTo(cpu.cycle + cycles);
    pc.cycles.monitor += cycles;
    if (v !== undefined) v.counters.cycles.monitor += cycles;
    this.work.cpu = -1;
  }

  /**
   * Programs the physical Compare for the end of the slice or the next virtual deadline; false
   * when there is none (the timer interrupt then stays masked).
   */
  private setDeadline(cpu: MachineCpu): boolean {
    const now = cpu.cycle;
    let at = Math.min(nextDeadline(this.vms), this.sched.sliceDeadline(cpu.index));
    const c = cpu.cp0;
    c.cause &= ~CAUSE_TI;
    if (at === Infinity) return false;
    if (at <= now) at = now + 2;
    c.compare = (c.countBias + Math.ceil(at / 2)) | 0;
    return true;
  }

  /** The hardware ASID for v's current guest ASID on this CPU. */
  hardwareAsid(cpu: MachineCpu, v: Vcpu): number {
    const guest = v.cp0.asid;
    if (!this.retag) return guest;
    const map = this.asidMaps[cpu.index] as Map<number, number>;
    const key = v.globalId * 256 + guest;
    let hw = map.get(key);
    if (hw === undefined) {
      if (map.size >= 256) {
        flushAll(cpu);
        map.clear();
      }
      const used = new Set(map.values());
      hw = 0;
      while (used.has(hw)) hw++;
      map.set(key, hw);
    }
    return hw;
  }

  private setHardwareAsid(cpu: MachineCpu, asid: number): void {
    if (cpu.cp0.asid === asid) return;
    cpu.cp0.entryHi = (cpu.cp0.entryHi & ~ENTRYHI_ASID) | asid;
    cpu.mmu.mappingChanged();
  }

  /** Sets a virtual interrupt line of v and makes sure the CPU it runs on notices. */
  raise(v: Vcpu, bit: number): void {
    v.lines |= bit;
    this.notify(v);
  }

  /** Clears a virtual interrupt line. */
  lower(v: Vcpu, bit: number): void {
    v.lines &= ~bit;
  }

  /**
   * Wakes an idle vCPU whose interrupt is now pending and interrupts its physical CPU; when it
   * now has to wait behind another vCPU, also an idle CPU, which may take it.
   */
  notify(v: Vcpu): void {
    if (v.run === 'idle' && v.cp0.waitEnds) v.run = 'runnable';
    if (v.run !== 'runnable') return;
    this.poke(v.pcpu);
    if (this.migration && this.sched.hasWaiting(v.pcpu)) {
      const q = this.idleCpu(this.machine.cpuNode(v.pcpu));
      if (q >= 0) this.poke(q);
    }
  }

  /** The lowest-numbered idle CPU, of the given node when it has one; -1 when none is idle. */
  private idleCpu(node: number): number {
    let any = -1;
    for (let q = 0; q < this.sched.current.length; q++) {
      if (this.sched.current[q] !== undefined || !(this.machine.cpus[q] as MachineCpu).online) continue;
      if (this.machine.cpuNode(q) === node) return q;
      if (any < 0) any = q;
    }
    return any;
  }

  /** Interrupts physical CPU p so it re-enters the monitor. */
  poke(p: number): void {
    if (p !== this.inHook) (this.machine.cpus[p] as MachineCpu).cp0.cause |= POKE;
  }
}
