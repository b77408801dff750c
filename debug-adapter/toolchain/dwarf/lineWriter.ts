// Writes a DWARF version 3 .debug_line unit (DWARF 3 §6.2) from address-ordered
// rows: one sequence per contiguous code range, special opcodes where they fit,
// the same header parameters as GNU as (line_base -5, line_range 14, opcode_base 13).

import type { Endian } from '../object';
import { ByteSink } from '../elf/byteSink';

export interface LineWriterRow {
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

/** A run of code: rows by ascending address, ending (exclusively) at endAddress. */
export interface LineSequence {
  readonly rows: readonly LineWriterRow[];
  readonly endAddress: number;
}

const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
const STANDARD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
const DW_LNS_advance_pc = 2;
const DW_LNS_advance_line = 3;
const DW_LNS_set_file = 4;
const DW_LNS_const_add_pc = 8;
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const CONST_ADD_PC = Math.floor((255 - OPCODE_BASE) / LINE_RANGE);

function splitPath(path: string): [string, string] {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? ['', path] : [path.slice(0, slash) || '/', path.slice(slash + 1)];
}

/** Encodes one row's address and line advance, preferring a single special opcode. */
function advanceTo(out: ByteSink, addrDelta: number, lineDelta: number): void {
  let addr = addrDelta;
  if (lineDelta < LINE_BASE || lineDelta >= LINE_BASE + LINE_RANGE) {
    out.u8(DW_LNS_advance_line);
    out.sleb(lineDelta);
    lineDelta = 0;
  }
  const lineOp = lineDelta - LINE_BASE + OPCODE_BASE;
  if (addr >= CONST_ADD_PC && lineOp + (addr - CONST_ADD_PC) * LINE_RANGE <= 255) {
    out.u8(DW_LNS_const_add_pc);
    addr -= CONST_ADD_PC;
  }
  const special = lineOp + addr * LINE_RANGE;
  if (special <= 255) {
    out.u8(special);
    return;
  }
  out.u8(DW_LNS_advance_pc);
  out.uleb(addr);
  out.u8(lineOp);
}

/** The bytes of a .debug_line section holding one unit with every sequence. */
export function writeDebugLine(endian: Endian, sequences: readonly LineSequence[]): Uint8Array {
  return encodeDebugLine(endian, sequences).bytes;
}

/**
 * The section bytes, and for each sequence that has rows the offset of its
 * DW_LNE_set_address operand (where a relocatable object needs an R_MIPS_32).
 */
export function encodeDebugLine(endian: Endian, sequences: readonly LineSequence[]): { bytes: Uint8Array; addressOperandOffsets: number[] } {
  const addressOperandOffsets: number[] = [];
  const dirs: string[] = [];
  const files: [string, number][] = [];
  const fileNumber = new Map<string, number>();
  for (const seq of sequences) {
    for (const r of seq.rows) {
      if (fileNumber.has(r.file)) continue;
      const [dir, name] = splitPath(r.file);
      let d = 0;
      if (dir !== '') {
        d = dirs.indexOf(dir) + 1;
        if (d === 0) d = dirs.push(dir);
      }
      files.push([name, d]);
      fileNumber.set(r.file, files.length);
    }
  }
  const out = new ByteSink(endian);
  out.u32(0); // unit_length, patched below
  out.u16(3);
  out.u32(0); // header_length, patched below
  const headerStart = out.length;
  out.u8(1); // minimum_instruction_length
  out.u8(1); // default_is_stmt
  out.u8(LINE_BASE & 0xff);
  out.u8(LINE_RANGE);
  out.u8(OPCODE_BASE);
  for (const n of STANDARD_OPCODE_LENGTHS) out.u8(n);
  for (const d of dirs) out.cstring(d);
  out.u8(0);
  for (const [name, d] of files) {
    out.cstring(name);
    out.uleb(d);
    out.uleb(0);
    out.uleb(0);
  }
  out.u8(0);
  out.patchU32(6, out.length - headerStart);
  for (const seq of sequences) {
    if (seq.rows.length === 0) continue;
    let file = 1;
    let line = 1;
    let address = seq.rows[0]?.address ?? 0;
    out.u8(0);
    out.uleb(5);
    out.u8(DW_LNE_set_address);
    addressOperandOffsets.push(out.length);
    out.u32(address);
    for (const r of seq.rows) {
      const f = fileNumber.get(r.file) ?? 1;
      if (f !== file) {
        out.u8(DW_LNS_set_file);
        out.uleb(f);
        file = f;
      }
      if (r.address < address) throw new Error(`line rows out of address order at 0x${r.address.toString(16)}`);
      advanceTo(out, r.address - address, r.line - line);
      address = r.address;
      line = r.line;
    }
    if (seq.endAddress > address) {
      out.u8(DW_LNS_advance_pc);
      out.uleb(seq.endAddress - address);
    }
    out.u8(0);
    out.uleb(1);
    out.u8(DW_LNE_end_sequence);
  }
  out.patchU32(0, out.length - 4);
  return { bytes: out.finish(), addressOperandOffsets };
}
