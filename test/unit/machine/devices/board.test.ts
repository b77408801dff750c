// The assembled board: devices at their documented physical addresses, interrupt wiring,
// save → modify → restore of everything at once, peek without side effects on every register
// of every device, and the generated guest header (up to date, documented, and read the same
// by GNU as and by the project's assembler, through the C preprocessor and through .include).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BOARD_HEADER_PATH } from '../../../../scripts/generate-board-header';
import { Board } from '../../../../debug-adapter/machine/devices/board';
import { boardHeaderGroups, boardHeaderText } from '../../../../debug-adapter/machine/devices/boardHeader';
import * as map from '../../../../debug-adapter/machine/devices/boardMap';
import { DISK_BITS, DISK_REGISTERS } from '../../../../debug-adapter/machine/devices/disk';
import { MemoryDiskImage } from '../../../../debug-adapter/machine/devices/diskImage';
import { INFO_REGISTERS } from '../../../../debug-adapter/machine/devices/machineInfo';
import { NetworkSwitch } from '../../../../debug-adapter/machine/devices/networkLink';
import { NET_BITS, NET_REGISTERS } from '../../../../debug-adapter/machine/devices/nic';
import { POWER_REGISTERS } from '../../../../debug-adapter/machine/devices/powerOff';
import { TIMER_REGISTERS } from '../../../../debug-adapter/machine/devices/timer';
import { PhysicalMemory } from '../../../../debug-adapter/machine/physicalMemory';
import { gnuHeaderTexts, projectHeaderTexts } from '../../../support/headerAssembly';

function board(cpus = 4) {
  const memory = new PhysicalMemory(4 << 20, 'big');
  const console: number[] = [];
  const exits: number[] = [];
  const network = new NetworkSwitch();
  const image = new MemoryDiskImage(new Uint8Array(32 * 512).map((_, i) => i & 0xff));
  const b = new Board({
    cpus,
    nodes: 2,
    memory,
    bigEndian: true,
    clockHz: 100_000_000,
    onPowerOff: (code) => exits.push(code),
    consoleOutput: (c) => console.push(c),
    uartByteCycles: 100,
    disks: [image],
    nics: 2,
    network,
  });
  return { b, memory, console, exits, network };
}

const uartReg = (i: number): number => map.UART_BASE + (i << map.UART_REG_SHIFT);

test('devices answer at their documented physical addresses with the accessing CPU number', () => {
  const { b, console, exits } = board();
  const bus = b.bus;
  assert.equal(bus.read(map.INFO_BASE + INFO_REGISTERS.WHOAMI, 4, 3), 3);
  assert.equal(bus.read(map.INFO_BASE + INFO_REGISTERS.MYNODE, 4, 3), 1);
  assert.equal(bus.read(map.INFO_BASE + INFO_REGISTERS.MEMSIZE, 4, 0), 4 << 20);
  assert.equal(bus.read(uartReg(5), 4, 0), 0x60, 'UART LSR');
  assert.equal(bus.read(uartReg(5) + 3, 1, 0), 0x60, 'UART LSR, byte lane of a big-endian board');
  bus.write(uartReg(0), 4, 0x41, 0);
  b.scheduler.advanceTo(100);
  assert.deepEqual(console, [0x41]);
  assert.equal(bus.read(map.DISK_BASE + DISK_REGISTERS.CAPACITY, 4, 0), 32);
  assert.equal(bus.read(map.NET_BASE + map.DEVICE_STRIDE + NET_REGISTERS.MAC_LO, 4, 0), 0x5c000001);
  assert.equal(bus.read(map.NET_BASE + 2 * map.DEVICE_STRIDE, 4, 0), undefined, 'no third NIC');
  bus.write(map.POWER_BASE + POWER_REGISTERS.OFF, 4, 7, 0);
  assert.deepEqual(exits, [7]);
  assert.equal(bus.read(map.BOARD_IO_BASE, 4, 0), undefined, 'unmapped I/O space is a bus error');
});

