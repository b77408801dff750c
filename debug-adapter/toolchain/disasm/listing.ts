// Disassembly listing of one code section in GNU objdump -d layout: symbol headers, one
// "addr:\tword \tinsn" line per instruction, "\t..." for skipped runs of zero bytes (never
// a delay slot), branch targets as "addr <sym+0x…>" (binutils objdump.c: disassemble_section,
// disassemble_bytes, objdump_print_addr).

import type { Endian } from '../object';
import { InsnFlag, lookup } from '../../isa';
import { formatInstruction, type DisasmOptions } from './formatInsn';
import { SectionSymbols, type DisasmSymbol } from './symbolOrder';

/** One section to disassemble. */
export interface CodeSection {
  readonly name: string;
  readonly addr: number;
  readonly bytes: Uint8Array;
}

/** How a listing is produced. */
export interface ListingOptions extends Pick<DisasmOptions, 'gprNames' | 'aliases'> {
  readonly endian: Endian;
  /** All symbols of the file (objdump uses every section's symbols for branch targets). */
  readonly symbols: readonly DisasmSymbol[];
  /** Relocatable input (.o): targets inside the section prefer the section's own symbols. */
  readonly relocatable?: boolean;
}

const SKIP_ZEROES = 8;
const SKIP_ZEROES_AT_END = 3;
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Number of leading address digits objdump drops for this section (whole groups of 4 zeros). */
function skippedAddressChars(sec: CodeSection): number {
  const end = hex8(sec.addr + sec.bytes.length);
  let n = 0;
  while (end[n] === '0') n++;
  if (n === end.length && sec.addr !== 0) n = 0;
  return n === 0 ? 0 : (n - 1) & -4;
}

function readWord(bytes: Uint8Array, at: number, endian: Endian): number {
  const [b0, b1, b2, b3] = [bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0];
  return endian === 'big' ? ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0 : ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0;
}

/** The objdump -d text of one section, starting with its blank line and "Disassembly of section" line. */
export function disassembleSection(sec: CodeSection, options: ListingOptions): string {
  const size = sec.bytes.length;
  if (size === 0) return '';
  const syms = new SectionSymbols(options.symbols, sec.name, options.relocatable ?? false, sec.addr, sec.addr + size);
  const skipChars = skippedAddressChars(sec);
  const addressText = (target: number): string => {
    if (syms.sorted.length === 0) return `0x${target.toString(16)}`;
    return `${target.toString(16)} ${syms.label(syms.find(target, false), target, sec.name, sec.addr)}`;
  };
  const insnOptions: DisasmOptions = { ...options, addressText };
  const out: string[] = [`\nDisassembly of section ${sec.name}:\n`];

  const lineAddress = (addr: number): string => {
    const s = hex8(addr).slice(skipChars);
    const trimmed = s.replace(/^0+/, '');
    return (trimmed === '' ? '0' : trimmed).padStart(s.length, ' ');
  };

  const disassembleBytes = (start: number, stop: number): void => {
    let inDelaySlot = false;
    let off = start;
    while (off < stop) {
      let z = off;
      while (z < stop && sec.bytes[z] === 0) z++;
      if (!inDelaySlot && (z - off >= SKIP_ZEROES || (z === stop && z - off < SKIP_ZEROES_AT_END))) {
        if (z !== stop) z = off + ((z - off) & ~3);
        out.push('\t...\n');
        off = z;
        continue;
      }
      const addr = (sec.addr + off) >>> 0;
      const word = readWord(sec.bytes, off, options.endian);
      out.push(`${lineAddress(addr)}:\t${hex8(word)} \t${formatInstruction(word, addr, insnOptions)}\n`);
      inDelaySlot = ((lookup(word)?.flags ?? 0) & InsnFlag.DelaySlot) !== 0;
      off += 4;
    }
  };

  let place = syms.find(sec.addr, true);
  let offset = 0;
  while (offset < size) {
    const addr = (sec.addr + offset) >>> 0;
    const sym = syms.sorted[place];
    out.push(`\n${hex8(addr)} ${syms.label(place, addr, sec.name, sec.addr)}:\n`);
    let next = -1;
    if (sym && sym.value > addr) next = place;
    else if (sym) {
      next = place;
      while (next < syms.sorted.length) {
        const n = syms.sorted[next];
        if (n && n.section === sec.name && n.value > sym.value) break;
        next++;
      }
      if (next >= syms.sorted.length) next = -1;
    }
    const nextSym = next >= 0 ? syms.sorted[next] : undefined;
    let stop = nextSym ? nextSym.value - sec.addr : size;
    if (stop > size || stop <= offset) stop = size;
    disassembleBytes(offset, stop);
    offset = stop;
    place = next;
  }
  return out.join('');
}
