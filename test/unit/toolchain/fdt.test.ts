// The DTB writer and reader against dtc (device-tree-compiler): dtc must decompile our
// blobs without structure warnings, re-emit them byte for byte, and show the nodes and
// properties of the Linux board tree that docs/linux-guest.md describes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fdtCells, fdtEmpty, fdtNode, fdtString, fdtStrings, fdtU64, writeFdt, type FdtNode } from '../../../debug-adapter/toolchain/fdt';
import { readFdt } from '../../../debug-adapter/toolchain/fdtReader';
import { linuxGenericDeviceTree } from '../../../debug-adapter/toolchain/linuxDeviceTree';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { oracle, readBytes, scratchDir } from '../../differential/elfOracle';

const dir = scratchDir('fdt');
let counter = 0;

function blobFile(bytes: Uint8Array): string {
  const p = join(dir, `t${counter++}.dtb`);
  writeFileSync(p, bytes);
  return p;
}

/** dtc -I dtb -O dts; fails the test on any warning dtc prints about the blob. */
function decompile(path: string): string {
  const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', path], { encoding: 'utf8' });
  if (r.error) throw new Error('oracle dtc is not installed: run scripts/install-oracles.sh (as root)');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'dtc reported warnings');
  return r.stdout;
}

/** Parses dtc's DTS output into node path → property name → value text as dtc prints it. */
function parseDts(dts: string): Map<string, Map<string, string>> {
  const nodes = new Map<string, Map<string, string>>();
  const stack: string[] = [];
  const path = (): string => (stack.length <= 1 ? '/' : `/${stack.slice(1).join('/')}`);
  for (const raw of dts.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line === '' || line.startsWith('/dts-v1/') || line.startsWith('/memreserve/')) continue;
    if ((m = /^(\/|[^\s=]+) \{$/.exec(line))) {
      stack.push(m[1] ?? '');
      nodes.set(path(), new Map());
    } else if (line === '};') stack.pop();
    else if ((m = /^([^\s=;]+)(?: = (.*))?;$/.exec(line)) && m[1]) nodes.get(path())?.set(m[1], m[2] ?? '');
    else assert.fail(`unexpected dts line: ${line}`);
  }
  assert.equal(stack.length, 0, 'unbalanced braces in dtc output');
  return nodes;
}

const sample: FdtNode = fdtNode('', { '#address-cells': fdtCells(1), '#size-cells': fdtCells(1), compatible: fdtStrings(['acme,board', 'acme,family']) }, [
  fdtNode('intc', { 'interrupt-controller': fdtEmpty(), '#address-cells': fdtCells(0), '#interrupt-cells': fdtCells(1), phandle: fdtCells(7) }),
  fdtNode('dev@1000', { reg: fdtCells(0x1000, 0x100), 'interrupt-parent': fdtCells(7), interrupts: fdtCells(3), big: fdtU64(0x123456789abcdefn) }),
  fdtNode('chosen', { bootargs: fdtString('console=ttyS0'), compatible: fdtString('x') }),
]);

test('dtc decompiles a blob with every value kind, with no warnings, and re-emits it byte for byte', () => {
  const bytes = writeFdt(sample, { reservations: [{ address: 0x1000000n, size: 0x2000n }], bootCpuidPhys: 0 });
  const p = blobFile(bytes);
  const dts = decompile(p);
  assert.match(dts, /^\/memreserve\/\s+0x0*1000000 0x0*2000;$/m);
  const nodes = parseDts(dts);
  assert.deepEqual([...nodes.keys()], ['/', '/intc', '/dev@1000', '/chosen']);
  assert.equal(nodes.get('/')?.get('compatible'), '"acme,board\\0acme,family"');
  assert.equal(nodes.get('/intc')?.get('interrupt-controller'), '');
  assert.equal(nodes.get('/dev@1000')?.get('reg'), '<0x1000 0x100>');
  assert.equal(nodes.get('/dev@1000')?.get('big'), '<0x1234567 0x89abcdef>');
  assert.equal(nodes.get('/chosen')?.get('bootargs'), '"console=ttyS0"');
  const again = join(dir, 'again.dtb');
  oracle('dtc', ['-I', 'dtb', '-O', 'dtb', '-o', again, p]);
  assert.deepEqual(readBytes(again), bytes);
});

