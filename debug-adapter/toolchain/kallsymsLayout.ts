// Locates the kallsyms tables in a raw 32-bit kernel image by their structure, as
// scripts/kallsyms.c lays them out (every label 4-aligned):
//   [kallsyms_offsets u32×N + kallsyms_relative_base | kallsyms_addresses u32×N]   (up to 6.3)
//   kallsyms_num_syms u32, kallsyms_names (ULEB128 length + token bytes, one per symbol),
//   kallsyms_markers (u32 offset of every 256th name), [kallsyms_seqs_of_names, 3 or 4 bytes×N],
//   kallsyms_token_table (256 NUL-terminated strings), kallsyms_token_index (256 u16),
//   [the address table here instead, from 6.4].
// The token table is anchored on the strings "0" … "9" (digits stand for themselves).

import { binaryError } from './elf/byteView';
import type { Endian } from './object';

/** Longest compressed name: a two-byte length and KSYM_NAME_LEN (512) token bytes. */
const MAX_ENTRY = 2 + 512;
/** Upper bound on the token table's size searched for its index. */
const MAX_TOKEN_TABLE = 0x10000;
/** kallsyms_seqs_of_names stores 24-bit symbol numbers. */
const MAX_SYMBOLS = 1 << 24;

export interface KallsymsLayout {
  readonly tokenTable: number;
  readonly tokenIndex: number;
  readonly markers: number;
  readonly names: readonly { readonly type: string; readonly name: string }[];
  readonly addresses: readonly number[];
}

class Words {
  private readonly dv: DataView;
  private readonly little: boolean;
  constructor(readonly bytes: Uint8Array, endian: Endian) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = endian === 'little';
  }
  /** The u32 at p, or -1 outside the image. */
  u32(p: number): number {
    return p >= 0 && p + 4 <= this.bytes.length ? this.dv.getUint32(p, this.little) : -1;
  }
  /** The u16 at p, or -1 outside the image. */
  u16(p: number): number {
    return p >= 0 && p + 2 <= this.bytes.length ? this.dv.getUint16(p, this.little) : -1;
  }
}

const DIGITS = [0x30, 0, 0x31, 0, 0x32, 0, 0x33, 0, 0x34, 0, 0x35, 0, 0x36, 0, 0x37, 0, 0x38, 0, 0x39, 0];
const align4 = (p: number): number => (p + 3) & ~3;

/** Offsets where "0\0" … "9\0" occur. */
function digitRuns(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = bytes.indexOf(0x30); p >= 0; p = bytes.indexOf(0x30, p + 1)) {
    if (DIGITS.every((b, i) => bytes[p + i] === b)) out.push(p);
  }
  return out;
}

interface Tokens {
  readonly table: number;
  readonly index: number;
  readonly strings: readonly string[];
}

/** The token table holding the digit run at `digits`, checked against a token index after it. */
function tokensAt(w: Words, digits: number): Tokens | undefined {
  const bytes = w.bytes;
  for (let q = align4(digits); q < digits + MAX_TOKEN_TABLE && q + 512 <= bytes.length; q += 4) {
    if (w.u16(q) !== 0) continue;
    const table = digits - w.u16(q + 0x30 * 2);
    if (table < 0 || (table & 3) !== 0 || !DIGITS.every((_, i) => i % 2 === 1 || w.u16(q + (0x30 + i / 2) * 2) === digits - table + i)) continue;
    const strings: string[] = [];
    let p = table;
    for (let i = 0; i < 256 && p >= 0; i++) {
      const next = i < 255 ? table + w.u16(q + (i + 1) * 2) : -1;
      const nul = bytes.indexOf(0, p);
      if (w.u16(q + i * 2) !== p - table || nul < 0 || (i < 255 && nul !== next - 1) || nul >= q) p = -1;
      else {
        let s = '';
        for (let j = p; j < nul; j++) s += String.fromCharCode(bytes[j] ?? 0);
        strings.push(s);
        p = nul + 1;
      }
    }
    if (p >= 0 && align4(p) === q) return { table, index: q, strings };
  }
  return undefined;
}

const PRINTABLE = /^[\x21-\x7e]+$/;

/** The N names at `start`, when they end just before the markers at `markers` and match every marker. */
function namesAt(w: Words, start: number, n: number, markers: number, tokens: readonly string[]): KallsymsLayout['names'] | undefined {
  const bytes = w.bytes;
  const out: { type: string; name: string }[] = [];
  let p = start;
  for (let i = 0; i < n; i++) {
    if ((i & 0xff) === 0 && w.u32(markers + (i >> 8) * 4) !== p - start) return undefined;
    let len = bytes[p++] ?? 0;
    if (len & 0x80) len = (len & 0x7f) | ((bytes[p++] ?? 0x80) << 7);
    if (len === 0 || len >= 0x4000 || p + len > markers) return undefined;
    let s = '';
    for (let j = 0; j < len; j++) s += tokens[bytes[p + j] ?? 0] ?? '';
    p += len;
    if (s.length < 2 || !PRINTABLE.test(s)) return undefined;
    out.push({ type: s.charAt(0), name: s.slice(1) });
  }
  return markers - p >= 0 && markers - p <= 3 ? out : undefined;
}

