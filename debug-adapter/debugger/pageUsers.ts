// Readable names of a machine page's memmap users for the memmap and pmap views and the Debug
// Console: a VM's guest page or special page by the VM's name, and each of the monitor's own
// holders (the disk cache, a subnet queue, the kernel image cache, a NUMA replica, the monitor's
// data) by what it is, with the detail its guest-page field carries.

import { DISK_CACHE_VM } from '../monitor/diskCache';
import { KERNEL_IMAGE_VM } from '../monitor/kernelImages';
import { type PageUser, REPLICA_VM, SPECIAL_GPPN } from '../monitor/memmap';
import { MONITOR_DATA_VM } from '../monitor/monitorData';
import type { DiscoMonitor } from '../monitor/monitor';
import { NET_QUEUE_VM } from '../monitor/vnet';

const hex = (n: number): string => `0x${n.toString(16)}`;

/** The monitor's own memmap users by code, each naming its detail (the user's `gppn` field). */
export const MONITOR_USERS: ReadonlyMap<number, (mon: DiscoMonitor, detail: number) => string> = new Map([
  [DISK_CACHE_VM, (_mon: DiscoMonitor, image: number) => `disk cache (image ${image})`],
  [NET_QUEUE_VM, (mon: DiscoMonitor, vm: number) => `subnet queue (for ${mon.vms[vm]?.name ?? `vm ${vm}`})`],
  [KERNEL_IMAGE_VM, (_mon: DiscoMonitor, gppn: number) => `kernel image cache (${hex(gppn)})`],
  [REPLICA_VM, (_mon: DiscoMonitor, master: number) => `replica of ${hex(master)}`],
  [MONITOR_DATA_VM, () => 'monitor data'],
]);

/** True when u is a VM's page (a guest page or a vCPU's special page), not one of the monitor's. */
export function isVmUser(u: PageUser): boolean {
  return u.vm >= 0;
}

/** `vm:0xgppn`, `vm:special` for a vCPU's special page, or the monitor's holder by name. */
export function userLabel(mon: DiscoMonitor, u: PageUser): string {
  if (!isVmUser(u)) return MONITOR_USERS.get(u.vm)?.(mon, u.gppn) ?? `monitor user ${u.vm}`;
  const name = mon.vms[u.vm]?.name ?? `vm${u.vm}`;
  return u.gppn === SPECIAL_GPPN ? `${name}:special` : `${name}:${hex(u.gppn)}`;
}
