// The contract between the instruction emitters and the two code shapes they feed: a compiled
// block (registers in JS locals, every slow or exceptional case leaves the block *before* the
// instruction so the stepper redoes it exactly) and a single-step function (registers in the
// CpuState, slow cases call the engine, exceptions are thrown as GuestException).
//
// Names visible to emitted code: R (gpr Int32Array, step mode), S (CpuState), X (the Cpu engine),
// H (static helpers), m8/m16/m32 (physical memory views), tm (the machine's SoftTlb table) and
// tb (where this CPU's SoftTlb starts in it), pc (step mode: the instruction's address).

import { LOAD_ADD, LOAD_TAG, SOFT_TLB_INDEX_MASK, STORE_ADD, STORE_TAG } from '../softTlb';

/** Binds tb; part of every compiled function's prologue. */
export const TLB_BINDING = 'tb = X.tlb.base';
/** Statement: i = the SoftTlb entry of address a (the tag and addend expressions below read it). */
export const TLB_INDEX = `const i = tb + ((a >>> 12) & ${SOFT_TLB_INDEX_MASK});`;
/** The load/store tag of the entry i and the physical address of a through it. */
export const LOAD_TAG_OF = `tm[i + ${LOAD_TAG}]`;
export const LOAD_PA = `(tm[i + ${LOAD_ADD}] + a)`;
export const STORE_TAG_OF = `tm[i + ${STORE_TAG}]`;
export const STORE_PA = `(tm[i + ${STORE_ADD}] + a)`;

/** What an instruction emitter produces. */
export type Emitted =
  /** Straight-line code. */
  | { readonly kind: 'plain'; readonly code: string }
  /**
   * A branch or jump. `cond` null means always taken; `link` is the register receiving pc+8 (or
   * -1). `target` is an expression evaluated before the link is written.
   */
  | {
      readonly kind: 'branch';
      /** Checks run before the branch does anything (may raise / leave the block). */
      readonly guard?: string;
      readonly cond: string | null;
      readonly target: string;
      readonly link: number;
      readonly likely: boolean;
    }
  /** Only the stepper runs it (SYSCALL, LL/SC, CP0…); a block ends before it. */
  | { readonly kind: 'stepOnly'; readonly code: string };

export interface EmitEnv {
  /** True in a compiled block, false in a single-step function. */
  readonly inBlock: boolean;
  /** Expression for the instruction's address (a literal in a block, `pc` when stepping). */
  readonly pc: string;
  /** Expression for pc + off, as an int32. */
  pcPlus(off: number): string;
  /** Expression reading GPR i (the literal 0 for $zero). */
  reg(i: number): string;
  /** Statement writing expr to GPR i (nothing for $zero). */
  setReg(i: number, expr: string): string;
  /** Expression reading HI. */
  readonly hi: string;
  /** Statement writing expr to HI (expr may read HI). */
  setHi(expr: string): string;
  /**
   * Statement setting HI to the high word of the 64-bit product of the int32 names p and q, signed
   * or unsigned (MULT/MULTU); l names their low word. A block computes it only where HI is read.
   */
  setHiProduct(p: string, q: string, l: string, signed: boolean): string;
  /** Lvalue name of LO. */
  readonly lo: string;
  /** Statement raising an exception (step) or leaving the block before this instruction (block). */
  raise(excCode: number, coprocessor?: number): string;
  /** Statement for a slow path: `stepCode` when stepping, leaving the block in a block. */
  slow(stepCode: string): string;
  /**
   * Statement charging a cached data access of `size` bytes at physical address expression `pa`
   * on the SoftTlb fast path: the cache model's stall in timing mode, '' in fast mode.
   */
  timeData(pa: string, size: number, store: boolean): string;
  /** Guest byte order constants baked into the code. */
  readonly byteXor: number;
  readonly halfXor: number;
  /** XOR turning a byte offset into the big-endian view used by H.lwl/lwr/swl/swr (0 BE, 3 LE). */
  readonly unalignedXor: number;
}
