// Debug targets for tests: a guest config under the Disco monitor (each VM's kernel with its
// symbols and lines in the VM's address space), or a kernel on the bare machine, built the way
// the debugger builds them, from files of the repository.

import { join } from 'node:path';
import { bootElf } from '../../debug-adapter/machine/system/bareBoot';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import { readElf, type ElfFile } from '../../debug-adapter/toolchain/elf/elfFile';
import { link } from '../../debug-adapter/toolchain/link/linker';
import { writeExecutable } from '../../debug-adapter/toolchain/link/writeExecutable';
import { imageFromElf, SymbolService } from '../../debug-adapter/toolchain/symbols/symbolService';
import { DebugTarget } from '../../debug-adapter/debugger/target';
import { launchTarget } from '../../debug-adapter/debugger/launch';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';

export const ROOT = join(import.meta.dirname, '..', '..');

/** A config of the repository (path relative to its root) under the monitor, not yet run, built as a launch builds it. */
export function monitorTarget(config: string): DebugTarget {
  const t = launchTarget({ config: join(ROOT, config), includeDirs: [join(ROOT, 'guest/include')] }, nodeIo().files, { console: () => undefined, warn: () => undefined });
  if (t.monitor === undefined) throw new Error(`${config} runs no VMs`);
  return t;
}

/** Assembles and links a kernel source of the repository for the bare machine at 0x80100000: the ELF file's bytes. */
export function bareKernelFile(source: string, defines: ReadonlyMap<string, string> = new Map()): Uint8Array {
  const r = assemble(join(ROOT, source), { files: nodeIo().files, endian: 'big', includeDirs: [join(ROOT, 'guest/include')], defines });
  return writeExecutable(link([r.object], { endian: 'big', textAddress: 0x80100000 }));
}

/** The same kernel, read back as an ElfFile. */
export function bareKernelElf(source: string, defines: ReadonlyMap<string, string> = new Map()): ElfFile {
  return readElf(bareKernelFile(source, defines), join(ROOT, source));
}

/** A bare machine of `cpus` CPUs booted from elf, not yet run. */
export function bareTarget(elf: ElfFile, cpus = 1, memoryMB = 16): DebugTarget {
  const machine = new Machine({ cpus, memoryMB, endianness: elf.endian });
  bootElf(machine, elf);
  const symbols = new SymbolService();
  symbols.add(imageFromElf(elf));
  return new DebugTarget(machine, undefined, symbols, [{ name: elf.fileName, path: elf.fileName, vm: undefined, elf, range: undefined }]);
}

/**
 * A getter for a config under the monitor after `instructions` instructions, built at its first
 * call and shared by the tests of one file after that.
 */
export function monitorTargetAfter(config: string, instructions: number, until?: (t: DebugTarget) => boolean): () => DebugTarget {
  let target: DebugTarget | undefined;
  return () => {
    if (target === undefined) {
      target = monitorTarget(config);
      const stop = target.monitor?.run(instructions);
      if (stop?.reason !== 'limit') throw new Error(`${config} stopped early: ${JSON.stringify(stop)}`);
      // Then on, a thousand instructions at a time, to the first point where `until` holds.
      for (let i = 0; until !== undefined && !until(target); i++) {
        if (i === 2000 || target.monitor?.run(1000).reason !== 'limit') throw new Error(`${config}: the state the test needs never came`);
      }
    }
    return target;
  };
}
