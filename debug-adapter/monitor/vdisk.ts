// A virtual disk: a base image that is never written and this VM's map of modified sectors
// (Disco §4.2.2's per-VM map of modified blocks). The mode says where the rest lives:
// "shared-cow" reads unmodified blocks through the global disk cache (diskCache.ts), "private"
// copies them from the VM's own view of the image, "persistent" also appends every write to the
// image's overlay journal (diskJournal.ts) before the write completes. One operation at a time;
// completion is signalled by the monitor's event queue.

import type { DiskMode } from '../config/discoConfig';
import { DISK_ABI } from './abi';
import type { DiskCache } from './diskCache';
import type { DiskJournal } from './diskJournal';

const SECTOR = DISK_ABI.MC_DISK_SECTOR_BYTES;

/** The saved form of a virtual disk (the base image is not saved: it never changes). */
export interface VirtualDiskState {
  readonly modified: readonly (readonly [number, readonly number[]])[];
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

/** Where a shared-cow disk's blocks are cached. */
export interface CachedImage {
  readonly cache: DiskCache;
  readonly image: number;
}

export class VirtualDisk {
  /** Modified sectors of this VM. */
  private readonly modified = new Map<number, Uint8Array>();
  /** MC_DISK_ST_* bits. */
  status = 0;
  pending: DiskRequest | undefined;

  constructor(
    readonly name: string,
    readonly mode: DiskMode,
    private readonly base: Uint8Array,
    /** The global cache ("shared-cow" only). */
    readonly cached: CachedImage | undefined,
    /** The overlay journal ("persistent" only). */
    private readonly journal: DiskJournal | undefined,
    /** Writes of earlier runs, in order (replayed from the journal). */
    replayed: readonly (readonly [number, Uint8Array])[],
  ) {
    for (const [sector, data] of replayed) this.keep(sector, data);
  }

  /** Capacity in sectors (a partial last sector counts). */
  get sectors(): number {
    return Math.ceil(this.base.length / SECTOR);
  }

  /** Reads `count` sectors starting at `sector` as this VM sees them. */
  read(sector: number, count: number): Uint8Array {
    const out = new Uint8Array(count * SECTOR);
    for (let i = 0; i < count; i++) {
      const s = sector + i;
      const o = this.modified.get(s);
      if (o !== undefined) out.set(o, i * SECTOR);
      else out.set(this.base.subarray(s * SECTOR, Math.min(this.base.length, (s + 1) * SECTOR)), i * SECTOR);
    }
    return out;
  }

  /** True when none of `count` sectors from `sector` was modified by this VM. */
  unmodified(sector: number, count: number): boolean {
    for (let s = sector; s < sector + count; s++) if (this.modified.has(s)) return false;
    return true;
  }

  /** Writes whole sectors: durable in the journal first (persistent; throws when it fails), then kept. */
  write(sector: number, data: Uint8Array): void {
    this.journal?.append(sector, data);
    this.keep(sector, data);
  }

  private keep(sector: number, data: Uint8Array): void {
    for (let i = 0; i * SECTOR < data.length; i++) this.modified.set(sector + i, data.slice(i * SECTOR, (i + 1) * SECTOR));
  }

  /** Sectors this VM has modified. */
  get modifiedSectors(): number {
    return this.modified.size;
  }

  save(): VirtualDiskState {
    return { modified: [...this.modified].sort((a, b) => a[0] - b[0]).map(([s, d]) => [s, Array.from(d)] as const), status: this.status, pending: this.pending === undefined ? null : { ...this.pending } };
  }

  load(s: VirtualDiskState): void {
    this.modified.clear();
    for (const [sector, d] of s.modified) this.modified.set(sector, Uint8Array.from(d));
    this.status = s.status;
    this.pending = s.pending === null ? undefined : { ...s.pending };
  }
}
