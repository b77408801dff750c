// Test support: runs a config with Linux VMs under the monitor in process, typing each Linux
// VM's commands after its shell prompts (as a user at its console would), until every VM has
// ended or the budget (instruction cap, wall time) is spent. Returns each VM's console lines
// (without the terminal's carriage returns), the monitor (for stats and state) and why the run
// stopped.

import { readFileSync } from 'node:fs';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { DiscoMonitor, type MonitorStop } from '../../debug-adapter/monitor/monitor';
import type { GuestBudget } from './boundedRun';

/** Each Linux VM's commands, typed one per prompt (the last usually `poweroff -f`). */
export type VmCommands = Readonly<Record<string, readonly string[]>>;

export interface VmSession {
  readonly monitor: DiscoMonitor;
  /** Console lines per VM (a line still unfinished at the end included). */
  readonly lines: ReadonlyMap<string, readonly string[]>;
  readonly stop: MonitorStop;
  /** Wall seconds of the run. */
  readonly seconds: number;
}

const CHUNK = 5_000_000;

/**
 * Runs the config's VMs, typing `commands` into the named VMs at their prompts, until every VM
 * ended, the budget is spent, or — once every command is typed — `done` (checked between
 * chunks, given the instructions since the last one) says so.
 */
export function runVmSession(configPath: string, commands: VmCommands, budget: GuestBudget, done?: (m: DiscoMonitor, sinceTyped: number) => boolean): VmSession {
  const files = nodeIo().files;
  const config = loadConfig(readFileSync(configPath, 'utf8'), configPath, files);
  const lines = new Map<string, string[]>(config.vms.map((v) => [v.name, []]));
  const monitor = new DiscoMonitor({ config, files, includeDirs: [new URL('../../guest/include', import.meta.url).pathname], console: (vm, line) => lines.get(vm)?.push(line.replace(/\r/g, '')) });
  /** Per VM: commands typed, and how many lines it had printed when the last one was typed. */
  const typed = new Map<string, { count: number; atLine: number }>(Object.keys(commands).map((n) => [n, { count: 0, atLine: -1 }]));
  const t0 = performance.now();
  let stop: MonitorStop = { reason: 'limit' };
  let typedAt = 0;
  while (monitor.machine.retired < budget.instructions && performance.now() - t0 < budget.wallMs) {
    stop = monitor.run(CHUNK);
    if (stop.reason !== 'limit') break;
    const allTyped = [...typed].every(([name, t]) => t.count >= (commands[name]?.length ?? 0));
    if (allTyped && done?.(monitor, monitor.machine.retired - typedAt) === true) break;
    for (const [name, t] of typed) {
      const vm = monitor.vms.find((v) => v.name === name);
      const list = commands[name] ?? [];
      const printed = lines.get(name)?.length ?? 0;
      if (vm === undefined || t.count >= list.length || printed <= t.atLine || !vm.consoleLine.startsWith('/ # ')) continue;
      monitor.feedConsole(name, `${list[t.count] as string}\n`);
      t.count++;
      t.atLine = printed;
      typedAt = monitor.machine.retired;
    }
  }
  for (const vm of monitor.vms) if (vm.consoleLine !== '') lines.get(vm.name)?.push(vm.consoleLine.replace(/\r/g, ''));
  return { monitor, lines, stop, seconds: (performance.now() - t0) / 1000 };
}

/** The index of the line where `command` was typed at a prompt (busybox's cursor query may precede the echo), or -1. */
export function typedAt(lines: readonly string[], command: string): number {
  return lines.findIndex((l) => l.startsWith('/ # ') && l.endsWith(command));
}

/** A VM's console as text, for assertion messages. */
export function consoleOf(s: VmSession, vm: string): string {
  return (s.lines.get(vm) ?? []).join('\n');
}
