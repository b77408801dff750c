// Stack frames of a thread by prologue analysis (the project's assembler keeps no call-frame
// information: it accepts `.cfi_*` directives and emits nothing for them). For each frame the
// function start comes from the symbol service; the instructions from there up to the frame's
// pc are scanned for `addiu $sp,$sp,-N` (frame size), `sw $ra,off($sp)` and `sw $fp,off($sp)`
// (saved registers) and `move $fp,$sp` (frame pointer). The caller's pc is the saved $ra, or the
// live $ra in a leaf (frame 0 only). When the thread is inside an exception handler (Status.EXL;
// for a vCPU its virtual Status) the outermost handler frame is followed by the interrupted code
// at EPC. Memory is read without side effects; unwinding stops cleanly on unreadable memory,
// unknown code, a stack pointer that does not grow, a repeated frame or the depth limit.

import { STATUS_EXL } from '../machine/priv/cp0Bits';
import type { SourcePosition } from '../toolchain/symbols/symbolService';
import { readMemory, wordAt } from './memory';
import { virtualCp0Reader } from './registers';
import type { DebugTarget, DebugThread } from './target';

/** Frames returned at most. */
export const MAX_FRAMES = 64;
/** Instructions of a function scanned for its prologue at most. */
const MAX_PROLOGUE = 512;

export interface StackFrame {
  /** 0 = innermost. */
  readonly index: number;
  /** Where the frame executes: the thread's pc, a call instruction, or the interrupted instruction (EPC). */
  readonly pc: number;
  /** The frame's stack pointer. */
  readonly sp: number;
  /** `symbol+0x…`, or the address in hex when no symbol covers it. */
  readonly name: string;
  readonly source: SourcePosition | undefined;
  /** The frame is the code an exception interrupted (entered at EPC). */
  readonly exception: boolean;
}

/** What a function's prologue did before `pc`. */
interface Prologue {
  /** Bytes the function took off $sp. */
  readonly frameSize: number;
  /** $sp-relative slot of the saved $ra (undefined: $ra not saved yet). */
  readonly raSlot: number | undefined;
  /** $fp holds the entry $sp minus frameSize (move $fp,$sp executed). */
  readonly fpFrame: boolean;
  readonly fpSlot: number | undefined;
}

const SP = 29;
const FP = 30;
const RA = 31;

/** Scans [start, pc) for the prologue; undefined when the code cannot be read. */
function prologue(target: DebugTarget, t: DebugThread, start: number, pc: number): Prologue | undefined {
  const n = Math.min(MAX_PROLOGUE, Math.max(0, ((pc >>> 0) - (start >>> 0)) >>> 2));
  const code = readMemory(target, 'virtual', start, 4 * n, t);
  let frameSize = 0;
  let raSlot: number | undefined;
  let fpSlot: number | undefined;
  let fpFrame = false;
  for (let i = 0; i < n; i++) {
    const w = wordAt(target, code, 4 * i);
    if (w === undefined) return undefined;
    const op = w >>> 26;
    const rs = (w >>> 21) & 31;
    const rt = (w >>> 16) & 31;
    const imm = (w << 16) >> 16;
    if (op === 0x09 && rs === SP && rt === SP) {
      // addiu $sp,$sp,imm: an allocation in the prologue; the epilogue's release ends the scan.
      if (imm >= 0) break;
      frameSize -= imm;
    } else if (op === 0x2b && rs === SP && rt === RA && raSlot === undefined) raSlot = imm;
    else if (op === 0x2b && rs === SP && rt === FP && fpSlot === undefined) fpSlot = imm;
    else if (op === 0 && (w & 0x7ff) === 0x21 && rs === SP && rt === 0 && ((w >>> 11) & 31) === FP) fpFrame = true;
    else if (op === 0 && (w & 0x7ff) === 0x25 && rs === SP && rt === 0 && ((w >>> 11) & 31) === FP) fpFrame = true;
    else if (w === 0x03e00008) break; // jr $ra: the function's end
  }
  return { frameSize, raSlot, fpFrame, fpSlot };
}

