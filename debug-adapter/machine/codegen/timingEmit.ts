// The timing variant of compiled code (docs/timing.md): what a machine in timing mode adds to the
// code the emitters produce. Data accesses on the SoftTlb fast path call the cache model
// (TimingModel.onLoad/onStore) and compiled code charges an instruction fetch (fetchFrom) at its
// entry and wherever it moves to a new cache line, exactly where the stepper would. Stalls accumulate in the CPU's `cycleBias`
// (a region keeps it in the local `sc` and checks its budget in cycles: n + sc + the block's length,
// at each block's start and again before any instruction that follows a stall, so a region never
// runs an instruction the stepper would not start; where a chunk ends does not depend on what was
// compiled). Fast mode never
// sees any of this: the choice is made when code is compiled, not per access.

import type { TimingModel } from '../timing/timingModel';

/**
 * The machine's cache model as compiled code sees it: its line size (bytes, a power of two) when
 * code is compiled, and the calls the code makes. CodeEnvironment binds it as the constant
 * `$timing`, so that TurboFan folds the model's fields into the inlined hit checks.
 */
export type CodeTiming = Pick<TimingModel, 'lineBytes' | 'onLoad' | 'onStore' | 'fetchFrom'>;

/**
 * Names every timing-variant function binds: the model (TM), the CPU's index in it, and `nx`,
 * where a region's budget checks keep the count an exit would retire (budgetCheck).
 */
export const TIMING_BINDINGS = 'const TM = $timing, cn = X.index; let nx = 0;';

function dataCall(pa: string, size: number, store: boolean): string {
  return `TM.${store ? 'onStore' : 'onLoad'}(cn, ${pa}, ${size})`;
}

/** A fast-path data access inside a compiled region (stall into the local `sc`). */
export function blockDataCharge(pa: string, size: number, store: boolean): string {
  return `sc += ${dataCall(pa, size, store)}; `;
}

/** A fast-path data access in a single-step function (stall straight into the CPU's clock). */
export function stepDataCharge(pa: string, size: number, store: boolean): string {
  return `X.cycleBias += ${dataCall(pa, size, store)}; `;
}

/** The instruction fetch from physical address pa, emitted where a block's code moves to a new line. */
export function fetchCharge(pa: number): string {
  return `sc += TM.fetchFrom(cn, ${pa | 0});`;
}

/** The code charges the cache model (it may stall). */
export function charges(code: string): boolean {
  return code.includes('TM.');
}

/** Stands for the block's instruction count in a budget check until the block is complete. */
export const BLOCK_LENGTH = '$blockLength$';

/**
 * Before instruction k of a block (0 = its first), after a possible stall: unless the rest of the
 * block still fits in the budget, the region leaves there (`exit`) with k retired, and the next
 * tier runs on with a check before each instruction, as the stepper does. The count the exit
 * retires (n + k) is computed in the check, which runs every time, so the exit itself is only
 * moves: an exit that had not run when V8 optimized the region holds no arithmetic without type
 * feedback, and taking it does not deoptimize the region (a quantum ends at any such check; when
 * the exit did `n += k`, the Linux boot deoptimized and recompiled regions twice as often).
 */
export function budgetCheck(k: number, exit: string): string {
  return `if ((nx = n + ${k}) + sc + (${BLOCK_LENGTH} - ${k}) > lim) { n = nx; ${exit} }`;
}
