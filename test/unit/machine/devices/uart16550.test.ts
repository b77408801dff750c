// Register behaviour of the 16550 against the PC16550D datasheet: reset values, DLAB, FIFO
// depths and trigger levels, the IIR priority order and how each source clears, LSR error
// bits, modem status in loopback, host input flow control, register layouts, peek, save/restore.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uartRig } from './uartFixture';

const RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

test('reset values: IER 0, IIR 01, LCR 0, MCR 0, LSR 60, MSR shows the host terminal', () => {
  const u = uartRig();
  assert.deepEqual([IER, IIR, LCR, MCR, LSR, SCR].map((i) => u.rd(i)), [0, 0x01, 0, 0, 0x60, 0]);
  assert.equal(u.rd(MSR), 0xb0, 'CTS, DSR and DCD asserted, no deltas');
});

test('DLAB switches offsets 0 and 1 to the divisor latch; SCR keeps what is written', () => {
  const u = uartRig();
  u.wr(IER, 0x05);
  u.wr(LCR, 0x83);
  u.wr(DLL, 0x0c);
  u.wr(DLM, 0x01);
  assert.equal(u.rd(DLL), 0x0c);
  assert.equal(u.rd(DLM), 0x01);
  u.wr(LCR, 0x03);
  assert.equal(u.rd(IER), 0x05);
  assert.equal(u.out.length, 0, 'writing DLL sent nothing');
  u.wr(SCR, 0xa5);
  assert.equal(u.rd(SCR), 0xa5);
  u.wr(IER, 0xff);
  assert.equal(u.rd(IER), 0x0f, 'IER bits 7..4 read as 0');
});

test('transmitted bytes reach the host sink; LSR THRE and TEMT follow the transmitter', () => {
  const u = uartRig({ byteCycles: 100 });
  for (const c of 'hi') u.wr(THR, c.charCodeAt(0));
  assert.equal(u.rd(LSR) & 0x60, 0x00, 'one byte shifting, one waiting in THR (FIFO off)');
  u.advance(100);
  assert.deepEqual(u.out, [0x68]);
  assert.equal(u.rd(LSR) & 0x60, 0x20, 'THR empty, shift register busy');
  u.advance(100);
  assert.deepEqual(u.out, [0x68, 0x69]);
  assert.equal(u.rd(LSR) & 0x60, 0x60);
});

test('the transmit FIFO holds 16 bytes besides the shift register; further writes are lost', () => {
  const u = uartRig({ byteCycles: 10 });
  u.wr(FCR, 0x07);
  for (let i = 0; i < 20; i++) u.wr(THR, i);
  u.advance(1000);
  assert.deepEqual(u.out, Array.from({ length: 17 }, (_, i) => i));
});

test('without the FIFO, the transmitter holds one byte in THR besides the shift register', () => {
  const u = uartRig({ byteCycles: 10 });
  for (let i = 0; i < 5; i++) u.wr(THR, i);
  u.advance(1000);
  assert.deepEqual(u.out, [0, 1]);
});

test('the receive FIFO holds 16 bytes; a 17th in loopback sets OE and is lost', () => {
  const u = uartRig();
  u.wr(FCR, 0x07);
  u.wr(MCR, 0x10);
  for (let i = 0; i < 17; i++) u.wr(THR, 0x40 + i);
  assert.equal(u.out.length, 0, 'loopback keeps bytes off the line');
  assert.equal(u.rd(LSR) & 0x03, 0x03, 'DR and OE');
  assert.equal(u.rd(LSR) & 0x02, 0, 'reading LSR cleared OE');
  const got: number[] = [];
  while (u.rd(LSR) & 1) got.push(u.rd(RBR));
  assert.deepEqual(got, Array.from({ length: 16 }, (_, i) => 0x40 + i));
});

test('with the FIFO off the receiver holds a single byte', () => {
  const u = uartRig();
  u.wr(MCR, 0x10);
  u.wr(THR, 1);
  u.wr(THR, 2);
  assert.equal(u.rd(LSR) & 0x03, 0x03);
  assert.equal(u.rd(RBR), 1);
  assert.equal(u.rd(LSR) & 1, 0);
});

test('host input waits in the input queue and fills the FIFO as the guest reads (nothing lost)', () => {
  const u = uartRig();
  u.wr(FCR, 0x01);
  const text = 'the quick brown fox jumps';
  u.uart.input(Array.from(text, (c) => c.charCodeAt(0)));
  assert.equal(u.uart.hostInputPending, text.length - 16);
  let got = '';
  while (u.rd(LSR) & 1) got += String.fromCharCode(u.rd(RBR));
  assert.equal(got, text);
  assert.equal(u.rd(LSR) & 0x02, 0, 'no overrun');
});

