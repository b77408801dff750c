// kernel.json: what `disco fetch linux` prepared for the Linux guest — the raw image with
// its load address, entry and .bss bounds, the initramfs, the System.map decoded from the
// kernel's kallsyms, the Debian packages they came from and the SHA-256 of every file.
// Addresses are written as "0x…" strings so the file reads like the docs;
// parseKernelManifest checks every field. See docs/linux-guest.md.

import { UserError } from '../util/diagnostic';

export const KERNEL_MANIFEST_FORMAT = 1;

/** A Debian package a file came from. */
export interface PackageRef {
  readonly package: string;
  readonly version: string;
}

export interface KernelManifest {
  readonly format: typeof KERNEL_MANIFEST_FORMAT;
  /** The kernel package and its release string (e.g. "6.1.0-50-mips32r2el"). */
  readonly kernel: PackageRef & { readonly release: string };
  readonly busybox: PackageRef;
  /** The raw image (vmlinux.bin) to copy to loadAddress and enter at entry with a0 = -2, a1 = DTB (UHI). */
  readonly image: {
    readonly file: string;
    readonly loadAddress: number;
    readonly entry: number;
    readonly size: number;
    readonly bssStart: number;
    readonly bssEnd: number;
  };
  /** The self-decompressing ELF the image was taken from. */
  readonly zboot: { readonly file: string; readonly entry: number; readonly payloadOffset: number };
  readonly initramfs: { readonly file: string; readonly size: number };
  /** The kernel's symbols as System.map text, decoded from the image's own kallsyms tables. */
  readonly systemMap: { readonly file: string; readonly symbols: number };
  /** A kernel command line that boots this image quickly to the shell. */
  readonly bootargs: string;
  /** SHA-256 (hex) of each file in the directory, by file name. */
  readonly sha256: Readonly<Record<string, string>>;
}

const ADDRESS_FIELDS = new Set(['loadAddress', 'entry', 'bssStart', 'bssEnd']);

/** The manifest as pretty-printed JSON with hex addresses. */
export function formatKernelManifest(m: KernelManifest): string {
  return `${JSON.stringify(m, (key, value: unknown) => (ADDRESS_FIELDS.has(key) && typeof value === 'number' ? `0x${value.toString(16).padStart(8, '0')}` : value), 2)}\n`;
}

type Json = Record<string, unknown>;

/** Reads and checks kernel.json; any missing or mistyped field is a UserError naming it. */
export function parseKernelManifest(text: string, fileName: string): KernelManifest {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${fileName}: not JSON: ${(e as Error).message}`);
  }
  const fail = (path: string, what: string): UserError => new UserError(`${fileName}: ${path}: ${what}`);
  const obj = (v: unknown, path: string): Json => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(path, 'expected an object');
    return v as Json;
  };
  const str = (o: Json, k: string, path: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v === '') throw fail(`${path}.${k}`, 'expected a non-empty string');
    return v;
  };
  const num = (o: Json, k: string, path: string): number => {
    const v = o[k];
    const n = typeof v === 'string' && /^0x[0-9a-fA-F]{1,8}$/.test(v) ? parseInt(v.slice(2), 16) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw fail(`${path}.${k}`, 'expected a 32-bit unsigned number (or "0x…")');
    return n;
  };
  const r = obj(root, '$');
  if (r.format !== KERNEL_MANIFEST_FORMAT) throw fail('$.format', `expected ${KERNEL_MANIFEST_FORMAT}, got ${JSON.stringify(r.format)}; run 'disco fetch linux' again`);
  const k = obj(r.kernel, '$.kernel');
  const b = obj(r.busybox, '$.busybox');
  const i = obj(r.image, '$.image');
  const z = obj(r.zboot, '$.zboot');
  const f = obj(r.initramfs, '$.initramfs');
  const y = obj(r.systemMap, '$.systemMap');
  const hashes = obj(r.sha256, '$.sha256');
  const sha256: Record<string, string> = {};
  for (const [name, h] of Object.entries(hashes)) {
    if (typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h)) throw fail(`$.sha256.${name}`, 'expected 64 lower-case hex digits');
    sha256[name] = h;
  }
  const m: KernelManifest = {
    format: KERNEL_MANIFEST_FORMAT,
    kernel: { package: str(k, 'package', '$.kernel'), version: str(k, 'version', '$.kernel'), release: str(k, 'release', '$.kernel') },
    busybox: { package: str(b, 'package', '$.busybox'), version: str(b, 'version', '$.busybox') },
    image: {
      file: str(i, 'file', '$.image'),
      loadAddress: num(i, 'loadAddress', '$.image'),
      entry: num(i, 'entry', '$.image'),
      size: num(i, 'size', '$.image'),
      bssStart: num(i, 'bssStart', '$.image'),
      bssEnd: num(i, 'bssEnd', '$.image'),
    },
    zboot: { file: str(z, 'file', '$.zboot'), entry: num(z, 'entry', '$.zboot'), payloadOffset: num(z, 'payloadOffset', '$.zboot') },
    initramfs: { file: str(f, 'file', '$.initramfs'), size: num(f, 'size', '$.initramfs') },
    systemMap: { file: str(y, 'file', '$.systemMap'), symbols: num(y, 'symbols', '$.systemMap') },
    bootargs: str(r, 'bootargs', '$'),
    sha256,
  };
  for (const file of [m.image.file, m.zboot.file, m.initramfs.file, m.systemMap.file]) {
    if (!(file in sha256)) throw fail('$.sha256', `no checksum for ${file}`);
  }
  return m;
}
