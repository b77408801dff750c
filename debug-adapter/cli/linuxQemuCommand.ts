// The one QEMU command line that boots the fetched Debian kernel, shared by `disco bench linux`,
// the integration tests (test/integration/linuxQemu.ts) and bench/qemu: the raw image, our device tree
// (linuxGenericDeviceTree) and our initramfs on QEMU's Malta, whose CBUS 16550 sits at
// 0x1f000900 on CPU line IP4, with the linux-generic board's memory size. A GNU-as shim does the
// UHI hand-off (a0 = -2, a1 = DTB, jump to kernel_entry), as docs/linux-guest.md describes.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KernelManifest } from '../toolchain/kernelManifest';
import { linuxGenericDeviceTree } from '../toolchain/linuxDeviceTree';
import { UserError } from '../util/diagnostic';

/** RAM of the linux-generic board as examples/linux/linux.disco.json sets it up. */
export const LINUX_BOARD_MEMORY_MB = 128;
/** Its CPU clock (the device tree's cpu clock; QEMU's own Count rate is fixed by Malta). */
export const LINUX_BOARD_CLOCK_HZ = 200_000_000;
const KSEG0 = 0x80000000;
const INITRD_PA = 0x04000000;
const DTB_PA = 0x05000000;
const SHIM_PA = 0x01400000;

/**
 * Arguments of qemu-system-mipsel that boot the kernel of manifest `m` (files in `cacheDir`) with
 * `m.bootargs`, console on stdio; the device tree and shim are written to a fresh scratch directory.
 */
export function linuxQemuArgs(m: KernelManifest, cacheDir: string): string[] {
  if (KSEG0 + SHIM_PA < m.image.bssEnd) throw new UserError('the QEMU hand-off shim would overlap the kernel and its .bss');
  const dir = mkdtempSync(join(tmpdir(), 'disco-qemu-linux-'));
  const dtb = join(dir, 'board.dtb');
  writeFileSync(
    dtb,
    linuxGenericDeviceTree({
      memoryBytes: LINUX_BOARD_MEMORY_MB << 20,
      uartBase: 0x1f000900,
      uartIrq: 4,
      cpuHz: LINUX_BOARD_CLOCK_HZ,
      bootargs: m.bootargs,
      initrdStart: INITRD_PA,
      initrdEnd: INITRD_PA + m.initramfs.size,
    }),
  );
  const shimSource = [
    '.set noreorder',
    '.globl start',
    'start:',
    'li $a0, -2',
    `li $a1, 0x${(KSEG0 + DTB_PA).toString(16)}`,
    'move $a2, $zero',
    'move $a3, $zero',
    `li $t9, 0x${m.image.entry.toString(16)}`,
    'jr $t9',
    'nop',
  ].join('\n');
  writeFileSync(join(dir, 'shim.s'), `${shimSource}\n`);
  tool('mipsel-linux-gnu-as', ['-mips32r2', '-o', join(dir, 'shim.o'), join(dir, 'shim.s')]);
  tool('mipsel-linux-gnu-ld', ['-N', `-Ttext=0x${(KSEG0 + SHIM_PA).toString(16)}`, '-e', 'start', '-o', join(dir, 'shim.elf'), join(dir, 'shim.o')]);
  const load = (file: string, pa: number): string[] => ['-device', `loader,file=${file},addr=0x${pa.toString(16)},force-raw=on`];
  return [
    ...['-M', 'malta', '-cpu', '24Kf', '-m', String(LINUX_BOARD_MEMORY_MB), '-display', 'none', '-monitor', 'none', '-nic', 'none', '-vga', 'none'],
    // Malta's third serial port is the CBUS UART at 0x1f000900.
    ...['-serial', 'null', '-serial', 'null', '-serial', 'stdio'],
    ...['-kernel', join(dir, 'shim.elf')],
    ...load(join(cacheDir, m.image.file), m.image.loadAddress - KSEG0),
    ...load(join(cacheDir, m.initramfs.file), INITRD_PA),
    ...load(dtb, DTB_PA),
  ];
}

/** Runs a cross tool; a missing or failing one is a UserError naming it. */
function tool(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new UserError(`${cmd} is not installed (scripts/install-oracles.sh installs the MIPS cross tools)`);
  if (r.status !== 0) throw new UserError(`${cmd} failed:\n${r.stderr}`);
}
