// Virtual time sources of a vCPU: the Count/Compare match (IP7) and the MC_TIMER_SET periodic
// timer (IP5), and of a VM's disks (completion, IP3). Deadlines are physical cycles; the monitor
// programs each physical CPU's Compare for the nearest one so it regains control in time.

import { VIRTUAL_IP, vipBit } from './abi';
import type { Vcpu } from './vcpu';
import type { Vm } from './vm';

/** The cycle (> now) at which v's virtual Count next equals its Compare. */
export function nextCompareCycle(v: Vcpu, now: number): number {
  const half = Math.floor(now / 2);
  const d = (v.cp0.compare - ((v.cp0.countBias + half) | 0)) >>> 0;
  return 2 * (half + (d === 0 ? 0x100000000 : d));
}

/**
 * The earliest deadline that can interrupt a live vCPU (timer and Compare only while the guest
 * unmasks their line, Compare always for a Linux vCPU; masked ones are raised at the next trap after they pass) or complete a
 * disk, or Infinity.
 */
export function nextDeadline(vms: readonly Vm[]): number {
  let at = Infinity;
  for (const vm of vms) {
    if (!vm.live) continue;
    for (const v of vm.vcpus) {
      const im = v.cp0.status;
      if (v.timerPeriod > 0 && im & vipBit(VIRTUAL_IP.VIP_TIMER)) at = Math.min(at, v.timerNext);
      // A Linux vCPU unmasks IP7 in guest mode, unseen by the monitor: its Compare match is always a deadline.
      if (im & vipBit(VIRTUAL_IP.VIP_COMPARE) || vm.config.kind === 'linux') at = Math.min(at, v.compareAt);
    }
    for (const d of vm.disks) if (d.pending !== undefined) at = Math.min(at, d.pending.doneAt);
  }
  return at;
}
