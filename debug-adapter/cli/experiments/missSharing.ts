// Where a run's memory requests went, from the machine's per-page, per-node miss counters (they
// cover the whole run when no NUMA policy resets them, as in first-touch runs): the requests made
// from another node than the page's, and those of them on pages written while used by more than
// one node — write-shared pages, which neither migration (one user node) nor replication (no
// writes) may move, so no policy can make those misses local.

import type { MissCounters } from '../../machine/timing/missCounters';

export interface MissSharing {
  /** Requests to a page from a node other than the page's. */
  readonly fromOtherNodes: number;
  /** Of those, the ones on write-shared pages. */
  readonly onWriteShared: number;
}

export function missSharing(counters: MissCounters, nodeOf: (page: number) => number): MissSharing {
  const n = counters.nodes;
  let fromOtherNodes = 0;
  let onWriteShared = 0;
  for (let page = 0; page < counters.pages; page++) {
    let users = 0;
    let writes = 0;
    let remote = 0;
    const home = nodeOf(page);
    for (let node = 0; node < n; node++) {
      const c = counters.count(page, node);
      if (c === 0) continue;
      users++;
      writes += counters.writes[page * n + node] as number;
      if (node !== home) remote += c;
    }
    fromOtherNodes += remote;
    if (users > 1 && writes > 0) onWriteShared += remote;
  }
  return { fromOtherNodes, onWriteShared };
}
