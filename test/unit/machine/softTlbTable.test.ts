// The SoftTlbs of a machine's CPUs as slots of one SoftTlbTable: each CPU's entries land in its
// own slot (the tables compiled code indexes at the CPU's base), a fill or flush of one CPU leaves
// the other's alone, and a CPU beyond the machine's count is refused with a clear error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeStore } from '../../../debug-adapter/machine/codegen/codeStore';
import { PhysicalMemory } from '../../../debug-adapter/machine/physicalMemory';
import { ACCESS_LOAD, ACCESS_STORE, LOAD_ADD, LOAD_TAG, SOFT_TLB_SIZE, STORE_TAG, SoftTlbTable } from '../../../debug-adapter/machine/softTlb';

test('each SoftTlb of a table fills and flushes its own slot only', () => {
  const table = new SoftTlbTable(2);
  const a = table.allocate();
  const b = table.allocate();
  assert.notEqual(a.base, b.base);
  a.fill(ACCESS_LOAD, 0x00403123, 0x01234123);
  const i = (0x00403123 >>> 12) & (SOFT_TLB_SIZE - 1);
  assert.equal(table.table[a.base + LOAD_TAG + i], 0x00403000);
  assert.equal(table.table[a.base + LOAD_ADD + i], 0x01234000 - 0x00403000);
  assert.notEqual(table.table[b.base + LOAD_TAG + i], 0x00403000, 'the other CPU has no entry');
  b.fill(ACCESS_STORE, 0x00403000, 0x00100000);
  assert.equal(b.storeTag[i], 0x00403000);
  a.flush();
  assert.notEqual(a.loadTag[i], 0x00403000);
  assert.equal(table.table[b.base + STORE_TAG + i], 0x00403000, 'a flush of one CPU keeps the other\'s entries');
});

test('a CodeStore gives each CPU of its machine a SoftTlb and refuses one more', () => {
  const code = new CodeStore(new PhysicalMemory(0x10000, 'big'), undefined, 2);
  const bases = [code.newSoftTlb().base, code.newSoftTlb().base];
  assert.equal(new Set(bases).size, 2);
  assert.throws(() => code.newSoftTlb(), /holds 2 CPUs/);
});
