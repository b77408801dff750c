import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DISK_BITS as K, DISK_MAX_COUNT, DISK_REGISTERS as R, DISK_SECTOR_CYCLES, DISK_SEEK_CYCLES, DiskController } from '../../../../debug-adapter/machine/devices/disk';
import { MemoryDiskImage, SECTOR_SIZE } from '../../../../debug-adapter/machine/devices/diskImage';
import { DmaEngine, type DmaTransfer } from '../../../../debug-adapter/machine/devices/dma';
import { IP_DISK } from '../../../../debug-adapter/machine/devices/interrupts';
import { PhysicalMemory } from '../../../../debug-adapter/machine/physicalMemory';
import { regs, rig } from './fixtures';

const MEM = 1 << 20;

function diskRig(o: { readOnly?: boolean; endian?: 'big' | 'little' } = {}) {
  const { scheduler, irq } = rig(1);
  const memory = new PhysicalMemory(MEM, o.endian ?? 'big');
  const dma = new DmaEngine(memory);
  const transfers: DmaTransfer[] = [];
  dma.onTransfer((t) => transfers.push(t));
  const bytes = new Uint8Array(64 * SECTOR_SIZE);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 9)) & 0xff;
  const image = new MemoryDiskImage(bytes, o.readOnly ?? false);
  const line = irq.line('disk0', 0, IP_DISK);
  const disk = new DiskController({ name: 'disk0', base: 0x1f020000, bigEndian: true, image, dma, scheduler, irq: line });
  const r = regs(disk);
  const command = (cmd: number, lba: number, count: number, addr: number): void => {
    r.w(R.LBA, lba);
    r.w(R.COUNT, count);
    r.w(R.DMA_ADDR, addr);
    r.w(R.COMMAND, cmd);
  };
  return { scheduler, memory, dma, transfers, bytes, image, line, disk, r, command };
}

const errorOf = (status: number): number => (status & K.STATUS_ERROR_MASK) >> K.STATUS_ERROR_SHIFT;

test('identification registers', () => {
  const t = diskRig({ readOnly: true });
  assert.deepEqual([R.CAPACITY, R.SECTOR_SIZE, R.FLAGS, R.MAX_COUNT, R.STATUS].map((o) => t.r.r(o)), [64, 512, K.FLAGS_READONLY, DISK_MAX_COUNT, 0]);
  assert.equal(t.disk.read(0x28, 4, 0), undefined);
});

for (const endian of ['big', 'little'] as const) {
  test(`a read lands in memory by DMA after seek + per-sector cycles, then interrupts (${endian}-endian)`, () => {
    const t = diskRig({ endian });
    t.r.w(R.CONTROL, K.CONTROL_IE);
    t.command(K.CMD_READ, 3, 2, 0x1234);
    assert.equal(t.r.r(R.STATUS), K.STATUS_BUSY);
    const latency = DISK_SEEK_CYCLES + 2 * DISK_SECTOR_CYCLES;
    t.scheduler.advanceTo(latency - 1);
    assert.equal(t.memory.read8(0x1234), 0, 'nothing moved before completion');
    assert.equal(t.line.level, false);
    t.scheduler.advanceTo(latency);
    assert.equal(t.r.r(R.STATUS), K.STATUS_DONE);
    assert.equal(t.line.level, true);
    assert.deepEqual(t.memory.readBytes(0x1234, 1024), t.bytes.subarray(3 * 512, 5 * 512), 'bytes in guest order');
    assert.equal(t.memory.read8(0x1234), t.bytes[3 * 512], 'a guest byte load sees sector byte 0');
    assert.deepEqual(t.transfers, [{ device: 'disk0', pa: 0x1234, length: 1024, toMemory: true }]);
    t.r.w(R.STATUS, K.STATUS_DONE);
    assert.equal(t.line.level, false);
    assert.equal(t.r.r(R.STATUS), 0);
  });
}

test('a write copies memory to the image at completion; flush completes after its latency', () => {
  const t = diskRig();
  const data = new Uint8Array(512).map((_, i) => 255 - (i & 0xff));
  t.memory.writeBytes(0x8000, data);
  t.command(K.CMD_WRITE, 10, 1, 0x8000);
  t.scheduler.advanceTo(t.scheduler.nextEventAt() ?? 0);
  assert.deepEqual(t.bytes.subarray(10 * 512, 11 * 512), data);
  t.r.w(R.STATUS, K.STATUS_DONE);
  t.r.w(R.COMMAND, K.CMD_FLUSH);
  assert.equal(t.r.r(R.STATUS), K.STATUS_BUSY);
  t.scheduler.advanceTo(t.scheduler.now + 100_000);
  assert.equal(t.r.r(R.STATUS), K.STATUS_DONE);
});

