// The assembler against GNU as on the fixture corpus (test/fixtures/asm): every pseudo-instruction
// form, delay-slot filling in .set reorder code, directives, macros and real programs must give
// the same section bytes and relocations, in both byte orders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithGas } from './asmOracle';

const dir = join(__dirname, '..', 'fixtures', 'asm');
const sources = readdirSync(dir).filter((f) => /\.(s|S)$/.test(f) && !f.startsWith('inc'));

for (const f of sources) {
  for (const endian of ['big', 'little'] as const) {
    test(`${f} assembles as GNU as does (${endian}-endian)`, () => {
      assert.deepEqual(compareWithGas(join(dir, f), endian), []);
    });
  }
}
