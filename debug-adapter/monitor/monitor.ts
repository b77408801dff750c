// The Disco monitor facade: builds the machine and the monitor from a DiscoConfig (VMs with
// their pmaps, vCPUs starting on CPUs of the VM's home node, special pages, disks and the global
// disk cache, kernels loaded into guest-physical memory with their whole pages shared between VMs), attaches the trap path, and offers run/step, monitor events,
// console input, statistics, an inspection snapshot and save/restore of machine and monitor.

import type { DiscoConfig } from '../config/discoConfig';
import { Machine } from '../machine/system/machine';
import { restoreMachine, saveMachine, type MachineSnapshot } from '../machine/system/machineSnapshot';
import type { MachineStop } from '../machine/system/machineTypes';
import { type Diagnostic, UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { GUEST_LAYOUT } from './abi';
import { type CoreOptions, type MonitorEvent, MonitorCore } from './core';
import { type CostModel, DEFAULT_COSTS } from './costModel';
import { DiskCache } from './diskCache';
import { openDisk } from './diskOpen';
import { shootDownPage } from './hwTlb';
import { KernelImageCache, loadKernelImage } from './kernelImages';
import { guestImage, readGuestKernel } from './loader';
import { LinuxGuests } from './linuxGuests';
import { Memmap, SPECIAL_GPPN } from './memmap';
import { MonitorData } from './monitorData';
import { loadMonitorState, type MonitorState, saveMonitorState } from './monitorState';
import { monitorWrite, noteMonitorWrite } from './monitorWrites';
import { copyWork, pageAlloc, pageFree, shootdown, zeroWork } from './monitorSteps';
import { Pmap } from './pmap';
import { monitorSnapshot, type MonitorSnapshot } from './snapshot';
import { monitorStats, type MonitorStats } from './stats';
import { Vcpu } from './vcpu';
import { feedConsole } from './vdevices';
import { Vm } from './vm';
import { timingParamsOf } from '../machine/timing/timingParams';
import type { ElfFile } from '../toolchain/elf/elfTypes';

export interface MonitorOptions {
  readonly config: DiscoConfig;
  readonly files: FileAccessor;
  /** Include directories for guest kernel sources (guest/include). */
  readonly includeDirs?: readonly string[];
  /** A complete console line of a VM. */
  readonly console?: (vm: string, line: string) => void;
  readonly costs?: Partial<CostModel>;
  /** Idle CPUs take waiting vCPUs from other CPUs (default true; false keeps every vCPU on its first CPU). */
  readonly migration?: boolean;
  /** VMs that boot the same kernel share its whole pages (default true; false gives each VM private copies, for comparisons). */
  readonly kernelSharing?: boolean;
  readonly warn?: (d: Diagnostic) => void;
}

/** Why run() returned. */
export type MonitorStop = { readonly reason: 'halted' } | Exclude<MachineStop, { readonly reason: 'poweroff' | 'exit' }>;

/** Machine and monitor state saved together. */
export interface SavedRun {
  readonly machine: MachineSnapshot;
  readonly monitor: MonitorState;
}

/** The largest VM the sseg window can hold: 0xC0000000 up to the special page pair. */
const MAX_VM_BYTES = GUEST_LAYOUT.GUEST_MAPPED_LIMIT - GUEST_LAYOUT.GUEST_KSEG0_BASE;

/** The monitor's data region, or a UserError naming the config when a node cannot hold it. */
function monitorData(file: string, ...args: ConstructorParameters<typeof MonitorData>): MonitorData {
  try {
    return new MonitorData(...args);
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`${file}: machine memory is too small: ${e.message}`);
    throw e;
  }
}

export class DiscoMonitor {
  readonly machine: Machine;
  readonly core: MonitorCore;
  /** Each VM's kernel as loaded (configuration order), for symbols and line tables; undefined for a Linux VM (core.linux has its System.map). */
  readonly kernels: readonly (ElfFile | undefined)[];

