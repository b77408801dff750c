// Shared fixtures for the device tests: a scheduler with an interrupt controller, and a
// register-level accessor that plays the role of a CPU's loads and stores.
import type { AccessSize, Device } from '../../../../debug-adapter/machine/devices/device';
import { InterruptController } from '../../../../debug-adapter/machine/devices/interrupts';
import { EventScheduler } from '../../../../debug-adapter/machine/devices/scheduler';

export function rig(cpus = 1): { scheduler: EventScheduler; irq: InterruptController } {
  return { scheduler: new EventScheduler(), irq: new InterruptController(cpus) };
}

/** Word accesses to a device by CPU `cpu`, failing the test on a bus error. */
export function regs(d: Device, cpu = 0) {
  return {
    r(offset: number, size: AccessSize = 4): number {
      const v = d.read(offset, size, cpu);
      if (v === undefined) throw new Error(`${d.name}: bus error reading 0x${offset.toString(16)}`);
      return v;
    },
    w(offset: number, value: number, size: AccessSize = 4): void {
      if (!d.write(offset, size, value, cpu)) throw new Error(`${d.name}: bus error writing 0x${offset.toString(16)}`);
    },
    peek(offset: number, size: AccessSize = 4): number | undefined {
      return d.peek(offset, size, cpu);
    },
  };
}
