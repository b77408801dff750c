// What generated code closes over: the helper table H (integer and FPU helpers, exception
// constructor), the physical-memory views of one machine, the SoftTlb table of its CPUs (tm) and,
// in timing mode, its cache model ($timing).
// `compile` turns emitted source into a function through `new Function`, binding those names once
// per machine as constants of the function (TurboFan folds their checks and lengths, even inside
// loops); a source is compiled once per process, whichever machine, VM or restored snapshot emits
// it again (the source holds the code's addresses, so equal text is equal code). A machine in
// timing mode compiles the timing variant (`timing` set, see timingEmit.ts).

import { GuestException } from '../exceptions';
import { fpuOps } from '../fpu/fpuOps';
import * as intArith from '../intArith';
import type { PhysicalMemory } from '../physicalMemory';
import { SoftTlbTable } from '../softTlb';
import type { CodeTiming } from './timingEmit';

/** The helper table visible to emitted code as `H`. */
export const HELPERS = {
  ...intArith,
  fpu: fpuOps,
  exc: (code: number, coprocessor: number): GuestException => new GuestException(code, undefined, coprocessor),
};

type Factory = (h: typeof HELPERS, m8: Uint8Array, m16: Uint16Array, m32: Int32Array, tm: Int32Array, timing: CodeTiming | undefined) => (...args: never[]) => unknown;

/** Compiled sources of this process, oldest first; the oldest is dropped beyond MAX_FACTORIES. */
const FACTORIES = new Map<string, Factory>();
const MAX_FACTORIES = 20_000;

export class CodeEnvironment {
  readonly byteXor: number;
  readonly halfXor: number;
  readonly softTlbs: SoftTlbTable;

  /**
   * @param memory the machine's physical memory
   * @param timing set to compile the timing variant (cache-model calls, cycle budgets)
   * @param cpus the machine's CPU count (each has a SoftTlb in `softTlbs`)
   */
  constructor(
    readonly memory: PhysicalMemory,
    readonly timing: CodeTiming | undefined,
    cpus: number,
  ) {
    this.byteXor = memory.byteXor;
    this.halfXor = memory.halfXor;
    this.softTlbs = new SoftTlbTable(cpus);
  }

  /**
   * Compiles `body` as a function of `params` with H, m8, m16, m32, tm (and $timing) in scope. The same source is
   * compiled once per process (FACTORIES: shared by every machine, VM and restore); each call
   * binds it to this machine's memory views and SoftTlb table.
   */
  compile(params: readonly string[], body: string): (...args: never[]) => unknown {
    const key = `${params.join(', ')}\n${body}`;
    let factory = FACTORIES.get(key);
    if (factory === undefined) {
      factory = new Function('H', '$m8', '$m16', '$m32', '$tm', '$timing', `"use strict"; return function (${params.join(', ')}) {\nconst m8 = $m8, m16 = $m16, m32 = $m32, tm = $tm;\n${body}\n};`) as Factory;
      if (FACTORIES.size >= MAX_FACTORIES) FACTORIES.delete(FACTORIES.keys().next().value as string);
      FACTORIES.set(key, factory);
    }
    return factory(HELPERS, this.memory.m8, this.memory.m16, this.memory.m32, this.softTlbs.table, this.timing);
  }
}
