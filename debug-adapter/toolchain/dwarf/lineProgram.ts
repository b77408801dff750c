// The DWARF line-number state machine (DWARF 5 §6.2.2, §6.2.5; same opcodes in
// versions 2–4): runs every unit of a .debug_line section and returns its rows.

import type { Endian } from '../object';
import { DwarfCursor, type SectionOrigin } from './cursor';
import { readLineHeader, joinPath, type LineHeader, type StringSections } from './lineHeader';

export type { LineHeader, LineFileEntry, StringSections } from './lineHeader';

/** One row of the line matrix. */
export interface DwarfLineRow {
  readonly address: number;
  /** Directory-joined path of the row's file. */
  readonly file: string;
  /** The file register as the program set it. */
  readonly fileIndex: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  /** True for the row that ends a sequence; its address is one past the last instruction. */
  readonly endSequence: boolean;
  /**
   * Section offset of the DW_LNE_set_address operand that based this row's sequence,
   * so a relocatable object's reader can find the relocation saying which section it means.
   */
  readonly addressOperandOffset: number | undefined;
}

export interface LineUnit {
  readonly header: LineHeader;
  readonly rows: readonly DwarfLineRow[];
}

const DW_LNS = {
  copy: 1,
  advance_pc: 2,
  advance_line: 3,
  set_file: 4,
  set_column: 5,
  negate_stmt: 6,
  set_basic_block: 7,
  const_add_pc: 8,
  fixed_advance_pc: 9,
  set_prologue_end: 10,
  set_epilogue_begin: 11,
  set_isa: 12,
} as const;

const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const DW_LNE_define_file = 3;

const ADDRESS_SPACE = 0x100000000;

function runProgram(c: DwarfCursor, h: LineHeader): DwarfLineRow[] {
  const rows: DwarfLineRow[] = [];
  const fileBase = h.version >= 5 ? 0 : 1;
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = h.defaultIsStmt;
  let operandOffset: number | undefined;
  const reset = () => {
    address = 0;
    opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = h.defaultIsStmt;
    operandOffset = undefined;
  };
  const advance = (operationAdvance: number) => {
    const ops = opIndex + operationAdvance;
    address = (address + h.minInstLength * Math.floor(ops / h.maxOpsPerInst)) % ADDRESS_SPACE;
    opIndex = ops % h.maxOpsPerInst;
  };
  const emit = (endSequence: boolean, at: number) => {
    const entry = h.files[file - fileBase];
    if (!entry) throw c.error(`row refers to file ${file}, but the file table has ${h.files.length} entries`, at);
    if (line < 0) throw c.error(`line number became negative (${line})`, at);
    rows.push({ address, file: entry.path, fileIndex: file, line, column, isStmt, endSequence, addressOperandOffset: operandOffset });
  };
  while (!c.atEnd) {
    const at = c.pos;
    const op = c.u8('opcode');
    if (op >= h.opcodeBase) {
      const adjusted = op - h.opcodeBase;
      advance(Math.floor(adjusted / h.lineRange));
      line += h.lineBase + (adjusted % h.lineRange);
      emit(false, at);
    } else if (op === 0) {
      const len = c.uleb('extended opcode length');
      const bodyStart = c.pos;
      if (len === 0) throw c.error('extended opcode of length 0', at);
      c.skip(len, 'extended opcode');
      c.pos = bodyStart;
      const sub = c.u8('extended opcode');
      if (sub === DW_LNE_end_sequence) {
        emit(true, at);
        reset();
      } else if (sub === DW_LNE_set_address) {
        operandOffset = c.pos;
        address = c.unsigned(len - 1, 'DW_LNE_set_address operand') % ADDRESS_SPACE;
        opIndex = 0;
      } else if (sub === DW_LNE_define_file) {
        const name = c.cstring('DW_LNE_define_file name');
        const dirIndex = c.uleb('DW_LNE_define_file directory');
        h.files.push({ name, dirIndex, path: joinPath(h.directories[dirIndex] ?? '', name) });
      }
      c.pos = bodyStart + len;
    } else if (op === DW_LNS.copy) {
      emit(false, at);
    } else if (op === DW_LNS.advance_pc) {
      advance(c.uleb('DW_LNS_advance_pc operand'));
    } else if (op === DW_LNS.advance_line) {
      line += c.sleb('DW_LNS_advance_line operand');
    } else if (op === DW_LNS.set_file) {
      file = c.uleb('DW_LNS_set_file operand');
    } else if (op === DW_LNS.set_column) {
      column = c.uleb('DW_LNS_set_column operand');
    } else if (op === DW_LNS.negate_stmt) {
      isStmt = !isStmt;
    } else if (op === DW_LNS.const_add_pc) {
      advance(Math.floor((255 - h.opcodeBase) / h.lineRange));
    } else if (op === DW_LNS.fixed_advance_pc) {
      address = (address + c.u16('DW_LNS_fixed_advance_pc operand')) % ADDRESS_SPACE;
      opIndex = 0;
    } else if (op === DW_LNS.set_basic_block || op === DW_LNS.set_prologue_end || op === DW_LNS.set_epilogue_begin) {
      // Flags a debugger does not need for address ⇄ line mapping.
    } else {
      // DW_LNS_set_isa and opcodes this reader does not know: skip their ULEB128 operands.
      const n = h.standardOpcodeLengths[op] ?? 0;
      for (let i = 0; i < n; i++) c.uleb(`operand ${i} of opcode ${op}`);
    }
  }
  return rows;
}

/** Decodes every unit of a .debug_line section. */
export function readDebugLine(data: Uint8Array, endian: Endian, origin: SectionOrigin, strings: StringSections = {}): LineUnit[] {
  const units: LineUnit[] = [];
  let offset = 0;
  while (offset < data.length) {
    const c = new DwarfCursor(data, endian, origin, offset);
    const header = readLineHeader(c, strings);
    const rows = runProgram(c, header);
    units.push({ header, rows });
    offset = header.unitEnd;
  }
  return units;
}
