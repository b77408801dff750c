// Warms the interpreter up before a machine runs a guest. V8 optimizes `interpret`
// (../interpreter.ts) once it is hot, from the type feedback its cases have gathered so far; a
// case that never ran by then has none, and its first run in a guest deoptimizes the whole
// function, which V8 then runs unoptimized and compiles again. A guest's early code reaches most
// cases only later: Debian's boot deoptimized it 27 times (about 2.9 s of compiler time on a
// 2-core host, competing with the guest for the second core). So the first machine of a process
// first runs every ISA table entry, its free fields filled from fixed bit patterns, through
// `interpret` on the one CPU of a scratch machine of the same classes: in kernel mode, code and
// data in kseg0, registers holding small and large values and addresses of the data page
// (aligned or not), of kuseg (TLB refills) and of kseg1 beyond memory (bus errors); cold and
// warm SoftTlb, in and out of a delay slot, each word entered again as a block; and fetches
// through the slow paths (kseg1, kuseg). Exceptions go through the scratch machine's own
// exception entry; CP0 is reset before each instruction. The scratch machine shares nothing
// with any other, so no guest sees it.

import { interpret } from '../interpreter';
import { INSTRUCTIONS } from '../../isa';
import type { Machine } from './machine';
import { CONFIG0_K0 } from '../priv/cp0Bits';

const KSEG0 = 0x80000000;
const KSEG1 = 0xa0000000;
/** Config.K0 for kseg0 cacheable (noncoherent, write-back), as kernels set it. */
const K0_CACHEABLE = 3;
const CODE = KSEG0 + 0x1000;
const DATA = KSEG0 + 0x8000;
/** Bit patterns for an instruction's free fields (registers, immediates, shift amounts). */
const PATTERNS = [0x5a5a5a5a, 0x00000000, 0x0108c421, 0xa5a5a5a5, 0xffffffff] as const;
/** Mixed register values (r1–r15; r17–r31 take them XORed with the pattern, r16 the pattern). */
const VALUES = [DATA, DATA + 1, DATA + 2, DATA + 0x10, 1, -1, 0x7fffffff, -0x80000000, 0xfffe, 0x12345678, 0x00400000, 0xbfc00000, 31, 32, 0x7fff] as const;
/**
 * Values every register holds at once, so that whatever register an instruction takes as its
 * base the access goes to the data page (aligned, or not), to kuseg (a TLB refill) or to kseg1
 * beyond memory (a bus error); with patterns whose immediate keeps the offset aligned and whose rd
 * names the RDHWR registers CC and CCRes.
 */
const UNIFORM = [DATA + 0x100, DATA + 0x101, DATA + 0x102, 0x00400000, 0xbfc00000] as const;
const UNIFORM_PATTERNS = [0x00001004, 0x00001800] as const;
/** beq $0, $0, -2: from after the instruction word back to it (a block entry). */
const BRANCH_BACK = 0x1000fffe;

/** Instruction words (every ISA table entry, free fields from one pattern) and the registers they run with. */
export interface WarmUpPass {
  readonly words: readonly number[];
  readonly regs: Int32Array;
}

/** The warm-up's passes: uniform registers first (the loads and stores reach their fast paths), then mixed ones. */
export function warmUpPasses(): WarmUpPass[] {
  const words = (pattern: number): number[] => INSTRUCTIONS.map((spec) => (pattern & ~spec.mask) | spec.match | 0);
  const passes: WarmUpPass[] = [];
  for (const v of UNIFORM) for (const pattern of UNIFORM_PATTERNS) passes.push({ words: words(pattern), regs: new Int32Array(32).fill(v).fill(0, 0, 1) });
  for (const pattern of PATTERNS) {
    const regs = new Int32Array(32);
    VALUES.forEach((v, i) => {
      regs[i + 1] = v;
      regs[i + 17] = v ^ pattern;
    });
    regs[16] = pattern;
    passes.push({ words: words(pattern), regs });
  }
  return passes;
}

/** Runs every interpreter case on `scratch`'s first CPU (a machine used for nothing else). */
export function warmUpInterpreter(scratch: Machine): void {
  const cpu = scratch.cpus[0];
  if (cpu === undefined) return;
  const S = cpu.state;
  const run = (word: number, regs: Int32Array, pc: number, inDelaySlot: boolean): void => {
    for (const at of [CODE, CODE + 0x400]) {
      scratch.memory.write32(at - KSEG0, word);
      scratch.memory.write32(at + 4 - KSEG0, BRANCH_BACK);
      scratch.memory.write32(at + 8 - KSEG0, 0);
    }
    cpu.cp0.reset();
    cpu.cp0.setStatus(0);
    cpu.cp0.config0 = (cpu.cp0.config0 & ~CONFIG0_K0) | K0_CACHEABLE;
    cpu.waiting = false;
    cpu.resume();
    S.gpr.set(regs);
    S.pc = pc;
    S.npc = inDelaySlot ? pc + 0x400 : pc + 4;
    S.inDelaySlot = inDelaySlot;
    S.llAddr = -1;
    interpret(cpu, S.icount + 6, true);
  };
  const passes = warmUpPasses();
  for (const { words, regs } of passes) {
    for (const word of words) {
      run(word, regs, CODE, false);
      run(word, regs, CODE, true);
    }
  }
  // Fetches the fetch SoftTlb does not reach: uncached (kseg1), and through a TLB refill (kuseg).
  const { regs } = passes[passes.length - 1] as WarmUpPass;
  run(0, regs, CODE - KSEG0 + KSEG1, false);
  run(0, regs, CODE - KSEG0, false);
}