  constructor(o: MonitorOptions) {
    const c = o.config;
    const m = c.machine;
    const clockHz = m.clockMHz * 1_000_000;
    try {
      const timing = m.mode === 'timing' ? { timing: timingParamsOf(m) } : {};
      this.machine = new Machine({ cpus: m.cpus, memoryMB: m.memoryMB, nodes: m.nodes, endianness: m.endian, tlbEntries: m.tlbEntries, clockHz, semihosting: false, ...timing });
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(`${c.file}: ${e.message}`);
      throw e;
    }
    const machine = this.machine;
    const mem = machine.memory;
    const memmap = new Memmap(mem.size / 4096, m.nodes, { first: mem.holeBase / 4096, end: mem.holeEnd / 4096 });
    const cpusPerNode = m.cpus / m.nodes;
    let dataVcpus = 0;
    const data = monitorData(
      c.file,
      memmap,
      c.vms.map((vc, i) => ({
        homeNode: vc.homeNode ?? i % m.nodes,
        guestPages: (vc.memoryMB * 1024 * 1024) / 4096,
        vcpus: Array.from({ length: vc.vcpus }, () => ({ globalId: dataVcpus++, l2tlbEntries: c.monitor.l2tlbEntries })),
      })),
      machine.cpus.map((cpu) => machine.cpuNode(cpu.index)),
    );
    const ref: { core?: MonitorCore } = {};
    const store = {
      zeroPage: (p: number): void => {
        mem.fill0(p * 4096, 4096);
        noteMonitorWrite(machine, p * 4096, 4096);
        if (ref.core !== undefined) zeroWork(ref.core, p * 4096, 4096);
      },
      copyPage: (dst: number, src: number): void => {
        mem.writeBytes(dst * 4096, mem.readBytes(src * 4096, 4096));
        noteMonitorWrite(machine, dst * 4096, 4096);
        if (ref.core !== undefined) copyWork(ref.core, 'pages', dst * 4096, src * 4096, 4096);
      },
    };
    const diskCache = new DiskCache(memmap, (p, data) => {
      monitorWrite(machine, p * 4096, data);
    });
    const kernelImages = new KernelImageCache(
      memmap,
      { readPage: (p) => mem.readBytes(p * 4096, 4096), fillPage: (p, data) => monitorWrite(machine, p * 4096, data) },
      o.kernelSharing ?? true,
    );
    const listener = {
      allocated: (vm: number, g: number, mppn: number): void => {
        const c = ref.core;
        if (c !== undefined) pageAlloc(c, vm, g, mppn);
        if (c?.onEvent !== undefined) c.emit('page-alloc', c.vms[vm]?.vcpus[0], machine.cpus[c.inHook]?.cycle ?? 0, () => `guest page 0x${g.toString(16)} of ${c.vms[vm]?.name ?? '?'} → machine page 0x${mppn.toString(16)}`);
      },
      unmapped: (vm: number, g: number, old: number): void => {
        if (ref.core !== undefined) pageFree(ref.core, vm, g, old);
        kernelImages.unmapped(old);
        this.shootDown(old);
      },
      collapse: (mppn: number): void => ref.core?.numa.collapse(mppn),
      copied: (vm: number, _g: number, from: number): void => {
        kernelImages.copied(from);
        ref.core?.contentShare.copied(from);
        const owner = ref.core?.vms[vm];
        if (owner !== undefined && diskCache.holds(from)) owner.diskCounters.cowFaults++;
      },
    };
    const nextCpu = new Array<number>(m.nodes).fill(0);
    let globalId = 0;
    const vms = c.vms.map((vc, i) => {
      const bytes = vc.memoryMB * 1024 * 1024;
      if (bytes > MAX_VM_BYTES) throw new UserError(`${c.file}: vms[${i}].memoryMB: ${vc.memoryMB} MB does not fit the guest kernel window (at most ${Math.floor(MAX_VM_BYTES / 1048576)} MB)`);
      const home = vc.homeNode ?? i % m.nodes;
      const pmap = new Pmap(i, bytes / 4096, home, memmap, store, listener, () => ref.core?.numa.placeNode(home) ?? home);
      const disks = vc.disks.map((d, j) => openDisk(d, `disk${j}`, o.files, diskCache));
      const vm = new Vm(i, vc, bytes, pmap, disks, Uint8Array.of(0x02, 0xd1, 0x5c, 0, 0, i + 1));
      for (let k = 0; k < vc.vcpus; k++) {
        const pcpu = home * cpusPerNode + ((nextCpu[home] as number) % cpusPerNode);
        nextCpu[home] = (nextCpu[home] as number) + 1;
        const v = new Vcpu({
          vmId: i, id: k, globalId: globalId++, tlbSize: m.tlbEntries, l2tlbEntries: c.monitor.l2tlbEntries,
          bigEndian: m.endian === 'big', pcpu, now: (p) => machine.cpus[p]?.cycle ?? 0,
        });
        v.specialMppn = memmap.allocate({ vm: i, gppn: SPECIAL_GPPN }, home);
        if (v.specialMppn < 0) throw new UserError(`${c.file}: machine memory is too small for the VMs' special pages`);
        store.zeroPage(v.specialMppn);
        vm.vcpus.push(v);
      }
      return vm;
    });
    const coreOptions: CoreOptions = {
      machine, vms, memmap, diskCache, kernelImages, costs: { ...DEFAULT_COSTS, ...o.costs }, data, retag: c.monitor.tlbOnSwitch === 'asid-retag',
      timeSliceCycles: c.monitor.timeSliceCycles, migration: o.migration ?? true, clockHz, console: (vm, line) => o.console?.(vm.name, line),
      numa: c.monitor.numa, contentSharing: c.monitor.contentSharing,
    };
    const core = new MonitorCore(coreOptions);
    ref.core = core;
    this.core = core;
    const kernels: (ElfFile | undefined)[] = [];
    // VMs that boot the same kernel share one assembly of it (and its warnings are shown once).
    const assembled = new Map<string, ElfFile>();
    for (const vm of vms) {
      if (vm.config.kind === 'linux') {
        kernels.push(undefined);
        continue;
      }
      const elf = assembled.get(vm.config.kernel) ?? readGuestKernel(vm.config.kernel, { files: o.files, endian: m.endian, includeDirs: o.includeDirs ?? [], ...(o.warn === undefined ? {} : { warn: o.warn }) });
      assembled.set(vm.config.kernel, elf);
      const image = guestImage(elf, vm.memoryBytes, m.endian);
      kernels.push(elf);
      for (const s of image.segments) {
        const data = new Uint8Array(s.memsz);
        data.set(s.data);
        if (!loadKernelImage(core, vm, s.gpa, data)) throw new UserError(`${c.file}: machine memory is too small to load ${vm.config.kernel}`);
      }
      for (const v of vm.vcpus) v.pc = image.entry;
    }
    this.kernels = kernels;
    if (vms.some((vm) => vm.config.kind === 'linux')) core.linux = new LinuxGuests(core, o.files);
    core.work.discard();
    machine.onException = (cpu, exc) => core.handle(cpu, exc);
    for (const cpu of machine.cpus) {
      cpu.cp0.reset();
      cpu.online = core.migration || core.sched.assigned[cpu.index]?.length !== 0;
      if (cpu.online) core.resume(cpu, undefined);
    }
  }

