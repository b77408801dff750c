// Single-step functions: one compiled JS function per distinct instruction word (cached), taking
// the CPU engine and the instruction's address. They run with registers in the CpuState, call the
// engine's full memory path on a SoftTlb miss, and throw GuestException for exceptions. The
// stepper (Cpu.step) uses them for single-stepping, tracing, delay slots left by a block, and
// every instruction a compiled block leaves to it. Same emitters as blocks: one semantics.

import { type EmitEnv, type Emitted, TLB_BINDING } from './emitEnv';
import { emitInstruction } from './emitInteger';
import type { CodeEnvironment } from './codeEnvironment';
import { TIMING_BINDINGS, stepDataCharge } from './timingEmit';

/** A compiled single-instruction function: (engine, pc) → void. */
export type StepFunction = (engine: unknown, pc: number) => void;

export interface CompiledStep {
  readonly fn: StepFunction;
  /** A branch or jump: forbidden in a delay slot (reserved instruction, as on QEMU). */
  readonly isBranch: boolean;
}

function stepEnv(code: CodeEnvironment): EmitEnv {
  return {
    inBlock: false,
    pc: 'pc',
    pcPlus: (off) => `((pc + ${off}) | 0)`,
    reg: (i) => (i === 0 ? '0' : `R[${i}]`),
    setReg: (i, e) => (i === 0 ? '' : `R[${i}] = ${e};`),
    hi: 'S.hi',
    setHi: (e) => `S.hi = ${e};`,
    setHiProduct: (p, q, l, signed) => `S.hi = H.mulHi${signed ? 'Signed' : 'Unsigned'}(${p}, ${q}, ${l});`,
    lo: 'S.lo',
    raise: (c, cop) => `throw H.exc(${c}, ${cop ?? 0});`,
    slow: (s) => s,
    timeData: code.timing === undefined ? () => '' : stepDataCharge,
    byteXor: code.byteXor,
    halfXor: code.halfXor,
    unalignedXor: code.byteXor ^ 3,
  };
}

function body(e: Emitted, env: EmitEnv): string {
  if (e.kind !== 'branch') return e.code;
  const link = e.link > 0 ? env.setReg(e.link, env.pcPlus(8)) : '';
  const taken = 'S.npc = tg; S.inDelaySlot = true;';
  const notTaken = e.likely ? 'S.pc = (pc + 8) | 0; S.npc = (pc + 12) | 0;' : 'S.inDelaySlot = true;';
  return (
    `${e.guard ?? ''} const t = ${e.cond ?? 'true'}; const tg = ${e.target}; ${link} ` +
    `if (t) { ${taken} } else { ${notTaken} }`
  );
}

const FAST_BITS = 13;

/**
 * Compiles and caches single-step functions for one physical memory. Words are compiled in
 * batches (the word being stepped and the words after it, which usually run next): one
 * `new Function` per batch instead of one per word. A direct-mapped array keyed by the word sits
 * in front of the map.
 */
export class StepCompiler {
  private readonly cache = new Map<number, CompiledStep>();
  private readonly fastWord = new Int32Array(1 << FAST_BITS);
  private readonly fastStep: (CompiledStep | undefined)[] = new Array<CompiledStep | undefined>(1 << FAST_BITS).fill(undefined);
  private readonly env: EmitEnv;

  constructor(private readonly code: CodeEnvironment) {
    this.env = stepEnv(code);
  }

  /** The step function of an instruction word, if compiled already. */
  lookup(word: number): CompiledStep | undefined {
    const i = Math.imul(word, 0x9e3779b1) >>> (32 - FAST_BITS);
    const hit = this.fastStep[i];
    if (hit !== undefined && this.fastWord[i] === word) return hit;
    const known = this.cache.get(word);
    if (known !== undefined) {
      this.fastWord[i] = word;
      this.fastStep[i] = known;
    }
    return known;
  }

  /** The step function of an instruction word, compiling it (alone) if needed. */
  get(word: number): CompiledStep {
    return this.lookup(word) ?? this.compile([word]);
  }

  /** Compiles the words not compiled yet in one batch; returns the step function of words[0]. */
  compile(words: readonly number[]): CompiledStep {
    const todo = [...new Set(words)].filter((w) => !this.cache.has(w));
    const prelude =
      `const S = X.state, R = S.gpr, F = S.fpr, ${TLB_BINDING};\n` +
      (this.code.timing === undefined ? '' : `${TIMING_BINDINGS}\n`);
    const emitted = todo.map((w) => emitInstruction(w, this.env));
    const src = `return [${emitted.map((e) => `function (X, pc) {\n${prelude}${body(e, this.env)}\n}`).join(',\n')}];`;
    const fns = this.code.compile([], src)() as StepFunction[];
    todo.forEach((w, k) => this.cache.set(w, { fn: fns[k] as StepFunction, isBranch: (emitted[k] as Emitted).kind === 'branch' }));
    return this.lookup(words[0] as number) as CompiledStep;
  }
}