test('interrupt wiring: UART IP2, disk IP3, NIC IP4 to the device CPU; timer IP5 and IPI IP6 per CPU', () => {
  const { b } = board();
  const bus = b.bus;
  bus.write(uartReg(1), 4, 0x02, 0); // ETBEI: THR empty interrupt
  assert.equal(b.interrupts.pending(0), 0x400);
  bus.write(uartReg(1), 4, 0, 0);
  bus.write(map.DISK_BASE + DISK_REGISTERS.CONTROL, 4, DISK_BITS.CONTROL_IE, 0);
  bus.write(map.DISK_BASE + DISK_REGISTERS.COMMAND, 4, 77, 0);
  assert.equal(b.interrupts.pending(0), 0x800);
  bus.write(map.NET_BASE + NET_REGISTERS.CONTROL, 4, NET_BITS.CONTROL_TX_IE, 0);
  bus.write(map.NET_BASE + NET_REGISTERS.TX_CMD, 4, 1, 0); // length 0: immediate error completion
  assert.equal(b.interrupts.pending(0), 0x800 | 0x1000);
  bus.write(map.TIMER_BASE + TIMER_REGISTERS.CPU_BASE + 2 * TIMER_REGISTERS.CPU_STRIDE, 4, 100, 0);
  bus.write(map.TIMER_BASE + TIMER_REGISTERS.CPU_BASE + 2 * TIMER_REGISTERS.CPU_STRIDE + TIMER_REGISTERS.CTRL, 4, 3, 0);
  b.scheduler.advanceTo(100);
  assert.equal(b.interrupts.pending(2), 0x2000);
  bus.write(map.IPI_BASE, 4, 3, 1);
  assert.equal(b.interrupts.pending(3), 0x4000);
});

/** Drives every device into a non-trivial state mid-flight. */
function exercise(b: Board, memory: PhysicalMemory, network: NetworkSwitch): void {
  const bus = b.bus;
  bus.write(uartReg(2), 4, 0x41, 0);
  bus.write(uartReg(1), 4, 0x03, 0);
  for (const c of 'abc') bus.write(uartReg(0), 4, c.charCodeAt(0), 0);
  b.uart.input([0x31, 0x32]);
  bus.write(map.TIMER_BASE + TIMER_REGISTERS.LOCAL, 4, 250, 1);
  bus.write(map.TIMER_BASE + TIMER_REGISTERS.LOCAL + TIMER_REGISTERS.CTRL, 4, 3, 1);
  bus.write(map.IPI_BASE + 4, 4, 0b0110, 0);
  bus.write(map.DISK_BASE + DISK_REGISTERS.CONTROL, 4, 1, 0);
  bus.write(map.DISK_BASE + DISK_REGISTERS.COUNT, 4, 2, 0);
  bus.write(map.DISK_BASE + DISK_REGISTERS.DMA_ADDR, 4, 0x10000, 0);
  bus.write(map.DISK_BASE + DISK_REGISTERS.COMMAND, 4, DISK_BITS.CMD_READ, 0);
  const net1 = map.NET_BASE + map.DEVICE_STRIDE;
  bus.write(net1 + NET_REGISTERS.CONTROL, 4, 3, 1);
  bus.write(net1 + NET_REGISTERS.RX_ADDR, 4, 0x20000, 1);
  bus.write(net1 + NET_REGISTERS.RX_SIZE, 4, 1536, 1);
  bus.write(net1 + NET_REGISTERS.RX_CMD, 4, 1, 1);
  memory.writeBytes(0x30000, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0xd1, 0x5c, 0, 0, 0, 8, 0, 1, 2, 3, 4]));
  bus.write(map.NET_BASE + NET_REGISTERS.TX_ADDR, 4, 0x30000, 0);
  bus.write(map.NET_BASE + NET_REGISTERS.TX_LEN, 4, 18, 0);
  bus.write(map.NET_BASE + NET_REGISTERS.TX_CMD, 4, 1, 0);
  network.inject(new Uint8Array(20).fill(0xff));
  b.scheduler.advanceTo(b.scheduler.now + 1_500);
}

/** Everything observable: every register via peek, line levels, memory, console and time. */
function observe(b: Board, memory: PhysicalMemory, console: number[]): string {
  const regs = b.bus.devices.map((d) => `${d.name}:${Array.from({ length: Math.min(d.size, 0x200) / 4 }, (_, i) => d.peek(i * 4, 4, 1) ?? '').join(',').replace(/,,+/g, ',')}`);
  const lines = b.interrupts.lines().map((l) => `${l.name}=${l.level}`);
  const mem = createHash('sha256').update(memory.readBytes(0, 0x40000)).digest('hex').slice(0, 16);
  return JSON.stringify({ regs, lines, now: b.scheduler.now, mem, console });
}

