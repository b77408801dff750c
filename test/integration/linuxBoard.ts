// Debian's kernel (fetched by `disco fetch linux` into LINUX_CACHE) booting on a fresh machine of
// our linux-generic board, for the integration tests that run its boot in the engine.

import { join } from 'node:path';
import { fetchLinux, MANIFEST_FILE } from '../../debug-adapter/cli/fetch/linuxFetch';
import { LINUX_BOARD_CLOCK_HZ, LINUX_BOARD_MEMORY_MB } from '../../debug-adapter/cli/linuxQemuCommand';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { bootLinux } from '../../debug-adapter/machine/boards/linuxGeneric';
import { Machine } from '../../debug-adapter/machine/system/machine';
import type { MachineOptions } from '../../debug-adapter/machine/system/machineTypes';
import { type LinuxBootFiles, manifestBootFiles } from '../../debug-adapter/toolchain/linuxGuestFiles';
import { LINUX_CACHE } from './linuxQemu';

/** Fetches the kernel (unless LINUX_CACHE has it) and reads the boot files its manifest names. */
export async function fetchLinuxBoot(): Promise<LinuxBootFiles> {
  const manifest = (await fetchLinux({ dir: LINUX_CACHE, log: () => undefined })).manifest;
  return manifestBootFiles(manifest, join(LINUX_CACHE, MANIFEST_FILE), nodeIo().files);
}

/**
 * A machine of the board (its memory and clock, one CPU) with `options`, `boot` loaded and CPU 0
 * at the kernel's entry; `console()` is what the guest has printed so far.
 */
export function bootedLinuxBoard(boot: LinuxBootFiles, options: Pick<MachineOptions, 'quantum' | 'timing'> = {}): { readonly machine: Machine; console(): string } {
  let out = '';
  const machine = new Machine({
    cpus: 1,
    memoryMB: LINUX_BOARD_MEMORY_MB,
    endianness: 'little',
    clockHz: LINUX_BOARD_CLOCK_HZ,
    ...options,
    console: (c) => (out += c),
  });
  bootLinux(machine, boot, LINUX_BOARD_CLOCK_HZ);
  return { machine, console: () => out };
}
