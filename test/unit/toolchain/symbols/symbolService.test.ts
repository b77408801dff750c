import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolService, parseSystemMap, imageFromLinked, samePath, type SymbolImage } from '../../../../debug-adapter/toolchain/symbols/symbolService';
import { DiagnosticError } from '../../../../debug-adapter/util/diagnostic';
import type { LinkedImage } from '../../../../debug-adapter/toolchain/link/image';

const kernel: SymbolImage = {
  name: 'kernel.elf',
  space: undefined,
  symbols: [
    { name: '_ftext', address: 0x80001000, size: 0, kind: 'label', global: true, limit: 0x80001100 },
    { name: 'start', address: 0x80001000, size: 0x40, kind: 'func', global: true, limit: 0x80001100 },
    { name: 'spin', address: 0x80001020, size: 0, kind: 'label', global: false, limit: 0x80001100 },
    { name: 'trap', address: 0x80001040, size: 0x20, kind: 'func', global: true, limit: 0x80001100 },
    { name: 'tail', address: 0x80001080, size: 0, kind: 'label', global: false, limit: 0x80001100 },
  ],
  lines: [
    { address: 0x80001000, end: 0x80001004, file: '/src/kernel/boot.s', line: 10, isStmt: true },
    { address: 0x80001004, end: 0x80001004, file: '/src/kernel/boot.s', line: 11, isStmt: true },
    { address: 0x80001004, end: 0x80001010, file: '/src/kernel/boot.s', line: 12, isStmt: true },
    { address: 0x80001040, end: 0x80001048, file: 'kernel/trap.s', line: 3, isStmt: true },
    { address: 0x80001048, end: 0x80001050, file: 'kernel/trap.s', line: 3, isStmt: false },
    { address: 0x80001050, end: 0x80001060, file: 'kernel/trap.s', line: 7, isStmt: true },
  ],
};

test('lookup prefers the innermost sized symbol, then the nearest preceding one, within its section', () => {
  const svc = new SymbolService();
  svc.add(kernel);
  assert.equal(svc.formatAddress(0x80001000), 'start');
  assert.equal(svc.formatAddress(0x80001024), 'start+0x24', 'a sized function wins over a label inside it');
  assert.equal(svc.formatAddress(0x80001044), 'trap+0x4');
  assert.equal(svc.formatAddress(0x80001070), 'trap+0x30', 'past the sized symbol: the nearest preceding');
  assert.equal(svc.formatAddress(0x80001084), 'tail+0x4');
  assert.equal(svc.formatAddress(0x80001100), '0x80001100', 'past the section end');
  assert.equal(svc.formatAddress(0x1000), '0x00001000');
  assert.deepEqual(svc.lookup(0x80001048) && [svc.lookup(0x80001048)?.name, svc.lookup(0x80001048)?.offset], ['trap', 8]);
  assert.equal(svc.addressOf('spin'), 0x80001020);
  assert.equal(svc.addressOf('nothing'), undefined);
});

test('lineFor uses the last row of an address and addressesFor lists statement rows only', () => {
  const svc = new SymbolService();
  svc.add(kernel);
  assert.deepEqual(svc.lineFor(0x80001004), { file: '/src/kernel/boot.s', line: 12 });
  assert.deepEqual(svc.lineFor(0x8000100c), { file: '/src/kernel/boot.s', line: 12 });
  assert.equal(svc.lineFor(0x80001010), undefined);
  assert.deepEqual(svc.lineFor(0x8000104c), { file: 'kernel/trap.s', line: 3 });
  assert.deepEqual(svc.addressesFor('/src/kernel/boot.s', 11), [0x80001004]);
  assert.deepEqual(svc.addressesFor('/home/u/proj/kernel/trap.s', 3), [0x80001040], 'relative paths match by suffix');
  assert.deepEqual(svc.addressesFor('other/trap.s', 3), []);
  assert.deepEqual(svc.resolveBreakpoint('kernel/trap.s', 4), { line: 7, addresses: [0x80001050] });
  assert.equal(svc.resolveBreakpoint('kernel/trap.s', 8), undefined);
});

