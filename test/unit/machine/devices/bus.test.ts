import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MmioBus } from '../../../../debug-adapter/machine/devices/bus';
import { type DeviceState, WordRegisterDevice } from '../../../../debug-adapter/machine/devices/device';

/** One register at 0 (RW) and 4 (read-only 0x11223344); nothing else decoded. */
class TwoRegisters extends WordRegisterDevice {
  value = 0;
  protected readWord(offset: number, cpu: number): number | undefined {
    if (offset === 0) return this.value;
    if (offset === 4) return 0x11223344;
    if (offset === 8) return cpu;
    return undefined;
  }
  protected writeWord(offset: number, value: number): boolean {
    if (offset !== 0) return false;
    this.value = value;
    return true;
  }
  reset(): void {
    this.value = 0;
  }
  saveState(): DeviceState {
    return { value: this.value };
  }
  loadState(s: DeviceState): void {
    this.value = s.value as number;
  }
}

test('the bus routes by physical address and reports unmapped accesses', () => {
  const bus = new MmioBus();
  bus.attach(new TwoRegisters('a', 0x1f000000, 0x1000, true));
  bus.attach(new TwoRegisters('b', 0x1f002000, 0x100, true));
  assert.equal(bus.write(0x1f000000, 4, 0xdeadbeef, 0), true);
  assert.equal(bus.read(0x1f000000, 4, 0), 0xdeadbeef);
  assert.equal(bus.read(0x1f002004, 4, 0), 0x11223344);
  assert.equal(bus.read(0x1f001000, 4, 0), undefined, 'hole between devices');
  assert.equal(bus.write(0x1f001000, 4, 1, 0), false);
  assert.equal(bus.read(0x1f00000c, 4, 0), undefined, 'offset the device does not decode');
  assert.equal(bus.read(0x1f000002, 4, 0), undefined, 'misaligned');
  assert.equal(bus.read(0x9f000000, 4, 0), undefined, 'a virtual address is not physical');
  assert.equal(bus.read(0x1f000008, 4, 3), 3, 'the access carries the CPU number');
  assert.equal(bus.find(0x1f0020ff)?.name, 'b');
  assert.equal(bus.find(0x1f002100), undefined);
});

test('overlapping windows and duplicate names are refused', () => {
  const bus = new MmioBus();
  bus.attach(new TwoRegisters('a', 0x1000, 0x1000, true));
  assert.throws(() => bus.attach(new TwoRegisters('b', 0x1800, 0x1000, true)), /overlaps a/);
  assert.throws(() => bus.attach(new TwoRegisters('a', 0x4000, 0x1000, true)), /already/);
});

test('byte and halfword reads see the register in guest byte order; sub-word writes are bus errors', () => {
  for (const bigEndian of [true, false]) {
    const bus = new MmioBus();
    bus.attach(new TwoRegisters('a', 0x1000, 0x1000, bigEndian));
    const bytes = [0, 1, 2, 3].map((i) => bus.read(0x1004 + i, 1, 0));
    const halves = [0, 2].map((i) => bus.read(0x1004 + i, 2, 0));
    if (bigEndian) {
      assert.deepEqual(bytes, [0x11, 0x22, 0x33, 0x44]);
      assert.deepEqual(halves, [0x1122, 0x3344]);
    } else {
      assert.deepEqual(bytes, [0x44, 0x33, 0x22, 0x11]);
      assert.deepEqual(halves, [0x3344, 0x1122]);
    }
    assert.equal(bus.write(0x1000, 1, 5, 0), false);
    assert.equal(bus.write(0x1000, 2, 5, 0), false);
    assert.equal(bus.peek(0x1004, 1), bigEndian ? 0x11 : 0x44);
  }
});

test('the bus saves, restores and resets every device', () => {
  const bus = new MmioBus();
  const a = new TwoRegisters('a', 0x1000, 0x1000, true);
  bus.attach(a);
  a.value = 7;
  const s = bus.saveState();
  a.value = 9;
  bus.loadState(JSON.parse(JSON.stringify(s)));
  assert.equal(a.value, 7);
  bus.reset();
  assert.equal(a.value, 0);
  assert.throws(() => bus.loadState({}), /lacks device "a"/);
});
