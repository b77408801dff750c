// The header of one .debug_line unit (DWARF 2–4 §6.2.4, DWARF 5 §6.2.4 with entry
// formats §6.2.4.1): parameters of the line state machine plus the directory and
// file tables, resolved to strings (DW_FORM_string, DW_FORM_line_strp, DW_FORM_strp).

import { DwarfCursor, stringAt, type SectionOrigin } from './cursor';

export interface LineFileEntry {
  readonly name: string;
  readonly dirIndex: number;
  /** The directory joined with the name (the name alone when it is absolute or the directory unknown). */
  readonly path: string;
  readonly md5?: Uint8Array;
}

export interface LineHeader {
  /** Section offset of the unit. */
  readonly unitOffset: number;
  /** Section offset just past the unit. */
  readonly unitEnd: number;
  /** Section offset of the first opcode. */
  readonly programStart: number;
  readonly version: number;
  readonly offsetSize: 4 | 8;
  readonly addressSize: number | undefined;
  readonly minInstLength: number;
  readonly maxOpsPerInst: number;
  readonly defaultIsStmt: boolean;
  readonly lineBase: number;
  readonly lineRange: number;
  readonly opcodeBase: number;
  /** Operand counts of standard opcodes 1..opcodeBase-1 (index 0 unused). */
  readonly standardOpcodeLengths: readonly number[];
  readonly directories: readonly string[];
  /** File entries in table order; for version < 5 index 0 is the first listed file (DWARF file 1). */
  readonly files: LineFileEntry[];
}

/** String sections a DWARF 5 header may refer to. */
export interface StringSections {
  readonly lineStr?: { readonly data: Uint8Array; readonly origin: SectionOrigin };
  readonly str?: { readonly data: Uint8Array; readonly origin: SectionOrigin };
}

const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;
const DW_LNCT_MD5 = 5;

const DW_FORM = {
  block: 0x09,
  block1: 0x0a,
  block2: 0x03,
  block4: 0x04,
  data1: 0x0b,
  data2: 0x05,
  data4: 0x06,
  data8: 0x07,
  data16: 0x1e,
  string: 0x08,
  strp: 0x0e,
  line_strp: 0x1f,
  udata: 0x0f,
  sdata: 0x0d,
} as const;

export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

type FormValue = string | number | Uint8Array;

function readForm(c: DwarfCursor, form: number, offsetSize: 4 | 8, strings: StringSections, what: string): FormValue {
  switch (form) {
    case DW_FORM.string:
      return c.cstring(what);
    case DW_FORM.line_strp:
    case DW_FORM.strp: {
      const at = c.pos;
      const off = c.unsigned(offsetSize, what);
      const sec = form === DW_FORM.line_strp ? strings.lineStr : strings.str;
      if (!sec) throw c.error(`${what} refers to ${form === DW_FORM.line_strp ? '.debug_line_str' : '.debug_str'}, which is missing`, at);
      return stringAt(sec.data, off, sec.origin, what);
    }
    case DW_FORM.udata:
      return c.uleb(what);
    case DW_FORM.sdata:
      return c.sleb(what);
    case DW_FORM.data1:
      return c.u8(what);
    case DW_FORM.data2:
      return c.u16(what);
    case DW_FORM.data4:
      return c.u32(what);
    case DW_FORM.data8:
      return c.u64(what);
    case DW_FORM.data16:
      return c.block(16, what);
    case DW_FORM.block:
      return c.block(c.uleb(what), what);
    case DW_FORM.block1:
      return c.block(c.u8(what), what);
    case DW_FORM.block2:
      return c.block(c.u16(what), what);
    case DW_FORM.block4:
      return c.block(c.u32(what), what);
    default:
      throw c.error(`${what} uses unsupported form 0x${form.toString(16)}`);
  }
}

interface Entry {
  path?: string;
  dirIndex?: number;
  md5?: Uint8Array;
}

/** Reads a DWARF 5 entry-format description and `count` entries laid out by it. */
function readV5Entries(c: DwarfCursor, offsetSize: 4 | 8, strings: StringSections, what: string): Entry[] {
  const formatCount = c.u8(`${what} entry format count`);
  const formats: [number, number][] = [];
  for (let i = 0; i < formatCount; i++) formats.push([c.uleb(`${what} content type`), c.uleb(`${what} form`)]);
  const countAt = c.pos;
  const count = c.uleb(`${what} count`);
  // Each entry takes at least one byte unless the format is empty.
  if (count > c.limit - c.pos && formatCount > 0) throw c.error(`${what} count ${count} exceeds the unit`, countAt);
  if (formatCount === 0 && count > 0) throw c.error(`${what} has ${count} entries but no entry format`, countAt);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const e: Entry = {};
    for (const [type, form] of formats) {
      const v = readForm(c, form, offsetSize, strings, `${what} ${i}`);
      if (type === DW_LNCT_path && typeof v === 'string') e.path = v;
      else if (type === DW_LNCT_directory_index && typeof v === 'number') e.dirIndex = v;
      else if (type === DW_LNCT_MD5 && v instanceof Uint8Array) e.md5 = v;
      else if (type === DW_LNCT_path || type === DW_LNCT_directory_index || type === DW_LNCT_MD5) {
        throw c.error(`${what} ${i}: content type ${type} has a value of the wrong form 0x${form.toString(16)}`);
      }
    }
    out.push(e);
  }
  return out;
}