test('timed host input arrives one character time apart', () => {
  const u = uartRig({ byteCycles: 50 });
  u.wr(FCR, 0x01);
  u.uart.input([1, 2, 3]);
  assert.equal(u.rd(LSR) & 1, 0);
  u.advance(50);
  assert.equal(u.peek(RBR), 1);
  u.advance(99);
  assert.equal(u.rd(RBR), 1);
  assert.equal(u.rd(RBR), 2);
  assert.equal(u.rd(LSR) & 1, 0);
  u.advance(1);
  assert.equal(u.rd(RBR), 3);
});

test('received-data interrupt follows the FIFO trigger level; a timeout reports fewer bytes', () => {
  const u = uartRig({ byteCycles: 10 });
  u.wr(IER, 0x01);
  u.wr(FCR, 0x81); // FIFO on, trigger at 8
  u.wr(MCR, 0x10);
  for (let i = 0; i < 7; i++) u.wr(THR, i);
  u.advance(70);
  assert.equal(u.rd(IIR), 0xc1, '7 bytes: below the trigger, no timeout yet');
  assert.equal(u.irq(), false);
  u.advance(40);
  assert.equal(u.rd(IIR), 0xcc, 'character timeout after 4 character times');
  assert.equal(u.irq(), true);
  u.rd(RBR);
  assert.equal(u.rd(IIR), 0xc1, 'reading RBR clears the timeout');
  u.wr(THR, 7);
  u.wr(THR, 8);
  u.advance(20);
  assert.equal(u.rd(IIR), 0xc4, '8 bytes reach the trigger level');
  u.rd(RBR);
  assert.equal(u.rd(IIR), 0xc1, 'below the trigger again');
});

test('THRE interrupt: raised when THR empties, cleared by reading IIR or by writing THR', () => {
  const u = uartRig({ byteCycles: 10 });
  u.wr(IER, 0x02);
  assert.equal(u.rd(IIR), 0x02, 'enabling ETBEI with THR empty');
  assert.equal(u.rd(IIR), 0x01, 'the IIR read that reported THRE cleared it');
  u.wr(THR, 0x41); // moves at once into the shift register: THR empty again
  assert.equal(u.irq(), true);
  u.wr(THR, 0x42); // fills THR: writing THR clears the interrupt
  assert.equal(u.irq(), false);
  assert.equal(u.rd(IIR), 0x01);
  u.advance(10); // 0x41 sent, 0x42 moves to the shift register, THR empties
  assert.equal(u.irq(), true);
  assert.equal(u.rd(IIR), 0x02);
  u.wr(IER, 0);
  assert.equal(u.irq(), false);
});

test('IIR reports sources in priority order: line status, data, THR empty, modem status', () => {
  const u = uartRig();
  u.wr(FCR, 0x01);
  u.wr(IER, 0x0f);
  u.wr(MCR, 0x10); // loopback: modem status deltas, then data
  for (let i = 0; i < 17; i++) u.wr(THR, i);
  assert.equal(u.rd(IIR) & 0x0f, 0x06, 'overrun: receiver line status first');
  u.rd(LSR);
  assert.equal(u.rd(IIR) & 0x0f, 0x04, 'then received data');
  while (u.rd(LSR) & 1) u.rd(RBR);
  assert.equal(u.rd(IIR) & 0x0f, 0x02, 'then THR empty');
  assert.equal(u.rd(IIR) & 0x0f, 0x00, 'then modem status');
  assert.equal(u.rd(MSR) & 0x0f, 0x0b, 'DCTS, DDSR, DDCD from entering loopback');
  assert.equal(u.rd(IIR), 0xc1, 'reading MSR cleared the deltas');
  assert.equal(u.irq(), false);
});

test('loopback feeds MCR outputs to MSR inputs', () => {
  const u = uartRig();
  u.wr(MCR, 0x10 | 0x0a);
  assert.equal(u.rd(MSR) & 0xf0, 0x90);
  u.wr(MCR, 0x10 | 0x05);
  assert.equal(u.rd(MSR) & 0xf0, 0x60);
  u.wr(MCR, 0x10);
  assert.equal(u.rd(MSR), 0x06, 'DSR changed (DDSR) and RI fell (TERI)');
});

