// Timing mode on the bare machine (docs/timing.md): a kernel's cycle count equals instructions +
// stalls computed by hand from the documented latencies, for access patterns whose cache
// behaviour is known in advance — a sweep through an array much bigger than the board cache
// (every load misses), the same array on the remote node, uncached (kseg1) loads; runs are
// deterministic; fast and timing mode execute the same instructions; DMA invalidates lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, bootKernel } from '../priv/buildKernel';
import type { Machine } from '../../../../debug-adapter/machine/system/machine';
import { restoreMachine, saveMachine } from '../../../../debug-adapter/machine/system/machineSnapshot';
import type { MachineOptions, MachineTimingOptions } from '../../../../debug-adapter/machine/system/machineTypes';

/** Small caches so that the arrays stay small: 4 KB L1s, 16 KB board cache, 128-byte lines, 2-way. */
const TIMING: MachineTimingOptions = { clockMHz: 200, localMissNs: 300, remoteMissNs: 900, caches: { l1iKB: 4, l1dKB: 4, l2KB: 16, lineBytes: 128 } };
const LOCAL = 60; // ceil(300 ns × 200 MHz)
const REMOTE = 180; // ceil(900 ns × 200 MHz)
const STRIDE = 256;
const ARRAY_BYTES = 64 * 1024;
const LOADS = ARRAY_BYTES / STRIDE;

/**
 * Sets Config.K0 = 3 (cached kseg0), sweeps the array twice with one `lw` per 256 bytes and exits.
 * All code sits in one 128-byte line with an odd line number, and the data lines (stride 256)
 * all have even line numbers, so data never evicts code: in the second sweep every load misses
 * both caches (16 KB of even sets against 64 KB streamed through them, LRU) and every fetch hits.
 */
function sweepKernel(base: number): string {
  return `${PRELUDE}
  .text
  .skip 128
  .globl __start
__start:
  li $t0, 3
  mtc0 $t0, $16
  ehb
  jal sweep
  nop
pass2:
  jal sweep
  nop
done:
  uhi_exit 0
sweep:
  li $t1, ${base}
  li $t2, ${base + ARRAY_BYTES}
loop:
  lw $t3, 0($t1)
  addiu $t1, $t1, ${STRIDE}
  bne $t1, $t2, loop
  addiu $t4, $t4, 1
  jr $ra
  nop
`;
}

interface Span {
  readonly instructions: number;
  readonly cycles: number;
  readonly l2Misses: number;
  readonly uncached: number;
}

/** Runs to `from`, then to `to`, and returns what CPU 0 did in between. */
function measure(m: Machine, from: number, to: number): Span {
  const cpu = m.cpus[0];
  assert.ok(cpu !== undefined);
  const at = (): Span => {
    const s = m.timingSnapshot()?.cpus[0];
    assert.ok(s !== undefined, 'timing mode');
    return { instructions: cpu.state.icount, cycles: cpu.cycle, l2Misses: s.l2Misses, uncached: s.uncached };
  };
  m.setBreakpoints([from]);
  assert.deepEqual(m.run(1e6), { reason: 'breakpoint', cpu: 0, pc: from | 0 });
  const a = at();
  m.setBreakpoints([to]);
  assert.deepEqual(m.run(1e6), { reason: 'breakpoint', cpu: 0, pc: to | 0 });
  const b = at();
  return { instructions: b.instructions - a.instructions, cycles: b.cycles - a.cycles, l2Misses: b.l2Misses - a.l2Misses, uncached: b.uncached - a.uncached };
}

function boot(source: string, options: Partial<MachineOptions> = {}): { m: Machine; sym: (n: string) => number } {
  const k = bootKernel(source, { memoryMB: 64, timing: TIMING, ...options });
  return { m: k.machine, sym: (n) => k.sym(n) };
}

/** Instructions of the second sweep: jal+nop, 2×li (one lui each: the bases end in 16 zero bits), 4 per load, jr+nop. */
const SWEEP_INSTRUCTIONS = 2 + 2 + 4 * LOADS + 2;

test('a sweep through an array 4× the board cache: cycles = instructions + loads × local latency', () => {
  const { m, sym } = boot(sweepKernel(0x80200000));
  const s = measure(m, sym('pass2'), sym('done'));
  assert.equal(s.instructions, SWEEP_INSTRUCTIONS);
  assert.equal(s.l2Misses, LOADS);
  assert.equal(s.cycles, SWEEP_INSTRUCTIONS + LOADS * LOCAL);
  assert.deepEqual(m.run(1e6), { reason: 'exit', code: 0, cpu: 0 });
});

