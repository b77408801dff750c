// What a disk controller reads and writes: a sequence of 512-byte sectors. MemoryDiskImage
// keeps the bytes in a Uint8Array (a file's contents loaded by the caller); copy-on-write
// overlays shared between virtual machines implement the same interface in the monitor.

/** Bytes per sector. */
export const SECTOR_SIZE = 512;

export interface DiskImage {
  /** Capacity in sectors. */
  readonly sectorCount: number;
  /** Writes are refused (the controller reports DISK_ERR_READONLY). */
  readonly readOnly: boolean;
  /** count sectors from `sector` (the caller checks the range). */
  read(sector: number, count: number): Uint8Array;
  /** Writes whole sectors from `sector` (data.length is a multiple of SECTOR_SIZE). */
  write(sector: number, data: Uint8Array): void;
  /** Makes earlier writes durable (a no-op for memory images). */
  flush(): void;
}

export class MemoryDiskImage implements DiskImage {
  readonly sectorCount: number;

  /**
   * @param bytes the image; a trailing partial sector is not addressable
   * @param readOnly refuse writes
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly readOnly = false,
  ) {
    this.sectorCount = Math.floor(bytes.length / SECTOR_SIZE);
  }

  read(sector: number, count: number): Uint8Array {
    return this.bytes.slice(sector * SECTOR_SIZE, (sector + count) * SECTOR_SIZE);
  }

  write(sector: number, data: Uint8Array): void {
    if (this.readOnly) throw new Error('write to a read-only disk image');
    this.bytes.set(data, sector * SECTOR_SIZE);
  }

  flush(): void {}
}
