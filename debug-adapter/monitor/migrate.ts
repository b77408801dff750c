// Moving a vCPU to another physical CPU (load balancing, docs/monitor.md "Scheduling"). The
// vCPU's registers are already in its record (it is never taken while it runs); what moves with
// it: its queue slot, its pending virtual interrupts (pokes now go to the new CPU), a virtual
// Count that never runs backwards across the CPUs' clocks (its Compare deadline shifts with it),
// and in asid-retag mode the old CPU forgets its hardware ASIDs and their TLB entries, so nothing
// it left there is ever used again (in flush mode the next switch on either CPU flushes anyway).

import type { MachineCpu } from '../machine/system/machineCpu';
import { VIRTUAL_IP, vipBit } from './abi';
import type { MonitorCore } from './core';
import type { PcpuCounters } from './counters';
import { shootDownAsids } from './hwTlb';
import { migration } from './monitorSteps';
import type { Vcpu } from './vcpu';
import { nextCompareCycle } from './vtime';

/** Moves v from CPU `from` to `to` (inside to's trap), with the bookkeeping above. */
export function migrate(core: MonitorCore, v: Vcpu, from: number, to: MachineCpu): void {
  const old = core.machine.cpus[from] as MachineCpu;
  if (core.retag) releaseAsids(core, v, old);
  core.sched.move(v, to.index);
  const now = to.cycle;
  const behind = Math.floor(v.leftAt / 2) - Math.floor(now / 2);
  if (behind > 0) {
    v.cp0.countBias = (v.cp0.countBias + behind) | 0;
    v.compareAt -= 2 * behind;
    if (v.compareAt <= now) {
      v.compareAt = nextCompareCycle(v, now);
      core.raise(v, vipBit(VIRTUAL_IP.VIP_COMPARE));
    }
  }
  const cross = core.machine.cpuNode(from) !== core.machine.cpuNode(to.index);
  v.counters.migrations++;
  if (cross) v.counters.crossNodeMigrations++;
  (core.pcpuCounters[to.index] as PcpuCounters).migrationsIn++;
  migration(core, v, from, to.index);
  core.emit('migrate', v, now, () => `vCPU ${v.id} of ${core.vmOf(v).name} moves from CPU ${from} to CPU ${to.index}${cross ? ' (other node)' : ''}`);
}

/** Drops v's (vCPU, guest ASID) → hardware ASID pairs on cpu and the TLB entries tagged with them. */
function releaseAsids(core: MonitorCore, v: Vcpu, cpu: MachineCpu): void {
  const map = core.asidMaps[cpu.index] as Map<number, number>;
  const freed = new Set<number>();
  for (const [key, hw] of map) {
    if (Math.floor(key / 256) === v.globalId) {
      freed.add(hw);
      map.delete(key);
    }
  }
  if (freed.size > 0) shootDownAsids(cpu, freed);
}