test('DMA invalidates compiled code on the pages it writes', () => {
  const t = diskRig();
  const dropped: number[] = [];
  t.memory.setCodeWriteListener((ppn) => dropped.push(ppn));
  t.memory.markCode(3);
  t.memory.markCode(9);
  t.command(K.CMD_READ, 0, 4, 0x2f00); // 0x2f00..0x3eff: pages 2 and 3
  t.scheduler.advanceTo(1_000_000);
  assert.deepEqual(dropped, [3]);
});

test('errors complete at once: bad command, sector range, DMA outside RAM, read-only image', () => {
  const cases: [string, (t: ReturnType<typeof diskRig>) => void, number][] = [
    ['unknown command', (t) => t.command(9, 0, 1, 0), K.ERR_COMMAND],
    ['zero sectors', (t) => t.command(K.CMD_READ, 0, 0, 0), K.ERR_RANGE],
    ['past the end', (t) => t.command(K.CMD_READ, 63, 2, 0), K.ERR_RANGE],
    ['huge LBA', (t) => t.command(K.CMD_READ, 0xffffffff, 1, 0), K.ERR_RANGE],
    ['too many sectors', (t) => t.command(K.CMD_READ, 0, DISK_MAX_COUNT + 1, 0), K.ERR_RANGE],
    ['DMA beyond RAM', (t) => t.command(K.CMD_READ, 0, 2, MEM - 512), K.ERR_DMA],
    ['DMA at a device address', (t) => t.command(K.CMD_WRITE, 0, 1, 0x1f000000), K.ERR_DMA],
  ];
  for (const [what, go, err] of cases) {
    const t = diskRig();
    t.r.w(R.CONTROL, K.CONTROL_IE);
    go(t);
    const s = t.r.r(R.STATUS);
    assert.equal(s & 3, K.STATUS_DONE, `${what}: done, not busy`);
    assert.equal(errorOf(s), err, what);
    assert.equal(t.line.level, true, `${what}: interrupts`);
    assert.equal(t.scheduler.nextEventAt(), undefined, `${what}: nothing scheduled`);
    assert.equal(t.transfers.length, 0);
  }
  const ro = diskRig({ readOnly: true });
  ro.command(K.CMD_WRITE, 0, 1, 0);
  assert.equal(errorOf(ro.r.r(R.STATUS)), K.ERR_READONLY);
});

test('a command while busy is ignored; a new command clears the previous error', () => {
  const t = diskRig();
  t.command(K.CMD_READ, 70, 1, 0);
  assert.equal(errorOf(t.r.r(R.STATUS)), K.ERR_RANGE);
  t.command(K.CMD_READ, 0, 1, 0x100);
  assert.equal(t.r.r(R.STATUS), K.STATUS_BUSY);
  t.command(K.CMD_READ, 1, 1, 0x900);
  t.scheduler.advanceTo(1_000_000);
  assert.equal(t.transfers.length, 1);
  assert.equal(t.transfers[0]?.pa, 0x100);
});

test('disk save, modify, restore mid-transfer', () => {
  const t = diskRig();
  t.r.w(R.CONTROL, 1);
  t.command(K.CMD_READ, 5, 1, 0x4000);
  t.scheduler.advanceTo(500);
  const saved = JSON.parse(JSON.stringify({ d: t.disk.saveState(), s: t.scheduler.saveState() }));
  t.scheduler.advanceTo(100_000);
  t.r.w(R.STATUS, K.STATUS_DONE);
  t.memory.fill0(0x4000, 512);
  t.scheduler.loadState(saved.s);
  t.disk.loadState(saved.d);
  assert.equal(t.r.r(R.STATUS), K.STATUS_BUSY);
  t.scheduler.advanceTo(100_000);
  assert.equal(t.r.r(R.STATUS), K.STATUS_DONE);
  assert.deepEqual(t.memory.readBytes(0x4000, 512), t.bytes.subarray(5 * 512, 6 * 512));
  t.disk.reset();
  assert.equal(t.r.r(R.STATUS), 0);
  assert.equal(t.line.level, false);
});
