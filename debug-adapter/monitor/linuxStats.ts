// What `--stats` shows of a Linux VM's vCPUs (docs/linux-vm.md): the guest exits the monitor
// handled by kind, and what the virtualization assist did without it — privileged instructions
// executed against the guest CP0 and TLB, guest exceptions entered at the guest's vectors,
// injected interrupts taken. Plain JSON.

import type { GuestCounters } from '../machine/priv/guestContext';
import type { MonitorCore } from './core';
import type { Vm } from './vm';

/** One Linux vCPU's counters. */
export interface LinuxVcpuStats extends GuestCounters {
  readonly exits: Readonly<Record<string, number>>;
}

/** The counters of vm's vCPUs when it is a Linux VM, else undefined. */
export function linuxVmStats(core: MonitorCore, vm: Vm): LinuxVcpuStats[] | undefined {
  if (core.linux?.of(vm) === undefined) return undefined;
  return vm.vcpus.map((v) => {
    const ctx = core.linux?.context(v);
    return structuredClone({ exits: ctx?.exitCounts ?? {}, exceptions: ctx?.counters.exceptions ?? {}, assisted: ctx?.counters.assisted ?? {}, interrupts: ctx?.counters.interrupts ?? 0 });
  });
}
