// Random-word differential test against objdump -b binary -m mips:isa32r2 (fixed seeds):
// for every word we decode, and every word objdump prints as an instruction of our table (or as
// .word), both must print exactly the same text; words objdump decodes as an ASE instruction we do not model
// (DSP, MT, MSA, EVA, MIPS-3D, MCU, XPA, VIRT, UDI, generic c0/c1) are counted and skipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTRUCTIONS, ALIASES } from '../../debug-adapter/isa';
import { formatInstruction } from '../../debug-adapter/toolchain/disasm';
import { xorshift32 } from '../support/prng';
import { runOracle } from './disasmOracle';

const dir = mkdtempSync(join(tmpdir(), 'disco-disasm-rand-'));
const KNOWN = new Set([...INSTRUCTIONS, ...ALIASES].map((s) => s.name));
const WORDS = 12000;
/** Major opcodes where most MIPS32 encodings live; half the words are drawn from them. */
const MAJORS = [0x00, 0x01, 0x10, 0x11, 0x12, 0x13, 0x1c, 0x1f];

function randomWords(seed: number): number[] {
  const next = xorshift32(seed);
  return Array.from({ length: WORDS }, (_, i) => {
    const w = next();
    return i % 2 === 0 ? w : (((MAJORS[next() % MAJORS.length] ?? 0) << 26) | (w & 0x3ffffff)) >>> 0;
  });
}

for (const endian of ['big', 'little'] as const) {
  for (const aliases of [true, false]) {
    test(`random words print as objdump prints them (${endian}-endian${aliases ? '' : ', no-aliases'})`, () => {
      const words = randomWords(endian === 'big' ? 2024 : 4242);
      const bytes = Buffer.alloc(words.length * 4);
      words.forEach((w, i) => (endian === 'big' ? bytes.writeUInt32BE(w, i * 4) : bytes.writeUInt32LE(w, i * 4)));
      const file = join(dir, `${endian}-${aliases}.bin`);
      writeFileSync(file, bytes);
      const out = runOracle('mips-linux-gnu-objdump', [
        '-D', '-b', 'binary', '-m', 'mips:isa32r2', endian === 'big' ? '-EB' : '-EL', ...(aliases ? [] : ['-M', 'no-aliases']), file,
      ]);
      let compared = 0;
      const mismatches: string[] = [];
      for (const line of out.split('\n')) {
        const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(line);
        if (!m) continue;
        const [addr, word, theirs] = [parseInt(m[1] ?? '', 16), parseInt(m[2] ?? '', 16), m[3] ?? ''];
        const mnemonic = theirs.split('\t')[0] ?? '';
        const mine = formatInstruction(word, addr, { aliases });
        const weDecode = !mine.startsWith('.word');
        if (!weDecode && ((!KNOWN.has(mnemonic) && mnemonic !== '.word') || theirs.includes('$ac'))) continue;
        compared++;
        if (mine !== theirs && mismatches.length < 20) mismatches.push(`${m[2]}: ours ${JSON.stringify(mine)}, objdump ${JSON.stringify(theirs)}`);
      }
      assert.deepEqual(mismatches, []);
      assert.ok(compared > WORDS * 0.8, `only ${compared} of ${WORDS} words were comparable`);
    });
  }
}
