import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link } from '../../../../debug-adapter/toolchain/link/linker';
import type { Fixup, ObjSection, ObjSymbol, ObjectFile } from '../../../../debug-adapter/toolchain/object';
import { DiagnosticError, UserError } from '../../../../debug-adapter/util/diagnostic';

const text = (words: number[], fixups: Fixup[] = [], align = 4): ObjSection => {
  const data = new Uint8Array(words.length * 4);
  words.forEach((w, i) => new DataView(data.buffer).setUint32(4 * i, w));
  return { name: '.text', kind: 'progbits', flags: { alloc: true, write: false, exec: true }, align, data, fixups };
};
const data = (name: string, size: number, align = 4, fixups: Fixup[] = []): ObjSection => ({
  name,
  kind: name.includes('bss') ? 'nobits' : 'progbits',
  flags: { alloc: true, write: true, exec: false },
  align,
  data: new Uint8Array(size),
  fixups,
});
const sym = (name: string, section: string | undefined, value = 0, binding: ObjSymbol['binding'] = 'global'): ObjSymbol => ({ name, section, value, size: 0, binding, type: 'notype' });
const obj = (name: string, sections: ObjSection[], symbols: ObjSymbol[], extra: Partial<ObjectFile> = {}): ObjectFile => ({ name, endian: 'big', sections, symbols, lines: [], ...extra });
const word = (bytes: Uint8Array | undefined, at: number) => (bytes ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(at) : NaN);
const loc = (line: number, col = 2) => ({ file: 'k.s', line, col });

test('sections merge in input order with alignment, and relocations resolve across objects', () => {
  const a = obj(
    'a.s',
    [
      text([0x3c040000, 0x24840000, 0x0c000000, 0x00000000, 0x10000000], [
        { offset: 0, type: 'R_MIPS_HI16', symbol: 'buf', addend: 0x8000 },
        { offset: 4, type: 'R_MIPS_LO16', symbol: 'buf', addend: 0x8000 },
        { offset: 8, type: 'R_MIPS_26', symbol: 'f', addend: 0 },
        { offset: 16, type: 'R_MIPS_PC16', symbol: 'f', addend: -4 },
      ]),
      data('.data', 8, 4, [
        { offset: 0, type: 'R_MIPS_32', symbol: '.text', addend: 8 },
        { offset: 4, type: 'R_MIPS_16', symbol: 'small', addend: 2 },
      ]),
    ],
    [sym('__start', '.text'), sym('small', 'abs', 0x100, 'local')],
    { lines: [{ section: '.text', offset: 8, file: 'a.s', line: 7 }] },
  );
  const b = obj('b.s', [text([0x03e00008, 0], [], 16), data('.bss', 0x20, 16)], [sym('f', '.text'), sym('buf', '.bss', 0x10)]);
  const image = link([a, b], { textAddress: 0x80001000 });
  const t = image.sections.find((s) => s.name === '.text');
  assert.equal(t?.addr, 0x80001000);
  assert.equal(t?.size, 0x28, 'b.s .text aligned to 16 after 20 bytes of a.s');
  const bss = image.sections.find((s) => s.name === '.bss');
  const bufAddr = (bss?.addr ?? 0) + 0x10 + 0x8000;
  assert.equal(word(t?.data, 0), 0x3c040000 | (((bufAddr + 0x8000) >>> 16) & 0xffff), 'HI16 with carry');
  assert.equal(word(t?.data, 4), 0x24840000 | (bufAddr & 0xffff));
  assert.equal(word(t?.data, 8), 0x0c000000 | ((0x80001020 >>> 2) & 0x3ffffff));
  assert.equal(word(t?.data, 16), 0x10000000 | (((0x80001020 - 0x80001014) / 4) & 0xffff), 'PC16 relative to the delay slot');
  const d = image.sections.find((s) => s.name === '.data');
  assert.equal(word(d?.data, 0), 0x80001008);
  assert.equal(d?.data[4], 0x01);
  assert.equal(d?.data[5], 0x02);
  assert.equal(image.entry, 0x80001000);
  assert.deepEqual(image.lines, [{ address: 0x80001008, file: 'a.s', line: 7 }]);
  assert.ok(image.symbols.some((s) => s.name === '_end' && s.value === (bss?.addr ?? 0) + 0x20));
});

test('undefined symbols and out-of-range fields are all reported at their source locations', () => {
  const a = obj(
    'k.s',
    [
      text([0x0c000000, 0x10000000, 0x8f820000, 0, 0], [
        { offset: 0, type: 'R_MIPS_26', symbol: 'far', addend: 0, loc: loc(3) },
        { offset: 4, type: 'R_MIPS_PC16', symbol: 'far', addend: -4, loc: loc(4) },
        { offset: 8, type: 'R_MIPS_GPREL16', symbol: 'big', addend: 0, loc: loc(5) },
        { offset: 12, type: 'R_MIPS_32', symbol: 'nowhere', addend: 0, loc: loc(6, 9) },
      ]),
    ],
    [sym('__start', '.text'), sym('far', 'abs', 0x90000000, 'local'), sym('big', 'abs', 0x7fff0000, 'local')],
  );
  assert.throws(
    () => link([a], { textAddress: 0x80001000 }),
    (e: unknown) => {
      assert.ok(e instanceof DiagnosticError);
      assert.deepEqual(
        e.diagnostics.map((d) => `${d.loc.line}:${d.loc.col} ${d.message}`),
        [
          '3:2 jump target 0x90000000 is outside the 256 MB region of the jump at 0x80001000',
          '4:2 branch target 0x90000000 is out of range of the branch at 0x80001004 (±128 KiB)',
          // .text ends at 0x80001014; .data starts at the next 64 KiB page plus that offset, _gp 16-aligned + 0x7ff0.
          `5:2 GP-relative offset ${0x7fff0000 - 0x80019010} of 0x7fff0000 does not fit in 16 bits (_gp = 0x80019010)`,
          "6:9 undefined reference to 'nowhere'",
        ],
      );
      return true;
    },
  );
});

