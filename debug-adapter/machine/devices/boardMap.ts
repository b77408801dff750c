// The physical address map of the Disco board. RAM starts at physical 0; the devices live in
// the 16 MB I/O region at 0x1f000000 (below 512 MB, so kseg1 reaches them uncached at
// 0xbf000000+), one 4 KB page each so that a monitor can map or trap each device separately.
// The UART sits at 0x1f000900 with reg-shift 3, where QEMU's Malta board has its CBUS UART.
// The guest include file guest/include/disco/board.h is generated from these constants.

/**
 * RAM occupies [0, memory size) except the I/O window [BOARD_IO_BASE, BOARD_IO_BASE + BOARD_IO_SIZE):
 * physical addresses there always reach the devices, and the RAM behind them is not addressable
 * (the board's memory hole). With more than 496 MB, RAM continues at 0x20000000.
 */
export const BOARD_RAM_BASE = 0x00000000;
export const BOARD_IO_BASE = 0x1f000000;
export const BOARD_IO_SIZE = 0x01000000;
/** The memory hole the I/O window makes in RAM (PhysicalMemory's `hole`). */
export const BOARD_MEMORY_HOLE = { base: BOARD_IO_BASE, end: BOARD_IO_BASE + BOARD_IO_SIZE } as const;
/** Unmapped uncached segment: physical address | KSEG1_BASE. */
export const KSEG1_BASE = 0xa0000000;
/** Unmapped cached segment. */
export const KSEG0_BASE = 0x80000000;

export const UART_BASE = 0x1f000900;
/** The board's UART register spacing (Linux DT: reg-shift = <3>, reg-io-width = <4>). */
export const UART_REG_SHIFT = 3;
/** Input clock of the UART's baud generator (DT clock-frequency). */
export const UART_CLOCK_HZ = 3_686_400;

export const INFO_BASE = 0x1f010000;
export const POWER_BASE = 0x1f011000;
export const TIMER_BASE = 0x1f012000;
export const IPI_BASE = 0x1f013000;
/** Disk controller n is at DISK_BASE + n × DEVICE_STRIDE. */
export const DISK_BASE = 0x1f020000;
export const MAX_DISKS = 8;
/** Network interface n is at NET_BASE + n × DEVICE_STRIDE. */
export const NET_BASE = 0x1f030000;
export const MAX_NICS = 4;
export const DEVICE_STRIDE = 0x1000;
export const MAX_CPUS = 32;

/** The kseg1 (uncached) virtual address of a physical address below 512 MB. */
export const kseg1 = (pa: number): number => (pa | KSEG1_BASE) >>> 0;
