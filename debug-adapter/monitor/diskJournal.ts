// The overlay journal of a "persistent" disk: the base image is never written; every guest write
// is appended to `<image>.overlay` as one record and made durable before the guest is told the
// write is done. The next run reads the image and replays the journal. A record is
// "DJR1", sector, count (little-endian u32), count × 512 data bytes, and an FNV-1a checksum of
// all of that; a torn or corrupt record ends the replay (a crash during its append: that write
// was never acknowledged), and the file is then cut back to its valid records atomically before
// anything is appended after them.

import { DISK_ABI } from './abi';

const SECTOR = DISK_ABI.MC_DISK_SECTOR_BYTES;
const MAGIC = [0x44, 0x4a, 0x52, 0x31] as const; // "DJR1"
const HEADER = 12;

/** How the journal reaches its file (the FileAccessor's writing half). */
export interface JournalFile {
  /** Current content, or undefined when the file does not exist. */
  read(): Uint8Array | undefined;
  append(data: Uint8Array): void;
  replace(data: Uint8Array): void;
}

/** The overlay file of an image. */
export const overlayPath = (image: string): string => `${image}.overlay`;

function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193) >>> 0;
  return h;
}

/** One journal record for `data` (whole sectors) written at `sector`. */
export function encodeRecord(sector: number, data: Uint8Array): Uint8Array {
  const count = data.length / SECTOR;
  const out = new Uint8Array(HEADER + data.length + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, sector, true);
  view.setUint32(8, count, true);
  out.set(data, HEADER);
  view.setUint32(HEADER + data.length, fnv1a(out, HEADER + data.length), true);
  return out;
}

/** The valid records of a journal in order, and the length of the valid prefix. */
export function replayJournal(bytes: Uint8Array): { readonly writes: readonly (readonly [number, Uint8Array])[]; readonly validBytes: number } {
  const writes: [number, Uint8Array][] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + HEADER <= bytes.length && MAGIC.every((b, i) => bytes[at + i] === b)) {
    const sector = view.getUint32(at + 4, true);
    const count = view.getUint32(at + 8, true);
    const end = at + HEADER + count * SECTOR;
    if (count < 1 || end + 4 > bytes.length) break;
    const record = bytes.subarray(at, end);
    if (view.getUint32(end, true) !== fnv1a(record, record.length)) break;
    writes.push([sector, bytes.slice(at + HEADER, end)]);
    at = end + 4;
  }
  return { writes, validBytes: at };
}

export class DiskJournal {
  private constructor(private readonly file: JournalFile) {}

  /** Opens the journal: its acknowledged writes in order; a torn tail is cut off first. */
  static open(file: JournalFile): { readonly journal: DiskJournal; readonly writes: readonly (readonly [number, Uint8Array])[] } {
    const bytes = file.read() ?? new Uint8Array(0);
    const { writes, validBytes } = replayJournal(bytes);
    if (validBytes < bytes.length) file.replace(bytes.slice(0, validBytes));
    return { journal: new DiskJournal(file), writes };
  }

  /** Makes one write durable; throws when the file cannot be written. */
  append(sector: number, data: Uint8Array): void {
    this.file.append(encodeRecord(sector, data));
  }
}