  /** The VMs (configuration order). */
  get vms(): readonly Vm[] {
    return this.core.vms;
  }

  /** Listener for monitor events (undefined: none, and no event is built). */
  set onEvent(f: ((e: MonitorEvent) => void) | undefined) {
    this.core.eventKinds = undefined;
    this.core.onEvent = f;
  }

  /**
   * Listener for some kinds of monitor events only: the others are not built at all (building
   * one on every trap costs more than half the trap).
   */
  listen(kinds: readonly MonitorEvent['kind'][], f: (e: MonitorEvent) => void): void {
    this.core.eventKinds = new Set(kinds);
    this.core.onEvent = f;
  }

  /** Drops hardware TLB entries naming machine page mppn on every CPU (pmap change). */
  private shootDown(mppn: number): void {
    this.core.numa.unmapped(mppn);
    let hit = 0;
    for (const cpu of this.machine.cpus) if (shootDownPage(cpu, mppn)) hit++;
    shootdown(this.core, 'pages', hit);
  }

  /** Runs up to maxInstructions (all CPUs together). */
  run(maxInstructions: number): MonitorStop {
    if (this.allEnded) return { reason: 'halted' };
    return this.finish(this.machine.run(maxInstructions));
  }

  /** Runs until CPU `cpu` retires one instruction or takes an exception. */
  step(cpu: number): MonitorStop {
    if (this.allEnded) return { reason: 'halted' };
    return this.finish(this.machine.step(cpu));
  }

  private finish(stop: MachineStop): MonitorStop {
    for (const cpu of this.machine.cpus) this.core.settle(cpu.index);
    if (stop.reason === 'poweroff' || stop.reason === 'exit') return { reason: 'halted' };
    if (stop.reason === 'fatal' && stop.message.startsWith('every CPU waits')) {
      return { reason: 'fatal', message: 'every vCPU waits (WAIT) with no virtual interrupt that can ever wake it' };
    }
    return stop;
  }

  /** True when every VM has halted or been stopped. */
  get allEnded(): boolean {
    return this.vms.every((vm) => !vm.live);
  }

  /** Queues console input for the named VM. */
  feedConsole(vmName: string, text: string): void {
    const vm = this.vms.find((v) => v.name === vmName);
    if (vm === undefined) throw new UserError(`no VM named ${vmName}`);
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
    if (this.core.linux?.feed(vm, bytes) !== true) feedConsole(this.core, vm, bytes);
  }

  /** Counters and results (JSON-safe). */
  stats(): MonitorStats {
    return monitorStats(this.core);
  }

  /** Everything the monitor holds, for inspection (JSON-safe). */
  snapshot(): MonitorSnapshot {
    return monitorSnapshot(this.core);
  }

  /** Saves machine and monitor together. */
  save(): SavedRun {
    return { machine: saveMachine(this.machine), monitor: saveMonitorState(this.core) };
  }

  /** Restores a state saved from a monitor built from the same configuration. */
  restore(s: SavedRun): void {
    restoreMachine(this.machine, s.machine);
    loadMonitorState(this.core, s.monitor);
    // Each CPU in guest mode again exactly when it runs a Linux vCPU.
    for (const cpu of this.machine.cpus) this.core.linux?.place(cpu, this.core.sched.current[cpu.index]);
  }
}
