// The UART as Linux's 8250 driver sees it: autoconfig() and autoconfig_16550a() of
// drivers/tty/serial/8250/8250_port.c replayed register access by register access (with the
// full 16550A-variant probe, size_fifo included), then the THRE re-assertion test of
// serial8250_do_startup. Linux names the chip "16550A" only if every answer is right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type UartRig, uartRig } from './uartFixture';

const RX = 0, TX = 0, IER = 1, IIR = 2, FCR = 2, EFR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
const LCR_CONF_MODE_A = 0x80, LCR_CONF_MODE_B = 0xbf, MCR_LOOP = 0x10, IER_UUE = 0x40, IER_THRI = 0x02;
const FCR_ENABLE_FIFO = 0x01, FCR_CLEAR_RCVR = 0x02, FCR_CLEAR_XMIT = 0x04, FCR7_64BYTE = 0x20, LSR_DR = 0x01, LSR_TEMT = 0x40;

/** size_fifo(): loop back 256 bytes at divisor 1 and count what the receive FIFO kept. */
function sizeFifo(u: UartRig): number {
  const oldLcr = u.rd(LCR);
  u.wr(LCR, 0);
  const oldFcr = u.rd(FCR);
  const oldMcr = u.rd(MCR);
  u.wr(FCR, FCR_ENABLE_FIFO | FCR_CLEAR_RCVR | FCR_CLEAR_XMIT);
  u.wr(MCR, MCR_LOOP);
  u.wr(LCR, LCR_CONF_MODE_A);
  const oldDl = u.rd(0) | (u.rd(1) << 8);
  u.wr(0, 1);
  u.wr(1, 0);
  u.wr(LCR, 0x03);
  for (let c = 0; c < 256; c++) u.wr(TX, c);
  u.advance(1_000_000); // mdelay(20)
  let count = 0;
  for (; u.rd(LSR) & LSR_DR && count < 256; count++) u.rd(RX);
  u.wr(FCR, oldFcr);
  u.wr(MCR, oldMcr);
  u.wr(LCR, LCR_CONF_MODE_A);
  u.wr(0, oldDl & 0xff);
  u.wr(1, oldDl >> 8);
  u.wr(LCR, oldLcr);
  return count;
}

function autoconfig16550a(u: UartRig): string {
  u.wr(LCR, LCR_CONF_MODE_A);
  if (u.rd(EFR) === 0) return 'EFR present (16650 family)';
  u.wr(LCR, LCR_CONF_MODE_B);
  if (u.rd(EFR) === 0) return 'EFRv2';
  // National Semiconductor SuperIO: EXCR1 in bank 2 would mirror MCR.LOOP
  u.wr(LCR, 0);
  const mcr = u.rd(MCR);
  u.wr(LCR, 0xe0);
  let excr1 = u.rd(0x02);
  if (!((excr1 ^ mcr) & MCR_LOOP)) {
    u.wr(LCR, 0);
    u.wr(MCR, mcr ^ MCR_LOOP);
    u.wr(LCR, 0xe0);
    excr1 = u.rd(0x02);
    u.wr(LCR, 0);
    u.wr(MCR, mcr);
    if ((excr1 ^ mcr) & MCR_LOOP) return 'NS16550A SuperIO';
  }
  u.wr(LCR, 0);
  u.wr(FCR, FCR_ENABLE_FIFO | FCR7_64BYTE);
  const s1 = u.rd(IIR) >> 5;
  u.wr(FCR, FCR_ENABLE_FIFO);
  u.wr(LCR, LCR_CONF_MODE_A);
  u.wr(FCR, FCR_ENABLE_FIFO | FCR7_64BYTE);
  const s2 = u.rd(IIR) >> 5;
  u.wr(FCR, FCR_ENABLE_FIFO);
  u.wr(LCR, 0);
  if (s1 === 6 && s2 === 7) return 'TI16750';
  const iersave = u.rd(IER);
  u.wr(IER, iersave & ~IER_UUE);
  if (!(u.rd(IER) & IER_UUE)) {
    u.wr(IER, iersave | IER_UUE);
    if (u.rd(IER) & IER_UUE) return 'XScale';
  }
  u.wr(IER, iersave);
  return sizeFifo(u) === 64 ? 'U6_16550A' : '16550A';
}

