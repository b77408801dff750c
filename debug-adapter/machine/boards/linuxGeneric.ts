// The "linux-generic" board profile: the privileged machine set up as the minimal board that
// Debian's MIPS generic (mips32r2el) Linux kernel boots on — one little-endian MIPS32r2 CPU,
// RAM at physical 0 (two ranges around the I/O window above 496 MB), the ns16550a at UART_BASE on IP2, and the power register as a syscon.
// bootLinux loads the raw image, the initramfs and a device tree generated for this board, and
// does the UHI hand-off (a0 = -2, a1 = DTB kseg0 address, PC = entry). docs/linux-guest.md.

import { linuxGenericDeviceTree } from '../../toolchain/linuxDeviceTree';
import type { LinuxBootFiles } from '../../toolchain/linuxGuestFiles';
import { UserError } from '../../util/diagnostic';
import { IP_UART } from '../devices/interrupts';
import { BOARD_MEMORY_HOLE, KSEG0_BASE, POWER_BASE, UART_BASE, UART_REG_SHIFT } from '../devices/boardMap';
import { POWER_REGISTERS } from '../devices/powerOff';
import { CONFIG0_K0, CONFIG0_K0_CACHEABLE, CP0_STATUS } from '../priv/cp0Bits';
import type { Machine } from '../system/machine';

/** RAM the kernel needs to reach its shell (24 MB runs out of memory while booting). */
export const LINUX_MIN_MEMORY_MB = 32;
/** The DT `interrupts` cell of the UART: the CPU interrupt controller's hwirq n is Cause.IPn. */
export const LINUX_UART_IRQ = IP_UART;
/**
 * What the syscon-reboot and syscon-poweroff nodes write to POWER_OFF. Both drivers write
 * through regmap_update_bits, which skips a write that leaves the register as it reads (0
 * after reset); bit 8 makes the value differ, and the low 8 bits (0) are the exit status.
 */
export const LINUX_POWER_OFF_VALUE = 0x100;
/** Alignment of the initramfs and of the device tree blob in RAM. */
const PLACEMENT_ALIGN = 0x10000;

/** What bootLinux loads. */
export type LinuxBootImage = LinuxBootFiles;