test('the same sweep on a 2-node machine: local memory costs 60 cycles a miss, the other node 180', () => {
  // 64 MB on 2 nodes: node 0 holds [0, 32 MB), node 1 [32 MB, 64 MB); CPU 0 is on node 0.
  const two = { cpus: 2, nodes: 2, holdSecondaries: true };
  const near = boot(sweepKernel(0x80200000), two);
  const far = boot(sweepKernel(0x82200000), two);
  const sn = measure(near.m, near.sym('pass2'), near.sym('done'));
  const sf = measure(far.m, far.sym('pass2'), far.sym('done'));
  assert.equal(sn.cycles, SWEEP_INSTRUCTIONS + LOADS * LOCAL);
  assert.equal(sf.cycles, SWEEP_INSTRUCTIONS + LOADS * REMOTE);
  const t = far.m.timingSnapshot();
  assert.ok(t !== undefined);
  assert.equal(t.cpus[0]?.node, 0);
  assert.ok((t.cpus[0]?.remoteMisses ?? 0) >= 2 * LOADS, 'both sweeps of the far array are remote');
  assert.ok(t.missCounters.pages.some((p) => p.page === 0x2200 && (p.reads[0] ?? 0) > 0), 'per-page counters name the far page and node 0');
});

test('kseg1 loads are uncached: each costs the memory latency and counts as uncached', () => {
  const { m, sym } = boot(sweepKernel(0xa0200000));
  const s = measure(m, sym('pass2'), sym('done'));
  assert.equal(s.uncached, LOADS);
  assert.equal(s.l2Misses, 0);
  assert.equal(s.cycles, SWEEP_INSTRUCTIONS + LOADS * LOCAL);
});

test('timing mode is deterministic: two runs give identical cycles and statistics', () => {
  const run = (): unknown => {
    const { m } = boot(sweepKernel(0x80200000), { cpus: 2, nodes: 2 });
    m.run(1e6);
    return { cycles: m.cpus.map((c) => c.cycle), timing: m.timingSnapshot() };
  };
  assert.deepEqual(run(), run());
});

test('fast and timing mode execute the same instructions (stepped trace and compiled run)', () => {
  const src = sweepKernel(0x80200000);
  const fast = bootKernel(src, { memoryMB: 64 }).machine;
  const timed = boot(src).m;
  for (let i = 0; i < 3000; i++) {
    const a = fast.cpus[0];
    const b = timed.cpus[0];
    assert.ok(a !== undefined && b !== undefined);
    assert.equal(b.state.pc, a.state.pc, `pc after ${i} steps`);
    assert.deepEqual(b.state.gpr, a.state.gpr, `registers after ${i} steps`);
    fast.step(0);
    timed.step(0);
  }
  const rf = fast.run(1e6);
  const rt = timed.run(1e6);
  assert.deepEqual(rt, rf);
  assert.equal(timed.cpus[0]?.state.icount, fast.cpus[0]?.state.icount);
  assert.deepEqual(timed.cpus[0]?.state.gpr, fast.cpus[0]?.state.gpr);
  assert.equal(fast.timingSnapshot(), undefined);
  assert.equal(fast.cpus[0]?.cycle, fast.cpus[0]?.state.icount, 'fast mode: one cycle per instruction');
});

test('DMA into memory invalidates the cached lines it writes', () => {
  const { m } = boot(sweepKernel(0x80200000));
  const model = m.timing;
  assert.ok(model !== undefined);
  assert.equal(model.onLoad(0, 0x300000, 4), LOCAL);
  assert.equal(model.onLoad(0, 0x300000, 4), 0);
  assert.equal(m.board.dma.write('test', 0x300010, new Uint8Array(4)), true);
  assert.equal(model.stats.snapshot()[0]?.invalidations, 1);
  assert.equal(model.onLoad(0, 0x300000, 4), LOCAL, 'the line is gone');
});

test('save and restore in timing mode: the resumed run repeats the same cycles and statistics', () => {
  const { m, sym } = boot(sweepKernel(0x80200000));
  m.setBreakpoints([sym('pass2')]);
  assert.equal(m.run(1e6).reason, 'breakpoint');
  const snap = structuredClone(saveMachine(m));
  m.setBreakpoints([]);
  assert.equal(m.run(1e6).reason, 'exit');
  const first = { cycle: m.cpus[0]?.cycle, timing: m.timingSnapshot() };
  restoreMachine(m, snap);
  assert.equal(m.run(1e6).reason, 'exit');
  assert.deepEqual({ cycle: m.cpus[0]?.cycle, timing: m.timingSnapshot() }, first);
});