/** autoconfig(): the port type name Linux prints, or why it found no UART. */
function autoconfig(u: UartRig): string {
  const scratch = u.rd(IER);
  u.wr(IER, 0);
  const scratch2 = u.rd(IER) & 0x0f;
  u.wr(IER, 0x0f);
  const scratch3 = u.rd(IER) & 0x0f;
  u.wr(IER, scratch);
  if (scratch2 !== 0 || scratch3 !== 0x0f) return `IER test failed (${scratch2}, ${scratch3})`;
  const saveMcr = u.rd(MCR);
  const saveLcr = u.rd(LCR);
  u.wr(MCR, MCR_LOOP | 0x0a);
  const status1 = u.rd(MSR) & 0xf0;
  u.wr(MCR, saveMcr);
  if (status1 !== 0x90) return `LOOP test failed (${status1.toString(16)})`;
  u.wr(LCR, LCR_CONF_MODE_B);
  u.wr(EFR, 0);
  u.wr(LCR, 0);
  u.wr(FCR, FCR_ENABLE_FIFO);
  let type: string;
  switch (u.rd(IIR) >> 6) {
    case 0: {
      // autoconfig_8250: a 16450 has a scratch register
      const s = u.rd(SCR);
      u.wr(SCR, 0xa5);
      const a = u.rd(SCR);
      u.wr(SCR, 0x5a);
      const b = u.rd(SCR);
      u.wr(SCR, s);
      type = a === 0xa5 && b === 0x5a ? '16450' : '8250';
      break;
    }
    case 1:
      type = 'unknown';
      break;
    case 2:
      type = '16550';
      break;
    default:
      type = autoconfig16550a(u);
  }
  u.wr(LCR, saveLcr);
  // reset the UART: serial8250_clear_fifos, read RX, IER = 0
  u.wr(MCR, saveMcr);
  u.wr(FCR, FCR_ENABLE_FIFO);
  u.wr(FCR, FCR_ENABLE_FIFO | FCR_CLEAR_RCVR | FCR_CLEAR_XMIT);
  u.wr(FCR, 0);
  u.rd(RX);
  u.wr(IER, 0);
  return type;
}

/** The THRE test of serial8250_do_startup: does THRE re-assert after being cleared? */
function threReasserts(u: UartRig): { iir1: number; iir: number } {
  while (!(u.rd(LSR) & LSR_TEMT)) u.advance(100);
  u.wr(IER, IER_THRI);
  const iir1 = u.rd(IIR);
  u.wr(IER, 0);
  u.wr(IER, IER_THRI);
  const iir = u.rd(IIR);
  u.wr(IER, 0);
  return { iir1, iir };
}

const layouts = [
  { regShift: 0, bigEndian: true, width: 1 as const },
  { regShift: 0, bigEndian: false, width: 1 as const },
  { regShift: 2, bigEndian: true, width: 4 as const },
  { regShift: 2, bigEndian: false, width: 1 as const },
  { regShift: 3, bigEndian: false, width: 4 as const },
  { regShift: 3, bigEndian: true, width: 1 as const },
];

for (const l of layouts) {
  for (const byteCycles of [0, 2000]) {
    test(`Linux's 8250 autoconfig finds a 16550A (reg-shift ${l.regShift}, ${l.width * 8}-bit, ${l.bigEndian ? 'big' : 'little'}-endian, ${byteCycles} cycles/char)`, () => {
      const u = uartRig({ ...l, byteCycles });
      assert.equal(autoconfig(u), '16550A');
      const { iir1, iir } = threReasserts(u);
      assert.equal(iir1 & 0x0f, 0x02, 'THRE interrupt when ETBEI is enabled on an empty THR');
      assert.equal(iir & 0x01, 0, 'THRE re-asserted (no UART_BUG_THRE)');
      assert.notEqual(u.rd(LSR), 0xff, 'LSR safety check');
      assert.equal(u.irq(), false);
    });
  }
}

test('with the FIFO disabled the IIR top bits are 0 and autoconfig would see a 16450', () => {
  const u = uartRig();
  u.wr(FCR, 0);
  assert.equal(u.rd(IIR) & 0xc0, 0);
  u.wr(FCR, FCR_ENABLE_FIFO);
  assert.equal(u.rd(IIR) & 0xc0, 0xc0);
});
