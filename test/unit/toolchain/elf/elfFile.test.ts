import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readElf, findSection } from '../../../../debug-adapter/toolchain/elf/elfFile';
import { UserError } from '../../../../debug-adapter/util/diagnostic';
import { tinyElf } from './tinyElf';

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => readElf(bytes, 'k.elf'), (e: unknown) => {
    assert.ok(e instanceof UserError, `expected UserError, got ${String(e)}`);
    assert.match(e.message, /^k\.elf: byte 0x[0-9a-f]+: /);
    assert.match(e.message, pattern);
    return true;
  });
}

for (const little of [false, true]) {
  test(`reads header, segments, sections and symbols (${little ? 'little' : 'big'}-endian)`, () => {
    const { bytes } = tinyElf(little);
    const elf = readElf(bytes, 'k.elf');
    assert.equal(elf.endian, little ? 'little' : 'big');
    assert.equal(elf.type, 'exec');
    assert.equal(elf.machine, 8);
    assert.equal(elf.flags, 0x70001005);
    assert.equal(elf.entry, 0x80001000);
    assert.equal(elf.segments.length, 1);
    const [load] = elf.segments;
    assert.deepEqual(
      load && { type: load.type, vaddr: load.vaddr, paddr: load.paddr, filesz: load.filesz, memsz: load.memsz, flags: load.flags },
      { type: 1, vaddr: 0x80001000, paddr: 0x1000, filesz: 12, memsz: 16, flags: 5 },
    );
    assert.deepEqual(elf.sections.map((s) => s.name), ['', '.text', '.symtab', '.strtab', '.shstrtab']);
    const text = findSection(elf, '.text');
    assert.deepEqual(text && [...text.data.subarray(0, 4)], [0x3c, 0x08, 0x12, 0x34]);
    assert.equal(text?.flags, 6);
    assert.equal(elf.symbols.length, 1);
    const [sym] = elf.symbols;
    assert.deepEqual(sym && [sym.name, sym.value, sym.size, sym.bind, sym.type, sym.sectionName], ['start', 0x80001000, 12, 'global', 'func', '.text']);
  });
}

test('every truncation of a valid file is rejected with a UserError', () => {
  const { bytes } = tinyElf();
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => readElf(bytes.subarray(0, n), 'k.elf'), UserError, `length ${n}`);
  }
});

test('wrong magic, ELF64, other machines and unknown types are refused by name', () => {
  const base = tinyElf().bytes;
  const edit = (f: (b: Uint8Array, dv: DataView) => void) => {
    const b = base.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  rejects(edit((b) => (b[1] = 0x46)), /not an ELF file/);
  rejects(edit((b) => (b[4] = 2)), /ELF64/);
  rejects(edit((_b, dv) => dv.setUint16(18, 3)), /machine is 3, not MIPS/);
  rejects(edit((_b, dv) => dv.setUint16(16, 4)), /ELF type 4/);
});

test('out-of-range offsets, string indexes and huge counts are reported with their byte offset', () => {
  const { bytes, shoff, symtabOffset } = tinyElf();
  const edit = (f: (dv: DataView) => void) => {
    const b = bytes.slice();
    f(new DataView(b.buffer));
    return b;
  };
  rejects(edit((dv) => dv.setUint16(48, 0xfff0)), /section header table of 65520 entries/);
  rejects(edit((dv) => dv.setUint16(44, 0xffff)), /program header table/);
  rejects(edit((dv) => dv.setUint32(shoff + 40 + 16, 0xfffffff0)), /contents of section 1 \(\.text\)/);
  rejects(edit((dv) => dv.setUint32(shoff + 40, 9999)), /section 1 name index 9999/);
  rejects(edit((dv) => dv.setUint32(symtabOffset + 16, 500)), /symbol 1 name index 500/);
  rejects(edit((dv) => dv.setUint16(symtabOffset + 30, 77)), /refers to section 77/);
  rejects(edit((dv) => dv.setUint32(shoff + 80 + 24, 1)), /not a string table/);
  rejects(edit((dv) => dv.setUint16(50, 1)), /section name table \(section 1\) is not a string table/);
  rejects(edit((dv) => dv.setUint32(shoff + 80 + 36, 12)), /entry size 12/);
});
