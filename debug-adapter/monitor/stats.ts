// Run statistics (`disco run --stats`): per physical CPU the cycle split (guest user, guest
// kernel, monitor, idle — summing to the CPU's clock), vCPU switches and vCPUs taken from other
// CPUs; per VM how it ended, its counters summed over its vCPUs and per vCPU (migrations
// included), guest-physical pages touched, machine pages it owns or shares and its disk
// counters and subnet counters, and for a Linux VM its guest exits and what the virtualization
// assist did (linuxStats.ts); the global disk cache's blocks and the machine memory its sharing
// saves; the kernel image cache's pages and what they save; the subnet's totals; the footprint (virtual against machine memory, footprint.ts). Plain JSON.

import type { MachineCpu } from '../machine/system/machineCpu';
import type { MonitorCore } from './core';
import { type ContentSharingStats, contentSharingStats, numaStats, type NumaStats } from './numaStats';
import { type CycleSplit, type DiskCounters, sumVcpuCounters, type VcpuCounters } from './counters';
import { memoryFootprint, type MemoryFootprint } from './footprint';
import { linuxVmStats, type LinuxVcpuStats } from './linuxStats';
import { type NetCounters, newNetCounters } from './vnet';
import type { VmEnd } from './vm';

export interface MonitorStats {
  readonly pcpus: readonly { readonly cpu: number; readonly totalCycles: number; readonly cycles: CycleSplit; readonly switches: number; readonly migrationsIn: number }[];
  readonly vms: readonly {
    readonly name: string;
    readonly end: VmEnd | null;
    readonly counters: VcpuCounters;
    readonly vcpus: readonly VcpuCounters[];
    /** Guest-physical pages mapped to machine pages. */
    readonly pmapPages: number;
    /** Machine pages this VM uses (pmap pages and special pages; shared pages count once per VM). */
    readonly machinePages: number;
    /** Its disks' cache hits and misses, shared and copied pages, copy-on-write faults on cached blocks. */
    readonly disk: DiskCounters & { readonly modifiedSectors: number };
    /** Its messages on the virtual subnet, pages received by remapping, bytes copied. */
    readonly net: NetCounters;
    /** A Linux VM: per vCPU, its guest exits and what the virtualization assist did (linuxStats.ts). */
    readonly linux?: readonly LinuxVcpuStats[];
  }[];
  /** Machine pages in use by all VMs and the disk cache. */
  readonly machinePagesInUse: number;
  /** The global disk cache: its blocks, the VMs' guest pages mapping them, and the memory sharing saves. */
  readonly diskCache: { readonly blocks: number; readonly mappings: number; readonly pagesSaved: number; readonly bytesSaved: number };
  /** Kernel images shared between VMs: the cache's pages, the VMs' guest pages mapping them, copy-on-write breaks, the memory sharing saves. */
  readonly kernelImages: { readonly pages: number; readonly mappings: number; readonly copies: number; readonly pagesSaved: number; readonly bytesSaved: number };
  /** NUMA page moves, replicas and local/remote misses (numaStats.ts). */
  readonly numa: NumaStats;
  /** Content-based sharing: pages scanned, merged, copy-on-write breaks, memory saved. */
  readonly contentSharing: ContentSharingStats;
  /** The virtual subnet: every VM's counters summed. */
  readonly subnet: NetCounters;
  /** Guest memory touched by all VMs against the machine memory backing it. */
  readonly footprint: MemoryFootprint;
}

export function monitorStats(core: MonitorCore): MonitorStats {
  const perVm = new Array<Set<number>>(core.vms.length);
  for (let i = 0; i < perVm.length; i++) perVm[i] = new Set();
  for (const [mppn, users] of core.memmap.entries()) for (const u of users) perVm[u.vm]?.add(mppn);
  return {
    pcpus: core.machine.cpus.map((cpu: MachineCpu) => {
      const c = core.pcpuCounters[cpu.index];
      return { cpu: cpu.index, totalCycles: cpu.cycle, cycles: { ...(c?.cycles ?? { user: 0, kernel: 0, monitor: 0, idle: 0 }) }, switches: c?.switches ?? 0, migrationsIn: c?.migrationsIn ?? 0 };
    }),
    vms: core.vms.map((vm) => {
      const linux = linuxVmStats(core, vm);
      return {
        name: vm.name,
        end: vm.end ?? null,
        counters: sumVcpuCounters(vm.vcpus.map((v) => v.counters)),
        vcpus: vm.vcpus.map((v) => structuredClone(v.counters)),
        pmapPages: vm.pmap.mappedPages,
        machinePages: perVm[vm.id]?.size ?? 0,
        disk: { ...vm.diskCounters, modifiedSectors: vm.disks.reduce((n, d) => n + d.modifiedSectors, 0) },
        net: { ...vm.netCounters },
        ...(linux === undefined ? {} : { linux }),
      };
    }),
    machinePagesInUse: core.memmap.used,
    diskCache: { blocks: core.diskCache.cachedBlocks, mappings: core.diskCache.mappings, pagesSaved: core.diskCache.pagesSaved, bytesSaved: core.diskCache.pagesSaved * 4096 },
    kernelImages: {
      pages: core.kernelImages.cachedPages, mappings: core.kernelImages.mappings, copies: core.kernelImages.copies,
      pagesSaved: core.kernelImages.pagesSaved, bytesSaved: core.kernelImages.pagesSaved * 4096,
    },
    numa: numaStats(core),
    contentSharing: contentSharingStats(core),
    subnet: sumNetCounters(core.vms.map((vm) => vm.netCounters)),
    footprint: memoryFootprint(core),
  };
}

function sumNetCounters(list: readonly NetCounters[]): NetCounters {
  const out = newNetCounters();
  for (const c of list) for (const k of Object.keys(out) as (keyof NetCounters)[]) out[k] += c[k];
  return out;
}
