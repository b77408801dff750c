// Machine information: read-only registers describing the board to the guest — a magic
// number, the number of CPUs and NUMA nodes, memory size and its split between nodes, the
// clock rate, the byte order, the node of every CPU, and WHOAMI / MYNODE, which answer with
// the number (and node) of the CPU making the access. Writes are bus errors.
// docs/devices.md §Machine info.

import { type DeviceState, WordRegisterDevice } from './device';

export const INFO_REGISTERS = {
  MAGIC: 0x00,
  VERSION: 0x04,
  NCPUS: 0x08,
  NNODES: 0x0c,
  MEMSIZE: 0x10,
  NODE_MEMSIZE: 0x14,
  CLOCK_HZ: 0x18,
  WHOAMI: 0x1c,
  MYNODE: 0x20,
  FLAGS: 0x24,
  CPU_NODE_BASE: 0x100,
  CPU_NODE_STRIDE: 0x4,
} as const;

export const INFO_BITS = {
  /** "DISC" */
  MAGIC_VALUE: 0x44495343,
  VERSION_VALUE: 1,
  FLAGS_BIG_ENDIAN: 0x1,
} as const;

const R = INFO_REGISTERS;

export interface MachineInfoOptions {
  readonly name?: string;
  readonly base: number;
  readonly bigEndian: boolean;
  readonly cpus: number;
  readonly nodes: number;
  readonly memoryBytes: number;
  readonly clockHz: number;
}

export class MachineInfo extends WordRegisterDevice {
  private readonly o: MachineInfoOptions;

  constructor(o: MachineInfoOptions) {
    super(o.name ?? 'info', o.base, 0x1000, o.bigEndian);
    if (!Number.isInteger(o.cpus) || o.cpus < 1 || o.cpus > 32) throw new RangeError(`bad CPU count ${o.cpus}`);
    if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.cpus % o.nodes !== 0) throw new RangeError(`${o.nodes} nodes do not divide ${o.cpus} CPUs`);
    this.o = o;
  }

  /** The NUMA node of a CPU: CPUs are split evenly, consecutive numbers on one node. */
  nodeOf(cpu: number): number {
    return Math.floor(cpu / (this.o.cpus / this.o.nodes));
  }

  protected readWord(offset: number, cpu: number): number | undefined {
    const o = this.o;
    switch (offset) {
      case R.MAGIC:
        return INFO_BITS.MAGIC_VALUE;
      case R.VERSION:
        return INFO_BITS.VERSION_VALUE;
      case R.NCPUS:
        return o.cpus;
      case R.NNODES:
        return o.nodes;
      case R.MEMSIZE:
        return o.memoryBytes >>> 0;
      case R.NODE_MEMSIZE:
        return Math.floor(o.memoryBytes / o.nodes) >>> 0;
      case R.CLOCK_HZ:
        return o.clockHz >>> 0;
      case R.WHOAMI:
        return cpu;
      case R.MYNODE:
        return this.nodeOf(cpu);
      case R.FLAGS:
        return this.bigEndian ? INFO_BITS.FLAGS_BIG_ENDIAN : 0;
    }
    if (offset < R.CPU_NODE_BASE) return undefined;
    const n = (offset - R.CPU_NODE_BASE) / R.CPU_NODE_STRIDE;
    return n < o.cpus ? this.nodeOf(n) : undefined;
  }

  protected writeWord(): boolean {
    return false;
  }

  reset(): void {}

  saveState(): DeviceState {
    return {};
  }

  loadState(): void {}
}