function word(target: DebugTarget, t: DebugThread, address: number): number | undefined {
  return wordAt(target, readMemory(target, 'virtual', address >>> 0, 4, t), 0);
}

/**
 * True when the instruction two before `ret` is a call (jal, jalr, bal/bgezal/bltzal); with
 * `strict`, a jal or bal whose target is `start`.
 */
function callsInto(target: DebugTarget, t: DebugThread, ret: number, start: number, strict: boolean): boolean {
  const at = (ret - 8) >>> 0;
  const w = word(target, t, at);
  if (w === undefined || ret & 3) return false;
  const op = w >>> 26;
  const rt = (w >>> 16) & 31;
  if (op === 0x03) return !strict || ((((at + 4) & 0xf0000000) | ((w & 0x3ffffff) << 2)) >>> 0) === start;
  if (op === 0x01 && rt >= 0x10 && rt <= 0x13) return !strict || ((at + 4 + (((w << 16) >> 16) << 2)) >>> 0) === start;
  return op === 0 && (w & 0x3f) === 0x09 && !strict;
}

/** The thread's Status.EXL and EPC: virtual ones for a vCPU, the CPU's own on the bare machine. */
function exceptionState(target: DebugTarget, t: DebugThread): { exl: boolean; epc: number } {
  if (t.vcpu !== undefined) {
    const read = virtualCp0Reader(target, t);
    return { exl: (read(12, 0) & STATUS_EXL) !== 0, epc: read(14, 0) };
  }
  const cpu = target.cpuOf(t);
  return cpu === undefined ? { exl: false, epc: 0 } : { exl: (cpu.cp0.status & STATUS_EXL) !== 0, epc: cpu.cp0.epc };
}

/** The stack frames of thread t, innermost first (at most maxFrames, bounded by MAX_FRAMES). */
export function stackFrames(target: DebugTarget, t: DebugThread, maxFrames = MAX_FRAMES): StackFrame[] {
  const rf = target.registerFile(t);
  const space = target.space(t);
  const limit = Math.max(0, Math.min(maxFrames, MAX_FRAMES));
  const exc = exceptionState(target, t);
  const frames: StackFrame[] = [];
  const seen = new Set<string>();
  let pc = rf.pc >>> 0;
  let sp = (rf.gpr[SP] as number) >>> 0;
  let fp = (rf.gpr[FP] as number) >>> 0;
  let ra: number | undefined = (rf.gpr[RA] as number) >>> 0;
  let exception = false;
  let epcPending = exc.exl;
  while (frames.length < limit) {
    const key = `${pc}:${sp}`;
    if (seen.has(key)) break;
    seen.add(key);
    frames.push({ index: frames.length, pc, sp, name: target.symbols.formatAddress(pc, space), source: target.symbols.lineFor(pc, space), exception });
    const fn = target.symbols.lookup(pc, space);
    const start = fn === undefined ? undefined : (pc - fn.offset) >>> 0;
    const p = start === undefined ? undefined : prologue(target, t, start, pc);
    if (p === undefined || start === undefined) break;
    const base = p.fpFrame ? fp : sp;
    const cfa = (base + p.frameSize) >>> 0;
    const savedRa = p.raSlot === undefined ? undefined : word(target, t, base + p.raSlot);
    if (p.raSlot !== undefined && savedRa === undefined) break;
    if (p.fpSlot !== undefined) fp = word(target, t, base + p.fpSlot) ?? fp;
    const ret = savedRa ?? ra;
    // Inside a handler only a call straight into this function counts (a trap frame's $ra is not one).
    const called = ret !== undefined && callsInto(target, t, ret, start, epcPending);
    exception = !called && epcPending;
    if (exception) epcPending = false;
    const next = called ? (ret - 8) >>> 0 : exception ? exc.epc >>> 0 : undefined;
    if (next === undefined || next & 3 || cfa < sp) break;
    // Beyond frame 0 (and the interrupted code) only saved return addresses are trusted.
    ra = undefined;
    pc = next;
    sp = cfa;
  }
  return frames;
}
