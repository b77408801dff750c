// `disco run CONFIG.disco.json`: loads and validates a guest config and runs what it describes.
// A config with "vms" runs them under the Disco monitor (monitorRun.ts); a bare config boots one
// kernel without the monitor: on the Disco board (ELF or assembly
// source, as `disco run --bare`) or on the linux-generic board (linuxRun.ts). `--timing` sets the
// config's machine.mode to "timing" before it is validated, so the config's own rules still apply.

import { applyEdits, modify } from 'jsonc-parser';
import { loadConfig } from '../config/discoConfig';
import { timingParamsOf } from '../machine/timing/timingParams';
import { UserError } from '../util/diagnostic';
import { runBareKernel } from './bareRun';
import type { CliIo } from './command';
import { type LinuxRunOptions, runLinuxConfig } from './linuxRun';
import { type MonitorRunOptions, runMonitorConfig } from './monitorRun';

/** Whether a positional argument of `disco run` names a guest config. */
export const isConfigPath = (p: string): boolean => /\.json$/i.test(p);

/** How `disco run` runs a config: the board's and the monitor's options, and `--timing`. */
export type ConfigRunOptions = LinuxRunOptions & MonitorRunOptions & { readonly timing?: boolean };

/** Runs the guest config at `path`; resolves to the exit status. */
export async function runConfigFile(path: string, o: ConfigRunOptions, io: CliIo): Promise<number> {
  const abs = io.files.resolve(`${process.cwd()}/.`, path);
  const text = new TextDecoder().decode(io.files.readFile(abs));
  const config = loadConfig(o.timing === true ? applyEdits(text, modify(text, ['machine', 'mode'], 'timing', {})) : text, abs, io.files);
  const bare = config.bare;
  if (bare === undefined) {
    if ((o.breaks ?? []).length > 0 || o.trace !== undefined) throw new UserError('disco run: --break and --trace need the linux-generic board');
    return runMonitorConfig(config, o, io);
  }
  if (bare.board === 'linux-generic') return runLinuxConfig(config, bare, o, io);
  if ((o.breaks ?? []).length > 0 || o.trace !== undefined) throw new UserError('disco run: --break and --trace need the linux-generic board');
  const m = config.machine;
  const timing = m.mode === 'timing' ? { timing: timingParamsOf(m) } : {};
  const endian = { endian: m.endian, source: `machine.endian of ${path}` };
  const machine = { cpus: m.cpus, nodes: m.nodes, memoryMB: m.memoryMB, endian, tlbEntries: m.tlbEntries, clockHz: m.clockMHz * 1_000_000 };
  return runBareKernel(bare.kernel, { ...machine, ...timing, ...(o.maxInstructions === undefined ? {} : { maxInstructions: o.maxInstructions }) }, io);
}
