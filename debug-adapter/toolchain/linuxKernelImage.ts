// Facts about a Linux/MIPS kernel read from its own code: where the XZ payload of a
// self-decompressing "zboot" ELF (arch/mips/boot/compressed) starts, the kernel_entry its
// head.S jumps to after decompress_kernel, and — in the raw image — the head.S jump to the
// link address and the .bss bounds it clears (arch/mips/kernel/head.S). Used when, as in
// Debian, System.map is only a stub. Instructions are matched through the ISA decoder.

import { decode, type DecodedInsn } from '../isa';
import { UserError } from '../util/diagnostic';
import type { ElfFile } from './elf/elfFile';
import { PT_LOAD } from './elf/constants';

/** The XZ stream header magic (xz file format §2.1.1.1). */
export const XZ_MAGIC: readonly number[] = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
/** VMLINUX_LOAD_ADDRESS of the MIPS generic and Malta platforms (arch/mips/generic/Platform). */
export const LINUX_MIPS_LOAD_ADDRESS = 0x80100000;

const REG_T0 = 8;
const REG_T1 = 9;
const REG_T9 = 25;
const SCAN_LIMIT = 96;

/** A decoded instruction and, when it completes a `lui r; addiu|ori r, r` pair, the constant it leaves in r. */
interface ScannedInsn {
  readonly address: number;
  readonly insn: DecodedInsn | undefined;
  readonly constant?: { readonly reg: number; readonly value: number };
}

/** Decodes `count` little-endian words from `offset`, recognising materialised constants (PTR_LA / PTR_LI). */
function scan(bytes: Uint8Array, offset: number, address: number, count: number): ScannedInsn[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ScannedInsn[] = [];
  let prev: DecodedInsn | undefined;
  for (let i = 0; i < count && offset + i * 4 + 4 <= bytes.length; i++) {
    const insn = decode(dv.getUint32(offset + i * 4, true));
    const at = (address + i * 4) >>> 0;
    const name = insn?.spec.name;
    if (insn && prev?.spec.name === 'lui' && (name === 'addiu' || name === 'ori') && insn.rs === prev.rt && insn.rt === prev.rt) {
      const high = (prev.uimm << 16) >>> 0;
      const value = (name === 'addiu' ? high + insn.simm : high | insn.uimm) >>> 0;
      out.push({ address: at, insn, constant: { reg: insn.rt, value } });
    } else out.push({ address: at, insn });
    prev = insn;
  }
  return out;
}

const isJumpRegister = (s: ScannedInsn, name: 'jr' | 'jalr', reg: number): boolean => s.insn?.spec.name === name && s.insn.rs === reg;
const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/** File offset of the zboot's XZ payload: the second XZ magic (the first is a string the decompressor compares against). */
export function findZbootPayload(bytes: Uint8Array, fileName: string): number {
  const find = (from: number): number => {
    for (let i = from; i + XZ_MAGIC.length <= bytes.length; i++) {
      if (XZ_MAGIC.every((b, k) => bytes[i + k] === b)) return i;
    }
    return -1;
  };
  const first = find(0);
  const second = first < 0 ? -1 : find(first + 1);
  if (second < 0) throw new UserError(`${fileName}: no XZ-compressed kernel inside (expected two 'FD 37 7A 58 5A 00' magics, found ${first < 0 ? 0 : 1})`);
  return second;
}

/** CRC-32 (IEEE 802.3 polynomial, reflected), the check the XZ stream footer carries. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The raw image size the zboot build appends (little-endian u32, Kbuild's size_append)
 * right after the XZ stream that starts at `payloadOffset`. The stream ends with a 12-byte
 * footer: CRC32 of the next 6 bytes, Backward Size, the header's Stream Flags, then "YZ".
 */
export function zbootImageSize(bytes: Uint8Array, fileName: string, payloadOffset: number): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags0 = bytes[payloadOffset + 6];
  const flags1 = bytes[payloadOffset + 7];
  for (let y = payloadOffset + 22; y + 6 <= bytes.length; y++) {
    if (bytes[y] !== 0x59 || bytes[y + 1] !== 0x5a || bytes[y - 2] !== flags0 || bytes[y - 1] !== flags1) continue;
    if (crc32(bytes.subarray(y - 6, y)) === dv.getUint32(y - 10, true)) return dv.getUint32(y + 2, true);
  }
  throw new UserError(`${fileName}: byte 0x${payloadOffset.toString(16)}: the XZ stream starting here has no footer followed by the image size`);
}

/**
 * The kernel_entry a zboot ELF jumps to: after `PTR_LA t9, decompress_kernel; jalr t9` its
 * head.S does `PTR_LI t9, KERNEL_ENTRY; jalr t9`; the first `jalr t9` whose target lies
 * outside the zboot's own PT_LOAD segment is that jump.
 */
