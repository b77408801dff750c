import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INVALID, type CacheArray } from '../../../../debug-adapter/machine/timing/cacheModel';
import { TimingModel } from '../../../../debug-adapter/machine/timing/timingModel';
import type { TimingParams } from '../../../../debug-adapter/machine/timing/timingParams';
import { mulberry32 } from '../../../support/prng';
import { ReferenceModel, type RefCache } from './referenceModel';

const MESI = ['?', 'S', 'E', 'M'] as const;

interface Shape {
  readonly cpus: number;
  readonly nodes: number;
  readonly l1Ways: number;
  readonly l2Ways: number;
}

/** Small caches (1 KB L1s, 4 KB board cache, 32-byte lines) over 64 KB of memory: lots of evictions. */
function build(s: Shape): { model: TimingModel; ref: ReferenceModel } {
  const params: TimingParams = {
    cpus: s.cpus,
    nodes: s.nodes,
    memoryBytes: 64 * 1024,
    clockMHz: 200,
    localMissNs: 300,
    remoteMissNs: 900,
    l2HitCycles: 10,
    caches: { l1iKB: 1, l1dKB: 1, l2KB: 4, lineBytes: 32 },
    l1Ways: s.l1Ways,
    l2Ways: s.l2Ways,
  };
  const ref = new ReferenceModel({
    cpus: s.cpus, nodes: s.nodes, memoryBytes: 64 * 1024, lineBytes: 32, l1Bytes: 1024, l2Bytes: 4096,
    l1Ways: s.l1Ways, l2Ways: s.l2Ways, l2Hit: 10, local: 60, remote: 180,
  });
  return { model: new TimingModel(params), ref };
}

/** load, store, fetch, flushPage, DMA write of `cpu` (here: a length) bytes. */
type Kind = 0 | 1 | 2 | 3 | 4;
type Op = readonly [kind: Kind, cpu: number, pa: number];
const KIND_NAMES = ['load', 'store', 'fetch', 'flushPage', 'dma'];

/** A seeded stream: 70% from a small shared working set (hits, sharing), 30% anywhere; rare flushes and DMA. */
function stream(seed: number, n: number, cpus: number): Op[] {
  const r = mulberry32(seed);
  const hot = Array.from({ length: 48 }, () => Math.floor(r() * 64 * 1024) & ~3);
  const ops: Op[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    const kind: Kind = x < 0.2 ? 2 : x < 0.645 ? 0 : x < 0.995 ? 1 : x < 0.998 ? 3 : 4;
    const pa = r() < 0.7 ? (hot[Math.floor(r() * hot.length)] as number) : Math.floor(r() * 64 * 1024) & ~3;
    ops.push([kind, kind === 4 ? 1 + Math.floor(r() * 300) : Math.floor(r() * cpus), pa]);
  }
  return ops;
}

/** Applies one op to the model; the stall (0 for flushes and DMA). */
function apply(m: TimingModel, [kind, cpu, pa]: Op): number {
  switch (kind) {
    case 0:
      return m.onLoad(cpu, pa, 4);
    case 1:
      return m.onStore(cpu, pa, 4);
    case 2:
      return m.onFetch(cpu, pa);
    case 3:
      m.flushPage(pa);
      return 0;
    case 4:
      m.invalidateRange(pa, cpu);
      return 0;
  }
}

function applyRef(ref: ReferenceModel, [kind, cpu, pa]: Op): number {
  switch (kind) {
    case 0:
      return ref.load(cpu, pa);
    case 1:
      return ref.store(cpu, pa);
    case 2:
      return ref.fetch(cpu, pa);
    case 3:
      ref.invalidateRange(pa - (pa % 4096), 4096);
      return 0;
    case 4:
      ref.invalidateRange(pa, cpu);
      return 0;
  }
}

function runBoth(model: TimingModel, ref: ReferenceModel, ops: readonly Op[]): void {
  ops.forEach((op, i) => {
    const got = apply(model, op);
    const want = applyRef(ref, op);
    if (got !== want) assert.fail(`op ${i} (${KIND_NAMES[op[0]]} cpu${op[1]} 0x${op[2].toString(16)}): stall ${got}, reference ${want}`);
  });
}

/** Every set of every CPU's cache as "line:state" strings, most recent first. */
function contents(c: CacheArray, state: (tag: number) => string): string[][] {
  const out: string[][] = [];
  for (let cpu = 0; cpu < c.cpus; cpu++) {
    for (let set = 0; set < c.sets; set++) {
      const row: string[] = [];
      for (let w = 0; w < c.ways; w++) {
        const tag = c.tags[cpu * c.perCpu + set * c.ways + w] as number;
        if (tag !== INVALID) row.push(`${tag >> c.shift}:${state(tag)}`);
      }
      out.push(row);
    }
  }
  return out;
}

