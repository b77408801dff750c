// Building a DebugTarget from what a debug session is asked to launch: a guest config whose VMs
// run under the monitor, a config that boots one kernel on the bare machine (the Disco board or
// the linux-generic board with Debian's Linux), or a lone kernel (`program`: .s/.S assembled at
// launch, or an ELF in the byte order of its header). Sources are assembled here, so assembly
// errors surface as UserErrors with file:line:col before anything runs.

import { loadBareKernel } from '../cli/bareRun';
import { loadLinuxGuest } from '../cli/linuxRun';
import { type DiscoConfig, loadConfig } from '../config/discoConfig';
import { bootLinux } from '../machine/boards/linuxGeneric';
import { bootElf } from '../machine/system/bareBoot';
import { Machine } from '../machine/system/machine';
import type { MachineOptions } from '../machine/system/machineTypes';
import { timingParamsOf } from '../machine/timing/timingParams';
import { DiscoMonitor } from '../monitor/monitor';
import type { ElfFile } from '../toolchain/elf/elfTypes';
import { PT_LOAD } from '../toolchain/elf/constants';
import { imageFromElf, SymbolService } from '../toolchain/symbols/symbolService';
import { type Diagnostic, UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { DebugTarget, type LoadedImage } from './target';

export interface LaunchRequest {
  /** A `*.disco.json` (absolute). */
  readonly config?: string;
  /** A kernel for the bare machine (absolute): `.s`/`.S` or ELF. */
  readonly program?: string;
  /** Directories searched by `#include`/`.include` in kernel sources. */
  readonly includeDirs?: readonly string[];
  /** CPUs and memory of the bare machine for `program` (defaults 1 and 64). */
  readonly cpus?: number;
  readonly memoryMB?: number;
}

export interface LaunchSinks {
  /** Console text: a VM's complete line under the monitor (vm set), raw board output otherwise. */
  readonly console: (vm: string | undefined, text: string) => void;
  readonly warn: (d: Diagnostic) => void;
}

/** The lowest and highest virtual address of an ELF's loaded segments. */
function loadedRange(elf: ElfFile): readonly [number, number] | undefined {
  const segs = elf.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  if (segs.length === 0) return undefined;
  return [Math.min(...segs.map((s) => s.vaddr >>> 0)), Math.max(...segs.map((s) => (s.vaddr >>> 0) + s.memsz - 1))];
}

const imageOf = (elf: ElfFile, vm: string | undefined): LoadedImage => ({
  name: elf.fileName.replace(/^.*[/\\]/, ''),
  path: elf.fileName,
  vm,
  elf,
  range: loadedRange(elf),
});

function machineOptions(c: DiscoConfig, endianness: 'big' | 'little', sinks: LaunchSinks): MachineOptions {
  const m = c.machine;
  return {
    cpus: m.cpus,
    nodes: m.nodes,
    memoryMB: m.memoryMB,
    endianness,
    tlbEntries: m.tlbEntries,
    clockHz: m.clockMHz * 1e6,
    console: (t) => sinks.console(undefined, t),
    ...(m.mode === 'timing' ? { timing: timingParamsOf(m) } : {}),
  };
}

/** A Machine, turning its range checks into UserErrors that name the config. */
function newMachine(o: MachineOptions, where: string): Machine {
  try {
    return new Machine(o);
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`${where}: ${e.message}`);
    throw e;
  }
}

function bareKernelTarget(path: string, o: { cpus: number; memoryMB: number; includeDirs: readonly string[]; config?: DiscoConfig }, files: FileAccessor, sinks: LaunchSinks): DebugTarget {
  const io = { files, writeFile: () => undefined, stdout: (t: string) => sinks.console(undefined, t), stderr: (t: string) => sinks.console(undefined, t) };
  const endian = o.config === undefined ? undefined : { endian: o.config.machine.endian, source: `machine.endian in ${o.config.file}` };
  const elf = loadBareKernel(path, endian, io, { includeDirs: o.includeDirs });
  const options: MachineOptions = o.config === undefined
    ? { cpus: o.cpus, memoryMB: o.memoryMB, endianness: elf.endian, console: (t) => sinks.console(undefined, t) }
    : machineOptions(o.config, elf.endian, sinks);
  const machine = newMachine(options, o.config?.file ?? path);
  bootElf(machine, elf);
  const symbols = new SymbolService();
  symbols.add(imageFromElf(elf));
  return new DebugTarget(machine, undefined, symbols, [imageOf(elf, undefined)]);
}

function monitorTarget(config: DiscoConfig, files: FileAccessor, includeDirs: readonly string[], sinks: LaunchSinks): DebugTarget {
  const monitor = new DiscoMonitor({ config, files, includeDirs, console: (vm, line) => sinks.console(vm, line), warn: sinks.warn });
  const symbols = new SymbolService();
  const images = monitor.kernels.map((elf, i) => {
    const vm = monitor.vms[i];
    if (elf !== undefined) {
      symbols.add(imageFromElf(elf, vm?.name));
      return imageOf(elf, vm?.name);
    }
    // A Linux VM: its System.map, in the VM's address space.
    for (const map of (vm === undefined ? undefined : monitor.core.linux?.of(vm))?.systemMaps ?? []) symbols.add(map);
    const kernel = vm?.config.kernel ?? '';
    return { name: kernel.replace(/^.*[/\\]/, ''), path: kernel, vm: vm?.name, elf: undefined, range: undefined };
  });
  return new DebugTarget(monitor.machine, monitor, symbols, images);
}

function linuxTarget(config: DiscoConfig, files: FileAccessor, sinks: LaunchSinks): DebugTarget {
  const bare = config.bare;
  if (bare === undefined) throw new UserError(`${config.file}: not a bare-machine config`);
  const io = { files, writeFile: () => undefined, stdout: (t: string) => sinks.console(undefined, t), stderr: (t: string) => sinks.console(undefined, t) };
  // The machine first, as `disco run` does: its interpreter warm-up gets optimized meanwhile.
  const machine = newMachine(machineOptions(config, 'little', sinks), config.file);
  const guest = loadLinuxGuest(bare, io);
  bootLinux(machine, guest.boot, config.machine.clockMHz * 1e6);
  const image: LoadedImage = { name: bare.kernel.replace(/^.*[/\\]/, ''), path: bare.kernel, vm: undefined, elf: undefined, range: undefined };
  return new DebugTarget(machine, undefined, guest.symbols, [image]);
}

/** Builds what `request` names; every problem is a UserError with its location. */
export function launchTarget(request: LaunchRequest, files: FileAccessor, sinks: LaunchSinks): DebugTarget {
  const includeDirs = request.includeDirs ?? [];
  if (request.config !== undefined) {
    const config = loadConfig(new TextDecoder().decode(files.readFile(request.config)), request.config, files);
    const bare = config.bare;
    if (bare === undefined) return monitorTarget(config, files, includeDirs, sinks);
    if (bare.board === 'linux-generic') return linuxTarget(config, files, sinks);
    return bareKernelTarget(bare.kernel, { cpus: config.machine.cpus, memoryMB: config.machine.memoryMB, includeDirs, config }, files, sinks);
  }
  if (request.program !== undefined) {
    return bareKernelTarget(request.program, { cpus: request.cpus ?? 1, memoryMB: request.memoryMB ?? 64, includeDirs }, files, sinks);
  }
  throw new UserError('launch: give "config" (a *.disco.json) or "program" (a kernel .s/.S/.elf)');
}
