// The device tree of the minimal board that Debian's "MIPS generic" (mips32r2el) Linux
// kernel boots on: one MIPS32r2 CPU with its clock, RAM at physical 0, the CPU's own
// interrupt controller (Cause.IP lines) and one ns16550a UART; /chosen carries bootargs,
// the console and the initramfs location. Handed over by UHI: a0 = -2, a1 = DTB address.
// See docs/linux-guest.md.

import { UserError } from '../util/diagnostic';
import { type FdtNode, fdtCells, fdtEmpty, fdtNode, fdtString, fdtStrings, writeFdt } from './fdt';

export interface LinuxGenericBoard {
  /** RAM size in bytes, mapped at physical address 0 (Linux needs about 32 MB or more). */
  readonly memoryBytes: number;
  /**
   * The RAM ranges (physical base, size) when RAM is not one block from 0, e.g. split by a board's
   * I/O window; memoryBytes is then ignored. All within the low 4 GB.
   */
  readonly memoryRanges?: readonly { readonly base: number; readonly size: number }[];
  /** Physical address of the 16550's register block. */
  readonly uartBase: number;
  /** CPU interrupt line (Cause.IP number, 2..6 for hardware lines) the UART drives; omit for a polled UART. */
  readonly uartIrq?: number;
  /** CPU clock in Hz; the kernel runs CP0 Count at half this rate (arch/mips/generic/init.c). */
  readonly cpuHz: number;
  /** The kernel command line. */
  readonly bootargs: string;
  /** Physical start and end (exclusive) of the initramfs, both or neither. */
  readonly initrdStart?: number;
  readonly initrdEnd?: number;
  /** Spacing of UART registers as a power of two (reg-shift); 3 by default (8-byte stride). */
  readonly uartRegShift?: number;
  /** Access width of UART registers in bytes (reg-io-width): 1 or 4; 4 by default. */
  readonly uartRegIoWidth?: 1 | 4;
  /** Input clock of the UART's baud generator; 3.6864 MHz by default. */
  readonly uartClockHz?: number;
  /** The cpu node's compatible string; "mti,24kf" by default. */
  readonly cpuCompatible?: string;
  /** The root's model string, which the kernel prints as "machine is …". */
  readonly model?: string;
  /**
   * A power/reset register block, described as a `syscon` with `syscon-reboot` and
   * `syscon-poweroff` nodes that write `value` at `offset` (Linux's POWER_RESET_SYSCON drivers).
   */
  readonly powerControl?: { readonly base: number; readonly size: number; readonly offset: number; readonly value: number };
}

/** phandle values of the nodes others point at. */
export const LINUX_DT_PHANDLE_CPU_INTC = 1;
export const LINUX_DT_PHANDLE_CPU_CLOCK = 2;
export const LINUX_DT_PHANDLE_SYSCON = 3;

const u32Check = (what: string, v: number): number => {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new UserError(`Linux device tree: ${what} ${v} is not a 32-bit unsigned value`);
  return v;
};

/** The memory node's reg: (base, size) pairs, one per RAM range. */
function memoryReg(board: LinuxGenericBoard, memoryBytes: number): Uint8Array {
  const ranges = board.memoryRanges ?? [{ base: 0, size: memoryBytes }];
  if (ranges.length === 0) throw new UserError('Linux device tree: memoryRanges is empty');
  const cells: number[] = [];
  for (const r of ranges) {
    const base = u32Check('memory range base', r.base);
    const size = u32Check('memory range size', r.size);
    if (size === 0 || base + size > 2 ** 32) throw new UserError(`Linux device tree: memory range 0x${base.toString(16)}+0x${size.toString(16)} is empty or leaves the 32-bit address space`);
    cells.push(base, size);
  }
  return fdtCells(...cells);
}

