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
// through the slow paths (kseg1, kuseg). One register value makes every load and store reach a
// device register (the board's UART scratch register), after which the CPU yields; RDHWR reads
// each hardware register. Exceptions go through the scratch machine's own exception entry; CP0 is
// reset before each instruction. First of all, copies of a small loop run through the machine
// itself with a low hot threshold, so that the paths for hot entries, entries with a compiled
// region, timer matches and interrupts have run too, before V8 first optimizes (it deoptimized
// `interpret`, `dispatch` and `runSlice` on each of these during Debian's boot). The scratch
// machine shares nothing with any other, so no guest sees it.

import { interpret } from '../interpreter';
import { INSTRUCTIONS } from '../../isa';
import type { Machine } from './machine';
import { CONFIG0_K0, CONFIG0_K0_CACHEABLE, STATUS_IE, STATUS_IM_SHIFT } from '../priv/cp0Bits';
import { kseg1, UART_BASE, UART_REG_SHIFT } from '../devices/boardMap';

const KSEG0 = 0x80000000;
const KSEG1 = 0xa0000000;
const CODE = KSEG0 + 0x1000;
const DATA = KSEG0 + 0x8000;
/** Bit patterns for an instruction's free fields (registers, immediates, shift amounts). */
const PATTERNS = [0x5a5a5a5a, 0x00000000, 0x0108c421, 0xa5a5a5a5, 0xffffffff] as const;
/** Mixed register values (r1–r15; r17–r31 take them XORed with the pattern, r16 the pattern). */
const VALUES = [DATA, DATA + 1, DATA + 2, DATA + 0x10, 1, -1, 0x7fffffff, -0x80000000, 0xfffe, 0x12345678, 0x00400000, 0xbfc00000, 31, 32, 0x7fff] as const;
/**
 * Patterns with rs = $5, rt = $6, rd = $2 (the RDHWR register CC) or $3 (CCRes), and an immediate
 * that keeps the offset aligned (0x1004, 0x1800).
 */
const UNIFORM_PATTERNS = [0x00a61004, 0x00a61800] as const;
/** The UART's scratch register (SCR, register 7) less the second pattern's offset. */
const DEVICE = kseg1(UART_BASE + (7 << UART_REG_SHIFT)) - 0x1800;
/**
 * Values every register holds at once, so that whatever register an instruction takes as its
 * base the access goes to the data page (aligned, or not), to kuseg (a TLB refill), to kseg1
 * beyond memory (a bus error) or to a device register.
 */
const UNIFORM = [DEVICE, DATA + 0x100, DATA + 0x101, DATA + 0x102, 0x00400000, 0xbfc00000] as const;
/** RDHWR $2, $rd for each hardware register (CPUNum, SYNCI_Step, CC, CCRes, UserLocal). */
const RDHWR = [0, 1, 2, 3, 29].map((rd) => 0x7c02003b | (rd << 11));
/**
 * Copies of a loop that calls a function of loads and stores, each run through the machine with a
 * timer match on the way (an interrupt in the last copy): lui $4, 0x8000; ori $4, $4, 0x8000
 * ($4 = DATA); L: jal F; addiu $2, $2, 1; b L; nop. F (0x100 bytes on): lw $3, 0($4); mfc0 $9,
 * $12; sw $3, 4($4); lbu $6, 1($4); sb $6, 8($4); lhu $7, 2($4); sh $7, 10($4); jr $31; nop. F's
 * region leaves at the MFC0 (only the interpreter runs it), where the dispatcher counts an entry
 * that becomes hot and where no region can start. V8 keeps no type feedback for a function's
 * first few calls, so one copy is not enough: each copy goes through the whole story again.
 */
const LOOP = KSEG0 + 0x2000;
const LOOP_COPIES = 12;
const LOOP_STRIDE = 0x200;
const JAL = 0x0c000000;
const loopWords = (at: number): number[] => [0x3c048000, 0x34848000, JAL | (((at + 0x100) >>> 2) & 0x03ffffff), 0x24420001, 0x1000fffd, 0];
const FUNCTION_WORDS = [0x8c830000, 0x40096000, 0xac830004, 0x90860001, 0xa0860008, 0x94870002, 0xa487000a, 0x03e00008, 0] as const;
/** Instructions each copy runs (about 20 calls), its timer match, and the hot threshold they run with. */
const LOOP_INSTRUCTIONS = 300;
const LOOP_TIMER = 150;
const LOOP_HOT_THRESHOLD = 2;
/** The timer's interrupt line (IP7) as an IM bit. */
const TIMER_IP = 0x80;
/** A breakpoint in the code page that no run reaches: the interpreter's breakpoint checks run. */
const IDLE_BREAKPOINT = CODE + 0x800;
/** beq $0, $0, -2: from after the instruction word back to it (a block entry). */
const BRANCH_BACK = 0x1000fffe;

