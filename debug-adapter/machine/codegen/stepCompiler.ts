// Single-step functions: one compiled JS function per distinct instruction word (cached), taking
// the CPU engine and the instruction's address. They run with registers in the CpuState, call the
// engine's full memory path on a SoftTlb miss, and throw GuestException for exceptions. The
// stepper (Cpu.step) uses them for single-stepping, tracing, delay slots left by a block, and
// every instruction a compiled block leaves to it. Same emitters as blocks: one semantics.

import type { EmitEnv, Emitted } from './emitEnv';
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

/** Compiles and caches single-step functions for one physical memory. */
export class StepCompiler {
  private readonly cache = new Map<number, CompiledStep>();
  private readonly env: EmitEnv;

  constructor(private readonly code: CodeEnvironment) {
    this.env = stepEnv(code);
  }

  /** The step function of an instruction word. */
  get(word: number): CompiledStep {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const e = emitInstruction(word, this.env);
    const src =
      'const S = X.state, R = S.gpr, F = S.fpr, T = X.tlb, lt = T.loadTag, la = T.loadAdd, st = T.storeTag, sa = T.storeAdd;\n' +
      (this.code.timing === undefined ? '' : `${TIMING_BINDINGS}\n`) +
      body(e, this.env);
    const made: CompiledStep = { fn: this.code.compile(['X', 'pc'], src) as StepFunction, isBranch: e.kind === 'branch' };
    this.cache.set(word, made);
    return made;
  }
}