interface NamesBlock {
  readonly start: number;
  readonly markers: number;
  readonly names: KallsymsLayout['names'];
}

/**
 * kallsyms_names for k markers at `markers`, with N (the word before the names) in [lo, hi]:
 * the names start 4-aligned, at most 256 entries before the last marker's offset ends.
 */
function namesBefore(w: Words, markers: number, k: number, lo: number, hi: number, tokens: readonly string[]): NamesBlock | undefined {
  if (w.u32(markers) !== 0) return undefined;
  for (let i = 1; i < k; i++) if (w.u32(markers + i * 4) <= w.u32(markers + (i - 1) * 4)) return undefined;
  const last = w.u32(markers + (k - 1) * 4);
  const top = (markers - last - 2) & ~3;
  for (let s = top; s >= 4 && s >= markers - last - 256 * MAX_ENTRY; s -= 4) {
    const n = w.u32(s - 4);
    if (n < lo || n > hi) continue;
    const names = namesAt(w, s, n, markers, tokens);
    if (names) return { start: s, markers, names };
  }
  return undefined;
}

/** The markers and names ending before the token table, with 0, 3×N or 4×N bytes of kallsyms_seqs_of_names between. */
function findNames(w: Words, tokens: Tokens): NamesBlock | undefined {
  for (let k = 1; tokens.table - 4 * k >= 0 && k <= MAX_SYMBOLS >> 8; k++) {
    const block = namesBefore(w, tokens.table - 4 * k, k, 256 * (k - 1) + 1, 256 * k, tokens.strings);
    if (block) return block;
  }
  for (let n = 1; n <= MAX_SYMBOLS; n++) {
    const k = (n + 255) >> 8;
    const three = tokens.table - align4(3 * n) - 4 * k;
    const four = tokens.table - 4 * n - 4 * k;
    if (three < 0) break;
    const block = namesBefore(w, three, k, n, n, tokens.strings) ?? namesBefore(w, four, k, n, n, tokens.strings);
    if (block) return block;
  }
  return undefined;
}

/**
 * The address table of N names: kallsyms_offsets + kallsyms_relative_base, or kallsyms_addresses,
 * before kallsyms_num_syms or after the token index. It must be sorted, without
 * wrapping, and start inside the image.
 */
function findAddresses(w: Words, names: NamesBlock, tokens: Tokens, loadAddress: number): number[] | undefined {
  const n = names.names.length;
  const before = names.start - 4;
  const after = tokens.index + 512;
  const candidates: { table: number; base?: number }[] = [
    { table: before - 4 - 4 * n, base: before - 4 },
    { table: after, base: after + 4 * n },
    { table: before - 4 * n },
    { table: after },
  ];
  for (const { table, base } of candidates) {
    const b = base === undefined ? 0 : w.u32(base);
    if (b < 0 || (base !== undefined && w.u32(table) !== 0)) continue;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = w.u32(table + 4 * i);
      const a = b + v;
      if (v < 0 || a > 0xffffffff || a < (out[i - 1] ?? 0)) break;
      out.push(a);
    }
    const first = out[0] ?? -1;
    if (out.length === n && first >= loadAddress && first < loadAddress + w.bytes.length) return out;
  }
  return undefined;
}

/** Finds and decodes the tables; a UserError says how far the search got. */
export function findKallsymsLayout(image: Uint8Array, loadAddress: number, endian: Endian, fileName: string): KallsymsLayout {
  const w = new Words(image, endian);
  const tables = digitRuns(image)
    .map((d) => tokensAt(w, d))
    .filter((t): t is Tokens => t !== undefined);
  if (tables.length === 0) {
    throw binaryError(fileName, 0, 'no kallsyms token table (256 strings with "0" … "9" in order, then a matching u16 index); was the kernel built with CONFIG_KALLSYMS?');
  }
  let names: { block: NamesBlock; tokens: Tokens } | undefined;
  for (const tokens of tables) {
    const block = findNames(w, tokens);
    if (!block) continue;
    names = { block, tokens };
    const addresses = findAddresses(w, block, tokens, loadAddress);
    if (addresses) return { tokenTable: tokens.table, tokenIndex: tokens.index, markers: block.markers, names: block.names, addresses };
  }
  if (!names) {
    const at = tables[0]?.table ?? 0;
    throw binaryError(fileName, at, 'kallsyms_token_table found, but no kallsyms_names and kallsyms_markers before it that decode consistently');
  }
  const { block } = names;
  throw binaryError(
    fileName,
    block.start,
    `kallsyms_names (${block.names.length} symbols) found, but no kallsyms_offsets or kallsyms_addresses table that is sorted and starts inside the image at 0x${loadAddress.toString(16)}`,
  );
}
