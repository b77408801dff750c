// Save and restore of the monitor's own state as plain JSON data: every VM (end, device
// buffers, subnet queue and counters, pmap, disks and their counters, vCPUs with their virtual CP0, virtual TLB, L2TLB and counters), the
// memmap (with replica pointers), the global disk cache's blocks, the kernel image cache's pages, the Linux VMs' UARTs and counters, the NUMA policy and content-sharing scanner, the subnet's log, the scheduler (each vCPU's queue comes from its saved CPU) and the per-CPU bookkeeping. Together with the machine's snapshot it
// puts a run back exactly where it was (monitor.ts saves both at once).

import type { MonitorCore } from './core';
import type { DiskCounters, PcpuCounters } from './counters';
import type { DiskCacheState } from './diskCache';
import type { KernelImageState } from './kernelImages';
import type { ContentShareState } from './contentShare';
import type { MemmapState } from './memmap';
import type { NumaState } from './numa';
import type { NetLogState } from './netLog';
import type { PmapState } from './pmap';
import type { VcpuState } from './vcpu';
import type { LinuxGuestsState } from './linuxGuests';
import type { VirtualDiskState } from './vdisk';
import { loadMessage, type NetCounters, type NetMessageState, saveMessage } from './vnet';
import type { VmEnd } from './vm';

export interface VmState {
  readonly end: VmEnd | null;
  readonly consoleLine: string;
  readonly consoleInput: readonly number[];
  readonly rxQueue: readonly NetMessageState[];
  readonly netCounters: NetCounters;
  readonly pmap: PmapState;
  readonly disks: readonly VirtualDiskState[];
  readonly diskCounters: DiskCounters;
  readonly vcpus: readonly VcpuState[];
}

/** The monitor's state (JSON-safe). */
export interface MonitorState {
  readonly format: 'disco-monitor-1';
  readonly vms: readonly VmState[];
  readonly memmap: MemmapState;
  readonly diskCache: DiskCacheState;
  readonly kernelImages: KernelImageState;
  readonly numa: NumaState;
  readonly contentShare: ContentShareState;
  readonly netLog: NetLogState;
  readonly current: readonly number[];
  readonly sliceEnd: readonly number[];
  readonly pcpuCounters: readonly PcpuCounters[];
  readonly lastCycle: readonly number[];
  readonly lastMode: readonly ('user' | 'kernel' | 'idle')[];
  readonly icountAt: readonly number[];
  readonly asidMaps: readonly (readonly (readonly [number, number])[])[];
  /** The Linux VMs' devices and counters (linuxGuests.ts), when there are any. */
  readonly linux: LinuxGuestsState | null;
}

export function saveMonitorState(core: MonitorCore): MonitorState {
  return {
    format: 'disco-monitor-1',
    vms: core.vms.map((vm) => ({
      end: vm.end ?? null,
      consoleLine: vm.consoleLine,
      consoleInput: [...vm.consoleInput],
      rxQueue: vm.rxQueue.map(saveMessage),
      netCounters: { ...vm.netCounters },
      pmap: vm.pmap.save(),
      disks: vm.disks.map((d) => d.save()),
      diskCounters: { ...vm.diskCounters },
      vcpus: vm.vcpus.map((v) => v.save()),
    })),
    memmap: core.memmap.save(),
    diskCache: core.diskCache.save(),
    kernelImages: core.kernelImages.save(),
    numa: core.numa.save(),
    contentShare: core.contentShare.save(),
    netLog: core.netLog.save(),
    current: core.sched.current.map((v) => v?.globalId ?? -1),
    sliceEnd: [...core.sched.sliceEnd],
    pcpuCounters: structuredClone(core.pcpuCounters),
    lastCycle: [...core.lastCycle],
    lastMode: [...core.lastMode],
    icountAt: [...core.icountAt],
    asidMaps: core.asidMaps.map((m) => [...m]),
    linux: core.linux?.save() ?? null,
  };
}

export function loadMonitorState(core: MonitorCore, s: MonitorState): void {
  if (s.format !== 'disco-monitor-1' || s.vms.length !== core.vms.length) throw new Error('monitor state does not belong to this configuration');
  // The memmap first: a pmap's EntryLos depend on which pages have replicas.
  core.memmap.load(s.memmap);
  s.vms.forEach((vs, i) => {
    const vm = core.vms[i];
    if (vm === undefined) return;
    vm.end = vs.end ?? undefined;
    vm.consoleLine = vs.consoleLine;
    vm.consoleInput = [...vs.consoleInput];
    vm.rxQueue = vs.rxQueue.map(loadMessage);
    vm.netCounters = { ...vs.netCounters };
    vm.pmap.load(vs.pmap);
    vs.disks.forEach((d, j) => vm.disks[j]?.load(d));
    vm.diskCounters = { ...vs.diskCounters };
    vs.vcpus.forEach((v, j) => vm.vcpus[j]?.load(v));
  });
  core.diskCache.load(s.diskCache);
  core.kernelImages.load(s.kernelImages);
  core.numa.load(s.numa);
  core.contentShare.load(s.contentShare);
  core.netLog.load(s.netLog);
  for (const q of core.sched.assigned) q.length = 0;
  for (const v of core.vcpus) core.sched.assigned[v.pcpu]?.push(v);
  s.current.forEach((g, p) => (core.sched.current[p] = g < 0 ? undefined : core.vcpus[g]));
  core.sched.sliceEnd.splice(0, s.sliceEnd.length, ...s.sliceEnd);
  core.pcpuCounters = structuredClone([...s.pcpuCounters]);
  core.lastCycle = [...s.lastCycle];
  core.lastMode = [...s.lastMode];
  core.icountAt = [...s.icountAt];
  core.asidMaps = s.asidMaps.map((m) => new Map(m));
  if (s.linux !== null) core.linux?.load(s.linux);
}
