// The interpreter tier against the compiled single-step functions (the emitters' semantics): every
// ISA table entry, with its free fields filled at random, is stepped twice (cold SoftTlb, then
// warm) on two identical CPUs, one with the interpreter and one without, from random registers
// (boundary values, addresses in and out of mapped memory, misaligned ones), in and out of a
// branch delay slot; registers, HI/LO, pc state, FPU state, the LL reservation, the exceptions
// taken and the memory they can reach must agree after each step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INSTRUCTIONS } from '../../../debug-adapter/isa';
import { bareCpu, type BareCpu } from './bareCpu';

const CODE = 0x1000;
const DATA = 0x8000;
const TRIALS_PER_ENTRY = 24;

/** A deterministic 32-bit generator (xorshift). */
function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s | 0;
  };
}

const BOUNDARY = [0, 1, -1, 2, 0x7fff, 0x8000, -0x8000, 0xffff, 0x7fffffff, -0x80000000, -2, 31, 32];

function registerValue(next: () => number): number {
  const k = (next() >>> 0) % 4;
  if (k === 0) return BOUNDARY[(next() >>> 0) % BOUNDARY.length] as number;
  // Addresses in the data page (aligned and not), so loads and stores take their fast paths.
  if (k === 1) return DATA + ((next() >>> 0) % 0x1000);
  if (k === 2) return DATA + 4 * ((next() >>> 0) % 0x400);
  return next();
}

/** Sets both CPUs to the same random state with `word` at CODE and CODE + 4. */
function prepare(pair: readonly BareCpu[], word: number, next: () => number): void {
  const regs = Array.from({ length: 32 }, (_, i) => (i === 0 ? 0 : registerValue(next)));
  const fprs = Array.from({ length: 32 }, () => next());
  const data = Array.from({ length: 1024 }, () => next());
  const hi = next();
  const lo = next();
  const inDelay = (next() & 3) === 0;
  for (const m of pair) {
    const S = m.cpu.state;
    S.gpr.set(regs);
    S.fpr.set(fprs);
    S.hi = hi;
    S.lo = lo;
    S.llAddr = -1;
    S.fcr31 = 0;
    S.pc = CODE;
    S.npc = inDelay ? CODE + 0x400 : CODE + 4;
    S.inDelaySlot = inDelay;
    m.load(CODE, [word, word, 0, 0]);
    m.load(CODE + 0x400, [word, word, 0, 0]);
    m.load(DATA, data);
    m.exceptions.length = 0;
    m.cpu.resume();
  }
}

function observable(m: BareCpu): object {
  const S = m.cpu.state;
  return {
    gpr: [...S.gpr],
    fpr: [...S.fpr],
    hi: S.hi,
    lo: S.lo,
    pc: S.pc,
    npc: S.npc,
    ds: S.inDelaySlot,
    icount: S.icount,
    fcr31: S.fcr31,
    ll: [S.llAddr, S.llValue],
    exceptions: m.exceptions.map((e) => ({ ...e })),
    data: [...m.memory.m32.subarray(DATA >>> 2, (DATA >>> 2) + 1024)],
  };
}

for (const endianness of ['big', 'little'] as const) {
  test(`every ISA table entry steps alike through the interpreter and the compiled stepper (${endianness}-endian)`, () => {
    const next = rng(endianness === 'big' ? 0x1234567 : 0x7654321);
    const interpreted = bareCpu({ endianness });
    const compiled = bareCpu({ endianness });
    compiled.cpu.useInterpreter = false;
    const pair = [interpreted, compiled];
    let trials = 0;
    for (const spec of INSTRUCTIONS) {
      for (let t = 0; t < TRIALS_PER_ENTRY; t++) {
        const word = ((next() & ~spec.mask) | spec.match) >>> 0;
        prepare(pair, word, next);
        for (const step of [1, 2]) {
          for (const m of pair) m.cpu.step();
          assert.deepEqual(observable(interpreted), observable(compiled), `${spec.name} 0x${word.toString(16).padStart(8, '0')}, step ${step}`);
        }
        trials++;
      }
    }
    assert.ok(trials > 4000, `${trials} trials`);
  });
}
