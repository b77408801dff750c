// Generates guest/include/disco/board.h, the guests' view of the board, from the address map
// and the register tables of the device files (one source of truth). The header defines each
// constant twice: `#define` for C and for `.S` files run through the C preprocessor, and
// `.equ` inside `#if 0` for GNU as reading it with `.include` (as treats `#` lines as comments).

import * as map from './boardMap';
import { DISK_BITS, DISK_FLUSH_CYCLES, DISK_MAX_COUNT, DISK_REGISTERS, DISK_SECTOR_CYCLES, DISK_SEEK_CYCLES } from './disk';
import { SECTOR_SIZE } from './diskImage';
import { causeBit, IP_CP0_TIMER, IP_DISK, IP_IPI, IP_NET, IP_TIMER, IP_UART } from './interrupts';
import { IPI_REGISTERS } from './ipi';
import { INFO_BITS, INFO_REGISTERS } from './machineInfo';
import { NET_BASE_CYCLES, NET_BITS, NET_BYTE_CYCLES, NET_MAX_FRAME, NET_MIN_FRAME, NET_REGISTERS, NET_RX_QUEUE } from './nic';
import { POWER_BITS, POWER_REGISTERS } from './powerOff';
import { TIMER_BITS, TIMER_MIN_PERIOD, TIMER_REGISTERS } from './timer';
import { UART_BITS, UART_FIFO_DEPTH, UART_REGISTERS } from './uartRegisters';

interface Group {
  readonly title: string;
  readonly entries: readonly (readonly [string, number])[];
  /** Print values in decimal (counts, rates) rather than hex. */
  readonly decimal?: boolean;
  /** Print hex values with eight digits (addresses). */
  readonly wide?: boolean;
}

const prefixed = (prefix: string, table: Readonly<Record<string, number>>): [string, number][] =>
  Object.entries(table).map(([k, v]) => [`${prefix}_${k}`, v]);

const DEVICES = ['UART', 'INFO', 'POWER', 'TIMER', 'IPI', 'DISK', 'NET'] as const;
const IPS: [string, number][] = [
  ['UART', IP_UART],
  ['DISK', IP_DISK],
  ['NET', IP_NET],
  ['TIMER', IP_TIMER],
  ['IPI', IP_IPI],
  ['CP0_TIMER', IP_CP0_TIMER],
];

