// The Disco board's devices wired together: the MMIO bus at the addresses of boardMap.ts, the
// interrupt lines (UART IP2, disks IP3, network IP4 to one CPU; timer IP5 and IPI IP6 to every
// CPU), the event scheduler, and DMA into machine memory. The machine class owns a Board,
// sends its non-RAM physical accesses to `bus`, ORs `interrupts.pending(cpu)` into Cause and
// advances `scheduler` as emulated time passes. Saving the board saves all three.

import { MmioBus } from './bus';
import { type DeviceState, stateObject } from './device';
import { DiskController } from './disk';
import type { DiskImage } from './diskImage';
import { DmaEngine, type DmaMemory } from './dma';
import { InterruptController, IP_DISK, IP_IPI, IP_NET, IP_TIMER, IP_UART } from './interrupts';
import { InterProcessorInterrupts } from './ipi';
import { MachineInfo } from './machineInfo';
import type { NetworkSwitch } from './networkLink';
import { NetworkInterface } from './nic';
import { PowerControl } from './powerOff';
import { EventScheduler } from './scheduler';
import { IntervalTimer } from './timer';
import { Uart16550 } from './uart16550';
import * as map from './boardMap';

export interface BoardOptions {
  readonly cpus: number;
  readonly nodes: number;
  /** Machine memory (PhysicalMemory), the target of DMA. */
  readonly memory: DmaMemory;
  readonly bigEndian: boolean;
  readonly clockHz: number;
  readonly onPowerOff: (code: number, cpu: number) => void;
  /** Console output sink. */
  readonly consoleOutput?: (byte: number) => void;
  /** Cycles per console character; 0 (default) = instantaneous. */
  readonly uartByteCycles?: number;
  /** UART register spacing; UART_REG_SHIFT by default. */
  readonly uartRegShift?: number;
  /** One controller per image, disk0, disk1, … */
  readonly disks?: readonly DiskImage[];
  /** Number of network interfaces (net0, …), all connected to `network`. */
  readonly nics?: number;
  readonly network?: NetworkSwitch;
  /** The CPU that receives UART, disk and network interrupts (0 by default). */
  readonly deviceCpu?: number;
}

/** The locally administered MAC address of NIC n: 02:d1:5c:00:00:n. */
export const boardMac = (n: number): Uint8Array => new Uint8Array([0x02, 0xd1, 0x5c, 0x00, 0x00, n]);

export class Board {
  readonly bus = new MmioBus();
  readonly scheduler = new EventScheduler();
  readonly interrupts: InterruptController;
  readonly dma: DmaEngine;
  readonly uart: Uart16550;
  readonly timer: IntervalTimer;
  readonly ipi: InterProcessorInterrupts;
  readonly info: MachineInfo;
  readonly power: PowerControl;
  readonly disks: readonly DiskController[];
  readonly nics: readonly NetworkInterface[];

  constructor(o: BoardOptions) {
    const disks = o.disks ?? [];
    const nicCount = o.nics ?? 0;
    const deviceCpu = o.deviceCpu ?? 0;
    if (disks.length > map.MAX_DISKS) throw new RangeError(`at most ${map.MAX_DISKS} disks`);
    if (!Number.isInteger(nicCount) || nicCount < 0 || nicCount > map.MAX_NICS) throw new RangeError(`at most ${map.MAX_NICS} network interfaces`);
    const be = o.bigEndian;
    const irq = (this.interrupts = new InterruptController(o.cpus));
    const sched = this.scheduler;
    this.dma = new DmaEngine(o.memory);
    const perCpu = (what: string, ip: number) => Array.from({ length: o.cpus }, (_, i) => irq.line(`${what}.cpu${i}`, i, ip));

    this.uart = new Uart16550({
      base: map.UART_BASE,
      regShift: o.uartRegShift ?? map.UART_REG_SHIFT,
      bigEndian: be,
      scheduler: sched,
      irq: irq.line('uart', deviceCpu, IP_UART),
      ...(o.uartByteCycles === undefined ? {} : { byteCycles: o.uartByteCycles }),
      ...(o.consoleOutput === undefined ? {} : { output: o.consoleOutput }),
    });
    this.info = new MachineInfo({ base: map.INFO_BASE, bigEndian: be, cpus: o.cpus, nodes: o.nodes, memoryBytes: o.memory.size, clockHz: o.clockHz });
    this.power = new PowerControl({ base: map.POWER_BASE, bigEndian: be, onPowerOff: o.onPowerOff });
    this.timer = new IntervalTimer({ base: map.TIMER_BASE, bigEndian: be, scheduler: sched, clockHz: o.clockHz, irqs: perCpu('timer', IP_TIMER) });
    this.ipi = new InterProcessorInterrupts({ base: map.IPI_BASE, bigEndian: be, irqs: perCpu('ipi', IP_IPI) });
    this.disks = disks.map(
      (image, n) =>
        new DiskController({
          name: `disk${n}`,
          base: map.DISK_BASE + n * map.DEVICE_STRIDE,
          bigEndian: be,
          image,
          dma: this.dma,
          scheduler: sched,
          irq: irq.line(`disk${n}`, deviceCpu, IP_DISK),
        }),
    );
    this.nics = Array.from({ length: nicCount }, (_, n) => {
      const nic = new NetworkInterface({
        name: `net${n}`,
        base: map.NET_BASE + n * map.DEVICE_STRIDE,
        bigEndian: be,
        dma: this.dma,
        scheduler: sched,
        irq: irq.line(`net${n}`, deviceCpu, IP_NET),
        mac: boardMac(n),
      });
      if (o.network) nic.connect(o.network);
      return nic;
    });
    for (const d of [this.uart, this.info, this.power, this.timer, this.ipi, ...this.disks, ...this.nics]) this.bus.attach(d);
  }

  /** Power-on state: time 0, no events, every device reset. */
  reset(): void {
    this.scheduler.reset();
    this.bus.reset();
  }

  saveState(): DeviceState {
    return { scheduler: this.scheduler.saveState(), devices: this.bus.saveState(), interrupts: this.interrupts.saveState() };
  }

  loadState(s: DeviceState): void {
    this.scheduler.loadState(stateObject('board', s, 'scheduler'));
    this.bus.loadState(stateObject('board', s, 'devices'));
    this.interrupts.loadState(stateObject('board', s, 'interrupts'));
  }
}
