import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IP_TIMER } from '../../../../debug-adapter/machine/devices/interrupts';
import { IntervalTimer, TIMER_BITS as B, TIMER_MIN_PERIOD, TIMER_REGISTERS as R } from '../../../../debug-adapter/machine/devices/timer';
import { regs, rig } from './fixtures';

function timerRig(cpus = 2, clockHz = 200_000_000) {
  const { scheduler, irq } = rig(cpus);
  const lines = Array.from({ length: cpus }, (_, i) => irq.line(`timer.cpu${i}`, i, IP_TIMER));
  const timer = new IntervalTimer({ base: 0x1f012000, bigEndian: true, scheduler, clockHz, irqs: lines });
  return { scheduler, irq, lines, timer, cpu: (n: number) => regs(timer, n) };
}

const bank = (cpu: number, reg: number): number => R.CPU_BASE + cpu * R.CPU_STRIDE + reg;

test('the clock gives cycles and emulated nanoseconds from the clock rate', () => {
  const t = timerRig(1, 300_000_000);
  const r = t.cpu(0);
  assert.equal(r.r(R.HZ), 300_000_000);
  t.scheduler.advanceTo(3_000_000_000); // 10 s at 300 MHz
  assert.equal(r.r(R.CYCLES_LO), 3_000_000_000);
  assert.equal(r.r(R.CYCLES_HI), 0);
  const ns = r.r(R.NS_HI) * 2 ** 32 + r.r(R.NS_LO);
  assert.equal(ns, 10_000_000_000);
  t.scheduler.advanceTo(2 ** 40 + 7);
  assert.equal(r.r(R.CYCLES_HI), 2 ** 8);
  assert.equal(r.r(R.CYCLES_LO), 7);
  const exact = ((2n ** 40n + 7n) * 1_000_000_000n) / 300_000_000n;
  assert.equal(BigInt(r.r(R.NS_HI)) * 2n ** 32n + BigInt(r.r(R.NS_LO)), exact, 'no float rounding beyond 2^53 / 1e9 cycles');
});

test('a periodic timer expires every period, drives its CPU line while IE, and is acknowledged by W1C', () => {
  const t = timerRig();
  const r = t.cpu(1);
  r.w(bank(1, R.PERIOD), 1000);
  r.w(bank(1, R.CTRL), B.CTRL_ENABLE | B.CTRL_IE);
  assert.equal(r.r(bank(1, R.REMAINING)), 1000);
  t.scheduler.advanceTo(999);
  assert.equal(t.irq.pending(1), 0);
  t.scheduler.advanceTo(1000);
  assert.equal(t.irq.pending(1), 1 << (8 + IP_TIMER));
  assert.equal(t.irq.pending(0), 0, 'CPU 0 timer untouched');
  assert.equal(r.r(bank(1, R.STATUS)), B.STATUS_EXPIRED);
  r.w(bank(1, R.STATUS), B.STATUS_EXPIRED);
  assert.equal(t.lines[1]?.level, false);
  t.scheduler.advanceTo(3500);
  assert.equal(r.r(bank(1, R.TICKS)), 3);
  assert.equal(r.r(bank(1, R.REMAINING)), 500);
  r.w(bank(1, R.CTRL), B.CTRL_ENABLE);
  assert.equal(t.lines[1]?.level, false, 'IE off masks the line, status stays');
  assert.equal(r.r(bank(1, R.STATUS)), 1);
  r.w(bank(1, R.CTRL), 0);
  t.scheduler.advanceTo(10_000);
  assert.equal(r.r(bank(1, R.TICKS)), 3, 'stopped');
  assert.equal(t.scheduler.nextEventAt(), undefined);
});

test('the LOCAL bank addresses the accessing CPU', () => {
  const t = timerRig();
  t.cpu(0).w(R.LOCAL + R.PERIOD, 500);
  t.cpu(1).w(R.LOCAL + R.PERIOD, 700);
  assert.equal(t.cpu(1).r(bank(0, R.PERIOD)), 500);
  assert.equal(t.cpu(0).r(bank(1, R.PERIOD)), 700);
  assert.equal(t.timer.read(bank(2, R.PERIOD), 4, 0), undefined, 'no CPU 2');
  assert.equal(t.timer.read(0x14, 4, 0), undefined, 'hole');
});

test('one-shot mode fires once and clears ENABLE; periods below the minimum are raised', () => {
  const t = timerRig(1);
  const r = t.cpu(0);
  r.w(R.LOCAL + R.PERIOD, 1);
  r.w(R.LOCAL + R.CTRL, B.CTRL_ENABLE | B.CTRL_IE | B.CTRL_ONESHOT);
  t.scheduler.advanceTo(TIMER_MIN_PERIOD - 1);
  assert.equal(r.r(R.LOCAL + R.STATUS), 0);
  t.scheduler.advanceTo(100_000);
  assert.equal(r.r(R.LOCAL + R.TICKS), 1);
  assert.equal(r.r(R.LOCAL + R.CTRL), B.CTRL_IE | B.CTRL_ONESHOT);
  assert.equal(r.r(R.LOCAL + R.PERIOD), 1, 'PERIOD reads back as written');
});

test('writing PERIOD while running restarts the count', () => {
  const t = timerRig(1);
  const r = t.cpu(0);
  r.w(R.LOCAL + R.PERIOD, 1000);
  r.w(R.LOCAL + R.CTRL, B.CTRL_ENABLE);
  t.scheduler.advanceTo(600);
  r.w(R.LOCAL + R.PERIOD, 1000);
  t.scheduler.advanceTo(1599);
  assert.equal(r.r(R.LOCAL + R.TICKS), 0);
  t.scheduler.advanceTo(1600);
  assert.equal(r.r(R.LOCAL + R.TICKS), 1);
});

test('timer save, modify, restore', () => {
  const t = timerRig();
  t.cpu(0).w(bank(0, R.PERIOD), 300);
  t.cpu(0).w(bank(0, R.CTRL), 3);
  t.scheduler.advanceTo(1000);
  const saved = JSON.parse(JSON.stringify({ d: t.timer.saveState(), s: t.scheduler.saveState() }));
  t.cpu(0).w(bank(0, R.CTRL), 0);
  t.cpu(0).w(bank(0, R.STATUS), 1);
  t.scheduler.loadState(saved.s);
  t.timer.loadState(saved.d);
  assert.equal(t.lines[0]?.level, true);
  t.scheduler.advanceTo(1200);
  assert.equal(t.cpu(0).r(bank(0, R.TICKS)), 4);
  t.timer.reset();
  assert.equal(t.lines[0]?.level, false);
  assert.equal(t.cpu(0).r(bank(0, R.CTRL)), 0);
});
