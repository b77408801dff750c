import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DmaEngine } from '../../../../debug-adapter/machine/devices/dma';
import { InterruptController, IP_NET } from '../../../../debug-adapter/machine/devices/interrupts';
import { NetworkSwitch } from '../../../../debug-adapter/machine/devices/networkLink';
import { NET_BASE_CYCLES, NET_BITS as K, NET_BYTE_CYCLES, NET_REGISTERS as R, NET_RX_QUEUE, NetworkInterface } from '../../../../debug-adapter/machine/devices/nic';
import { EventScheduler } from '../../../../debug-adapter/machine/devices/scheduler';
import { PhysicalMemory } from '../../../../debug-adapter/machine/physicalMemory';
import { regs } from './fixtures';

const MEM = 1 << 20;
const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/** Two NICs on one switch, on one scheduler (one machine), each with its own memory. */
function pair() {
  const scheduler = new EventScheduler();
  const irq = new InterruptController(2);
  const sw = new NetworkSwitch();
  const wire: string[] = [];
  sw.onFrame((f) => wire.push(Buffer.from(f).toString('hex')));
  const mk = (n: number) => {
    const memory = new PhysicalMemory(MEM, 'big');
    const line = irq.line(`net${n}`, n, IP_NET);
    const nic = new NetworkInterface({ name: `net${n}`, base: 0x1f030000 + n * 0x1000, bigEndian: true, dma: new DmaEngine(memory), scheduler, irq: line, mac: new Uint8Array([2, 0, 0, 0, 0, n]) });
    nic.connect(sw);
    return { memory, line, nic, r: regs(nic, n) };
  };
  return { scheduler, sw, wire, a: mk(0), b: mk(1) };
}

const frame = (dst: number[], src: number, payload: string): Uint8Array =>
  new Uint8Array([...dst, 2, 0, 0, 0, 0, src, 0x08, 0x00, ...Array.from(payload, (c) => c.charCodeAt(0))]);

test('MAC registers read the address and can be rewritten', () => {
  const { a } = pair();
  assert.equal(a.r.r(R.MAC_HI), 0x0200);
  assert.equal(a.r.r(R.MAC_LO), 0x00000000);
  a.r.w(R.MAC_HI, 0x0a0b);
  a.r.w(R.MAC_LO, 0x0c0d0e0f);
  assert.deepEqual([...a.nic.macAddress], [0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]);
});

test('loopback between two NICs: TX completion, RX into the posted buffer, interrupts on both sides', () => {
  const { scheduler, wire, a, b } = pair();
  const f = frame([2, 0, 0, 0, 0, 1], 0, 'hello, disco');
  a.memory.writeBytes(0x1000, f);
  a.r.w(R.CONTROL, K.CONTROL_TX_IE);
  b.r.w(R.CONTROL, K.CONTROL_RX_ENABLE | K.CONTROL_RX_IE);
  b.r.w(R.RX_ADDR, 0x2000);
  b.r.w(R.RX_SIZE, 1536);
  b.r.w(R.RX_CMD, K.CMD_GO);
  assert.equal(b.r.r(R.STATUS), K.STATUS_RX_POSTED);
  a.r.w(R.TX_ADDR, 0x1000);
  a.r.w(R.TX_LEN, f.length);
  a.r.w(R.TX_CMD, K.CMD_GO);
  assert.equal(a.r.r(R.STATUS), K.STATUS_TX_BUSY);
  const txAt = NET_BASE_CYCLES + f.length * NET_BYTE_CYCLES;
  scheduler.advanceTo(txAt);
  assert.equal(a.r.r(R.STATUS), K.STATUS_TX_DONE);
  assert.equal(a.line.level, true);
  assert.deepEqual(wire, [Buffer.from(f).toString('hex')]);
  assert.equal(b.r.r(R.RX_QUEUED), 1);
  scheduler.advanceTo(2 * txAt - 1);
  assert.equal(b.line.level, false, 'receive latency not over');
  scheduler.advanceTo(2 * txAt);
  assert.equal(b.r.r(R.STATUS), K.STATUS_RX_READY);
  assert.equal(b.line.level, true);
  assert.equal(b.r.r(R.RX_LEN), f.length);
  assert.deepEqual(b.memory.readBytes(0x2000, f.length), f);
  assert.deepEqual([a.r.r(R.TX_FRAMES), b.r.r(R.RX_FRAMES)], [1, 1]);
  b.r.w(R.STATUS, K.STATUS_RX_READY);
  a.r.w(R.STATUS, K.STATUS_TX_DONE);
  assert.equal(a.line.level || b.line.level, false);
});