test('FCR clears the FIFOs; disabling the FIFO clears them too', () => {
  const u = uartRig();
  u.wr(FCR, 0x01);
  u.wr(MCR, 0x10);
  u.wr(THR, 1);
  u.wr(THR, 2);
  u.wr(FCR, 0x03);
  assert.equal(u.rd(LSR) & 1, 0);
  u.wr(THR, 3);
  u.wr(FCR, 0x00);
  assert.equal(u.rd(LSR) & 1, 0);
});

test('peek has no side effects on RBR, IIR, LSR or MSR', () => {
  const u = uartRig();
  u.wr(FCR, 0x01);
  u.wr(IER, 0x0f);
  u.wr(MCR, 0x10);
  for (let i = 0; i < 17; i++) u.wr(THR, i);
  const before = JSON.stringify(u.uart.saveState());
  for (let k = 0; k < 3; k++) {
    assert.equal(u.peek(RBR), 0);
    assert.equal(u.peek(IIR), 0xc6);
    assert.equal(u.peek(LSR), 0x63);
    assert.equal(u.peek(MSR), 0x0b);
  }
  assert.equal(JSON.stringify(u.uart.saveState()), before);
  assert.equal(u.rd(LSR), 0x63);
  assert.equal(u.peek(LSR), 0x61, 'the real read cleared OE');
});

test('register layouts: reg-shift 3 places registers 8 bytes apart, value in the low byte of a word', () => {
  for (const bigEndian of [true, false]) {
    const u = uartRig({ regShift: 3, bigEndian });
    const d = u.uart;
    assert.equal(d.size, 0x40);
    assert.equal(d.write(7 << 3, 4, 0xffffff5a, 0), true);
    assert.equal(d.read(7 << 3, 4, 0), 0x5a, 'upper bytes of a 32-bit register read 0');
    assert.equal(d.read((7 << 3) + (bigEndian ? 3 : 0), 1, 0), 0x5a, 'the byte lane holding bits 7..0');
    assert.equal(d.read((7 << 3) + (bigEndian ? 0 : 3), 1, 0), 0, 'another lane');
    assert.equal(d.read((7 << 3) + 4, 4, 0), 0, 'the unused word of an 8-byte slot');
    assert.equal(d.read((7 << 3) + 2, 2, 0), bigEndian ? 0x5a : 0, 'halfword holding the low byte');
    assert.equal(d.read(0x40, 1, 0), undefined, 'outside the window');
  }
  const packed = uartRig({ regShift: 0 }).uart;
  assert.equal(packed.size, 8);
  assert.equal(packed.read(4, 4, 0), undefined, 'a word would span four registers');
  assert.equal(packed.write(7, 1, 0x33, 0), true);
  assert.equal(packed.read(7, 1, 0), 0x33);
});

test('the interrupt line follows IIR', () => {
  const u = uartRig();
  u.wr(FCR, 0x01);
  u.wr(IER, 0x01);
  u.uart.input([0x61]);
  assert.equal(u.irq(), true);
  u.rd(RBR);
  assert.equal(u.irq(), false);
});

test('save, modify, restore: the UART continues exactly as before', () => {
  const a = uartRig({ byteCycles: 20 });
  a.wr(FCR, 0x41);
  a.wr(IER, 0x03);
  a.wr(SCR, 0x77);
  for (let i = 0; i < 5; i++) a.wr(THR, 0x30 + i);
  a.uart.input([1, 2, 3, 4, 5, 6]);
  a.advance(45);
  const saved = JSON.parse(JSON.stringify({ uart: a.uart.saveState(), sched: a.scheduler.saveState() }));
  const trace = (r: typeof a): string[] => {
    const log: string[] = [];
    for (let t = 0; t < 12; t++) {
      r.advance(15);
      log.push(`${r.rd(IIR)}/${r.rd(LSR)}/${r.irq()}/${r.rd(LSR) & 1 ? r.rd(RBR) : '-'}/${r.out.join(',')}`);
    }
    return log;
  };
  const expected = trace(a);
  // modify: scribble over the registers, then restore
  a.wr(SCR, 0);
  a.wr(FCR, 0x07);
  a.uart.loadState(saved.uart);
  a.scheduler.loadState(saved.sched);
  a.out.length = 0;
  a.out.push(...[0x30, 0x31]);
  assert.equal(a.rd(SCR), 0x77);
  assert.deepEqual(trace(a), expected);
});