/** Compares traces step by step, reporting the first differing step only. */
function assertSameTrace(actual: string[], expected: string[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.deepEqual(JSON.parse(a), JSON.parse(expected[i] ?? ''), `step ${i}`));
}

test('board save → modify → restore: every device continues exactly as the original', () => {
  const one = board();
  exercise(one.b, one.memory, one.network);
  const saved = JSON.parse(JSON.stringify(one.b.saveState()));
  const memSnapshot = one.memory.readBytes(0, one.memory.size);
  const consoleAt = one.console.length;
  const run = (t: ReturnType<typeof board>): string[] => {
    const trace: string[] = [];
    for (let i = 0; i < 40; i++) {
      t.b.scheduler.advanceTo(t.b.scheduler.now + 1_000);
      if (i === 5) t.b.bus.read(uartReg(0), 4, 0);
      if (i === 9) t.b.bus.write(map.IPI_BASE + 0x0c, 4, 0, 1);
      trace.push(observe(t.b, t.memory, t.console.slice(consoleAt)));
    }
    return trace;
  };
  const expected = run(one);
  // modify everything, then restore state and memory
  exercise(one.b, one.memory, one.network);
  one.b.bus.write(map.IPI_BASE + 4, 4, 0xf, 0);
  one.b.reset();
  one.b.loadState(saved);
  one.memory.writeBytes(0, memSnapshot);
  one.console.length = consoleAt;
  assertSameTrace(run(one), expected);
  // and a fresh board restored from the same state behaves the same
  const two = board();
  two.b.loadState(saved);
  two.memory.writeBytes(0, memSnapshot);
  two.console.push(...one.console.slice(0, consoleAt));
  assertSameTrace(run(two), expected);
});

test('peek of every register of every device has no side effects', () => {
  const { b, memory, network } = board();
  exercise(b, memory, network);
  const before = JSON.stringify(b.saveState());
  for (const d of b.bus.devices) {
    for (let off = 0; off < d.size; off += 1) {
      for (const size of [1, 2, 4] as const) if (off % size === 0) b.bus.peek(d.base + off, size, 1);
    }
  }
  assert.equal(JSON.stringify(b.saveState()), before);
});

test('guest/include/disco/board.h is the generated text', () => {
  assert.equal(readFileSync(BOARD_HEADER_PATH, 'utf8'), boardHeaderText(), 'board.h is stale: run npx tsx scripts/generate-board-header.ts');
});

test('docs/devices.md names every constant of board.h', () => {
  const doc = readFileSync(new URL('../../../../docs/devices.md', import.meta.url), 'utf8');
  const missing = boardHeaderGroups()
    .flatMap((g) => g.entries.map(([name]) => name))
    .filter((name) => !new RegExp(`\\b${name}\\b`).test(doc));
  assert.deepEqual(missing, []);
});

test('GNU as reads the same values from board.h through cpp and through .include', () => {
  const entries = boardHeaderGroups().flatMap((g) => g.entries);
  const words = entries.map(([name]) => `\t.word ${name}`).join('\n');
  const body = `\t.text\n${words}\n\tlui $t0, %hi(UART_BASE_KSEG1)\n\tlw $t1, %lo(UART_BASE_KSEG1) + (UART_LSR << UART_REG_SHIFT)($t0)\n`;
  const expected = Buffer.alloc(entries.length * 4);
  entries.forEach(([, v], i) => expected.writeUInt32BE(v >>> 0, i * 4));
  for (const { name: obj, text } of gnuHeaderTexts('board.h', body)) {
    assert.deepEqual(text.subarray(0, expected.length), expected, `${obj}: constant values`);
    assert.equal(text.readUInt32BE(expected.length), 0x3c08bf00, `${obj}: lui $t0, 0xbf00`);
    assert.equal(text.readUInt32BE(expected.length + 4), 0x8d090928, `${obj}: lw $t1, 0x928($t0)`);
  }
});

test("the project's assembler reads the same values from board.h through #include and .include", () => {
  const entries = boardHeaderGroups().flatMap((g) => g.entries);
  const words = entries.map(([name]) => `\t.word ${name}`).join('\n');
  const expected = Buffer.alloc(entries.length * 4);
  entries.forEach(([, v], i) => expected.writeUInt32BE(v >>> 0, i * 4));
  for (const { name: path, text } of projectHeaderTexts('board.h', boardHeaderText(), `\t.text\n${words}\n`)) {
    assert.deepEqual(text, expected, path);
  }
});