test('duplicate strong definitions are an error; a weak definition yields to a strong one', () => {
  const strong = (name: string) => obj(name, [text([0])], [sym('f', '.text')]);
  assert.throws(() => link([strong('a.s'), strong('b.s')]), (e: unknown) => e instanceof UserError && /multiple definition of 'f': first defined in a\.s, again in b\.s/.test(e.message));
  const weak = obj('w.s', [text([0, 0])], [sym('f', '.text', 4, 'weak')]);
  const user = obj('u.s', [data('.data', 4, 4, [{ offset: 0, type: 'R_MIPS_32', symbol: 'f', addend: 0 }])], []);
  const image = link([weak, strong('s.s'), user], { textAddress: 0x1000 });
  assert.equal(word(image.sections.find((s) => s.name === '.data')?.data, 0), 0x1008, 'the strong f in s.s, after w.s .text');
  const onlyWeakRef = obj('r.s', [data('.data', 4, 4, [{ offset: 0, type: 'R_MIPS_32', symbol: 'maybe', addend: 4 }])], [sym('maybe', undefined, 0, 'weak')]);
  assert.equal(word(link([onlyWeakRef]).sections[0]?.data, 0), 4, 'an undefined weak symbol is 0');
});

test('entry: option, then __start, then _start, then the start of .text; an undefined ENTRY is located', () => {
  const o = (names: string[]) => obj('e.s', [text([0, 0, 0, 0])], names.map((n, i) => sym(n, '.text', 4 * (i + 1))));
  assert.equal(link([o(['_start', '__start'])], { textAddress: 0x2000 }).entry, 0x2008);
  assert.equal(link([o(['_start'])], { textAddress: 0x2000 }).entry, 0x2004);
  assert.equal(link([o([])], { textAddress: 0x2000 }).entry, 0x2000);
  assert.equal(link([o(['go'])], { textAddress: 0x2000, entry: 'go' }).entry, 0x2004);
  assert.equal(link([o([])], { entry: 0x1234 }).entry, 0x1234);
  assert.throws(
    () => link([o([])], { script: { text: 'ENTRY(missing)\nSECTIONS { .text : { *(.text) } }\n', fileName: 'k.ld' } }),
    (e: unknown) => e instanceof DiagnosticError && e.message === "k.ld:1:7: error: entry symbol 'missing' is not defined",
  );
});

test('linker-script syntax and evaluation errors carry file:line:col', () => {
  const o = obj('s.s', [text([0])], []);
  const fails = (script: string, message: string) =>
    assert.throws(
      () => link([o], { script: { text: script, fileName: 'k.ld' } }),
      (e: unknown) => e instanceof DiagnosticError && e.message === `k.ld:${message}`,
    );
  fails('SECTIONS {\n  .text : { *(.text) \n', "2:3: error: output section .text is not closed with '}'");
  fails('SECTIONS {\n  .text : { *(.text) }\n', "3:1: error: SECTIONS is not closed with '}'");
  fails('SECTIONS {\n  . = 0x1000\n  .text : { *(.text) }\n}\n', "3:3: error: expected ';' after the assignment");
  fails('SECTIONS {\n  . = ALIGN(3);\n}\n', '2:7: error: alignment 3 is not a power of two');
  fails('SECTIONS {\n  x = y + 1;\n}\n', "2:7: error: symbol 'y' is not defined by the script before this point");
  fails('MEMORY { ram : ORIGIN = 0 }\n', "1:1: error: unsupported linker script command 'MEMORY'");
  fails('SECTIONS {\n  .text : { *(.text) . = 0; }\n}\n', '2:22: error: cannot move the location counter backwards inside .text (from 0x4 to 0x0)');
});

test('objects of the other byte order are refused', () => {
  const big = obj('a.s', [text([0])], []);
  const little: ObjectFile = { ...obj('b.s', [text([0])], []), endian: 'little' };
  assert.throws(() => link([big, little]), /b\.s: little-endian object cannot be linked into a big-endian image/);
  assert.throws(() => link([]), UserError);
});

test('script input descriptions: globs, KEEP, SORT and file patterns, first match wins', () => {
  const sec = (name: string, size: number): ObjSection => ({ ...text(new Array(size / 4).fill(0)), name });
  const a = obj('dir/a.o', [sec('.text', 4), sec('.text.hot', 8), sec('.init', 4)], [sym('__start', '.text')]);
  const b = obj('b.o', [sec('.text', 4), sec('.text.x1', 4)], []);
  // The first matching description wins, so the discard comes before the .text.* glob.
  const script = `SECTIONS {
  /DISCARD/ : { b.o(.text.x[0-9]) }
  . = 0x1000;
  .boot : { KEEP(*a.o(.init)) }
  .text : { *(.text) *(SORT(.text.*)) }
}`;
  const image = link([a, b], { script: { text: script, fileName: 'k.ld' } });
  assert.deepEqual(
    image.sections.map((s) => [s.name, s.addr, s.size]),
    [
      ['.boot', 0x1000, 4],
      ['.text', 0x1004, 16],
    ],
  );
  assert.equal(image.entry, 0x1004);
});