test('frames wait for a posted buffer, in order; filtering by MAC, broadcast and PROMISC', () => {
  const { scheduler, sw, b } = pair();
  b.r.w(R.CONTROL, K.CONTROL_RX_ENABLE);
  sw.inject(frame([2, 0, 0, 0, 0, 1], 9, 'one'));
  sw.inject(frame([2, 0, 0, 0, 0, 7], 9, 'not for b'));
  sw.inject(frame(BROADCAST, 9, 'two'));
  assert.equal(b.r.r(R.RX_QUEUED), 2);
  assert.equal(b.r.r(R.RX_DROPPED), 1);
  const got: string[] = [];
  for (let i = 0; i < 2; i++) {
    b.r.w(R.RX_ADDR, 0x3000);
    b.r.w(R.RX_SIZE, 64);
    b.r.w(R.RX_CMD, 1);
    scheduler.advanceTo(scheduler.now + 10_000);
    const len = b.r.r(R.RX_LEN);
    got.push(String.fromCharCode(...b.memory.readBytes(0x3000 + 14, len - 14)));
  }
  assert.deepEqual(got, ['one', 'two']);
  b.r.w(R.CONTROL, K.CONTROL_RX_ENABLE | K.CONTROL_PROMISC);
  sw.inject(frame([2, 0, 0, 0, 0, 7], 9, 'any'));
  assert.equal(b.r.r(R.RX_QUEUED), 1);
  b.r.w(R.CONTROL, 0);
  sw.inject(frame(BROADCAST, 9, 'rx off'));
  assert.equal(b.r.r(R.RX_DROPPED), 2);
});

test('the receive queue holds 64 frames; a frame longer than the buffer is truncated', () => {
  const { scheduler, sw, b } = pair();
  b.r.w(R.CONTROL, K.CONTROL_RX_ENABLE);
  for (let i = 0; i < NET_RX_QUEUE + 3; i++) sw.inject(frame(BROADCAST, 1, `frame ${i}`));
  assert.equal(b.r.r(R.RX_QUEUED), NET_RX_QUEUE);
  assert.equal(b.r.r(R.RX_DROPPED), 3);
  b.r.w(R.RX_ADDR, 0x100);
  b.r.w(R.RX_SIZE, 16);
  b.r.w(R.RX_CMD, 1);
  scheduler.advanceTo(100_000);
  assert.equal(b.r.r(R.STATUS), K.STATUS_RX_READY | K.STATUS_RX_TRUNCATED);
  assert.equal(b.r.r(R.RX_LEN), 21);
  assert.equal(b.memory.read8(0x100 + 16), 0, 'nothing written past the buffer');
});

test('TX and RX errors: bad length, DMA outside memory', () => {
  const { a } = pair();
  const txErr = (): number => (a.r.r(R.STATUS) >> K.STATUS_TX_ERROR_SHIFT) & 0xff;
  const rxErr = (): number => (a.r.r(R.STATUS) >> K.STATUS_RX_ERROR_SHIFT) & 0xff;
  a.r.w(R.TX_ADDR, 0);
  a.r.w(R.TX_LEN, 13);
  a.r.w(R.TX_CMD, 1);
  assert.equal(txErr(), K.ERR_LENGTH);
  a.r.w(R.TX_LEN, 1519);
  a.r.w(R.TX_CMD, 1);
  assert.equal(txErr(), K.ERR_LENGTH);
  a.r.w(R.TX_ADDR, MEM - 10);
  a.r.w(R.TX_LEN, 60);
  a.r.w(R.TX_CMD, 1);
  assert.equal(txErr(), K.ERR_DMA);
  assert.equal(a.r.r(R.STATUS) & K.STATUS_TX_BUSY, 0);
  a.r.w(R.RX_ADDR, MEM - 100);
  a.r.w(R.RX_SIZE, 1536);
  a.r.w(R.RX_CMD, 1);
  assert.equal(rxErr(), K.ERR_DMA);
  assert.equal(a.r.r(R.STATUS) & K.STATUS_RX_POSTED, 0);
  a.r.w(R.RX_SIZE, 0);
  a.r.w(R.RX_CMD, 1);
  assert.equal(rxErr(), K.ERR_LENGTH);
  assert.equal(a.nic.write(R.TX_LEN, 1, 5, 0), false, 'byte writes are bus errors');
});

test('NIC save, modify, restore keeps queued frames and the transfer in flight', () => {
  const { scheduler, sw, a, b } = pair();
  b.r.w(R.CONTROL, K.CONTROL_RX_ENABLE);
  sw.inject(frame(BROADCAST, 5, 'queued'));
  const f = frame(BROADCAST, 0, 'in flight');
  a.memory.writeBytes(0, f);
  a.r.w(R.TX_LEN, f.length);
  a.r.w(R.TX_CMD, 1);
  const saved = JSON.parse(JSON.stringify({ a: a.nic.saveState(), b: b.nic.saveState(), s: scheduler.saveState() }));
  scheduler.advanceTo(50_000);
  b.nic.reset();
  a.nic.reset();
  scheduler.loadState(saved.s);
  a.nic.loadState(saved.a);
  b.nic.loadState(saved.b);
  assert.equal(b.r.r(R.RX_QUEUED), 1);
  assert.equal(a.r.r(R.STATUS), K.STATUS_TX_BUSY);
  scheduler.advanceTo(50_000);
  assert.equal(b.r.r(R.RX_QUEUED), 2, 'the transmit completed again after the restore');
  assert.equal(a.r.r(R.TX_FRAMES), 1);
});
