// `disco run CONFIG.disco.json` for configs with "vms": builds the Disco monitor on the machine
// the config describes and runs every VM to completion. Each VM's console lines go to stdout
// prefixed `[name] `; `--stats FILE` writes the monitor's statistics as JSON, `--net-log FILE` the
// virtual subnet's log (one JSON object per message and destination, a line each). The exit status is
// 0 when every VM halted with code 0, else the first non-zero code (1 for a VM the monitor
// stopped), 124 when --max-cycles or --max-instructions ran out, 1 on a fatal machine error.

import type { DiscoConfig } from '../config/discoConfig';
import { DiscoMonitor, type MonitorStop } from '../monitor/monitor';
import { formatDiagnostic } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import type { CliIo } from './command';

export interface MonitorRunOptions {
  /** Stop once a CPU's clock reaches this many cycles. */
  readonly maxCycles?: number;
  /** Stop after this many instructions (all CPUs). */
  readonly maxInstructions?: number;
  /** Write statistics JSON here. */
  readonly stats?: string;
  /** Write the virtual subnet's log here. */
  readonly netLog?: string;
  /** Extra include directories for guest kernel sources. */
  readonly includeDirs?: readonly string[];
}

/** Instructions per run() call between checks of the limits. */
const CHUNK = 200_000;

/** The nearest `guest/include` holding disco/monitor.h above the config file, if any. */
export function findGuestInclude(files: FileAccessor, configFile: string): string | undefined {
  let dir = configFile.replace(/\/[^/]*$/, '');
  while (dir !== '') {
    if (files.exists(`${dir}/guest/include/disco/monitor.h`)) return `${dir}/guest/include`;
    dir = dir.replace(/\/[^/]*$/, '');
  }
  return undefined;
}

/** Runs the VMs of a config; resolves to the exit status. */
export function runMonitorConfig(config: DiscoConfig, o: MonitorRunOptions, io: CliIo): number {
  const found = findGuestInclude(io.files, config.file);
  const monitor = new DiscoMonitor({
    config,
    files: io.files,
    includeDirs: [...(o.includeDirs ?? []), ...(found === undefined ? [] : [found])],
    console: (vm, line) => io.stdout(`[${vm}] ${line}\n`),
    warn: (d) => io.stderr(`${formatDiagnostic(d)}\n`),
  });
  monitor.onEvent = (e) => {
    if (e.kind === 'isolation') io.stderr(`disco run: ${config.vms[e.vm]?.name ?? '?'}: ${e.detail}\n`);
  };
  let stop: MonitorStop = { reason: 'limit' };
  let retired = 0;
  for (;;) {
    const chunk = o.maxInstructions === undefined ? CHUNK : Math.min(CHUNK, o.maxInstructions - retired);
    if (chunk <= 0) break;
    const before = monitor.machine.retired;
    stop = monitor.run(chunk);
    retired += monitor.machine.retired - before;
    if (stop.reason !== 'limit') break;
    if (o.maxCycles !== undefined && monitor.machine.cpus.some((c) => c.cycle >= (o.maxCycles as number))) break;
  }
  if (o.stats !== undefined) {
    const timing = monitor.machine.timingSnapshot();
    io.writeFile(o.stats, `${JSON.stringify({ ...monitor.stats(), ...(timing === undefined ? {} : { timing }) }, null, 2)}\n`);
  }
  if (o.netLog !== undefined) {
    const log = monitor.core.netLog.save();
    const head = log.discarded > 0 ? [JSON.stringify({ discarded: log.discarded })] : [];
    io.writeFile(o.netLog, [...head, ...log.entries.map((e) => JSON.stringify(e))].map((l) => `${l}\n`).join(''));
  }
  for (const vm of monitor.vms) if (vm.consoleLine !== '') io.stdout(`[${vm.name}] ${vm.consoleLine}\n`);
  switch (stop.reason) {
    case 'halted':
      break;
    case 'limit':
      io.stderr(`disco run: stopped at the ${o.maxCycles !== undefined && o.maxInstructions === undefined ? 'cycle' : 'instruction'} limit\n`);
      return 124;
    case 'fatal':
      io.stderr(`disco run: ${stop.message}\n`);
      return 1;
    default:
      io.stderr(`disco run: stopped (${stop.reason})\n`);
      return 1;
  }
  for (const vm of monitor.vms) {
    if (vm.end?.kind === 'stopped') return 1;
    if (vm.end?.kind === 'halt' && vm.end.code !== 0) return vm.end.code & 0xff;
  }
  return 0;
}