test('images in address spaces: a tagged query sees its space and the shared images', () => {
  const svc = new SymbolService();
  svc.add(kernel);
  const user = (space: string, name: string): SymbolImage => ({
    name: `${space}.elf`,
    space,
    symbols: [{ name, address: 0x400000, size: 0x10, kind: 'func', global: true }],
    lines: [{ address: 0x400000, end: 0x400010, file: `${space}/main.s`, line: 1, isStmt: true }],
  });
  svc.add(user('vm1', 'main_a'));
  svc.add(user('vm2', 'main_b'));
  assert.equal(svc.formatAddress(0x400004, 'vm1'), 'main_a+0x4');
  assert.equal(svc.formatAddress(0x400004, 'vm2'), 'main_b+0x4');
  assert.equal(svc.formatAddress(0x80001044, 'vm2'), 'trap+0x4');
  assert.equal(svc.addressOf('main_a', 'vm2'), undefined);
  assert.deepEqual(svc.addressesFor('vm2/main.s', 1, 'vm2'), [0x400000]);
  assert.deepEqual(svc.addressesFor('vm2/main.s', 1, 'vm1'), []);
});

test('System.map tables parse, and every malformed line is reported with its position', () => {
  const map = parseSystemMap('80001000 T start_kernel\n80002000 t local_fn\n         U undefined_sym\n80003000 D jiffies\n80004000 b buf [mod]\n\n', 'System.map');
  assert.deepEqual(map.symbols.map((s) => [s.name, s.address, s.kind, s.global]), [
    ['start_kernel', 0x80001000, 'func', true],
    ['local_fn', 0x80002000, 'func', false],
    ['jiffies', 0x80003000, 'object', true],
    ['buf', 0x80004000, 'object', false],
  ]);
  const crlf = parseSystemMap('80001000 T start_kernel\r\n80002000 t local_fn\r\n         U undefined_sym\r\n80003000 D jiffies\r\n80004000 b buf [mod]\r\n', 'System.map');
  assert.deepEqual(crlf.symbols, map.symbols);
  const svc = new SymbolService();
  svc.add(map);
  assert.equal(svc.formatAddress(0x80002010), 'local_fn+0x10');
  assert.throws(
    () => parseSystemMap('80001000 T ok\nzz T bad\n80001000 Q what\njunk\n', 'System.map'),
    (e: unknown) => e instanceof DiagnosticError && e.message === "System.map:2:1: error: 'zz' is not a hexadecimal address\nSystem.map:3:10: error: unknown symbol type 'Q'\nSystem.map:4:1: error: expected 'address type name'",
  );
});

test('System.map from nm of a MIPS32 ELF: 64-bit sign-extended kseg addresses are 32-bit ones', () => {
  const map = parseSystemMap('ffffffff80100000 T _start\nffffffff8010002c T target\n00400000 T user\n', 'System.map');
  assert.deepEqual(map.symbols.map((s) => [s.name, s.address]), [['_start', 0x80100000], ['target', 0x8010002c], ['user', 0x400000]]);
  assert.throws(
    () => parseSystemMap('0000000180100000 T far\nffffffff7fffffff T low\n', 'System.map'),
    (e: unknown) => e instanceof DiagnosticError && /System.map:1:1: error: address 0x0000000180100000 does not fit in 32 bits\nSystem.map:2:1: error: address 0xffffffff7fffffff does not fit/.test(e.message),
  );
});

test('a linked image feeds the service directly', () => {
  const image: LinkedImage = {
    endian: 'big',
    entry: 0x1000,
    sections: [{ name: '.text', kind: 'progbits', flags: { alloc: true, write: false, exec: true }, addr: 0x1000, size: 0x10, align: 4, data: new Uint8Array(16) }],
    symbols: [
      { name: 'a.s', value: 0, size: 0, binding: 'local', type: 'file', section: 'abs' },
      { name: '__start', value: 0x1000, size: 0, binding: 'global', type: 'notype', section: '.text' },
    ],
    lines: [
      { address: 0x1000, file: 'a.s', line: 2 },
      { address: 0x1008, file: 'a.s', line: 5 },
    ],
  };
  const svc = new SymbolService();
  svc.add(imageFromLinked(image, 'a.elf'));
  assert.equal(svc.formatAddress(0x100c), '__start+0xc');
  assert.deepEqual(svc.lineFor(0x100c), { file: 'a.s', line: 5 });
  assert.equal(svc.lineFor(0x1010), undefined);
  assert.equal(svc.addressOf('a.s'), undefined);
});

test('path matching is by whole components', () => {
  assert.ok(samePath('/a/b/k.s', 'b/k.s'));
  assert.ok(samePath('./k.s', 'k.s'));
  assert.ok(!samePath('/a/bk.s', 'k.s'));
});