function fileEntry(name: string, dirIndex: number, directories: readonly string[], md5?: Uint8Array): LineFileEntry {
  const dir = directories[dirIndex] ?? '';
  return md5 ? { name, dirIndex, path: joinPath(dir, name), md5 } : { name, dirIndex, path: joinPath(dir, name) };
}

/** Reads the unit header at the cursor's position; the cursor is left at the first opcode. */
export function readLineHeader(c: DwarfCursor, strings: StringSections): LineHeader {
  const unitOffset = c.pos;
  let unitLength = c.u32('unit_length');
  let offsetSize: 4 | 8 = 4;
  if (unitLength === 0xffffffff) {
    offsetSize = 8;
    unitLength = c.u64('unit_length');
  } else if (unitLength >= 0xfffffff0) {
    throw c.error(`reserved unit_length 0x${unitLength.toString(16)}`, unitOffset);
  }
  const unitEnd = c.pos + unitLength;
  if (unitEnd > c.bytes.length) throw c.error(`line unit of ${unitLength} bytes runs past the end of the section`, unitOffset);
  c.limit = unitEnd;
  const versionAt = c.pos;
  const version = c.u16('version');
  if (version < 2 || version > 5) throw c.error(`unsupported line table version ${version}`, versionAt);
  let addressSize: number | undefined;
  if (version >= 5) {
    addressSize = c.u8('address_size');
    c.u8('segment_selector_size');
  }
  const headerLength = c.unsigned(offsetSize, 'header_length');
  const programStart = c.pos + headerLength;
  if (programStart > unitEnd) throw c.error(`header_length ${headerLength} runs past the end of the unit`, versionAt);
  const minInstLength = c.u8('minimum_instruction_length');
  const maxOpsAt = c.pos;
  const maxOpsPerInst = version >= 4 ? c.u8('maximum_operations_per_instruction') : 1;
  if (maxOpsPerInst === 0) throw c.error('maximum_operations_per_instruction is 0', maxOpsAt);
  const defaultIsStmt = c.u8('default_is_stmt') !== 0;
  const lineBase = c.s8('line_base');
  const rangeAt = c.pos;
  const lineRange = c.u8('line_range');
  if (lineRange === 0) throw c.error('line_range is 0', rangeAt);
  const opcodeBase = c.u8('opcode_base');
  const standardOpcodeLengths = [0];
  for (let i = 1; i < opcodeBase; i++) standardOpcodeLengths.push(c.u8('standard_opcode_lengths'));
  const directories: string[] = [];
  const files: LineFileEntry[] = [];
  if (version >= 5) {
    // Directory 0 is the compilation directory; relative directories are relative to it.
    for (const [i, d] of readV5Entries(c, offsetSize, strings, 'directory').entries()) {
      if (d.path === undefined) throw c.error(`directory ${i} has no path`);
      directories.push(i === 0 ? d.path : joinPath(directories[0] ?? '', d.path));
    }
    for (const [i, f] of readV5Entries(c, offsetSize, strings, 'file name').entries()) {
      if (f.path === undefined) throw c.error(`file name ${i} has no path`);
      files.push(fileEntry(f.path, f.dirIndex ?? 0, directories, f.md5));
    }
  } else {
    // Directory 0 is the compilation directory, which the line table does not record.
    directories.push('');
    for (let d = c.cstring('include_directories'); d !== ''; d = c.cstring('include_directories')) directories.push(d);
    for (let name = c.cstring('file_names'); name !== ''; name = c.cstring('file_names')) {
      const dirIndex = c.uleb('file directory index');
      c.uleb('file modification time');
      c.uleb('file length');
      files.push(fileEntry(name, dirIndex, directories));
    }
  }
  if (c.pos > programStart) throw c.error(`file tables run past header_length (program starts at 0x${programStart.toString(16)})`);
  c.pos = programStart;
  return {
    unitOffset,
    unitEnd,
    programStart,
    version,
    offsetSize,
    addressSize,
    minInstLength,
    maxOpsPerInst,
    defaultIsStmt,
    lineBase,
    lineRange,
    opcodeBase,
    standardOpcodeLengths,
    directories,
    files,
  };
}