function refContents<S>(caches: readonly RefCache<S>[], state: (s: S) => string): string[][] {
  const out: string[][] = [];
  for (const c of caches) {
    for (let set = 0; set < c.nsets; set++) out.push(c.order(set).map((line) => `${line}:${state(c.state(line) as S)}`));
  }
  return out;
}

function assertSameState(model: TimingModel, ref: ReferenceModel): void {
  assert.deepEqual(contents(model.l1i, () => 'v'), refContents(ref.cpus.map((c) => c.l1i), () => 'v'), 'L1I contents');
  assert.deepEqual(contents(model.l1d, (t) => String(t & 1)), refContents(ref.cpus.map((c) => c.l1d), (w) => (w ? '1' : '0')), 'L1D contents');
  assert.deepEqual(contents(model.l2, (t) => MESI[t & 3] as string), refContents(ref.cpus.map((c) => c.l2), (s) => s), 'L2 contents');
  assert.deepEqual(model.stats.snapshot(), ref.cpus.map((c) => c.stats), 'stats');
  const counts = new Map<string, [number, number]>();
  for (const p of model.counters.snapshot().pages) {
    p.reads.forEach((r, node) => {
      const w = p.writes[node] as number;
      if (r + w > 0) counts.set(`${p.page},${node}`, [r, w]);
    });
  }
  assert.deepEqual(new Map([...counts].sort()), new Map([...ref.counts].sort()), 'miss counters');
}

const SHAPES: Shape[] = [
  { cpus: 1, nodes: 1, l1Ways: 2, l2Ways: 2 },
  { cpus: 1, nodes: 1, l1Ways: 1, l2Ways: 1 },
  { cpus: 2, nodes: 2, l1Ways: 2, l2Ways: 2 },
  { cpus: 4, nodes: 2, l1Ways: 4, l2Ways: 2 },
  { cpus: 4, nodes: 4, l1Ways: 1, l2Ways: 4 },
  { cpus: 8, nodes: 2, l1Ways: 2, l2Ways: 8 },
];

for (const s of SHAPES) {
  test(`random streams match the reference model: ${s.cpus} CPUs, ${s.nodes} nodes, L1 ${s.l1Ways}-way, L2 ${s.l2Ways}-way`, () => {
    for (const seed of [1, 2, 3]) {
      const { model, ref } = build(s);
      runBoth(model, ref, stream(seed * 7919 + s.cpus, 20000, s.cpus));
      assertSameState(model, ref);
    }
  });
}

test('the streams exercise every path the reference knows', () => {
  const { model, ref } = build({ cpus: 4, nodes: 2, l1Ways: 2, l2Ways: 2 });
  runBoth(model, ref, stream(42, 20000, 4));
  const total = model.stats.snapshot().reduce((a, c) => {
    for (const [k, v] of Object.entries(c)) a[k] = (a[k] ?? 0) + v;
    return a;
  }, {} as Record<string, number>);
  for (const s of model.stats.snapshot()) assert.equal(s.localMisses + s.remoteMisses, s.l2Misses + s.upgrades, 'every memory request is local or remote');
  for (const k of ['l1iHits', 'l1iMisses', 'l1dHits', 'l1dMisses', 'l2Hits', 'l2Misses', 'upgrades', 'localMisses', 'remoteMisses', 'writebacks', 'invalidations']) {
    assert.ok((total[k] ?? 0) > 50, `${k} = ${total[k]}`);
  }
});

test('two runs of one stream give identical state (determinism)', () => {
  const ops = stream(9, 20000, 4);
  const a = build({ cpus: 4, nodes: 2, l1Ways: 2, l2Ways: 2 }).model;
  const b = build({ cpus: 4, nodes: 2, l1Ways: 2, l2Ways: 2 }).model;
  const run = (m: TimingModel): number[] => ops.map((op) => apply(m, op));
  assert.deepEqual(run(a), run(b));
  assert.deepEqual(a.saveState(), b.saveState());
});

test('save and restore: the resumed run repeats the same stalls, also through structuredClone', () => {
  const { model } = build({ cpus: 4, nodes: 2, l1Ways: 2, l2Ways: 2 });
  const run = (ops: readonly Op[]): number[] => ops.map((op) => apply(model, op));
  model.counters.setHotThreshold(5);
  run(stream(5, 5000, 4));
  const saved = structuredClone(model.saveState());
  const tail = stream(6, 5000, 4);
  const first = run(tail);
  const after = model.saveState();
  const hot = model.counters.takeHotPages();
  model.loadState(saved);
  assert.deepEqual(run(tail), first);
  assert.deepEqual(model.saveState(), after);
  assert.deepEqual(model.counters.takeHotPages(), hot);
  assert.ok(first.some((x) => x > 0) && hot.length > 0);
});

test('loadState refuses a state of another shape', () => {
  const a = build({ cpus: 2, nodes: 2, l1Ways: 2, l2Ways: 2 }).model;
  const b = build({ cpus: 4, nodes: 2, l1Ways: 2, l2Ways: 2 }).model;
  assert.throws(() => a.loadState(b.saveState()), RangeError);
});
