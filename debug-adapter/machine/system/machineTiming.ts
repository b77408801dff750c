// What timing mode reports about a machine, as plain JSON-safe data for the stats file and the
// views: each CPU's cycles (retired instructions + idle + stall cycles) beside its instructions
// and cache counters, the machine-wide fraction of memory requests served locally, and the
// FLASH-style miss counters per page and node. docs/timing.md.

import type { CpuTimingStats } from '../timing/timingStats';
import type { MissCountersSnapshot } from '../timing/missCounters';
import type { TimingModel } from '../timing/timingModel';
import type { MachineCpu } from './machineCpu';

/** One CPU in a timing snapshot. */
export interface CpuTimingSnapshot extends CpuTimingStats {
  readonly cpu: number;
  readonly node: number;
  readonly instructions: number;
  /** The CPU's clock: instructions + idle (WAIT, offline) + stall cycles. */
  readonly cycles: number;
}

export interface MachineTimingSnapshot {
  readonly mode: 'timing';
  readonly clockMHz: number;
  readonly lineBytes: number;
  /** Stall of a board-cache hit, a local and a remote memory request, in cycles. */
  readonly latency: { readonly l2Hit: number; readonly local: number; readonly remote: number };
  readonly cpus: CpuTimingSnapshot[];
  /** Σ localMisses / Σ (localMisses + remoteMisses), or 0 without any request. */
  readonly localFraction: number;
  readonly missCounters: MissCountersSnapshot;
}

/** The snapshot of a machine's CPUs and its timing model. */
export function machineTimingSnapshot(m: { readonly cpus: readonly MachineCpu[]; cpuNode(i: number): number }, model: TimingModel): MachineTimingSnapshot {
  const stats = model.stats.snapshot();
  let local = 0;
  let remote = 0;
  const cpus = m.cpus.map((c, i) => {
    const s = stats[i] as CpuTimingStats;
    local += s.localMisses;
    remote += s.remoteMisses;
    return { cpu: i, node: m.cpuNode(i), instructions: c.state.icount, cycles: c.cycle, ...s };
  });
  const lat = model.latency;
  return {
    mode: 'timing',
    clockMHz: model.params.clockMHz,
    lineBytes: model.lineBytes,
    latency: { l2Hit: lat.l2HitCycles, local: lat.localMissCycles, remote: lat.remoteMissCycles },
    cpus,
    localFraction: local + remote === 0 ? 0 : local / (local + remote),
    missCounters: model.counters.snapshot(),
  };
}
