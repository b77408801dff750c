// Mutation fuzzing of the ELF reader, the DWARF line reader, the relocatable-object
// reader, the symbol service builder and the linker: for thousands of seeded
// corruptions of valid files, each either succeeds or throws UserError/DiagnosticError.
// ELF_FUZZ_CASES and ELF_FUZZ_SEED run a longer or different campaign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { readElfLineUnits } from '../../debug-adapter/toolchain/dwarf/elfLines';
import { readObjectFile } from '../../debug-adapter/toolchain/elf/objectReader';
import { imageFromElf } from '../../debug-adapter/toolchain/symbols/symbolService';
import { link } from '../../debug-adapter/toolchain/link/linker';
import { writeExecutable } from '../../debug-adapter/toolchain/link/writeExecutable';
import { DiagnosticError, UserError } from '../../debug-adapter/util/diagnostic';
import { oracle, readBytes, scratchDir, writeText } from '../differential/elfOracle';
import { mulberry32 } from '../support/prng';

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x10, 0x28, 0x34];

/** Byte range of .debug_line, where the line-program reader gets its deepest input. */
function lineRange(bytes: Uint8Array): [number, number] {
  const s = readElf(bytes, 'corpus').sections.find((x) => x.name === '.debug_line');
  return s ? [s.offset, s.size] : [0, 52];
}

function mutate(src: Uint8Array, hot: [number, number], rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  const mode = pick(4);
  if (mode === 0) return src.slice(0, pick(src.length));
  const b = src.slice();
  const dv = new DataView(b.buffer);
  const edits = 1 + pick(6);
  for (let i = 0; i < edits; i++) {
    // Bias toward the ELF header and the section header table, where the structure lives.
    const region = pick(4);
    const shoff = dv.getUint32(32, b[5] === 1) % b.length;
    const at = region === 0 ? pick(52) : region === 1 ? shoff + pick(Math.max(1, b.length - shoff)) : region === 2 ? hot[0] + pick(hot[1]) : pick(b.length);
    if (at + 4 > b.length) continue;
    if (mode === 1) b[at] = pick(256);
    else if (mode === 2) dv.setUint32(at, INTERESTING[pick(INTERESTING.length)] ?? 0, rnd() < 0.5);
    else dv.setUint16(at, pick(0x10000), rnd() < 0.5);
  }
  return b;
}

function exercise(bytes: Uint8Array): void {
  try {
    const elf = readElf(bytes, 'fuzz.elf');
    readElfLineUnits(elf);
    imageFromElf(elf);
    if (elf.type === 'rel') link([readObjectFile(bytes, 'fuzz.o')], { textAddress: 0x80020000 });
  } catch (e) {
    if (e instanceof UserError || e instanceof DiagnosticError) return;
    throw e;
  }
}

function corpus(): { name: string; bytes: Uint8Array }[] {
  const dir = scratchDir('elffuzz');
  writeText(dir, 'k.c', 'int tab[4] = {1,2,3,4};\nstatic int sq(int x) { return x * x; }\nint f(int n) { int s = 0; for (int i = 0; i < n; i++) s += sq(tab[i & 3]); return s; }\n');
  writeText(dir, 'k.s', '\t.text\n\t.globl __start\n__start:\n\tlui $4, %hi(v)\n\tlw $4, %lo(v)($4)\n\tjal __start\n\tnop\n\tb __start\n\tnop\n\t.data\nv:\t.word __start\n\t.comm c, 16, 4\n');
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const [prefix, v, own] of [
    ['mips', 5, true],
    ['mipsel', 4, false],
    ['mips', 2, true],
  ] as const) {
    const o = join(dir, `${prefix}-${v}.o`);
    oracle(`${prefix}-linux-gnu-gcc`, ['-c', '-O1', `-gdwarf-${v}`, ...(own ? ['-gno-as-loc-support'] : []), '-o', o, 'k.c'], dir);
    files.push({ name: `${prefix} gcc DWARF ${v} object`, bytes: readBytes(o) });
    const exe = join(dir, `${prefix}-${v}.elf`);
    oracle(`${prefix}-linux-gnu-ld`, ['-e', 'f', '-o', exe, o]);
    files.push({ name: `${prefix} ld executable`, bytes: readBytes(exe) });
  }
  const s = join(dir, 'k.o');
  oracle('mips-linux-gnu-as', ['-march=mips32r2', '--gdwarf-5', '-o', s, join(dir, 'k.s')]);
  const asm = readBytes(s);
  files.push({ name: 'gas object', bytes: asm });
  files.push({ name: 'our executable', bytes: writeExecutable(link([readObjectFile(asm, 'k.o')], { textAddress: 0x80020000 })) });
  return files;
}

test('corrupted ELF files only ever give UserError or DiagnosticError', { timeout: 60_000 }, () => {
  const files = corpus().map((f) => ({ ...f, hot: lineRange(f.bytes) }));
  for (const f of files) assert.doesNotThrow(() => exercise(f.bytes), `${f.name} must read cleanly before mutation`);
  const rnd = mulberry32(Number(process.env.ELF_FUZZ_SEED ?? 0x5eed1234));
  const cases = Number(process.env.ELF_FUZZ_CASES ?? 4000);
  for (let i = 0; i < cases; i++) {
    const f = files[i % files.length];
    if (!f) continue;
    const bytes = mutate(f.bytes, f.hot, rnd);
    try {
      exercise(bytes);
    } catch (e) {
      assert.fail(`case ${i} (${f.name}): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
});
