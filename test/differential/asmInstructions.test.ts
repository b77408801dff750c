// Every instruction-table entry and alias, with boundary and random operands (the disassembler's
// corpus generator), assembles to the same words and relocations as GNU as, in both byte orders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithGas, sourceFile } from './asmOracle';
import { disasmCorpusSource } from './disasmCorpus';

const FLAGS = ['-mhard-float', '-mfp64', '--no-warn'];

for (const [endian, seed] of [['big', 7], ['little', 11]] as const) {
  test(`every table entry and alias encodes as GNU as encodes it (${endian}-endian)`, () => {
    const src = disasmCorpusSource(seed);
    assert.ok(src.split('\n').length > 2000);
    assert.deepEqual(compareWithGas(sourceFile(src), endian, FLAGS), []);
  });
}
