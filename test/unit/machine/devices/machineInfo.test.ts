import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INFO_BITS, INFO_REGISTERS as R, MachineInfo } from '../../../../debug-adapter/machine/devices/machineInfo';
import { POWER_REGISTERS as P, PowerControl } from '../../../../debug-adapter/machine/devices/powerOff';
import { regs } from './fixtures';

test('machine info describes the board; WHOAMI and MYNODE answer for the accessing CPU', () => {
  const info = new MachineInfo({ base: 0x1f010000, bigEndian: false, cpus: 8, nodes: 4, memoryBytes: 64 << 20, clockHz: 200_000_000 });
  const r = regs(info, 5);
  assert.equal(r.r(R.MAGIC), INFO_BITS.MAGIC_VALUE);
  assert.deepEqual([R.NCPUS, R.NNODES, R.MEMSIZE, R.NODE_MEMSIZE, R.CLOCK_HZ, R.WHOAMI, R.MYNODE, R.FLAGS].map((o) => r.r(o)), [8, 4, 64 << 20, 16 << 20, 200_000_000, 5, 2, 0]);
  assert.deepEqual(Array.from({ length: 8 }, (_, i) => r.r(R.CPU_NODE_BASE + 4 * i)), [0, 0, 1, 1, 2, 2, 3, 3]);
  assert.equal(regs(info, 7).r(R.WHOAMI), 7);
  assert.equal(info.read(R.CPU_NODE_BASE + 4 * 8, 4, 0), undefined);
  assert.equal(info.write(R.NCPUS, 4, 1, 0), false, 'read-only: writes are bus errors');
  assert.equal(info.read(R.MAGIC, 1, 0), 0x43, "little-endian byte 0 of 'DISC'");
});

test('power-off calls back with the code and the CPU, and remembers it', () => {
  const calls: [number, number][] = [];
  const p = new PowerControl({ base: 0x1f011000, bigEndian: true, onPowerOff: (code, cpu) => calls.push([code, cpu]) });
  assert.equal(p.exitCode, undefined);
  assert.equal(regs(p).r(P.STATUS), 0);
  regs(p, 3).w(P.OFF, 42);
  assert.deepEqual(calls, [[42, 3]]);
  assert.equal(p.exitCode, 42);
  assert.equal(regs(p).r(P.STATUS), 1);
  assert.equal(regs(p).r(P.OFF), 42);
  const s = p.saveState();
  p.reset();
  assert.equal(p.exitCode, undefined);
  p.loadState(s);
  assert.equal(p.exitCode, 42);
  assert.equal(p.write(P.STATUS, 4, 1, 0), false);
});
