// The assembler against GNU as on the fixture corpus (test/fixtures/asm): every pseudo-instruction
// form, delay-slot filling in .set reorder code, directives, macros and real programs must give
// the same section bytes and relocations, in both byte orders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithGas } from './asmOracle';

const fixtures = join(__dirname, '..', 'fixtures', 'asm');
// The CPU test programs are GNU as sources too (.S, through the C preprocessor).
const programs = join(__dirname, '..', 'programs', 'asm');
const sources = [fixtures, programs].flatMap((d) => readdirSync(d).filter((f) => /\.(s|S)$/.test(f) && !f.startsWith('inc')).map((f) => join(d, f)));

for (const path of sources) {
  for (const endian of ['big', 'little'] as const) {
    test(`${path.replace(/^.*\/test\//, '')} assembles as GNU as does (${endian}-endian)`, () => {
      assert.deepEqual(compareWithGas(path, endian), []);
    });
  }
}
