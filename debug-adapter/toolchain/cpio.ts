// Writer for the "newc" cpio archive format (magic 070701), the format Linux unpacks as
// an initramfs (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte
// ASCII header of 13 eight-digit hex fields, the NUL-terminated name padded to 4 bytes,
// the data padded to 4 bytes, and a closing "TRAILER!!!" entry. Timestamps and owners are
// fixed so the same entries always give the same bytes.

import { UserError } from '../util/diagnostic';

/** One archive member; `path` is relative to the archive root ("bin/busybox", a leading "/" is dropped). */
export type CpioEntry =
  | { readonly kind: 'dir'; readonly path: string; readonly mode?: number }
  | { readonly kind: 'file'; readonly path: string; readonly data: Uint8Array; readonly mode?: number }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | { readonly kind: 'char' | 'block'; readonly path: string; readonly major: number; readonly minor: number; readonly mode?: number };

/** Options shared by every member of one archive. */
export interface CpioOptions {
  /** c_mtime of every member (seconds since the epoch); 0 by default for reproducible archives. */
  readonly mtime?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** st_mode file-type bits (POSIX <sys/stat.h>), as the newc c_mode field carries them. */
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;

const NEWC_MAGIC = '070701';
const HEADER_SIZE = 110;
const TRAILER = 'TRAILER!!!';
const MAX_FIELD = 0xffffffff;

const DEFAULT_MODE: Readonly<Record<CpioEntry['kind'], number>> = { dir: 0o755, file: 0o644, symlink: 0o777, char: 0o600, block: 0o600 };
const TYPE_BITS: Readonly<Record<CpioEntry['kind'], number>> = { dir: S_IFDIR, file: S_IFREG, symlink: S_IFLNK, char: S_IFCHR, block: S_IFBLK };

const utf8 = new TextEncoder();

/** The 13 header fields in archive order after the magic (c_ino … c_check). */
const NEWC_FIELDS = ['ino', 'mode', 'uid', 'gid', 'nlink', 'mtime', 'filesize', 'devmajor', 'devminor', 'rdevmajor', 'rdevminor', 'namesize', 'check'] as const;
type NewcHeader = Record<(typeof NEWC_FIELDS)[number], number>;

const pad4 = (n: number): number => (4 - (n % 4)) % 4;

function field(name: string, value: number, path: string): string {
  if (!Number.isInteger(value) || value < 0 || value > MAX_FIELD) {
    throw new UserError(`cpio: ${path}: ${name} ${value} does not fit a newc header field (0..0xffffffff)`);
  }
  return value.toString(16).padStart(8, '0');
}

function headerText(h: NewcHeader, path: string): string {
  return NEWC_MAGIC + NEWC_FIELDS.map((k) => field(k, h[k], path)).join('');
}

/** Drops a leading "/" and checks that the path names something inside the archive. */
function normalisePath(path: string): string {
  const p = path.replace(/^\/+/, '');
  if (p === '' || p === '.') throw new UserError(`cpio: '${path}': the archive root is implicit and cannot be an entry`);
  for (const part of p.split('/')) {
    if (part === '' || part === '.' || part === '..') throw new UserError(`cpio: '${path}': empty, '.' or '..' path component`);
  }
  if (p.includes('\0')) throw new UserError(`cpio: '${path}': NUL in path`);
  return p;
}

function parentOf(p: string): string {
  const slash = p.lastIndexOf('/');
  return slash < 0 ? '' : p.slice(0, slash);
}

/**
 * Serialises entries into one newc archive. Directories must come before their contents
 * (the kernel's unpacker creates nothing implicitly), and every path may appear once.
 * Each member gets its own inode number (starting at 1) and no hard links.
 */
export function writeCpioNewc(entries: readonly CpioEntry[], options: CpioOptions = {}): Uint8Array {
  const mtime = options.mtime ?? 0;
  const uid = options.uid ?? 0;
  const gid = options.gid ?? 0;
  const dirs = new Set<string>(['']);
  const seen = new Set<string>();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const push = (bytes: Uint8Array): void => {
    chunks.push(bytes);
    total += bytes.length;
  };
  const member = (h: Omit<NewcHeader, 'namesize' | 'check'>, name: string, data: Uint8Array): void => {
    const nameBytes = utf8.encode(`${name}\0`);
    push(utf8.encode(headerText({ ...h, namesize: nameBytes.length, check: 0 }, name)));
    push(nameBytes);
    push(new Uint8Array(pad4(HEADER_SIZE + nameBytes.length)));
    push(data);
    push(new Uint8Array(pad4(data.length)));
  };

  entries.forEach((e, i) => {
    const path = normalisePath(e.path);
    if (seen.has(path)) throw new UserError(`cpio: '${path}' appears twice`);
    if (!dirs.has(parentOf(path))) throw new UserError(`cpio: '${path}' comes before its directory '${parentOf(path)}'`);
    seen.add(path);
    const perm = e.kind === 'symlink' ? DEFAULT_MODE.symlink : (e.mode ?? DEFAULT_MODE[e.kind]);
    if (!Number.isInteger(perm) || perm < 0 || perm > 0o7777) throw new UserError(`cpio: '${path}': mode ${perm} is not a permission value (0..0o7777)`);
    let data: Uint8Array = new Uint8Array(0);
    if (e.kind === 'file') data = e.data;
    else if (e.kind === 'symlink') {
      if (e.target === '') throw new UserError(`cpio: '${path}': empty symlink target`);
      data = utf8.encode(e.target);
    } else if (e.kind === 'dir') dirs.add(path);
    const device = e.kind === 'char' || e.kind === 'block';
    member(
      {
        ino: i + 1,
        mode: TYPE_BITS[e.kind] | perm,
        uid,
        gid,
        nlink: e.kind === 'dir' ? 2 : 1,
        mtime,
        filesize: data.length,
        devmajor: 0,
        devminor: 0,
        rdevmajor: device ? e.major : 0,
        rdevminor: device ? e.minor : 0,
      },
      path,
      data,
    );
  });
  member(
    { ino: 0, mode: 0, uid: 0, gid: 0, nlink: 1, mtime: 0, filesize: 0, devmajor: 0, devminor: 0, rdevmajor: 0, rdevminor: 0 },
    TRAILER,
    new Uint8Array(0),
  );

  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
