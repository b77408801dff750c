// Timing mode on Debian's Linux booting cached: the kernel keeps the Config.K0 it finds as its
// cache attribute, and the board leaves K0 = 3 (as a boot loader does), so its code and data go
// through the caches, the SoftTlb and compiled regions. Compiled with every block entry at first
// use and run in short, odd quanta, the timing variant's regions leave at their budget checks
// after stalls over and over; the run must give the interpreter alone's execution exactly:
// console, retired instructions, cycles, registers, and every cache statistic and miss counter.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Machine } from '../../debug-adapter/machine/system/machine';
import { DEFAULT_TIMING } from '../../debug-adapter/machine/timing/timingParams';
import { bootedLinuxBoard, fetchLinuxBoot } from './linuxBoard';
import { LINUX_FETCH_MS } from './linuxQemu';

/** Cycles per round: odd, so that chunks end anywhere in a block. */
const QUANTUM = 997;
const INSTRUCTIONS = 6_000_000;

test('Debian Linux booting cached in timing mode: regions compiled at every entry, in short quanta, give the interpreter alone\'s cycles and statistics', { timeout: LINUX_FETCH_MS + 600_000 }, async () => {
  const boot = await fetchLinuxBoot();
  const run = (regions: boolean): { console: string; compiled: number; state: object; timing: ReturnType<Machine['timingSnapshot']> } => {
    const { machine: m, console } = bootedLinuxBoard(boot, { quantum: QUANTUM, timing: DEFAULT_TIMING });
    for (const c of m.cpus) c.useRegions = regions;
    m.code.hotThreshold = 1;
    const cpu = m.cpus[0];
    assert.ok(cpu !== undefined);
    assert.equal(m.run(INSTRUCTIONS).reason, 'limit');
    const S = cpu.state;
    return {
      console: console(),
      compiled: m.code.cache.compiled,
      state: { icount: S.icount, cycle: cpu.cycle, pc: S.pc, npc: S.npc, ds: S.inDelaySlot, gpr: [...S.gpr], hi: S.hi, lo: S.lo },
      timing: m.timingSnapshot(),
    };
  };
  const compiled = run(true);
  const interpreted = run(false);
  assert.match(compiled.console, /Linux version/);
  // The workload is the one meant: cached, with regions compiled, and stalls to check budgets after.
  const stats = compiled.timing?.cpus[0];
  assert.ok(stats !== undefined);
  assert.ok(stats.l1iHits > INSTRUCTIONS / 100 && stats.l1dHits > INSTRUCTIONS / 100, 'the boot runs cached');
  assert.ok(stats.uncached < INSTRUCTIONS / 100, `${stats.uncached} uncached accesses`);
  assert.ok(stats.l1iMisses > 1000 && stats.l1dMisses > 1000, 'the run stalls');
  assert.ok(compiled.compiled > 100, `${compiled.compiled} regions compiled`);
  assert.equal(interpreted.compiled, 0);
  assert.equal(compiled.console, interpreted.console);
  assert.deepEqual(compiled.state, interpreted.state);
  assert.deepEqual(compiled.timing, interpreted.timing);
});
