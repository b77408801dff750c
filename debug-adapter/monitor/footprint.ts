// The memory footprint of the VMs as the paper's Figure 6 counts it: V, the memory the VMs would
// need without sharing (every guest-physical page a VM has touched), and M, the machine memory
// that actually backs them (each machine page mapped by a pmap, held by the global disk cache, the
// kernel image cache or a message on the virtual subnet, once). Special pages and the monitor's own data are not
// guest memory and count in neither.

import type { MonitorCore } from './core';
import { DISK_CACHE_VM } from './diskCache';
import { KERNEL_IMAGE_VM } from './kernelImages';
import { NET_QUEUE_VM } from './vnet';

export interface MemoryFootprint {
  readonly virtualPages: number;
  readonly machinePages: number;
  readonly virtualMB: number;
  readonly machineMB: number;
}

const MB = 1024 * 1024;

export function memoryFootprint(core: MonitorCore): MemoryFootprint {
  let virtualPages = 0;
  for (const vm of core.vms) virtualPages += vm.pmap.mappedPages;
  let machinePages = 0;
  for (const [, users] of core.memmap.entries()) {
    if (users.some((u) => (u.vm >= 0 && u.gppn >= 0) || u.vm === DISK_CACHE_VM || u.vm === KERNEL_IMAGE_VM || u.vm === NET_QUEUE_VM)) machinePages++;
  }
  return { virtualPages, machinePages, virtualMB: (virtualPages * 4096) / MB, machineMB: (machinePages * 4096) / MB };
}
