import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeElf, type ElfWriteInput } from '../../../../debug-adapter/toolchain/elf/elfWriter';
import { readElf, findSection } from '../../../../debug-adapter/toolchain/elf/elfFile';
import * as C from '../../../../debug-adapter/toolchain/elf/constants';

function sample(endian: 'big' | 'little', pageSize?: number): ElfWriteInput {
  return {
    endian,
    type: 'exec',
    flags: C.EF_MIPS_ARCH_32R2 | C.EF_MIPS_ABI_O32,
    entry: 0x80020000,
    ...(pageSize !== undefined && { pageSize }),
    sections: [
      { name: '.text', type: C.SHT_PROGBITS, flags: C.SHF_ALLOC | C.SHF_EXECINSTR, addr: 0x80020000, align: 16, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
      { name: '.rodata', type: C.SHT_PROGBITS, flags: C.SHF_ALLOC, addr: 0x80020008, align: 4, data: new Uint8Array([9, 9, 9, 9]) },
      { name: '.data', type: C.SHT_PROGBITS, flags: C.SHF_ALLOC | C.SHF_WRITE, addr: 0x80030010, align: 16, data: new Uint8Array([0xaa, 0xbb]) },
      { name: '.bss', type: C.SHT_NOBITS, flags: C.SHF_ALLOC | C.SHF_WRITE, addr: 0x80030020, align: 16, data: new Uint8Array(0), size: 0x40 },
      { name: '.comment', type: C.SHT_PROGBITS, flags: 0, addr: 0, align: 1, data: new TextEncoder().encode('disco\0') },
    ],
    symbols: [
      { name: 'loop', value: 0x80020004, size: 0, bind: 'local', type: 'notype', section: '.text' },
      { name: '__start', value: 0x80020000, size: 8, bind: 'global', type: 'func', section: '.text' },
      { name: 'table', value: 0x80030010, size: 2, bind: 'weak', type: 'object', section: '.data' },
      { name: 'LIMIT', value: 42, size: 0, bind: 'global', type: 'notype', section: 'abs' },
      { name: 'ext', value: 0, size: 0, bind: 'global', type: 'notype', section: undefined },
    ],
  };
}

for (const endian of ['big', 'little'] as const) {
  test(`written executable reads back with the same sections, segments and symbols (${endian})`, () => {
    const input = sample(endian);
    const elf = readElf(writeElf(input), 'out.elf');
    assert.equal(elf.endian, endian);
    assert.equal(elf.type, 'exec');
    assert.equal(elf.flags, 0x70001000);
    assert.equal(elf.entry, 0x80020000);
    for (const s of input.sections) {
      const got = findSection(elf, s.name);
      assert.ok(got, s.name);
      assert.equal(got.addr, s.addr);
      assert.equal(got.type, s.type);
      assert.equal(got.flags, s.flags);
      assert.equal(got.addralign, s.align);
      if (s.type === C.SHT_NOBITS) assert.equal(got.size, s.size);
      else assert.deepEqual([...got.data], [...s.data]);
      if (s.flags & C.SHF_ALLOC) assert.equal((got.addr - got.offset) & 0xffff, 0, `${s.name} offset ≡ address mod page`);
    }
    assert.deepEqual(
      elf.segments.map((p) => [p.type, p.vaddr, p.filesz, p.memsz, p.flags, p.align]),
      [
        [C.PT_LOAD, 0x80020000, 12, 12, C.PF_R | C.PF_X, 0x10000],
        [C.PT_LOAD, 0x80030010, 2, 0x50, C.PF_R | C.PF_W, 0x10000],
      ],
    );
    assert.deepEqual(
      elf.symbols.map((s) => [s.name, s.value, s.size, s.bind, s.type, s.sectionName ?? s.sectionIndex]),
      [
        ['loop', 0x80020004, 0, 'local', 'notype', '.text'],
        ['__start', 0x80020000, 8, 'global', 'func', '.text'],
        ['table', 0x80030010, 2, 'weak', 'object', '.data'],
        ['LIMIT', 42, 0, 'global', 'notype', C.SHN_ABS],
        ['ext', 0, 0, 'global', 'notype', C.SHN_UNDEF],
      ],
    );
    const symtab = findSection(elf, '.symtab');
    assert.equal(symtab?.info, 2, 'sh_info is the first non-local symbol');
  });
}

test('a smaller page size gives a smaller file with congruent offsets', () => {
  const big = writeElf(sample('big'));
  const small = writeElf(sample('big', 0x1000));
  assert.ok(small.length < big.length);
  const elf = readElf(small, 'small.elf');
  for (const p of elf.segments) assert.equal((p.vaddr - p.offset) & 0xfff, 0);
});

test('overlapping allocated sections are refused', () => {
  const input = sample('big');
  const sections = input.sections.map((s) => (s.name === '.rodata' ? { ...s, addr: 0x80020004 } : s));
  assert.throws(() => writeElf({ ...input, sections }), /overlaps/);
});
