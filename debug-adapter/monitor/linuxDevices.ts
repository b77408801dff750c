// The linux-generic board's devices as a Linux VM sees them, at the same guest-physical
// addresses the bare board has them (docs/linux-guest.md): the ns16550a console UART at
// UART_BASE (the machine's own Uart16550 model, one per VM, its interrupt output driving the
// VM's virtual IP2 and its transmitter the VM's console lines) and the power register page the
// device tree's syscon names (a write of POWER_OFF halts the VM with the value's low byte).
// Console input is held until the guest enables the UART's receive interrupt — the kernel
// opening its console — so nothing typed early is flushed with the FIFO.

import { POWER_BASE, UART_BASE, UART_REG_SHIFT } from '../machine/devices/boardMap';
import type { AccessSize, DeviceState } from '../machine/devices/device';
import { LINUX_UART_IRQ } from '../machine/boards/linuxGeneric';
import { POWER_REGISTERS } from '../machine/devices/powerOff';
import { Uart16550 } from '../machine/devices/uart16550';
import { vipBit } from './abi';
import type { MonitorCore } from './core';
import { consoleWrite } from './vdevices';
import type { Vm } from './vm';
import { endVm } from './vmControl';

const UART_BYTES = 8 << UART_REG_SHIFT;
const POWER_BYTES = 0x1000;
/** IER.ERBFI: the receive-data interrupt is enabled. */
const IER_RECEIVE = 1;

/** The saved form of a Linux VM's devices. */
export interface LinuxDevicesState {
  readonly uart: DeviceState;
  readonly held: readonly number[];
}

export class LinuxBoardDevices {
  readonly uart: Uart16550;
  /** Console input not yet handed to the UART. */
  private held: number[] = [];

  constructor(
    private readonly core: MonitorCore,
    private readonly vm: Vm,
  ) {
    const v0 = vm.vcpus[0];
    const line = vipBit(LINUX_UART_IRQ);
    this.uart = new Uart16550({
      name: `uart-${vm.name}`,
      base: UART_BASE,
      regShift: UART_REG_SHIFT,
      bigEndian: core.machine.memory.bigEndian,
      scheduler: core.machine.board.scheduler,
      irq: { set: (level) => v0 !== undefined && (level ? core.raise(v0, line) : core.lower(v0, line)) },
      output: (byte) => consoleWrite(core, vm, Uint8Array.of(byte)),
    });
  }

  /** True when gpa is a device register of the board. */
  claims(gpa: number): boolean {
    return (gpa >= UART_BASE && gpa < UART_BASE + UART_BYTES) || (gpa >= POWER_BASE && gpa < POWER_BASE + POWER_BYTES);
  }

  /** A guest load from a device register: the value, or undefined for a bus error. */
  read(gpa: number, size: AccessSize, cpu: number): number | undefined {
    if (gpa >= POWER_BASE && gpa < POWER_BASE + POWER_BYTES) return 0;
    return this.uart.read(gpa - UART_BASE, size, cpu);
  }

  /** A guest store to a device register: false for a bus error. */
  write(gpa: number, size: AccessSize, value: number, cpu: number): boolean {
    if (gpa >= POWER_BASE && gpa < POWER_BASE + POWER_BYTES) {
      if (gpa - POWER_BASE === POWER_REGISTERS.OFF) endVm(this.core, this.vm, { kind: 'halt', code: value & 0xff }, this.core.machine.cpus[cpu]?.cycle ?? 0);
      return true;
    }
    const ok = this.uart.write(gpa - UART_BASE, size, value, cpu);
    this.release();
    return ok;
  }

  /** Console input for the VM. */
  feed(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.held.push(bytes[i] as number);
    this.release();
  }

  /** The UART's registers and FIFOs and the input held back, for the monitor's saved state. */
  save(): LinuxDevicesState {
    return { uart: this.uart.saveState(), held: [...this.held] };
  }

  load(s: LinuxDevicesState): void {
    this.uart.loadState(s.uart);
    this.held = [...s.held];
  }

  /** Hands held input to the UART once the guest listens for it. */
  private release(): void {
    if (this.held.length === 0) return;
    if (((this.uart.peek(1 << UART_REG_SHIFT, 1, 0) ?? 0) & IER_RECEIVE) === 0) return;
    this.uart.input(this.held);
    this.held = [];
  }
}
