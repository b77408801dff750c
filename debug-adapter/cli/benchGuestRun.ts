// One timed run of `disco bench guest`: the guest OS (guest/kernel) running one workload of init
// to its power-off, either bare on the Disco board (no monitor) or as the one VM of the Disco
// monitor with as many vCPUs as the machine has CPUs, in fast or timing mode, with idle
// breakpoints set. Under the monitor the host time spent in the monitor's trap path (the
// machine's exception hook, MonitorCore.handle with the resume it ends with) is measured too.

import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DiscoConfig } from '../config/discoConfig';
import { MemoryDiskImage } from '../machine/devices/diskImage';
import { bootElf } from '../machine/system/bareBoot';
import { Machine } from '../machine/system/machine';
import type { MachineStop } from '../machine/system/machineTypes';
import { timingParamsOf } from '../machine/timing/timingParams';
import { DiscoMonitor, type MonitorStop } from '../monitor/monitor';
import type { ElfFile } from '../toolchain/elf/elfFile';
import type { FileAccessor } from '../util/fileAccessor';

/** Instructions per run() call (both kinds of run stop only at the end or on an error). */
const CHUNK = 100_000_000;

export interface GuestRun {
  readonly seconds: number;
  /** CPU seconds of the main thread (where the emulator runs), null where /proc does not tell. */
  readonly cpuSeconds: number | null;
  /** Instructions retired by all CPUs. */
  readonly instructions: number;
  /** Host seconds inside the monitor's trap path (0 bare). */
  readonly monitorSeconds: number;
  /** Exceptions the CPUs took (each one a trap into the monitor under it). */
  readonly exceptions: number;
  /** The console as the guest printed it (the VM's lines under the monitor). */
  readonly console: string;
}

/**
 * CPU seconds the main thread has used (Linux: utime + stime of /proc/self/task/PID/stat, in
 * clock ticks of 1/100 s), or null. Unlike wall time, other processes on the machine barely
 * change it, and unlike process.cpuUsage() it leaves out V8's compiler and GC threads.
 */
export function mainThreadCpu(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

const since = (c0: number | null): number | null => {
  const c1 = mainThreadCpu();
  return c0 === null || c1 === null ? null : Number((c1 - c0).toFixed(2));
};

function checkStop(stop: MachineStop | MonitorStop, what: string): void {
  if (stop.reason !== 'poweroff' && stop.reason !== 'exit' && stop.reason !== 'halted') {
    throw new Error(`${what} stopped before the end: ${JSON.stringify(stop)}`);
  }
  if (stop.reason !== 'halted' && stop.code !== 0) throw new Error(`${what} powered off with code ${stop.code}`);
}

/**
 * The bare guest OS kernel on the board described by `config.machine` (its CPUs, the VM's memory
 * size, its mode), booting from `disk`.
 */
export function runBare(config: DiscoConfig, kernel: ElfFile, disk: Uint8Array, breakpoints: readonly number[]): GuestRun {
  const m = config.machine;
  const memoryMB = (config.vms[0] as DiscoConfig['vms'][number]).memoryMB;
  let out = '';
  let exceptions = 0;
  const c0 = mainThreadCpu();
  const t0 = performance.now();
  const machine = new Machine({
    cpus: m.cpus,
    memoryMB,
    endianness: m.endian,
    tlbEntries: m.tlbEntries,
    clockHz: m.clockMHz * 1_000_000,
    disks: [new MemoryDiskImage(disk)],
    console: (t) => (out += t),
    ...(m.mode === 'timing' ? { timing: timingParamsOf({ ...m, memoryMB }) } : {}),
  });
  machine.onException = () => {
    exceptions++;
    return 'deliver';
  };
  bootElf(machine, kernel);
  for (const cpu of machine.cpus) cpu.setBreakpoints(breakpoints);
  let stop = machine.run(CHUNK);
  while (stop.reason === 'limit') stop = machine.run(CHUNK);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = since(c0);
  checkStop(stop, 'the bare guest OS');
  return { seconds, cpuSeconds, instructions: machine.retired, monitorSeconds: 0, exceptions, console: out };
}

/** The guest OS (or another kernel, assembled with `includeDirs`) as the one VM of `config` under the monitor. */
export function runUnderMonitor(config: DiscoConfig, files: FileAccessor, breakpoints: readonly number[], includeDirs: readonly string[] = []): GuestRun {
  let out = '';
  let exceptions = 0;
  let inMonitor = 0;
  const c0 = mainThreadCpu();
  const t0 = performance.now();
  const monitor = new DiscoMonitor({ config, files, includeDirs, console: (_vm, line) => (out += `${line}\n`) });
  const machine = monitor.machine;
  const hook = machine.onException;
  if (hook === undefined) throw new Error('the monitor left no exception hook');
  machine.onException = (cpu, exc) => {
    exceptions++;
    const t = performance.now();
    const r = hook(cpu, exc);
    inMonitor += performance.now() - t;
    return r;
  };
  for (const cpu of machine.cpus) cpu.setBreakpoints(breakpoints);
  let stop = monitor.run(CHUNK);
  while (stop.reason === 'limit') stop = monitor.run(CHUNK);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = since(c0);
  checkStop(stop, 'the guest OS under the monitor');
  const vm = monitor.vms[0];
  if (vm?.end?.kind !== 'halt' || vm.end.code !== 0) throw new Error(`the VM ended with ${JSON.stringify(vm?.end)}`);
  return { seconds, cpuSeconds, instructions: machine.retired, monitorSeconds: inMonitor / 1000, exceptions, console: out + (vm.consoleLine === '' ? '' : vm.consoleLine) };
}
