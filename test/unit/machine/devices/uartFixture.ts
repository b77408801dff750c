// A 16550 on its own with register accessors by index (the way a driver's serial_in/serial_out
// see it), its interrupt line and the bytes it sent to the host.
import { InterruptController } from '../../../../debug-adapter/machine/devices/interrupts';
import { EventScheduler } from '../../../../debug-adapter/machine/devices/scheduler';
import { Uart16550 } from '../../../../debug-adapter/machine/devices/uart16550';

export interface UartRig {
  uart: Uart16550;
  scheduler: EventScheduler;
  irq: () => boolean;
  out: number[];
  /** serial_in(index) */
  rd(index: number): number;
  /** serial_out(index, value) */
  wr(index: number, value: number): void;
  /** side-effect-free read of a register */
  peek(index: number): number | undefined;
  /** lets `cycles` of emulated time pass */
  advance(cycles: number): void;
}

export function uartRig(o: { regShift?: number; bigEndian?: boolean; byteCycles?: number; width?: 1 | 4 } = {}): UartRig {
  const scheduler = new EventScheduler();
  const ic = new InterruptController(1);
  const line = ic.line('uart', 0, 2);
  const out: number[] = [];
  const regShift = o.regShift ?? 0;
  const bigEndian = o.bigEndian ?? true;
  const uart = new Uart16550({ base: 0x1f000900, regShift, bigEndian, scheduler, irq: line, byteCycles: o.byteCycles ?? 0, output: (b) => out.push(b) });
  const width = o.width ?? (regShift >= 2 ? 4 : 1);
  // an 8-bit access hits the register's low-order byte: the last byte of its unit when big-endian
  const unit = Math.min(1 << regShift, 4);
  const at = (i: number): number => (i << regShift) + (width === 1 && bigEndian ? unit - 1 : 0);
  return {
    uart,
    scheduler,
    out,
    irq: () => line.level,
    rd(i) {
      const v = uart.read(at(i), width, 0);
      if (v === undefined) throw new Error(`bus error reading UART register ${i}`);
      return v;
    },
    wr(i, v) {
      if (!uart.write(at(i), width, v, 0)) throw new Error(`bus error writing UART register ${i}`);
    },
    peek: (i) => uart.peek(at(i), width, 0),
    advance: (n) => scheduler.advanceTo(scheduler.now + n),
  };
}