/** Where bootLinux put things (physical addresses). */
export interface LinuxBootLayout {
  readonly imageStart: number;
  readonly imageEnd: number;
  readonly initrdStart?: number;
  readonly initrdEnd?: number;
  readonly dtbStart: number;
  readonly dtbEnd: number;
  /** The generated device tree blob. */
  readonly dtb: Uint8Array;
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** RAM of a machine of `memoryBytes` as (base, size) ranges: two when it spans the I/O window (the memory hole). */
export function linuxBoardMemoryRanges(memoryBytes: number): { base: number; size: number }[] {
  const { base, end } = BOARD_MEMORY_HOLE;
  if (memoryBytes <= base) return [{ base: 0, size: memoryBytes }];
  const low = { base: 0, size: base };
  return memoryBytes > end ? [low, { base: end, size: memoryBytes - end }] : [low];
}

/** The device tree of this board for a machine of `memoryBytes`, clocked at `cpuHz`. */
export function linuxBoardDeviceTree(memoryBytes: number, cpuHz: number, bootArgs: string, initrd?: { start: number; end: number }): Uint8Array {
  return linuxGenericDeviceTree({
    memoryBytes,
    memoryRanges: linuxBoardMemoryRanges(memoryBytes),
    uartBase: UART_BASE,
    uartRegShift: UART_REG_SHIFT,
    uartIrq: LINUX_UART_IRQ,
    cpuHz,
    bootargs: bootArgs,
    model: 'Disco Studio linux-generic (MIPS32r2, RAM, 16550, syscon)',
    powerControl: { base: POWER_BASE, size: 0x1000, offset: POWER_REGISTERS.OFF, value: LINUX_POWER_OFF_VALUE },
    ...(initrd === undefined ? {} : { initrdStart: initrd.start, initrdEnd: initrd.end }),
  });
}

/**
 * Where the kernel, the initramfs (page-aligned above the kernel's .bss) and the device tree
 * (above the initramfs) go in `memoryBytes` of RAM at physical 0, and the device tree itself.
 */
export function placeLinux(boot: LinuxBootImage, memoryBytes: number, cpuHz: number): LinuxBootLayout {
  if (memoryBytes < LINUX_MIN_MEMORY_MB * 1048576) throw new UserError(`linux-generic: ${memoryBytes / 1048576} MB of RAM is too little: Linux needs at least ${LINUX_MIN_MEMORY_MB} MB`);
  const top = boot.loadAddress >>> 29;
  if (top !== 4) throw new UserError(`linux-generic: load address ${hex(boot.loadAddress)} is not in kseg0 (0x80000000..0x9fffffff)`);
  const imageStart = boot.loadAddress & 0x1fffffff;
  const imageEnd = imageStart + boot.image.length;
  const kernelEnd = Math.max(imageEnd, boot.bssEnd === undefined ? 0 : boot.bssEnd & 0x1fffffff);
  let next = alignUp(kernelEnd, PLACEMENT_ALIGN);
  let initrd: { start: number; end: number } | undefined;
  if (boot.initrd !== undefined) {
    initrd = { start: next, end: next + boot.initrd.length };
    next = alignUp(initrd.end, PLACEMENT_ALIGN);
  }
  const dtb = linuxBoardDeviceTree(memoryBytes, cpuHz, boot.bootArgs, initrd);
  const dtbStart = next;
  const dtbEnd = dtbStart + dtb.length;
  if (dtbEnd > Math.min(memoryBytes, BOARD_MEMORY_HOLE.base)) {
    throw new UserError(`linux-generic: the kernel, initramfs and device tree need ${hex(dtbEnd)} bytes of RAM; the machine has ${memoryBytes / 1048576} MB`);
  }
  return { imageStart, imageEnd, dtbStart, dtbEnd, dtb, ...(initrd === undefined ? {} : { initrdStart: initrd.start, initrdEnd: initrd.end }) };
}

/** The UHI hand-off registers: a0 = -2 (a1 holds a device tree), a1 = the DTB's kseg0 address. */
export function uhiHandOff(layout: LinuxBootLayout): { readonly a0: number; readonly a1: number } {
  return { a0: -2, a1: (KSEG0_BASE | layout.dtbStart) | 0 };
}

/**
 * Loads the kernel, the initramfs and the device tree (placeLinux) into a little-endian machine
 * and starts CPU 0 at the entry with the UHI hand-off and kseg0 cacheable; other CPUs stay
 * offline (the kernel runs uniprocessor on this board).
 */
export function bootLinux(machine: Machine, boot: LinuxBootImage, cpuHz: number): LinuxBootLayout {
  if (machine.memory.bigEndian) throw new UserError('linux-generic: the board is little-endian (Debian\'s MIPS kernels are mipsel)');
  const layout = placeLinux(boot, machine.memory.size, cpuHz);
  const put = (pa: number, bytes: Uint8Array): void => {
    machine.memory.writeBytes(pa, bytes);
    machine.noteMemoryWritten(pa, bytes.length);
  };
  put(layout.imageStart, boot.image);
  if (layout.initrdStart !== undefined && boot.initrd !== undefined) put(layout.initrdStart, boot.initrd);
  put(layout.dtbStart, layout.dtb);
  machine.cpus.forEach((cpu, i) => {
    cpu.cp0.reset();
    // kseg0 cacheable, as a boot loader leaves it (U-Boot sets Config.K0 = 3): Linux keeps the K0
    // it finds, and the reset value (2, uncached) would make every access of its boot uncached.
    cpu.cp0.config0 = (cpu.cp0.config0 & ~CONFIG0_K0) | CONFIG0_K0_CACHEABLE;
    cpu.state.gpr.fill(0);
    cpu.online = i === 0;
    cpu.timerAt = cpu.cp0.nextTimerCycle();
    cpu.mmu.flush();
  });
  const cpu0 = machine.cpus[0];
  if (cpu0 === undefined) throw new RangeError('linux-generic: the machine has no CPU');
  const uhi = uhiHandOff(layout);
  cpu0.state.gpr[4] = uhi.a0;
  cpu0.state.gpr[5] = uhi.a1;
  cpu0.state.jumpTo(boot.entry);
  return layout;
}

/**
 * Whether the machine is halted for good: every online CPU sits in WAIT with all of Status.IM
 * clear, so no interrupt can ever wake it. This is where Linux's machine_halt() ends
 * (`poweroff -f` on a kernel without a power-off driver: "reboot: System halted").
 */
export function linuxHalted(machine: Machine): boolean {
  return machine.cpus.every((c) => !c.online || (c.waiting && (c.cp0.read(CP0_STATUS, 0) & 0xff00) === 0));
}