export function zbootKernelEntry(elf: ElfFile): number {
  const seg = elf.segments.find((s) => s.type === PT_LOAD && elf.entry >= s.vaddr && elf.entry < s.vaddr + s.filesz);
  if (!seg) throw new UserError(`${elf.fileName}: the entry point ${hex(elf.entry)} is in no loadable segment`);
  let t9: number | undefined;
  for (const s of scan(seg.data, elf.entry - seg.vaddr, elf.entry, SCAN_LIMIT)) {
    if (s.constant?.reg === REG_T9) t9 = s.constant.value;
    if (isJumpRegister(s, 'jalr', REG_T9) && t9 !== undefined && (t9 < seg.vaddr || t9 >= seg.vaddr + seg.memsz)) return t9;
  }
  throw new UserError(`${elf.fileName}: no 'lui/ori t9; jalr t9' jump to the decompressed kernel in the first ${SCAN_LIMIT} instructions from ${hex(elf.entry)}`);
}

/** What the raw (decompressed) image says about itself. */
export interface RawKernelFacts {
  readonly loadAddress: number;
  readonly entry: number;
  /** Bytes of the image; it occupies [loadAddress, loadAddress + size). */
  readonly size: number;
  /** The .bss range kernel_entry clears, [bssStart, bssEnd): memory the kernel owns beyond the image. */
  readonly bssStart: number;
  readonly bssEnd: number;
}

/**
 * Checks a raw image against its load address and entry: the entry lies inside; the
 * `j kernel_entry` at _text (CONFIG_BOOT_RAW), when present, agrees; and kernel_entry's
 * `PTR_LA t0, 0f; jr t0; 0:` lands on its own label, which only holds at the link address.
 * Returns the .bss bounds read from the clearing loop that follows.
 */
export function inspectRawKernel(image: Uint8Array, fileName: string, loadAddress: number, entry: number): RawKernelFacts {
  const end = loadAddress + image.length;
  if (entry < loadAddress || entry >= end || entry % 4 !== 0) {
    throw new UserError(`${fileName}: kernel_entry ${hex(entry)} is not an instruction inside the image [${hex(loadAddress)}, ${hex(end)})`);
  }
  const [first] = scan(image, 0, loadAddress, 1);
  if (first?.insn?.spec.name === 'j') {
    const target = ((loadAddress & 0xf0000000) | ((first.insn.word & 0x3ffffff) << 2)) >>> 0;
    if (target !== entry) throw new UserError(`${fileName}: byte 0x0: 'j ${hex(target)}' at _text disagrees with kernel_entry ${hex(entry)}`);
  }
  const code = scan(image, entry - loadAddress, entry, SCAN_LIMIT);
  let t0: number | undefined;
  let linked = -1;
  for (let i = 0; i < code.length && linked < 0; i++) {
    const s = code[i] as ScannedInsn;
    if (s.constant?.reg === REG_T0) t0 = s.constant.value;
    if (isJumpRegister(s, 'jr', REG_T0) && t0 !== undefined) {
      if (t0 !== s.address + 8) {
        const linkBase = (t0 - (s.address + 8 - loadAddress)) >>> 0;
        throw new UserError(`${fileName}: byte 0x${(s.address - loadAddress).toString(16)}: kernel_entry jumps to ${hex(t0)}, not to its own label: the image is linked at ${hex(linkBase)}, not ${hex(loadAddress)}`);
      }
      linked = i + 2;
    }
  }
  if (linked < 0) throw new UserError(`${fileName}: kernel_entry at ${hex(entry)} has no 'PTR_LA t0, 0f; jr t0' jump to its link address`);
  const after = code.slice(linked);
  const bssStart = after.find((s) => s.constant?.reg === REG_T0)?.constant?.value;
  const bssLast = after.find((s) => s.constant?.reg === REG_T1)?.constant?.value;
  if (bssStart === undefined || bssLast === undefined || bssStart < end || bssLast < bssStart) {
    throw new UserError(`${fileName}: cannot read the .bss bounds from kernel_entry's clearing loop (found ${bssStart === undefined ? 'none' : hex(bssStart)}..${bssLast === undefined ? 'none' : hex(bssLast)})`);
  }
  return { loadAddress, entry, size: image.length, bssStart, bssEnd: (bssLast + 4) >>> 0 };
}

/** Symbols of a System.map (`address type name` lines); Debian's stub has none. */
export function parseSystemMap(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{8}|[0-9a-fA-F]{16}) [A-Za-z] (\S+)$/.exec(line.trim());
    if (m && m[1] && m[2]) out.set(m[2], Number(BigInt(`0x${m[1]}`) & 0xffffffffn));
  }
  return out;
}