/** Every constant of the header, grouped as printed. */
export function boardHeaderGroups(): Group[] {
  const bases: Record<(typeof DEVICES)[number], number> = {
    UART: map.UART_BASE,
    INFO: map.INFO_BASE,
    POWER: map.POWER_BASE,
    TIMER: map.TIMER_BASE,
    IPI: map.IPI_BASE,
    DISK: map.DISK_BASE,
    NET: map.NET_BASE,
  };
  return [
    {
      title: 'Address map (physical); RAM is [BOARD_RAM_BASE, memory size) except the I/O window [BOARD_IO_BASE, +BOARD_IO_SIZE)',
      wide: true,
      entries: [
        ['BOARD_RAM_BASE', map.BOARD_RAM_BASE],
        ['BOARD_IO_BASE', map.BOARD_IO_BASE],
        ['BOARD_IO_SIZE', map.BOARD_IO_SIZE],
        ['KSEG0_BASE', map.KSEG0_BASE],
        ['KSEG1_BASE', map.KSEG1_BASE],
        ['DEVICE_STRIDE', map.DEVICE_STRIDE],
        ...DEVICES.map((d): [string, number] => [`${d}_BASE`, bases[d]]),
        ...DEVICES.map((d): [string, number] => [`${d}_BASE_KSEG1`, map.kseg1(bases[d])]),
      ],
    },
    {
      title: 'Board limits',
      decimal: true,
      entries: [
        ['MAX_CPUS', map.MAX_CPUS],
        ['MAX_DISKS', map.MAX_DISKS],
        ['MAX_NICS', map.MAX_NICS],
      ],
    },
    { title: 'Interrupt inputs (Cause.IP numbers)', decimal: true, entries: IPS.map(([n, ip]): [string, number] => [`IP_${n}`, ip]) },
    { title: 'Interrupt bits in Cause.IP and Status.IM', entries: IPS.map(([n, ip]): [string, number] => [`CAUSE_IP_${n}`, causeBit(ip)]) },
    {
      title: 'UART (ns16550a): register indices; byte offset = index << UART_REG_SHIFT, value in bits 7..0',
      entries: prefixed('UART', UART_REGISTERS),
    },
    { title: 'UART register bits', entries: prefixed('UART', UART_BITS) },
    { title: 'UART constants', decimal: true, entries: [['UART_REG_SHIFT', map.UART_REG_SHIFT], ['UART_FIFO_DEPTH', UART_FIFO_DEPTH], ['UART_CLOCK_HZ', map.UART_CLOCK_HZ]] },
    { title: 'Machine info (read-only)', entries: [...prefixed('INFO', INFO_REGISTERS), ...prefixed('INFO', INFO_BITS)] },
    { title: 'Power-off', entries: [...prefixed('POWER', POWER_REGISTERS), ...prefixed('POWER', POWER_BITS)] },
    { title: 'Interval timer and clock; per-CPU registers are offsets within a bank', entries: [...prefixed('TIMER', TIMER_REGISTERS), ...prefixed('TIMER', TIMER_BITS)] },
    { title: 'Timer constants', decimal: true, entries: [['TIMER_MIN_PERIOD', TIMER_MIN_PERIOD]] },
    { title: 'Inter-processor interrupts', entries: prefixed('IPI', IPI_REGISTERS) },
    { title: 'Disk controller', entries: [...prefixed('DISK', DISK_REGISTERS), ...prefixed('DISK', DISK_BITS)] },
    {
      title: 'Disk constants (latencies in cycles)',
      decimal: true,
      entries: [
        ['DISK_SECTOR_BYTES', SECTOR_SIZE],
        ['DISK_MAX_SECTORS', DISK_MAX_COUNT],
        ['DISK_SEEK_CYCLES', DISK_SEEK_CYCLES],
        ['DISK_SECTOR_CYCLES', DISK_SECTOR_CYCLES],
        ['DISK_FLUSH_CYCLES', DISK_FLUSH_CYCLES],
      ],
    },
    { title: 'Network interface', entries: [...prefixed('NET', NET_REGISTERS), ...prefixed('NET', NET_BITS)] },
    {
      title: 'Network constants (latencies in cycles)',
      decimal: true,
      entries: [
        ['NET_MIN_FRAME', NET_MIN_FRAME],
        ['NET_MAX_FRAME_BYTES', NET_MAX_FRAME],
        ['NET_RX_QUEUE', NET_RX_QUEUE],
        ['NET_BASE_CYCLES', NET_BASE_CYCLES],
        ['NET_BYTE_CYCLES', NET_BYTE_CYCLES],
      ],
    },
  ];
}

const hex = (v: number, wide: boolean): string => `0x${(v >>> 0).toString(16).padStart(wide || v > 0xffff ? 8 : 2, '0')}`;

/** The exact text of guest/include/disco/board.h. */
export function boardHeaderText(): string {
  const groups = boardHeaderGroups();
  const seen = new Set<string>();
  for (const g of groups) {
    for (const [name] of g.entries) {
      if (seen.has(name)) throw new Error(`board.h: ${name} is defined twice`);
      seen.add(name);
    }
  }
  const value = (g: Group, v: number): string => (g.decimal ? String(v) : hex(v, g.wide === true));
  const width = Math.max(...[...seen].map((n) => n.length));
  const lines = [
    '/*',
    ' * Disco board: physical address map, interrupt inputs and device registers (docs/devices.md).',
    ' * Generated by scripts/generate-board-header.ts from debug-adapter/machine/devices/; do not edit.',
    ' * C and preprocessed .S files use the #defines; GNU as without a preprocessor (.include) reads the',
    ' * .equ block, which the C preprocessor skips.',
    ' */',
    '#ifndef DISCO_BOARD_H',
    '#define DISCO_BOARD_H',
    '',
    '#if 0',
  ];
  for (const g of groups) for (const [name, v] of g.entries) lines.push(`\t.equ ${name}, ${value(g, v)}`);
  lines.push('#endif');
  for (const g of groups) {
    lines.push('', `/* ${g.title} */`);
    for (const [name, v] of g.entries) lines.push(`#define ${name.padEnd(width)} ${value(g, v)}`);
  }
  lines.push('', '#endif /* DISCO_BOARD_H */', '');
  return lines.join('\n');
}
