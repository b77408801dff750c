// Statistics of the monitor's page policies for `--stats` and the snapshot: NUMA moves (pages
// migrated, replicated, replicas collapsed, shootdowns, the replicas that exist now, and the
// machine's memory requests served by local and by remote memory) and content sharing (pages
// scanned, merged, copy-on-write breaks, the machine memory it saves now).

import type { ContentShareCounters } from './contentShare';
import type { MonitorCore } from './core';
import type { NumaCounters } from './numa';

export interface NumaStats extends NumaCounters {
  /** Master pages with replicas now, and their replica pages. */
  readonly replicatedPages: number;
  readonly replicaPages: number;
  /** Board-cache misses and upgrades of all CPUs served by their node's memory, and by another node's (timing mode; 0 otherwise). */
  readonly localMisses: number;
  readonly remoteMisses: number;
}

export interface ContentSharingStats extends ContentShareCounters {
  /** Machine pages not needed now thanks to merging, and their bytes. */
  readonly pagesSaved: number;
  readonly bytesSaved: number;
}

const sum = (a: Float64Array | undefined): number => (a === undefined ? 0 : a.reduce((x, y) => x + y, 0));

export function numaStats(core: MonitorCore): NumaStats {
  const records = core.memmap.numa;
  const masters = records.masters();
  const t = core.machine.timing?.stats;
  return {
    ...core.numa.counters,
    replicatedPages: masters.length,
    replicaPages: masters.reduce((n, m) => n + records.replicasOf(m).length, 0),
    localMisses: sum(t?.localMisses),
    remoteMisses: sum(t?.remoteMisses),
  };
}

export function contentSharingStats(core: MonitorCore): ContentSharingStats {
  const saved = core.contentShare.pagesSaved;
  return { ...core.contentShare.counters, pagesSaved: saved, bytesSaved: saved * 4096 };
}
