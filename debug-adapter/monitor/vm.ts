// One virtual machine: its configuration, pmap, vCPUs and virtual devices (console buffers,
// disks and their counters, the virtual subnet's receive queue and counters), and how it ended (MC_HALT code, or the message of the
// isolation check that stopped it). Monitor-wide state lives in monitorState.ts.

import type { VmConfig } from '../config/discoConfig';
import { type DiskCounters, newDiskCounters } from './counters';
import type { Pmap } from './pmap';
import type { Vcpu } from './vcpu';
import type { VirtualDisk } from './vdisk';
import { type NetCounters, type NetMessage, newNetCounters } from './vnet';

/** How a VM ended. */
export type VmEnd = { readonly kind: 'halt'; readonly code: number } | { readonly kind: 'stopped'; readonly message: string };

export class Vm {
  readonly vcpus: Vcpu[] = [];
  /** Console output not yet ending in a newline. */
  consoleLine = '';
  /** Console input not yet read by MC_CONSOLE_READ. */
  consoleInput: number[] = [];
  /** Messages received from the virtual subnet, oldest first. */
  rxQueue: NetMessage[] = [];
  /** Its messages sent and received, pages remapped, bytes copied. */
  netCounters: NetCounters = newNetCounters();
  /** Its disks' reads and copy-on-write faults on cached blocks. */
  diskCounters: DiskCounters = newDiskCounters();
  end: VmEnd | undefined;

  constructor(
    readonly id: number,
    readonly config: VmConfig,
    readonly memoryBytes: number,
    readonly pmap: Pmap,
    readonly disks: readonly VirtualDisk[],
    /** MAC address bytes 0..5. */
    readonly mac: Uint8Array,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** True while the VM still runs. */
  get live(): boolean {
    return this.end === undefined;
  }
}
