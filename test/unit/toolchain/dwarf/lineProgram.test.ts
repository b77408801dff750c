import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDebugLine } from '../../../../debug-adapter/toolchain/dwarf/lineProgram';
import { ByteSink } from '../../../../debug-adapter/toolchain/elf/byteSink';
import { UserError } from '../../../../debug-adapter/util/diagnostic';

const origin = { fileName: 'k.elf', sectionName: '.debug_line', fileOffset: 0x1000 };
const lineStrOrigin = { fileName: 'k.elf', sectionName: '.debug_line_str', fileOffset: 0x2000 };
const DW_FORM = { string: 0x08, line_strp: 0x1f, udata: 0x0f, data16: 0x1e, data1: 0x0b };

/** A DWARF 5 unit: dirs ['/work' (line_strp), 'inc' (string)], files with MD5 and data1 dir indexes. */
function v5Unit(little: boolean, program: (s: ByteSink) => void): Uint8Array {
  const s = new ByteSink(little ? 'little' : 'big');
  s.u32(0);
  s.u16(5);
  s.u8(4); // address_size
  s.u8(0);
  s.u32(0);
  const hdr = s.length;
  for (const b of [4, 1, 1, -3 & 0xff, 12, 10, 0, 1, 1, 1, 1, 0, 0, 0, 1]) s.u8(b);
  s.u8(1);
  s.uleb(1);
  s.uleb(DW_FORM.string);
  s.uleb(2);
  s.cstring('/work');
  s.cstring('inc');
  s.u8(3);
  s.uleb(1);
  s.uleb(DW_FORM.line_strp);
  s.uleb(2);
  s.uleb(DW_FORM.data1);
  s.uleb(5);
  s.uleb(DW_FORM.data16);
  s.uleb(2);
  s.u32(0); // "main.s" in .debug_line_str
  s.u8(0);
  s.bytes(new Uint8Array(16).fill(0xab));
  s.u32(7); // "defs.h"
  s.u8(1);
  s.bytes(new Uint8Array(16).fill(0xcd));
  s.patchU32(8, s.length - hdr);
  program(s);
  s.patchU32(0, s.length - 4);
  return s.finish();
}

const lineStr = new TextEncoder().encode('main.s\0defs.h\0');

test('DWARF 5 header: entry formats, line_strp and string paths, MD5, and the standard opcodes', () => {
  for (const little of [false, true]) {
    const bytes = v5Unit(little, (s) => {
      s.u8(0);
      s.uleb(5);
      s.u8(2);
      s.u32(0x80001000); // DW_LNE_set_address
      s.u8(10 + 2 * 12 + (2 - -3)); // special: address += 2 ops * 4, line += 2 → 3
      s.u8(4);
      s.uleb(0); // DW_LNS_set_file 0 (main.s); the file register starts at 1 in every version
      s.u8(5);
      s.uleb(9); // column
      s.u8(3);
      s.sleb(-2); // advance_line → 1
      s.u8(6); // negate_stmt
      s.u8(9);
      s.u16(6); // fixed_advance_pc
      s.u8(1); // copy
      s.u8(8); // const_add_pc: (255-10)/12 = 20 ops → 80 bytes
      s.u8(2);
      s.uleb(1); // advance_pc 1 op
      s.u8(1);
      s.u8(0);
      s.uleb(1);
      s.u8(1); // end_sequence
    });
    const [unit] = readDebugLine(bytes, little ? 'little' : 'big', origin, { lineStr: { data: lineStr, origin: lineStrOrigin } });
    assert.ok(unit);
    assert.deepEqual(unit.header.directories, ['/work', '/work/inc']);
    assert.deepEqual(
      unit.header.files.map((f) => [f.path, f.md5?.[0]]),
      [
        ['/work/main.s', 0xab],
        ['/work/inc/defs.h', 0xcd],
      ],
    );
    assert.deepEqual(
      unit.rows.map((r) => [r.address - 0x80001000, r.file, r.line, r.column, r.isStmt, r.endSequence]),
      [
        [8, '/work/inc/defs.h', 3, 0, true, false],
        [14, '/work/main.s', 1, 9, false, false],
        [98, '/work/main.s', 1, 9, false, false],
        [98, '/work/main.s', 1, 9, false, true],
      ],
    );
  }
});

test('malformed units are UserErrors at the absolute file offset', () => {
  const good = v5Unit(false, (s) => s.u8(1));
  const read = (b: Uint8Array, strings = true) => readDebugLine(b, 'big', origin, strings ? { lineStr: { data: lineStr, origin: lineStrOrigin } } : {});
  const rejects = (b: Uint8Array, re: RegExp, strings = true) =>
    assert.throws(
      () => read(b, strings),
      (e: unknown) => e instanceof UserError && /^k\.elf: byte 0x[0-9a-f]+: /.test(e.message) && re.test(e.message),
    );
  const edit = (f: (dv: DataView) => void) => {
    const b = good.slice();
    f(new DataView(b.buffer));
    return b;
  };
  assert.doesNotThrow(() => read(good));
  rejects(edit((dv) => dv.setUint16(4, 6)), /byte 0x1004: \.debug_line\+0x4: unsupported line table version 6/);
  rejects(edit((dv) => dv.setUint32(0, 0x1000)), /byte 0x1000: .*line unit of 4096 bytes runs past the end of the section/);
  rejects(edit((dv) => dv.setUint32(8, 0x1000)), /header_length 4096 runs past the end of the unit/);
  rejects(edit((dv) => dv.setUint8(16, 0)), /byte 0x1010: .*line_range is 0/);
  rejects(good, /refers to \.debug_line_str, which is missing/, false);
  rejects(edit((dv) => dv.setUint8(43, 0x7e)), /byte 0x1031: .*file name 0 uses unsupported form 0x7e/);
  for (let n = 1; n < good.length; n++) assert.throws(() => read(good.subarray(0, n)), UserError, `truncated to ${n}`);
});
