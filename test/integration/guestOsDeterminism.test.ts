// Determinism and exactness of the privileged machine under a real multiprocessor workload: the
// guest OS on 4 CPUs (timer interrupts, IPIs, TLB refills, system calls, context switches) is
// run twice with compiled regions, once split into odd-sized runs and once on the stepper alone.
// Every exception any CPU takes (interrupts included) is folded into a trace hash with the CPU,
// ExcCode, pc and retired count; all four runs must give the same hash, console and final state.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadBareKernel } from '../../debug-adapter/cli/bareRun';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { bootElf } from '../../debug-adapter/machine/system/bareBoot';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { buildGuestDisk, GUEST_PROGRAMS } from '../../guest/tools/guestDisk';

const GUEST = join(import.meta.dirname, '..', '..', 'guest');
const io = nodeIo();
const kernel = loadBareKernel(join(GUEST, 'kernel', 'kernel.S'), undefined, io);
const image = buildGuestDisk(io.files, {
  programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(GUEST, p.source) })),
  linkScript: join(GUEST, 'user', 'user.ld'),
  initArgs: [1 | 2 | 4 | 8 | 16, 8, 0, 0],
  nics: 0,
});

interface Outcome {
  readonly hash: number;
  readonly exceptions: number;
  readonly console: string;
  readonly stop: string;
  readonly icounts: readonly number[];
  readonly gprs: readonly (readonly number[])[];
}

function run(regions: boolean, chunk: (i: number) => number): Outcome {
  let out = '';
  const m = new Machine({ cpus: 4, memoryMB: 16, endianness: 'big', disks: [new MemoryDiskImage(image)], console: (t) => (out += t) });
  for (const c of m.cpus) c.useRegions = regions;
  let hash = 0x811c9dc5;
  let exceptions = 0;
  const mix = (v: number): void => {
    hash = Math.imul(hash ^ (v | 0), 0x01000193) >>> 0;
  };
  m.onException = (cpu, exc) => {
    exceptions++;
    mix(cpu.index);
    mix(exc.excCode);
    mix(exc.pc);
    mix(cpu.state.icount);
    return 'deliver';
  };
  bootElf(m, kernel);
  let stop = m.run(chunk(0));
  for (let i = 1; stop.reason === 'limit' && m.retired < 400_000_000; i++) stop = m.run(chunk(i));
  return {
    hash,
    exceptions,
    console: out,
    stop: JSON.stringify(stop),
    icounts: m.cpus.map((c) => c.state.icount),
    gprs: m.cpus.map((c) => [...c.state.gpr]),
  };
}

test('4 CPUs with interrupts: regions twice, split runs and the stepper give one exception trace', () => {
  const a = run(true, () => 50_000_000);
  assert.match(a.stop, /"reason":"(exit|poweroff)"/);
  assert.match(a.console, /init: done/);
  assert.ok(a.exceptions > 1000, `a real interrupt-driven run (${a.exceptions} exceptions)`);
  const b = run(true, () => 50_000_000);
  assert.deepEqual(b, a, 'a second run with regions');
  const split = run(true, (i) => 7_919 + ((i * 104_729) % 250_000));
  assert.deepEqual(split, a, 'the same run split into odd-sized pieces');
  const stepped = run(false, () => 50_000_000);
  assert.deepEqual(stepped, a, 'the stepper alone');
});
