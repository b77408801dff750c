// `disco run --bare KERNEL`: boots a kernel on the bare privileged machine (no monitor). An ELF
// is loaded as it is, in the byte order of its header; a `.s`/`.S` source is assembled and
// linked at kseg0 0x80100000 first (the layout of a Malta `-kernel` image), big-endian unless
// asked otherwise. The console (UART and UHI output) goes to stdout, UHI reads of fd 0 come from
// stdin; the exit status is the UHI exit or power-off code, 124 when the instruction limit is
// reached, 1 on a fatal machine error (message on stderr).

import { assemble } from '../toolchain/assembler/assembler';
import { readElf } from '../toolchain/elf/elfFile';
import { link } from '../toolchain/link/linker';
import { writeExecutable } from '../toolchain/link/writeExecutable';
import type { ElfFile } from '../toolchain/elf/elfFile';
import { type ByteOrderOverride, kernelByteOrder } from '../toolchain/elf/kernelByteOrder';
import { UserError, formatDiagnostic } from '../util/diagnostic';
import { Machine } from '../machine/system/machine';
import { bootElf } from '../machine/system/bareBoot';
import type { MachineStop, MachineTimingOptions } from '../machine/system/machineTypes';
import type { CliIo } from './command';
import type { DiskImage } from '../machine/devices/diskImage';
import { NetworkSwitch } from '../machine/devices/networkLink';

/** Link address of `.text` for kernels given as assembly sources. */
export const BARE_TEXT_ADDRESS = 0x80100000;

export interface BareRunOptions {
  readonly cpus: number;
  /** NUMA nodes (default 1). */
  readonly nodes?: number;
  /** Timing mode's parameters; fast mode when absent. */
  readonly timing?: MachineTimingOptions;
  readonly memoryMB: number;
  /** TLB entry pairs of each CPU (the machine's default when absent). */
  readonly tlbEntries?: number;
  /** CPU clock the board's timer and machine-info device report (the machine's default when absent). */
  readonly clockHz?: number;
  /** Byte order the user chose; absent: the ELF header's (big-endian for a source kernel). */
  readonly endian?: ByteOrderOverride;
  /** Stop after this many instructions (all CPUs); unlimited when undefined. */
  readonly maxInstructions?: number;
  /** Execute instruction by instruction (no compiled regions). */
  readonly interpret?: boolean;
  /** Disk images of the board's disk0, disk1… */
  readonly disks?: readonly DiskImage[];
  /** Network interfaces, all on one switch. */
  readonly nics?: number;
  /** `-I` directories and `-D` macros for a kernel given as source. */
  readonly includeDirs?: readonly string[];
  readonly defines?: ReadonlyMap<string, string>;
  /** Bytes typed on the console (UART receiver) at power-on. */
  readonly input?: string;
}

/** Reads an ELF kernel (checking its byte order against `endian`), or assembles and links a source one. */
export function loadBareKernel(
  path: string,
  endian: ByteOrderOverride | undefined,
  io: CliIo,
  source: { readonly includeDirs?: readonly string[]; readonly defines?: ReadonlyMap<string, string> } = {},
): ElfFile {
  if (!/\.s$/i.test(path)) {
    const bytes = io.files.readFile(path);
    kernelByteOrder(bytes, path, endian);
    return readElf(bytes, path);
  }
  const order = endian?.endian ?? 'big';
  const r = assemble(path, { files: io.files, endian: order, includeDirs: source.includeDirs ?? [], defines: source.defines ?? new Map() });
  for (const w of r.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  const image = link([r.object], { endian: order, textAddress: BARE_TEXT_ADDRESS });
  return readElf(writeExecutable(image), path);
}

/** Timing mode's one-line report: instructions, cycles and stall share of each CPU. */
function timingSummary(machine: Machine): string {
  const t = machine.timingSnapshot();
  if (t === undefined) return '';
  const cpus = t.cpus.map((c) => `cpu${c.cpu} ${c.instructions} instructions, ${c.cycles} cycles (${c.stallCycles} stalled)`);
  return `disco run: timing: ${cpus.join('; ')}; ${(100 * t.localFraction).toFixed(1)}% of memory requests local\n`;
}

/** Boots and runs a kernel; resolves to the process exit status. */
export function runBareKernel(path: string, o: BareRunOptions, io: CliIo): number {
  const elf = loadBareKernel(path, o.endian, io, {
    ...(o.includeDirs === undefined ? {} : { includeDirs: o.includeDirs }),
    ...(o.defines === undefined ? {} : { defines: o.defines }),
  });
  let pending = '';
  const flush = (): void => {
    if (pending !== '') io.stdout(pending);
    pending = '';
  };
  let machine: Machine;
  try {
    machine = new Machine({
      cpus: o.cpus,
      memoryMB: o.memoryMB,
      endianness: elf.endian,
      ...(o.nodes === undefined ? {} : { nodes: o.nodes }),
      ...(o.tlbEntries === undefined ? {} : { tlbEntries: o.tlbEntries }),
      ...(o.clockHz === undefined ? {} : { clockHz: o.clockHz }),
      ...(o.timing === undefined ? {} : { timing: o.timing }),
      ...(o.disks === undefined ? {} : { disks: o.disks }),
      ...(o.nics === undefined || o.nics === 0 ? {} : { nics: o.nics, network: new NetworkSwitch() }),
      console: (t) => {
        pending += t;
        if (pending.length >= 4096 || t.includes('\n')) flush();
      },
      ...(io.stdin === undefined ? {} : { consoleInput: io.stdin }),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`disco run: ${e.message}`);
    throw e;
  }
  if (o.interpret) for (const c of machine.cpus) c.useRegions = false;
  bootElf(machine, elf);
  if (o.input !== undefined) machine.board.uart.input(new TextEncoder().encode(o.input));
  let stop: MachineStop = o.maxInstructions !== undefined ? machine.run(o.maxInstructions) : machine.run(100_000_000);
  while (o.maxInstructions === undefined && stop.reason === 'limit') stop = machine.run(100_000_000);
  flush();
  if (machine.timing !== undefined) io.stderr(timingSummary(machine));
  switch (stop.reason) {
    case 'exit':
    case 'poweroff':
      return stop.code & 0xff;
    case 'limit':
      io.stderr(`disco run: stopped after ${o.maxInstructions} instructions\n`);
      return 124;
    case 'fatal':
      io.stderr(`disco run: ${stop.message}\n`);
      return 1;
    default:
      io.stderr(`disco run: stopped (${stop.reason})\n`);
      return 1;
  }
}
