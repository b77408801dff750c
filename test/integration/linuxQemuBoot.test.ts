// QEMU as the oracle for the Linux guest's setup pieces: the fetched raw image, our device
// tree (linuxGenericDeviceTree) and our initramfs boot Debian's kernel to the busybox
// shell on QEMU's Malta (linuxQemu.ts: CBUS 16550 at 0x1f000900 on IP4, UHI hand-off shim).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_FETCH_MS, bootLinuxInQemu, fetchManifest } from './linuxQemu';
import { testTimeout } from '../support/boundedRun';

/** QEMU boots to the prompt in seconds; it is killed after this. */
const QEMU_WALL_MS = 50_000;

test('QEMU boots the fetched image with our device tree and initramfs to the busybox shell', testTimeout(LINUX_FETCH_MS + QEMU_WALL_MS), async () => {
  const m = fetchManifest();
  const initrdSize = m.initramfs.size;
  const console = await bootLinuxInQemu(m, 'uname -r; cat /proc/interrupts', /timer\s*\r?\n/, QEMU_WALL_MS);
  assert.match(console, /MIPS: machine is minimal MIPS32r2 board: CPU \+ RAM \+ one 16550/);
  assert.match(console, /earlycon: ns16550a0 at MMIO32 0x1f000900/);
  assert.match(console, new RegExp(`Initial ramdisk at: 0x84000000 \\(${initrdSize} bytes\\)`));
  assert.match(console, /Run \/init as init process/);
  assert.match(console, /Disco Studio: busybox initramfs, shell on the console/);
  assert.match(console, new RegExp(`\\n${m.kernel.release.replace(/\./g, '\\.')}\\r?\\n`));
  assert.match(console, /\d+\s+MIPS\s+4\s+ttyS0/, 'the UART interrupt arrives on IP4');
});