/** Builds the DTB (real-guest board: CPU + RAM + one 16550) for the given board parameters. */
export function linuxGenericDeviceTree(board: LinuxGenericBoard): Uint8Array {
  const memoryBytes = u32Check('memoryBytes', board.memoryBytes);
  const uartBase = u32Check('uartBase', board.uartBase);
  const cpuHz = u32Check('cpuHz', board.cpuHz);
  const regShift = board.uartRegShift ?? 3;
  if (!Number.isInteger(regShift) || regShift < 0 || regShift > 4) throw new UserError(`Linux device tree: uartRegShift ${regShift} is not 0..4`);
  if (memoryBytes === 0) throw new UserError('Linux device tree: memoryBytes must be positive');
  if (board.uartIrq !== undefined && (!Number.isInteger(board.uartIrq) || board.uartIrq < 0 || board.uartIrq > 7)) {
    throw new UserError(`Linux device tree: uartIrq ${board.uartIrq} is not a CPU interrupt line 0..7`);
  }
  if ((board.initrdStart === undefined) !== (board.initrdEnd === undefined)) {
    throw new UserError('Linux device tree: give both initrdStart and initrdEnd, or neither');
  }
  const uartName = `serial@${uartBase.toString(16)}`;

  const chosen: Record<string, Uint8Array> = {
    bootargs: fdtString(board.bootargs),
    'stdout-path': fdtString('serial0:115200n8'),
  };
  if (board.initrdStart !== undefined && board.initrdEnd !== undefined) {
    const start = u32Check('initrdStart', board.initrdStart);
    const end = u32Check('initrdEnd', board.initrdEnd);
    if (end <= start) throw new UserError(`Linux device tree: initrdEnd 0x${end.toString(16)} is not after initrdStart 0x${start.toString(16)}`);
    chosen['linux,initrd-start'] = fdtCells(start);
    chosen['linux,initrd-end'] = fdtCells(end);
  }

  const uart: Record<string, Uint8Array> = {
    compatible: fdtString('ns16550a'),
    reg: fdtCells(uartBase, 8 << regShift),
    'reg-shift': fdtCells(regShift),
    'reg-io-width': fdtCells(board.uartRegIoWidth ?? 4),
    'clock-frequency': fdtCells(u32Check('uartClockHz', board.uartClockHz ?? 3_686_400)),
  };
  if (board.uartIrq !== undefined) {
    uart['interrupt-parent'] = fdtCells(LINUX_DT_PHANDLE_CPU_INTC);
    uart.interrupts = fdtCells(board.uartIrq);
  }

  const root = fdtNode(
    '',
    {
      '#address-cells': fdtCells(1),
      '#size-cells': fdtCells(1),
      compatible: fdtStrings(['disco-studio,minimal-mips32r2']),
      model: fdtString(board.model ?? 'minimal MIPS32r2 board: CPU + RAM + one 16550'),
    },
    [
      fdtNode('cpus', { '#address-cells': fdtCells(1), '#size-cells': fdtCells(0) }, [
        fdtNode('cpu@0', {
          device_type: fdtString('cpu'),
          compatible: fdtString(board.cpuCompatible ?? 'mti,24kf'),
          reg: fdtCells(0),
          clocks: fdtCells(LINUX_DT_PHANDLE_CPU_CLOCK),
        }),
      ]),
      fdtNode('cpuclk', {
        compatible: fdtString('fixed-clock'),
        '#clock-cells': fdtCells(0),
        'clock-frequency': fdtCells(cpuHz),
        phandle: fdtCells(LINUX_DT_PHANDLE_CPU_CLOCK),
      }),
      fdtNode('memory@0', { device_type: fdtString('memory'), reg: memoryReg(board, memoryBytes) }),
      fdtNode('interrupt-controller', {
        compatible: fdtString('mti,cpu-interrupt-controller'),
        'interrupt-controller': fdtEmpty(),
        '#address-cells': fdtCells(0),
        '#interrupt-cells': fdtCells(1),
        phandle: fdtCells(LINUX_DT_PHANDLE_CPU_INTC),
      }),
      fdtNode(uartName, uart),
      fdtNode('aliases', { serial0: fdtString(`/${uartName}`) }),
      fdtNode('chosen', chosen),
      ...powerNodes(board.powerControl),
    ],
  );
  return writeFdt(root);
}

/** The syscon block and the reboot/power-off nodes that use it, or nothing. */
function powerNodes(pc: LinuxGenericBoard['powerControl']): FdtNode[] {
  if (pc === undefined) return [];
  const base = u32Check('powerControl.base', pc.base);
  const action = { regmap: fdtCells(LINUX_DT_PHANDLE_SYSCON), offset: fdtCells(u32Check('powerControl.offset', pc.offset)), value: fdtCells(u32Check('powerControl.value', pc.value)) };
  return [
    fdtNode(`syscon@${base.toString(16)}`, { compatible: fdtString('syscon'), reg: fdtCells(base, u32Check('powerControl.size', pc.size)), phandle: fdtCells(LINUX_DT_PHANDLE_SYSCON) }),
    fdtNode('reboot', { compatible: fdtString('syscon-reboot'), ...action }),
    fdtNode('poweroff', { compatible: fdtString('syscon-poweroff'), ...action }),
  ];
}
