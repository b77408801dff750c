// The public vocabulary of the privileged machine: construction options, why a run stopped,
// watchpoints, and the exception hook through which an owner (the Disco monitor) sees every
// exception before the hardware vectors it.

import type { Endianness } from '../physicalMemory';
import type { MachineException } from '../priv/exceptionEntry';
import type { DiskImage } from '../devices/diskImage';
import type { NetworkSwitch } from '../devices/networkLink';
import type { MachineCpu } from './machineCpu';
import type { TimingParams } from '../timing/timingParams';
import type { ConsoleInput } from './consoleInput';

/** Timing mode's parameters; the machine adds its CPU count, nodes and memory size. */
export type MachineTimingOptions = Omit<TimingParams, 'cpus' | 'nodes' | 'memoryBytes'>;

export interface MachineOptions {
  /** 1..32 CPUs. */
  readonly cpus: number;
  /** Machine memory in MiB (1..2048). */
  readonly memoryMB: number;
  /** NUMA nodes the memory is split into (1..cpus). Default 1. */
  readonly nodes?: number;
  readonly endianness?: Endianness;
  /** TLB entry pairs per CPU (1..64). Default 48. */
  readonly tlbEntries?: number;
  /** Scheduling quantum in cycles. Default 10000. */
  readonly quantum?: number;
  /** Serve UHI `sdbbp 1` calls (else SDBBP is a reserved instruction). Default true. */
  readonly semihosting?: boolean;
  /** CPUs other than 0 stay in reset until startCpu(). Default false (all start together). */
  readonly holdSecondaries?: boolean;
  /** CPU clock rate the board's timer and machine-info device report. Default 100 MHz. */
  readonly clockHz?: number;
  /** Disk images of the board's disk controllers disk0, disk1… */
  readonly disks?: readonly DiskImage[];
  /** Network interfaces of the board, connected to `network`. */
  readonly nics?: number;
  readonly network?: NetworkSwitch;
  /** Console output (UART transmitter, UHI write/plog). */
  readonly console?: (text: string) => void;
  /** Standard input of UHI read (fd 0). Default: always end of file. */
  readonly consoleInput?: ConsoleInput;
  /**
   * Timing mode (docs/timing.md): caches and NUMA latency charged in emulated cycles. Absent:
   * fast mode, one cycle per instruction, no timing code anywhere on the execution paths.
   */
  readonly timing?: MachineTimingOptions;
}

/** Why run() or step() returned. */
export type MachineStop =
  | { readonly reason: 'exit'; readonly code: number; readonly cpu: number }
  | { readonly reason: 'poweroff'; readonly code: number }
  | { readonly reason: 'breakpoint'; readonly cpu: number; readonly pc: number }
  /** A watched range was accessed: by a CPU (cpu is its index), by DMA or by the monitor (cpu -1). */
  | { readonly reason: 'watchpoint'; readonly cpu: number; readonly pa: number; readonly size: number; readonly write: boolean; readonly by: 'cpu' | 'dma' | 'monitor' }
  /** The owner's hook asked the run to stop (Machine.requestStop) while CPU `cpu` ran. */
  | { readonly reason: 'requested'; readonly cpu: number }
  | { readonly reason: 'step'; readonly cpu: number }
  /** A UHI read found no console input yet; the CPU re-executes its `sdbbp` on resume. */
  | { readonly reason: 'input'; readonly cpu: number }
  | { readonly reason: 'limit' }
  | { readonly reason: 'fatal'; readonly message: string; readonly cpu?: number };

/** A watched range of machine (physical) addresses. */
export interface Watchpoint {
  readonly pa: number;
  readonly length: number;
  readonly read: boolean;
  readonly write: boolean;
}

/**
 * Sees an exception before hardware delivery. Return 'handled' after emulating it (the hook
 * then owns pc/state), or 'deliver' to let the CPU vector it as hardware would.
 */
export type ExceptionHook = (cpu: MachineCpu, exc: MachineException) => 'deliver' | 'handled';
