// Debugger disassembly against GNU objdump -d of the same kernel ELF (bare machine, kseg0), with
// offsets backwards and forwards, symbols and source lines from the ELF, and placeholder rows for
// unreadable addresses; under the monitor through a vCPU's view of the guest kernel.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { disassemble } from '../../../debug-adapter/debugger/disassembly';
import { readElf } from '../../../debug-adapter/toolchain/elf/elfFile';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { oracle, scratchDir } from '../../differential/elfOracle';
import { bareKernelFile, bareTarget, monitorTarget } from '../../support/debugTargets';

const bytes = bareKernelFile('guest/kernel/kernel.S');
const elf = readElf(bytes, 'kernel.elf');
const target = bareTarget(elf, 1);
const cpu0 = target.threads[0];

/** objdump -d lines "addr:\tword \tinsn" of the kernel, by address. */
function objdumpRows(): Map<number, [string, string]> {
  const path = join(scratchDir('disasm-view'), 'kernel.elf');
  writeFileSync(path, bytes);
  const rows = new Map<number, [string, string]>();
  for (const line of oracle('mips-linux-gnu-objdump', ['-d', path]).split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(line);
    if (m) rows.set(parseInt(m[1] as string, 16), [m[2] as string, m[3] as string]);
  }
  return rows;
}

test('instructions around a function equal objdump -d, backwards and forwards', () => {
  const rows = objdumpRows();
  const start = target.symbols.addressOf('sys_write');
  assert.ok(start !== undefined);
  const list = disassemble(target, 'virtual', start, -64, 256, cpu0);
  assert.equal(list.length, 256);
  assert.equal(list[64]?.address, start >>> 0);
  assert.equal(list[64]?.symbol, 'sys_write');
  let compared = 0;
  for (const d of list) {
    const row = rows.get(d.address);
    if (row === undefined) continue;
    assert.deepEqual([d.word, d.instruction], row, `at 0x${d.address.toString(16)}`);
    compared++;
  }
  assert.ok(compared > 200, `${compared} rows compared`);
});

test('each instruction carries its symbol+offset and source line', () => {
  const kmain = target.symbols.addressOf('kmain_boot') as number;
  const [first, second] = disassemble(target, 'virtual', kmain, 0, 2, cpu0);
  assert.equal(second?.symbol, 'kmain_boot+0x4');
  assert.match(first?.source?.file ?? '', /kernel\.S$|\.S$/);
  assert.ok((first?.source?.line ?? 0) > 0);
  // Machine addresses have no symbols; the words are the same.
  const m = disassemble(target, 'machine', kmain & 0x1fffffff, 0, 2);
  assert.deepEqual(m.map((d) => d.word), [first?.word, second?.word]);
  assert.equal(m[0]?.symbol, undefined);
});

test('unreadable addresses give placeholder rows, not exceptions', () => {
  // kuseg is mapped once ERL is clear; nothing is in the TLB at reset.
  target.machine.run(100_000);
  const rows = disassemble(target, 'virtual', 0x00400000, -1, 3, cpu0);
  assert.equal(rows.length, 3);
  for (const r of rows) {
    assert.equal(r.unreadable, true);
    assert.equal(r.word, undefined);
    assert.match(r.instruction, /^<unreadable: /);
  }
  assert.equal(rows[0]?.address, 0x003ffffc);
  assert.throws(() => disassemble(target, 'virtual', 0, 0, -1, cpu0), UserError);
});

test('under the monitor a vCPU disassembles the guest kernel with its VM\'s symbols', () => {
  const t = monitorTarget('examples/hello-vm/hello.disco.json');
  const th = t.threads[0];
  assert.ok(th?.vm);
  const entry = th.vcpu?.pc as number;
  const text = t.images[0]?.elf?.sections.find((s) => s.name === '.text');
  assert.ok(text);
  const [d] = disassemble(t, 'virtual', entry, 0, 1, th);
  const off = (entry >>> 0) - (text.addr >>> 0);
  const b = text.data.subarray(off, off + 4);
  assert.equal(d?.word, Buffer.from(b).toString('hex'));
  assert.equal(d?.symbol, t.symbols.formatAddress(entry, th.vm.name));
});
