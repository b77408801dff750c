// Micro-benchmark of the timing model: accesses per second through onLoad/onStore/onFetch on
// prepared physical-address streams, next to the same loop doing only what fast mode does per
// access (one typed-array read or write of guest memory), so the ratio bounds the slowdown of
// timing mode for memory-bound code. Usage: npx tsx bench/timing/timingBench.ts [accesses]

import { TimingModel } from '../../debug-adapter/machine/timing/timingModel';
import { mulberry32 } from '../../test/support/prng';

const N = Number(process.argv[2] ?? 20_000_000);
const MEMORY = 64 << 20;
const CPUS = 4;

interface Stream {
  readonly name: string;
  /** Per access: 0 load, 1 store, 2 fetch; the CPU; the physical address. */
  readonly kind: Uint8Array;
  readonly cpu: Uint8Array;
  readonly pa: Int32Array;
}

/** A stream whose accesses fall in a working set of `ws` bytes per CPU (walked mostly sequentially). */
function makeStream(name: string, ws: number, seed: number): Stream {
  const r = mulberry32(seed);
  const kind = new Uint8Array(N);
  const cpu = new Uint8Array(N);
  const pa = new Int32Array(N);
  const cursor = new Int32Array(CPUS);
  let c = 0;
  for (let i = 0; i < N; i++) {
    if (i % 1000 === 0) c = Math.floor(r() * CPUS); // a scheduling quantum
    const x = r();
    kind[i] = x < 0.25 ? 2 : x < 0.75 ? 0 : 1;
    const base = c * (MEMORY / CPUS);
    cursor[c] = r() < 0.8 ? ((cursor[c] as number) + 4) % ws : Math.floor(r() * ws) & ~3;
    const shared = r() < 0.02;
    pa[i] = shared ? Math.floor(r() * 4096) & ~3 : base + (cursor[c] as number);
    cpu[i] = c;
  }
  return { name, kind, cpu, pa };
}

function model(): TimingModel {
  return new TimingModel({
    cpus: CPUS, nodes: 2, memoryBytes: MEMORY, clockMHz: 200, localMissNs: 300, remoteMissNs: 900,
    caches: { l1iKB: 32, l1dKB: 32, l2KB: 1024, lineBytes: 128 },
  });
}

function runTiming(s: Stream, t: TimingModel): number {
  let stall = 0;
  const { kind, cpu, pa } = s;
  for (let i = 0; i < N; i++) {
    const k = kind[i] as number;
    const c = cpu[i] as number;
    const a = pa[i] as number;
    if (k === 0) stall += t.onLoad(c, a, 4);
    else if (k === 1) stall += t.onStore(c, a, 4);
    else stall += t.onFetch(c, a);
  }
  return stall;
}

function runBaseline(s: Stream, m32: Int32Array): number {
  let acc = 0;
  const { kind, pa } = s;
  for (let i = 0; i < N; i++) {
    const k = kind[i] as number;
    const a = (pa[i] as number) >> 2;
    if (k === 1) m32[a] = i;
    else acc = (acc + (m32[a] as number)) | 0;
  }
  return acc;
}

/** Seconds of the fastest of three runs after a warm-up (the machine may be shared). */
function time(f: () => number): number {
  f();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

// L1 hits only (4 CPUs, 32 lines each): the cost a cached access pays in timing mode.
const HITS = 20_000_000;
const hitAddress = (i: number): number => ((i & 3) << 24) + ((i & 1023) << 2);
function loadHits(t: TimingModel): number {
  let stall = 0;
  for (let i = 0; i < HITS; i++) stall += t.onLoad(i & 3, hitAddress(i), 4);
  return stall;
}
function storeHits(t: TimingModel): number {
  let stall = 0;
  for (let i = 0; i < HITS; i++) stall += t.onStore(i & 3, hitAddress(i), 4);
  return stall;
}
function fetchHits(t: TimingModel): number {
  let stall = 0;
  for (let i = 0; i < HITS; i++) stall += t.onFetch(i & 3, hitAddress(i));
  return stall;
}
const nsPerHit = (f: (t: TimingModel) => number): string => {
  const t = model();
  return ((time(() => f(t)) * 1e9) / HITS).toFixed(1);
};

const m32 = new Int32Array(MEMORY / 4);
console.log(`${N} accesses per stream, ${CPUS} CPUs, 2 nodes, 32+32 KB 2-way L1, 1 MB 2-way L2, 128-byte lines`);
for (const s of [makeStream('L1-resident (16 KB per CPU)', 16 << 10, 1), makeStream('L2-resident (512 KB per CPU)', 512 << 10, 2), makeStream('memory-bound (8 MB per CPU)', 8 << 20, 3)]) {
  const t = model();
  const sec = time(() => {
    t.reset();
    return runTiming(s, t);
  });
  const base = time(() => runBaseline(s, m32));
  const st = t.stats.snapshot().reduce((a, c) => ({ l1: a.l1 + c.l1dMisses + c.l1iMisses, l2: a.l2 + c.l2Misses }), { l1: 0, l2: 0 });
  console.log(
    `${s.name.padEnd(30)} ${(N / sec / 1e6).toFixed(1).padStart(6)} M accesses/s` +
      `  (memory-only loop ${(N / base / 1e6).toFixed(1)} M/s, ratio ${(sec / base).toFixed(2)})` +
      `  L1 miss ${((100 * st.l1) / N).toFixed(2)}%  L2 miss ${((100 * st.l2) / N).toFixed(3)}%`,
  );
}
console.log(`L1 hit cost per call: onLoad ${nsPerHit(loadHits)} ns, onStore ${nsPerHit(storeHits)} ns, onFetch ${nsPerHit(fetchHits)} ns`);
