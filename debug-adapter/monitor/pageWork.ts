// The cost of the monitor's page policies (NUMA moves, content-sharing merges) in the cost
// model: the bookkeeping of one action, the bytes it copies or compares, and one shootdown per
// CPU whose TLB held the page.

import type { MonitorCore } from './core';
import { copyInstructions } from './costModel';

/** Charges one page action that moved or read `bytes` bytes and shot the page down on `shootdowns` CPUs. */
export function chargePageWork(core: MonitorCore, bytes: number, shootdowns: number): void {
  core.work.run('pages', core.costs.numaMove + copyInstructions(core.costs, bytes) + shootdowns * core.costs.numaShootdown);
}