test('header is version 17 / last compatible 16, and each property name is stored once', () => {
  const bytes = writeFdt(sample);
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(dv.getUint32(0), 0xd00dfeed);
  assert.equal(dv.getUint32(4), bytes.length);
  assert.equal(dv.getUint32(20), 17);
  assert.equal(dv.getUint32(24), 16);
  const names = ['#address-cells', '#size-cells', 'compatible', 'interrupt-controller', '#interrupt-cells', 'phandle', 'reg', 'interrupt-parent', 'interrupts', 'big', 'bootargs'];
  assert.equal(dv.getUint32(32), names.reduce((n, s) => n + s.length + 1, 0));
  assert.equal(oracle('fdtget', ['-t', 'x', blobFile(bytes), '/dev@1000', 'reg']).trim(), '1000 100');
});

test('the reader returns what the writer wrote', () => {
  const blob = readFdt(writeFdt(sample, { reservations: [{ address: 5n, size: 6n }], bootCpuidPhys: 3 }), 't.dtb');
  assert.deepEqual(blob.root, sample);
  assert.deepEqual(blob.reservations, [{ address: 5n, size: 6n }]);
  assert.equal(blob.bootCpuidPhys, 3);
  assert.equal(blob.version, 17);
});

test('bad trees and blobs are UserErrors', () => {
  const bad: [FdtNode, RegExp][] = [
    [fdtNode('x', {}), /root node's name must be empty/],
    [fdtNode('', {}, [fdtNode('a b', {})]), /bad node name 'a b'/],
    [fdtNode('', {}, [fdtNode('a@1@2', {})]), /bad node name/],
    [fdtNode('', {}, [fdtNode('n', {}), fdtNode('n', {})]), /child node 'n' appears twice/],
    [fdtNode('', { 'bad name': fdtEmpty() }), /bad property name/],
    [fdtNode('', {}, [fdtNode('a', { phandle: fdtCells(1) }), fdtNode('b', { phandle: fdtCells(1) })]), /phandle 1 is already used by \/a/],
    [fdtNode('', { phandle: fdtCells(0) }), /phandle 0 is reserved/],
  ];
  for (const [tree, pattern] of bad) assert.throws(() => writeFdt(tree), (e: unknown) => e instanceof UserError && pattern.test(e.message));
  assert.throws(() => fdtCells(2 ** 32), UserError);
  assert.throws(() => readFdt(new Uint8Array(8), 'z.dtb'), /z\.dtb: byte 0x0: not a device tree blob/);
  assert.throws(() => readFdt(writeFdt(sample).subarray(0, 100), 'z.dtb'), /z\.dtb: byte 0x4: totalsize/);
});

test('linuxGenericDeviceTree gives the board tree of docs/linux-guest.md, as dtc reads it', () => {
  const bytes = linuxGenericDeviceTree({
    memoryBytes: 0x10000000,
    uartBase: 0x1f000900,
    uartIrq: 4,
    cpuHz: 320_000_000,
    bootargs: 'console=ttyS0 earlycon nokaslr cryptomgr.notests',
    initrdStart: 0x04000000,
    initrdEnd: 0x04114b96,
  });
  const p = blobFile(bytes);
  const nodes = parseDts(decompile(p));
  const props = (path: string): Record<string, string> => Object.fromEntries(nodes.get(path) ?? []);
  assert.deepEqual([...nodes.keys()], ['/', '/cpus', '/cpus/cpu@0', '/cpuclk', '/memory@0', '/interrupt-controller', '/serial@1f000900', '/aliases', '/chosen']);
  assert.equal(props('/')['#address-cells'], '<0x01>');
  assert.equal(props('/')['#size-cells'], '<0x01>');
  assert.deepEqual(props('/cpus/cpu@0'), { device_type: '"cpu"', compatible: '"mti,24kf"', reg: '<0x00>', clocks: '<0x02>' });
  assert.deepEqual(props('/cpuclk'), { compatible: '"fixed-clock"', '#clock-cells': '<0x00>', 'clock-frequency': '<0x1312d000>', phandle: '<0x02>' });
  assert.deepEqual(props('/memory@0'), { device_type: '"memory"', reg: '<0x00 0x10000000>' });
  assert.deepEqual(props('/interrupt-controller'), {
    compatible: '"mti,cpu-interrupt-controller"',
    'interrupt-controller': '',
    '#address-cells': '<0x00>',
    '#interrupt-cells': '<0x01>',
    phandle: '<0x01>',
  });
  const uart = props('/serial@1f000900');
  assert.equal(uart.compatible, '"ns16550a"');
  assert.equal(uart.reg, '<0x1f000900 0x40>');
  assert.equal(uart['reg-shift'], '<0x03>');
  assert.equal(uart['reg-io-width'], '<0x04>');
  assert.equal(uart['interrupt-parent'], '<0x01>');
  assert.equal(uart.interrupts, '<0x04>');
  // dtc prints 3686400 (00 38 40 00) as a string; fdtget reads it as a cell.
  assert.equal(oracle('fdtget', ['-t', 'u', p, '/serial@1f000900', 'clock-frequency']).trim(), '3686400');
  assert.deepEqual(props('/aliases'), { serial0: '"/serial@1f000900"' });
  assert.deepEqual(props('/chosen'), {
    bootargs: '"console=ttyS0 earlycon nokaslr cryptomgr.notests"',
    'stdout-path': '"serial0:115200n8"',
    'linux,initrd-start': '<0x4000000>',
    'linux,initrd-end': '<0x4114b96>',
  });
});

test('linuxGenericDeviceTree: a polled UART has no interrupts, no initrd leaves /chosen without it', () => {
  const p = blobFile(linuxGenericDeviceTree({ memoryBytes: 64 << 20, uartBase: 0x1fd00000, cpuHz: 100_000_000, bootargs: 'console=ttyS0' }));
  const nodes = parseDts(decompile(p));
  assert.deepEqual([...(nodes.get('/serial@1fd00000')?.keys() ?? [])], ['compatible', 'reg', 'reg-shift', 'reg-io-width', 'clock-frequency']);
  assert.deepEqual([...(nodes.get('/chosen')?.keys() ?? [])], ['bootargs', 'stdout-path']);
  assert.throws(() => linuxGenericDeviceTree({ memoryBytes: 1 << 20, uartBase: 0, cpuHz: 1, bootargs: '', initrdStart: 0 }), /both initrdStart and initrdEnd/);
  assert.throws(() => linuxGenericDeviceTree({ memoryBytes: 1 << 20, uartBase: 0, cpuHz: 1, bootargs: '', uartIrq: 9 }), /uartIrq 9/);
});

test('linuxGenericDeviceTree: RAM split by the I/O window is two (base, size) pairs, as dtc reads them', () => {
  const ranges = [
    { base: 0, size: 0x1f000000 },
    { base: 0x20000000, size: 0x20000000 },
  ];
  const p = blobFile(linuxGenericDeviceTree({ memoryBytes: 1 << 30, memoryRanges: ranges, uartBase: 0x1f000900, cpuHz: 100_000_000, bootargs: '' }));
  assert.equal(parseDts(decompile(p)).get('/memory@0')?.get('reg'), '<0x00 0x1f000000 0x20000000 0x20000000>');
  assert.throws(() => linuxGenericDeviceTree({ memoryBytes: 1, memoryRanges: [], uartBase: 0, cpuHz: 1, bootargs: '' }), /memoryRanges is empty/);
});
