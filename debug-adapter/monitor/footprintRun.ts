// Runs every VM of a config to the end and reports the memory footprint the paper's Figure 6
// plots (footprint.ts): the measurement behind the `memory` experiment. Its "8 VMs + NFS" bar is
// FILE_SERVER_CONFIG, one file server and seven clients reading the same files over the virtual
// subnet (docs/guest-os.md "The file service").

import type { DiscoConfig } from '../config/discoConfig';
import { UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import type { MemoryFootprint } from './footprint';
import { DiscoMonitor } from './monitor';
import type { MonitorStats } from './stats';

/** The file server example (relative to the repository). */
export const FILE_SERVER_CONFIG = 'examples/file-server/file-server.disco.json';

export interface FootprintRun {
  readonly monitor: DiscoMonitor;
  readonly footprint: MemoryFootprint;
  readonly stats: MonitorStats;
  /** Each VM's console lines. */
  readonly lines: ReadonlyMap<string, readonly string[]>;
}

/** Runs the config's VMs until all have halted (at most maxInstructions); throws when they do not. */
export function runFootprint(config: DiscoConfig, files: FileAccessor, maxInstructions = 400_000_000): FootprintRun {
  const lines = new Map<string, string[]>();
  const monitor = new DiscoMonitor({ config, files, console: (vm, line) => lines.set(vm, [...(lines.get(vm) ?? []), line]) });
  const stop = monitor.run(maxInstructions);
  if (stop.reason !== 'halted') throw new UserError(`${config.file}: the VMs did not all halt (${stop.reason})`);
  const stats = monitor.stats();
  return { monitor, footprint: stats.footprint, stats, lines };
}