/** Instruction words (every ISA table entry, free fields from one pattern) and the registers they run with. */
export interface WarmUpPass {
  readonly words: readonly number[];
  readonly regs: Int32Array;
}

/** The warm-up's passes: RDHWR, then uniform registers (the loads and stores reach their fast paths), then mixed ones. */
export function warmUpPasses(): WarmUpPass[] {
  const words = (pattern: number): number[] => INSTRUCTIONS.map((spec) => (pattern & ~spec.mask) | spec.match | 0);
  const passes: WarmUpPass[] = [{ words: RDHWR, regs: new Int32Array(32) }];
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
  scratch.setBreakpoints([IDLE_BREAKPOINT | 0]);
  const start = (regs: Int32Array, pc: number, inDelaySlot: boolean): void => {
    cpu.cp0.reset();
    cpu.cp0.setStatus(0);
    cpu.cp0.config0 = (cpu.cp0.config0 & ~CONFIG0_K0) | CONFIG0_K0_CACHEABLE;
    cpu.waiting = false;
    cpu.resume();
    S.gpr.set(regs);
    // Addresses as the CPU holds them (int32): a pc above 2^31 as a double would teach V8 to keep
    // every pc of `interpret` in a floating-point register.
    S.pc = pc | 0;
    S.npc = (inDelaySlot ? pc + 0x400 : pc + 4) | 0;
    S.inDelaySlot = inDelaySlot;
    S.llAddr = -1;
  };
  const run = (word: number, regs: Int32Array, pc: number, inDelaySlot: boolean): void => {
    for (const at of [CODE, CODE + 0x400]) {
      scratch.memory.write32(at - KSEG0, word);
      scratch.memory.write32(at + 4 - KSEG0, BRANCH_BACK);
      scratch.memory.write32(at + 8 - KSEG0, 0);
    }
    start(regs, pc, inDelaySlot);
    interpret(cpu, S.icount + 6, true);
  };
  // The rare paths first, so that V8's first optimized code already has their feedback: hot
  // entries, region compilation, the interpreter handing over to compiled regions, timer matches
  // and an interrupt.
  const threshold = scratch.code.hotThreshold;
  scratch.code.hotThreshold = LOOP_HOT_THRESHOLD;
  for (let k = 0; k < LOOP_COPIES; k++) {
    const at = LOOP + k * LOOP_STRIDE;
    loopWords(at).forEach((w, i) => scratch.memory.write32(at - KSEG0 + 4 * i, w));
    FUNCTION_WORDS.forEach((w, i) => scratch.memory.write32(at - KSEG0 + 0x100 + 4 * i, w));
    start(new Int32Array(32), at, false);
    // Interrupts enabled, and in the last copy the timer's (IP7) too: its match raises it, and that
    // copy ends in the exception vector's zero words (the others see the match but take nothing).
    cpu.cp0.setStatus(STATUS_IE | (k === LOOP_COPIES - 1 ? TIMER_IP << STATUS_IM_SHIFT : 0));
    cpu.timerAt = cpu.cycle + LOOP_TIMER;
    scratch.run(LOOP_INSTRUCTIONS);
  }
  scratch.code.hotThreshold = threshold;
  const passes = warmUpPasses();
  // Fetches the fetch SoftTlb does not reach: uncached (kseg1), and through a TLB refill (kuseg).
  const { regs } = passes[passes.length - 1] as WarmUpPass;
  run(0, regs, CODE - KSEG0 + KSEG1, false);
  run(0, regs, CODE - KSEG0, false);
  for (const { words, regs } of passes) {
    for (const word of words) {
      run(word, regs, CODE, false);
      run(word, regs, CODE, true);
    }
  }
}
