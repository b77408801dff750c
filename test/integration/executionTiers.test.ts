// The execution tiers give one execution: the guest OS on the bare 4-CPU machine, the guest OS
// under the Disco monitor and Debian's Linux booting (to an early point) are each run with the
// interpreter tier and compiled regions (the default), the interpreter alone, the interpreter with
// every entry compiled at once, and the tier before the interpreter (compiled single-step
// functions, with and without regions). Every exception any CPU takes is folded into a trace hash
// with the CPU, ExcCode, pc and retired count; the trace, the console and the final state
// (registers, pc state, CP0, retired counts, a hash of all memory) must be the same in every run.
// In timing mode the cycles and the cache model's statistics and miss counters must be too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBareKernel } from '../../debug-adapter/cli/bareRun';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { bootElf } from '../../debug-adapter/machine/system/bareBoot';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { DiscoMonitor } from '../../debug-adapter/monitor/monitor';
import { buildGuestDisk, GUEST_PROGRAMS } from '../../guest/tools/guestDisk';
import { LINUX_FETCH_MS } from './linuxQemu';
import { bootedLinuxBoard, fetchLinuxBoot } from './linuxBoard';
import { DEFAULT_TIMING } from '../../debug-adapter/machine/timing/timingParams';

const ROOT = join(import.meta.dirname, '..', '..');
const GUEST = join(ROOT, 'guest');
const io = nodeIo();

interface Tier {
  readonly name: string;
  readonly interpreter: boolean;
  readonly regions: boolean;
  /** CodeStore.hotThreshold, or undefined for the default. */
  readonly threshold?: number;
}

const TIERS: readonly Tier[] = [
  { name: 'interpreter and regions (default)', interpreter: true, regions: true },
  { name: 'interpreter alone', interpreter: true, regions: false },
  { name: 'interpreter, every entry compiled', interpreter: true, regions: true, threshold: 1 },
  { name: 'compiled steps and regions', interpreter: false, regions: true, threshold: 24 },
  { name: 'compiled steps alone', interpreter: false, regions: false },
];

/** Sets a machine's tier and folds every exception into a trace hash; returns the outcome reader. */
function observe(m: Machine, tier: Tier): () => object {
  for (const c of m.cpus) {
    c.useInterpreter = tier.interpreter;
    c.useRegions = tier.regions;
  }
  if (tier.threshold !== undefined) m.code.hotThreshold = tier.threshold;
  let trace = 0x811c9dc5;
  let exceptions = 0;
  const mix = (v: number): void => {
    trace = Math.imul(trace ^ (v | 0), 0x01000193) >>> 0;
  };
  const inner = m.onException;
  m.onException = (cpu, exc) => {
    exceptions++;
    mix(cpu.index);
    mix(exc.excCode);
    mix(exc.pc);
    mix(cpu.state.icount);
    return inner === undefined ? 'deliver' : inner(cpu, exc);
  };
  return () => {
    let memory = 0x811c9dc5;
    const w = m.memory.m32;
    for (let i = 0; i < w.length; i++) memory = Math.imul(memory ^ (w[i] as number), 16777619);
    const cpus = m.cpus.map((c) => ({
      gpr: [...c.state.gpr],
      hi: c.state.hi,
      lo: c.state.lo,
      pc: c.state.pc,
      npc: c.state.npc,
      ds: c.state.inDelaySlot,
      icount: c.state.icount,
      cycle: c.cycle,
      cp0: c.cp0.save(),
      tlb: c.jtlb.save(),
    }));
    return { trace, exceptions, memory, cpus, timing: m.timingSnapshot() };
  };
}

/** Runs `make` under every tier and checks each outcome against the first. */
function sameUnderEveryTier(make: (tier: Tier) => { outcome: object; console: string }, check: (first: { console: string }) => void): void {
  const first = make(TIERS[0] as Tier);
  check(first);
  for (const tier of TIERS.slice(1)) {
    const other = make(tier);
    assert.equal(other.console, first.console, `console: ${tier.name}`);
    assert.deepEqual(other.outcome, first.outcome, `trace and final state: ${tier.name}`);
  }
}

for (const timing of [false, true]) {
  test(`the guest OS on 4 bare CPUs${timing ? ' in timing mode (2 nodes)' : ''}: one execution under every tier`, () => {
    const kernel = loadBareKernel(join(GUEST, 'kernel', 'kernel.S'), undefined, io);
    const image = buildGuestDisk(io.files, {
      programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(GUEST, p.source) })),
      linkScript: join(GUEST, 'user', 'user.ld'),
      initArgs: [1 | 2 | 4 | 8 | 16, 4, 0, 0],
      nics: 0,
    });
    sameUnderEveryTier(
      (tier) => {
        let out = '';
        const m = new Machine({
          cpus: 4,
          memoryMB: 16,
          endianness: 'big',
          disks: [new MemoryDiskImage(image)],
          console: (t) => (out += t),
          ...(timing ? { timing: DEFAULT_TIMING, nodes: 2 } : {}),
        });
        const outcome = observe(m, tier);
        bootElf(m, kernel);
        let stop = m.run(30_000_000);
        while (stop.reason === 'limit' && m.retired < 400_000_000) stop = m.run(30_000_000);
        assert.match(stop.reason, /exit|poweroff/, tier.name);
        return { outcome: { ...outcome(), stop }, console: out };
      },
      (first) => assert.match(first.console, /init: done/),
    );
  });
}

for (const timing of [false, true]) {
  test(`the guest OS under the monitor (one VM, 2 CPUs${timing ? ', timing mode' : ''}): one execution under every tier`, () => {
    const path = join(ROOT, 'examples', 'one-vm', 'one-vm.disco.json');
    sameUnderEveryTier(
      (tier) => {
        let out = '';
        const config = loadConfig(readFileSync(path, 'utf8'), path, io.files);
        const monitor = new DiscoMonitor({
          config: timing ? { ...config, machine: { ...config.machine, mode: 'timing' } } : config,
          files: io.files,
          console: (vm, line) => (out += `${vm}: ${line}\n`),
        });
        const outcome = observe(monitor.machine, tier);
        const stop = monitor.run(400_000_000);
        assert.deepEqual(stop, { reason: 'halted' }, tier.name);
        return { outcome: outcome(), console: out };
      },
      (first) => assert.match(first.console, /init: done/),
    );
  });
}

for (const timing of [false, true]) {
  test(`Debian Linux, the first ${timing ? 10 : 40} M instructions of its boot${timing ? ' in timing mode' : ''}: one execution under every tier`, { timeout: LINUX_FETCH_MS + 600_000 }, async () => {
    const boot = await fetchLinuxBoot();
    sameUnderEveryTier(
      (tier) => {
        const { machine: m, console } = bootedLinuxBoard(boot, timing ? { timing: DEFAULT_TIMING } : {});
        const outcome = observe(m, tier);
        const stop = m.run(timing ? 10_000_000 : 40_000_000);
        assert.equal(stop.reason, 'limit', tier.name);
        return { outcome: outcome(), console: console() };
      },
      (first) => assert.match(first.console, /Linux version/),
    );
  });
}
