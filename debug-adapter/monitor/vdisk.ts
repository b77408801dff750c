// A virtual disk: a read-only base image and this VM's private overlay of modified sectors
// (non-persistent, as the paper's COW disks). The base may be shared by several VMs; only the
// overlay is per VM, so copy-on-write sharing through a global disk cache can sit on the same
// layer later. One operation at a time; completion is signalled by the monitor's event queue.

import { DISK_ABI } from './abi';

const SECTOR = DISK_ABI.MC_DISK_SECTOR_BYTES;

/** The saved form of a virtual disk (the base image is not saved: it never changes). */
export interface VirtualDiskState {
  readonly overlay: readonly (readonly [number, readonly number[]])[];
  readonly status: number;
  readonly pending: DiskRequest | null;
}

/** An operation in progress: it completes (data moves, IP3 rises) at cycle doneAt. */
export interface DiskRequest {
  readonly op: number;
  readonly sector: number;
  readonly count: number;
  readonly gpa: number;
  readonly doneAt: number;
}

export class VirtualDisk {
  /** Modified sectors of this VM. */
  private readonly overlay = new Map<number, Uint8Array>();
  /** MC_DISK_ST_* bits. */
  status = 0;
  pending: DiskRequest | undefined;

  constructor(
    readonly name: string,
    private readonly base: Uint8Array,
  ) {}

  /** Capacity in sectors (a partial last sector counts). */
  get sectors(): number {
    return Math.ceil(this.base.length / SECTOR);
  }

  /** Reads `count` sectors starting at `sector`. */
  read(sector: number, count: number): Uint8Array {
    const out = new Uint8Array(count * SECTOR);
    for (let i = 0; i < count; i++) {
      const s = sector + i;
      const o = this.overlay.get(s);
      if (o !== undefined) out.set(o, i * SECTOR);
      else out.set(this.base.subarray(s * SECTOR, Math.min(this.base.length, (s + 1) * SECTOR)), i * SECTOR);
    }
    return out;
  }

  /** Writes whole sectors into the overlay. */
  write(sector: number, data: Uint8Array): void {
    for (let i = 0; i * SECTOR < data.length; i++) this.overlay.set(sector + i, data.slice(i * SECTOR, (i + 1) * SECTOR));
  }

  /** Sectors this VM has modified. */
  get modifiedSectors(): number {
    return this.overlay.size;
  }

  save(): VirtualDiskState {
    return { overlay: [...this.overlay].sort((a, b) => a[0] - b[0]).map(([s, d]) => [s, Array.from(d)] as const), status: this.status, pending: this.pending === undefined ? null : { ...this.pending } };
  }

  load(s: VirtualDiskState): void {
    this.overlay.clear();
    for (const [sector, d] of s.overlay) this.overlay.set(sector, Uint8Array.from(d));
    this.status = s.status;
    this.pending = s.pending === null ? undefined : { ...s.pending };
  }
}
