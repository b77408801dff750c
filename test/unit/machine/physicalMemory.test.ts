// PhysicalMemory's bulk copies against its byte accessors: writeBytes and readBytes at every
// alignment and length around a word, in both guest byte orders, land and read the bytes in
// guest order exactly as write8/read8 one byte at a time do, and touch nothing outside the span.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhysicalMemory } from '../../../debug-adapter/machine/physicalMemory';

for (const endianness of ['big', 'little'] as const) {
  test(`writeBytes and readBytes agree with write8 and read8 (${endianness}-endian)`, () => {
    const bulk = new PhysicalMemory(0x2000, endianness);
    const bytewise = new PhysicalMemory(0x2000, endianness);
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 24;
    for (let start = 0x100; start < 0x108; start++) {
      for (let len = 0; len < 14; len++) {
        const data = Uint8Array.from({ length: len }, next);
        bulk.writeBytes(start, data);
        data.forEach((b, i) => bytewise.write8(start + i, b));
        assert.deepEqual([...bulk.m32], [...bytewise.m32], `write at 0x${start.toString(16)}, ${len} bytes`);
        assert.deepEqual([...bulk.readBytes(start, len)], [...data], `read at 0x${start.toString(16)}, ${len} bytes`);
      }
    }
    const word = Uint8Array.from([0x12, 0x34, 0x56, 0x78]);
    bulk.writeBytes(0x200, word);
    assert.equal(bulk.read32(0x200) >>> 0, endianness === 'big' ? 0x12345678 : 0x78563412);
  });
}
