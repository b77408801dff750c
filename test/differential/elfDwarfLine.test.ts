// .debug_line reader against readelf's decoded line table, for line programs written
// by gcc itself (-gno-as-loc-support) and by gas, DWARF versions 2 to 5, both endians.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { readElfLineUnits } from '../../debug-adapter/toolchain/dwarf/elfLines';
import { oracle, readBytes, readelfDecodedLines, scratchDir, writeText } from './elfOracle';

const dir = scratchDir('dwarf');
writeText(dir, 'inc.h', 'static inline int twice(int x) { return 2 * x; }\n');
writeText(
  dir,
  'prog.c',
  '#include "inc.h"\nint g(int a) {\n  int s = 0;\n  for (int i = 0; i < a; i++) s += twice(i);\n  return s;\n}\n' +
    'int h(int *p) {\n  return g(*p) + 1;\n}\nvoid __start(void) { static int v = 3; h(&v); for (;;); }\n',
);
writeText(dir, 'hand.s', '\t.text\n\t.globl f\nf:\n\taddiu $2, $4, 1\n\tjr $31\n\tnop\n\n\t.section .text.b,"ax"\nk:\n\tli $3, 7\n\tnop\n');

function compare(path: string): void {
  const elf = readElf(readBytes(path), path);
  const ours = readElfLineUnits(elf)
    .flatMap((u) => u.rows)
    .map((r) => [basename(r.file), r.endSequence ? '-' : String(r.line), r.address, r.endSequence ? false : r.isStmt]);
  const theirs = readelfDecodedLines(`${elf.endian === 'big' ? 'mips' : 'mipsel'}-linux-gnu-readelf`, path).map(([f, l, a, s]) => [basename(f), l, a, s]);
  assert.ok(theirs.length > 5, `readelf decoded only ${theirs.length} rows of ${path}`);
  assert.deepEqual(ours, theirs);
}

for (const prefix of ['mips', 'mipsel']) {
  for (const v of [2, 3, 4, 5]) {
    for (const [how, flags] of [
      ['gcc', ['-gno-as-loc-support']],
      ['gas', [`-Wa,--gdwarf-${v}`]],
    ] as const) {
      test(`${prefix} DWARF ${v} line table written by ${how} decodes like readelf (object and linked)`, () => {
        const obj = join(dir, `${prefix}-${how}-${v}.o`);
        const exe = join(dir, `${prefix}-${how}-${v}.elf`);
        oracle(`${prefix}-linux-gnu-gcc`, ['-c', '-O1', `-gdwarf-${v}`, ...flags, '-o', obj, 'prog.c'], dir);
        oracle(`${prefix}-linux-gnu-ld`, ['-Ttext=0x80020000', '-o', exe, obj]);
        compare(obj);
        compare(exe);
      });
    }
  }
  test(`${prefix} gas -g assembly line table with two text sections decodes like readelf`, () => {
    for (const v of [3, 5]) {
      const obj = join(dir, `${prefix}-hand-${v}.o`);
      oracle(`${prefix}-linux-gnu-as`, [`--gdwarf-${v}`, '-march=mips32r2', '-o', obj, 'hand.s'], dir);
      const exe = join(dir, `${prefix}-hand-${v}.elf`);
      oracle(`${prefix}-linux-gnu-ld`, ['-Ttext=0x400000', '-e', 'f', '-o', exe, obj]);
      compare(exe);
    }
  });
}
