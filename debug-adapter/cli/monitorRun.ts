// `disco run CONFIG.disco.json` for configs with "vms": builds the Disco monitor on the machine
// the config describes and runs every VM to completion. Each VM's console lines go to stdout
// prefixed `[name] `; `--stats FILE` writes the monitor's statistics as JSON, `--net-log FILE` the
// virtual subnet's log (one JSON object per message and destination, a line each). The exit status is
// 0 when every VM halted with code 0, else the first non-zero code (1 for a VM the monitor
// stopped), 124 when --max-cycles or --max-instructions ran out, 1 on a fatal machine error.

import type { DiscoConfig } from '../config/discoConfig';
import { DiscoMonitor, type MonitorStop } from '../monitor/monitor';
import { formatDiagnostic, UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import type { CliIo } from './command';
import { PromptGate } from './promptGate';
import { VmConsole } from './vmConsole';

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
  /** The VM stdin is typed into (default: the first Linux VM; none: stdin is not read). */
  readonly console?: string;
}

/** The byte that ends an interactive session: Ctrl-] (as telnet). */
const QUIT_KEY = 0x1d;

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
export async function runMonitorConfig(config: DiscoConfig, o: MonitorRunOptions, io: CliIo): Promise<number> {
  const consoleVm = o.console ?? config.vms.find((v) => v.kind === 'linux')?.name;
  const consoleConfig = consoleVm === undefined ? undefined : config.vms.find((v) => v.name === consoleVm);
  if (consoleVm !== undefined && consoleConfig === undefined) throw new UserError(`disco run: --console ${consoleVm}: the config has no VM by that name`);
  const out = new VmConsole((t) => io.stdout(t));
  // Piped into a Linux VM: one line per shell prompt (promptGate.ts); a terminal types as it goes.
  const gate = consoleConfig?.kind === 'linux' && io.terminal?.isTTY === false
    ? new PromptGate((text) => monitor.feedConsole(consoleConfig.name, text))
    : undefined;
  const found = findGuestInclude(io.files, config.file);
  const monitor = new DiscoMonitor({
    config,
    files: io.files,
    includeDirs: [...(o.includeDirs ?? []), ...(found === undefined ? [] : [found])],
    console: (vm, line) => {
      if (vm === consoleVm) gate?.lineDone();
      out.line(vm, line);
    },
    warn: (d) => io.stderr(`${formatDiagnostic(d)}\n`),
  });
  monitor.listen(['isolation'], (e) => io.stderr(`disco run: ${config.vms[e.vm]?.name ?? '?'}: ${e.detail}\n`));
  const typed = consoleVm === undefined ? undefined : monitor.vms.find((v) => v.name === consoleVm);
  const term = typed === undefined ? undefined : io.terminal;
  let quit = false;
  const session = term?.open(
    (bytes) => {
      const keys = Array.from(bytes).filter((b) => !(term.isTTY && b === QUIT_KEY));
      if (keys.length < bytes.length) quit = true;
      if (keys.length === 0) return;
      const text = String.fromCharCode(...keys);
      if (gate !== undefined) gate.input(text);
      else monitor.feedConsole(consoleVm as string, text);
    },
    () => undefined,
  );
  const clockHz = config.machine.clockMHz * 1_000_000;
  const wall0 = performance.now();
  let stop: MonitorStop = { reason: 'limit' };
  let retired = 0;
  try {
    for (;;) {
      const chunk = o.maxInstructions === undefined ? CHUNK : Math.min(CHUNK, o.maxInstructions - retired);
      if (chunk <= 0) break;
      const before = monitor.machine.retired;
      stop = monitor.run(chunk);
      retired += monitor.machine.retired - before;
      if (typed !== undefined) {
        out.partial(typed.name, typed.consoleLine);
        gate?.poll(typed.consoleLine);
      }
      if (stop.reason !== 'limit') break;
      if (o.maxCycles !== undefined && monitor.machine.cpus.some((c) => c.cycle >= (o.maxCycles as number))) break;
      if (session === undefined) continue;
      if (quit) {
        io.stderr('\r\ndisco run: quit (Ctrl-])\r\n');
        return 130;
      }
      // Idle guests run no faster than real time on a terminal; otherwise just let input in.
      const ahead = monitor.machine.now / clockHz - (performance.now() - wall0) / 1000;
      await new Promise<void>((resolve) => (term?.isTTY === true && ahead > 0.02 ? setTimeout(resolve, Math.min(50, ahead * 1000)) : setImmediate(resolve)));
    }
  } finally {
    session?.close();
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
  for (const vm of monitor.vms) if (vm.consoleLine !== '') out.line(vm.name, vm.consoleLine);
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
