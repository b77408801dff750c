// The first execution tier: an interpreter with no code generation, so code that runs only a few
// times (kernel start-up, exception handlers, first-time paths) costs no `new Function` and no V8
// compile. Each word is decoded once into a small integer (interpreterOps.ts), kept per physical
// page in CodeStore.decoded beside the word it came from; the loop is one `switch` on it, and a word
// that changed (self-modifying code, loaders, DMA) no longer matches and is decoded again. The
// fetch SoftTlb is read once per page while the pc stays in it. It runs the integer ISA, loads and
// stores (SoftTlb fast path, else the CPU's full memory path), branches with their delay slots,
// and the privileged instructions (COP0, CACHE, LL/SC, RDHWR) through the CPU's hooks; anything
// else (CP1, reserved encodings) returns INTERP_FALLBACK *before* the instruction, and the compiled
// stepper (codegen/stepCompiler.ts) runs it, taking the word fetched here (Cpu.fallbackWord) so
// that a fetch is made, and charged, once. Its semantics mirror the emitters (codegen/emit*.ts)
// instruction for instruction; test/unit/machine/interpreter.test.ts compares the two. In timing
// mode (docs/timing.md) it charges what the stepper charges: each instruction's fetch (fetchFrom),
// each fast-path load and store (onLoad/onStore; slow paths charge in translation), and its budget
// is in cycles (icount + the core's stall cycles), checked before every instruction.
//
// Contract, as the stepper's: an exception is raised before any register changes and delivered
// with EPC/BD through Cpu.raise. The interpreter's own exceptions (SYSCALL, BREAK, traps,
// overflow, CpU of COP0 and CACHE, address errors and TLB faults its fetches and slow-path loads
// and stores find through Cpu.accessFault) leave the loop with their code, without a JavaScript
// throw (V8's throw and catch cost more than the rest of a trapped instruction); a GuestException
// thrown below (a privileged unit, a bus error) is caught once outside the loop. A slow path sees
// the CPU state the stepper would show it (pc past the instruction, icount not yet counting it).
// With `blocks`, it also returns to the dispatcher at a block entry (the instruction after a
// delay slot, or after a not-taken likely branch) that has a compiled region or has just become
// hot, counting every entry it passes (inline in the decoded page; CodeStore.entered), and a long
// run from an entry, or from where the dispatcher handed over, as more entries there; and it
// stops before a breakpoint address. It returns at the latest when `lim` instructions have
// retired, after an exception, or after a privileged instruction or slow path after which the
// CPU was halted.

import type { Cpu } from './cpu';
import type { CpuState } from './cpuState';
import { EXC_BP, EXC_CPU, EXC_OV, EXC_RI, EXC_SYS, EXC_TR, GuestException } from './exceptions';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from './softTlb';
import { lwl, lwr, mulHiSigned, mulHiUnsigned, swl, swr } from './intArith';
import { decodeOp } from './interpreterOps';
import type { TimedCore } from './timing/timedExecution';

/** What an instruction word does (0: not decoded yet). */
export const enum Op {
  Undecoded = 0,
  Fallback,
  Nop,
  Sll,
  Srl,
  Rotr,
  Sra,
  Sllv,
  Srlv,
  Rotrv,
  Srav,
  Jr,
  Jalr,
  Movz,
  Movn,
  Syscall,
  Break,
  Mfhi,
  Mthi,
  Mflo,
  Mtlo,
  Mult,
  Multu,
  Div,
  Divu,
  Add,
  Addu,
  Sub,
  Subu,
  And,
  Or,
  Xor,
  Nor,
  Slt,
  Sltu,
  Trap,
  Bltz,
  Bgez,
  Bltzl,
  Bgezl,
  Bltzal,
  Bgezal,
  Bltzall,
  Bgezall,
  TrapImm,
  J,
  Jal,
  Beq,
  Bne,
  Blez,
  Bgtz,
  Beql,
  Bnel,
  Blezl,
  Bgtzl,
  Addi,
  Addiu,
  Slti,
  Sltiu,
  Andi,
  Ori,
  Xori,
  Lui,
  Cop0,
  Madd,
  Maddu,
  Msub,
  Msubu,
  Mul,
  Clz,
  Clo,
  Sdbbp,
  Ext,
  Ins,
  Wsbh,
  Seb,
  Seh,
  Rdhwr,
  Lb,
  Lh,
  Lwl,
  Lw,
  Lbu,
  Lhu,
  Lwr,
  Sb,
  Sh,
  Swl,
  Sw,
  Swr,
  Cache,
  Ll,
  Sc,
}

/**
 * The Op slot of a decoded word (CodeStore.decoded) holds the Op in its low byte, two flags about
 * the word as a block entry (it has been counted once, CodeStore.entered; a compiled region may
 * start there, CodeCache.quick says for sure) and above them the count of entries there.
 */
export const enum Decoded {
  OpMask = 255,
  Entered = 256,
  Region = 512,
  /** One entry in the count (bits 10–30). */
  Count = 1024,
  CountMask = -1024,
}

/** The interpreter returned to its caller with the CPU state written back. */
export const INTERP_DISPATCH = 0;
/** The instruction at pc is one only the compiled stepper runs. */
export const INTERP_FALLBACK = 1;

/**
 * A run of 2^LONG_RUN_SHIFT instructions or more from a block entry counts as one more entry
 * there for each 2^LONG_RUN_SHIFT of them: code entered a few thousand times that runs a long
 * way each time (unrolled rounds, as in blake2s) becomes hot too.
 */
const LONG_RUN_SHIFT = 6;
const LONG_RUN = 1 << LONG_RUN_SHIFT;
/** The decoded page while the pc is in no page the fetch SoftTlb reaches. */
const NO_PAGE: Int32Array = new Int32Array(2048);
/** A `fetchPage` no pc matches (`pc & -4093` clears bits 2–11). */
const NO_FETCH_PAGE = 4;

/** The CPU as a timing-mode core when its machine is in timing mode (its code is the timing variant). */
export function timedCore(X: Cpu): TimedCore | undefined {
  return X.code.env.timing === undefined ? undefined : (X as TimedCore);
}

/**
 * Runs instructions of `X` until icount reaches `lim` (or an earlier return, see the header); in
 * timing mode until icount + stall cycles (`cycleBias`) reach it, charging as the stepper does.
 * Returns INTERP_DISPATCH or INTERP_FALLBACK.
 */
export function interpret(X: Cpu, lim: number, blocks: boolean): number {
  /** Timing mode: the core whose clock counts stalls (model TC.timing), and its index in the model. */
  const TC = timedCore(X);
  const cn = TC === undefined ? 0 : TC.index;
  const S = X.state;
  const R = S.gpr;
  const T = X.tlb;
  const ft = T.fetchTag;
  const fa = T.fetchAdd;
  const lt = T.loadTag;
  const la = T.loadAdd;
  const st = T.storeTag;
  const sa = T.storeAdd;
  const mem = X.memory;
  const m8 = mem.m8;
  const m16 = mem.m16;
  const m32 = mem.m32;
  const bx = mem.byteXor;
  const hx = mem.halfXor;
  const ux = bx ^ 3;
  const code = X.code;
  const cache = code.cache;
  const armed = X.breakpointsArmed;
  /** The Op slot of an entry counted CodeStore.hotThreshold times (Decoded.Count) is at least this. */
  const hot = code.hotThreshold * Decoded.Count;
  let pc = S.pc;
  let npc = S.npc;
  let ds = S.inDelaySlot;
  let n = S.icount;
  const n0 = n;
  /** Retire up to here (lowered to stop after a slow path that halted the CPU). */
  let stop = lim;
  /** The instruction at pc starts a block. */
  let entry = false;
  /** A breakpoint may stop in the page of pc (worked out again whenever the fetch page is). */
  let bpHere = false;
  /** The virtual page the fetch SoftTlb addend `fetchAdd` and decoded page `dp` are for. */
  let fetchPage = NO_FETCH_PAGE;
  let fetchAdd = 0;
  let dp = NO_PAGE;
  /**
   * Where the current run started (a counted block entry, or where the dispatcher handed over):
   * its decoded page, Op slot and icount (runN -1 until the run's first instruction).
   */
  let runDp = NO_PAGE;
  let runK = 0;
  let runN = -1;
  let result = INTERP_DISPATCH;
  /** An exception raised without a throw (0: none; Int is never raised here) and its BadVAddr. */
  let exc = 0;
  let bad: number | undefined;
  try {
    run: while ((TC === undefined ? n : n + TC.cycleBias) < stop) {
      let pa = -1;
      if ((pc & -4093) === fetchPage) pa = (fetchAdd + pc) | 0;
      else {
        const fi = (pc >>> 12) & 4095;
        if (ft[fi] === (pc & -4093)) {
          fetchPage = pc & -4096;
          fetchAdd = fa[fi] as number;
          pa = (fetchAdd + pc) | 0;
          dp = code.decoded(pa >>> 12);
        }
        if (armed) bpHere = X.breakpointsInPage(pc);
      }
      let w = 0;
      let d = 0;
      if (pa !== -1) {
        const k = (pa >>> 1) & 2046;
        w = m32[pa >>> 2] as number;
        d = dp[k + 1] as number;
        if ((d & Decoded.OpMask) === Op.Undecoded || dp[k] !== w) {
          d = (d & ~Decoded.OpMask) | decodeOp(w);
          dp[k] = w;
          dp[k + 1] = d;
        }
        if (entry) {
          if (blocks) {
            // A long run from where the last one started counts as more entries there.
            if (n - runN >= LONG_RUN && runN >= 0) {
              runDp[runK] = ((runDp[runK] as number) + ((n - runN) >> LONG_RUN_SHIFT) * Decoded.Count) | 0;
              d = dp[k + 1] as number; // a loop: the run started here
            }
            runN = -1;
            if ((d & Decoded.Region) !== 0 && cache.quick(pa, pc) !== undefined) break;
            d = (d + Decoded.Count) | 0;
            dp[k + 1] = d;
            if ((d >= hot || (d & Decoded.Entered) === 0) && code.entered(pa, dp, k + 1)) break;
          }
          entry = false;
        }
        if (runN < 0) {
          runDp = dp;
          runK = k + 1;
          runN = n;
        }
      } else entry = false;
      if (bpHere && n !== n0 && X.breakpointAt(pc)) break;
      if (pa === -1) {
        exc = X.accessFault(pc, 4, ACCESS_FETCH);
        if (exc !== 0) {
          bad = pc;
          break run;
        }
        w = X.fetch(pc);
        d = decodeOp(w);
      } else if (TC !== undefined) TC.cycleBias += TC.timing.fetchFrom(cn, pa);
      const op = d & Decoded.OpMask;
      const rs = (w >>> 21) & 31;
      const rt = (w >>> 16) & 31;
      const rd = (w >>> 11) & 31;
      const imm = (w << 16) >> 16;
      switch (op) {
        case Op.Nop:
          break;
        case Op.Sll:
          R[rd] = (R[rt] as number) << ((w >>> 6) & 31);
          break;
        case Op.Srl:
          R[rd] = (R[rt] as number) >>> ((w >>> 6) & 31);
          break;
        case Op.Rotr: {
          const sh = (w >>> 6) & 31;
          R[rd] = ((R[rt] as number) >>> sh) | ((R[rt] as number) << (32 - sh));
          break;
        }
        case Op.Sra:
          R[rd] = (R[rt] as number) >> ((w >>> 6) & 31);
          break;
        case Op.Sllv:
          R[rd] = (R[rt] as number) << (R[rs] as number);
          break;
        case Op.Srlv:
          R[rd] = (R[rt] as number) >>> (R[rs] as number);
          break;
        case Op.Rotrv: {
          const s = (R[rs] as number) & 31;
          R[rd] = ((R[rt] as number) >>> s) | ((R[rt] as number) << (32 - s));
          break;
        }
        case Op.Srav:
          R[rd] = (R[rt] as number) >> (R[rs] as number);
          break;
        case Op.Jr:
        case Op.Jalr: {
          if (ds) {
            exc = EXC_RI;
            break run;
          }
          const tg = R[rs] as number;
          if (op === Op.Jalr) R[rd] = (pc + 8) | 0;
          R[0] = 0;
          n++;
          pc = npc;
          npc = tg;
          ds = true;
          continue run;
        }
        case Op.Movz:
          if (R[rt] === 0) R[rd] = R[rs] as number;
          break;
        case Op.Movn:
          if (R[rt] !== 0) R[rd] = R[rs] as number;
          break;
        case Op.Syscall:
          exc = EXC_SYS;
          break run;
        case Op.Break:
        case Op.Sdbbp:
          exc = EXC_BP;
          break run;
        case Op.Mfhi:
          R[rd] = S.hi;
          break;
        case Op.Mthi:
          S.hi = R[rs] as number;
          break;
        case Op.Mflo:
          R[rd] = S.lo;
          break;
        case Op.Mtlo:
          S.lo = R[rs] as number;
          break;
        case Op.Mult: {
          const p = R[rs] as number;
          const q = R[rt] as number;
          const l = Math.imul(p, q);
          S.hi = mulHiSigned(p, q, l);
          S.lo = l;
          break;
        }
        case Op.Multu: {
          const p = R[rs] as number;
          const q = R[rt] as number;
          const l = Math.imul(p, q);
          S.hi = mulHiUnsigned(p, q, l);
          S.lo = l;
          break;
        }
        case Op.Div: {
          const p = R[rs] as number;
          const q = R[rt] as number;
          if (q === 0 || (q === -1 && p === -2147483648)) {
            S.lo = p;
            S.hi = 0;
          } else {
            S.lo = (p / q) | 0;
            S.hi = p % q | 0;
          }
          break;
        }
        case Op.Divu: {
          const p = (R[rs] as number) >>> 0;
          const q = (R[rt] as number) >>> 0;
          if (q === 0) {
            S.lo = p | 0;
            S.hi = 0;
          } else {
            S.lo = ((p / q) >>> 0) | 0;
            S.hi = p % q | 0;
          }
          break;
        }
        case Op.Add: {
          const v = (R[rs] as number) + (R[rt] as number);
          if (v > 2147483647 || v < -2147483648) {
            exc = EXC_OV;
            break run;
          }
          R[rd] = v;
          break;
        }
        case Op.Addu:
          R[rd] = (R[rs] as number) + (R[rt] as number);
          break;
        case Op.Sub: {
          const v = (R[rs] as number) - (R[rt] as number);
          if (v > 2147483647 || v < -2147483648) {
            exc = EXC_OV;
            break run;
          }
          R[rd] = v;
          break;
        }
        case Op.Subu:
          R[rd] = (R[rs] as number) - (R[rt] as number);
          break;
        case Op.And:
          R[rd] = (R[rs] as number) & (R[rt] as number);
          break;
        case Op.Or:
          R[rd] = (R[rs] as number) | (R[rt] as number);
          break;
        case Op.Xor:
          R[rd] = (R[rs] as number) ^ (R[rt] as number);
          break;
        case Op.Nor:
          R[rd] = ~((R[rs] as number) | (R[rt] as number));
          break;
        case Op.Slt:
          R[rd] = (R[rs] as number) < (R[rt] as number) ? 1 : 0;
          break;
        case Op.Sltu:
          R[rd] = (R[rs] as number) >>> 0 < (R[rt] as number) >>> 0 ? 1 : 0;
          break;
        case Op.Trap:
          if (trapTaken(w & 63, R[rs] as number, R[rt] as number)) {
            exc = EXC_TR;
            break run;
          }
          break;
        case Op.TrapImm:
          if (trapImmTaken(rt, R[rs] as number, imm)) {
            exc = EXC_TR;
            break run;
          }
          break;
        case Op.Bltz:
        case Op.Bgez:
        case Op.Bltzl:
        case Op.Bgezl:
        case Op.Bltzal:
        case Op.Bgezal:
        case Op.Bltzall:
        case Op.Bgezall: {
          if (ds) {
            exc = EXC_RI;
            break run;
          }
          const r = R[rs] as number;
          const t = (rt & 1) === 0 ? r < 0 : r >= 0;
          if (rt >= 16) R[31] = (pc + 8) | 0;
          n++;
          if ((rt & 2) !== 0 && !t) {
            pc = (pc + 8) | 0;
            npc = (pc + 4) | 0;
            entry = true;
            continue run;
          }
          const tg = t ? (pc + 4 + imm * 4) | 0 : (npc + 4) | 0;
          pc = npc;
          npc = tg;
          ds = true;
          continue run;
        }
        case Op.J:
        case Op.Jal: {
          if (ds) {
            exc = EXC_RI;
            break run;
          }
          if (op === Op.Jal) R[31] = (pc + 8) | 0;
          const tg = ((pc + 4) & -268435456) | ((w & 0x03ffffff) << 2);
          n++;
          pc = npc;
          npc = tg;
          ds = true;
          continue run;
        }
        case Op.Beq: {
          if (ds) {
            exc = EXC_RI;
            break run;
          }
          const t = R[rs] === R[rt];
          n++;
          const tg = t ? (pc + 4 + imm * 4) | 0 : (npc + 4) | 0;
          pc = npc;
          npc = tg;
          ds = true;
          continue run;
        }
        case Op.Bne: {
          if (ds) {
            exc = EXC_RI;
            break run;
          }
          const t = R[rs] !== R[rt];
          n++;
          const tg = t ? (pc + 4 + imm * 4) | 0 : (npc + 4) | 0;
          pc = npc;
          npc = tg;
          ds = true;
          continue run;
        }
        case Op.Blez:
        case Op.Bgtz:
        case Op.Beql:
        case Op.Bnel:
        case Op.Blezl:
        case Op.Bgtzl: {
          if (ds) {
            exc = EXC_RI;
            break run;
          }
          const r = R[rs] as number;
          const t = op === Op.Beql ? r === R[rt] : op === Op.Bnel ? r !== R[rt] : op === Op.Blez || op === Op.Blezl ? r <= 0 : r > 0;
          n++;
          if (op >= Op.Beql && !t) {
            pc = (pc + 8) | 0;
            npc = (pc + 4) | 0;
            entry = true;
            continue run;
          }
          const tg = t ? (pc + 4 + imm * 4) | 0 : (npc + 4) | 0;
          pc = npc;
          npc = tg;
          ds = true;
          continue run;
        }
        case Op.Addi: {
          const v = (R[rs] as number) + imm;
          if (v > 2147483647 || v < -2147483648) {
            exc = EXC_OV;
            break run;
          }
          R[rt] = v;
          break;
        }
        case Op.Addiu:
          R[rt] = (R[rs] as number) + imm;
          break;
        case Op.Slti:
          R[rt] = (R[rs] as number) < imm ? 1 : 0;
          break;
        case Op.Sltiu:
          R[rt] = (R[rs] as number) >>> 0 < imm >>> 0 ? 1 : 0;
          break;
        case Op.Andi:
          R[rt] = (R[rs] as number) & (w & 0xffff);
          break;
        case Op.Ori:
          R[rt] = (R[rs] as number) | (w & 0xffff);
          break;
        case Op.Xori:
          R[rt] = (R[rs] as number) ^ (w & 0xffff);
          break;
        case Op.Lui:
          R[rt] = w << 16;
          break;
        case Op.Madd:
        case Op.Maddu:
        case Op.Msub:
        case Op.Msubu: {
          const p = R[rs] as number;
          const q = R[rt] as number;
          const l = Math.imul(p, q);
          const h = op === Op.Madd || op === Op.Msub ? mulHiSigned(p, q, l) : mulHiUnsigned(p, q, l);
          if (op === Op.Madd || op === Op.Maddu) {
            const s = (S.lo >>> 0) + (l >>> 0);
            S.lo = s | 0;
            S.hi = (S.hi + h + (s > 4294967295 ? 1 : 0)) | 0;
          } else {
            const s = (S.lo >>> 0) - (l >>> 0);
            S.lo = s | 0;
            S.hi = (S.hi - h - (s < 0 ? 1 : 0)) | 0;
          }
          break;
        }
        case Op.Mul:
          R[rd] = Math.imul(R[rs] as number, R[rt] as number);
          break;
        case Op.Clz:
          R[rd] = Math.clz32(R[rs] as number);
          break;
        case Op.Clo:
          R[rd] = Math.clz32(~(R[rs] as number));
          break;
        case Op.Ext: {
          const size = rd + 1;
          R[rt] = ((R[rs] as number) >>> ((w >>> 6) & 31)) & (size === 32 ? -1 : ~(-1 << size));
          break;
        }
        case Op.Ins: {
          const sh = (w >>> 6) & 31;
          const size = rd - sh + 1;
          const field = size === 32 ? -1 : ~(-1 << size) << sh;
          R[rt] = ((R[rt] as number) & ~field) | (((R[rs] as number) << sh) & field);
          break;
        }
        case Op.Wsbh: {
          const v = R[rt] as number;
          R[rd] = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
          break;
        }
        case Op.Seb:
          R[rd] = ((R[rt] as number) << 24) >> 24;
          break;
        case Op.Seh:
          R[rd] = ((R[rt] as number) << 16) >> 16;
          break;
        case Op.Rdhwr:
          showStepper(S, npc, n);
          if (!X.hwrAllowed(rd)) {
            exc = EXC_RI;
            break run;
          }
          R[rt] = rd === 0 ? X.cpuNumber() : rd === 1 ? 32 : rd === 2 ? X.cycleCount() : rd === 3 ? 2 : S.userLocal;
          break;
        case Op.Lw: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (lt[i] === (a & -4093)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onLoad(cn, ((la[i] as number) + a) | 0, 4);
            R[rt] = m32[((la[i] as number) + a) >> 2] as number;
          } else {
            showStepper(S, npc, n);
            exc = X.accessFault(a, 4, ACCESS_LOAD);
            if (exc !== 0) {
              bad = a;
              break run;
            }
            R[rt] = X.load32(a);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Lb:
        case Op.Lbu: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (lt[i] === (a & -4096)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onLoad(cn, ((la[i] as number) + a) | 0, 1);
            const v = m8[((la[i] as number) + a) ^ bx] as number;
            R[rt] = op === Op.Lb ? (v << 24) >> 24 : v;
          } else {
            showStepper(S, npc, n);
            exc = X.accessFault(a, 1, ACCESS_LOAD);
            if (exc !== 0) {
              bad = a;
              break run;
            }
            R[rt] = op === Op.Lb ? X.load8s(a) : X.load8u(a);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Lh:
        case Op.Lhu: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (lt[i] === (a & -4095)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onLoad(cn, ((la[i] as number) + a) | 0, 2);
            const v = m16[(((la[i] as number) + a) ^ hx) >> 1] as number;
            R[rt] = op === Op.Lh ? (v << 16) >> 16 : v;
          } else {
            showStepper(S, npc, n);
            exc = X.accessFault(a, 2, ACCESS_LOAD);
            if (exc !== 0) {
              bad = a;
              break run;
            }
            R[rt] = op === Op.Lh ? X.load16s(a) : X.load16u(a);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Lwl:
        case Op.Lwr: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          const fast = lt[i] === (a & -4096);
          if (!fast) {
            exc = X.accessFault(a & -4, 4, ACCESS_LOAD);
            if (exc !== 0) {
              bad = a & -4;
              break run;
            }
          }
          if (fast && TC !== undefined) TC.cycleBias += TC.timing.onLoad(cn, ((la[i] as number) + a) | 0, 1);
          const v = fast ? (m32[((la[i] as number) + a) >> 2] as number) : slowLoad(X, S, npc, n, a & -4);
          R[rt] = op === Op.Lwl ? lwl(v, R[rt] as number, (a & 3) ^ ux) : lwr(v, R[rt] as number, (a & 3) ^ ux);
          if (!fast) {
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Sw: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (st[i] === (a & -4093)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onStore(cn, ((sa[i] as number) + a) | 0, 4);
            m32[((sa[i] as number) + a) >> 2] = R[rt] as number;
          } else {
            showStepper(S, npc, n);
            exc = X.accessFault(a, 4, ACCESS_STORE);
            if (exc !== 0) {
              bad = a;
              break run;
            }
            X.store32(a, R[rt] as number);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Sh: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (st[i] === (a & -4095)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onStore(cn, ((sa[i] as number) + a) | 0, 2);
            m16[(((sa[i] as number) + a) ^ hx) >> 1] = R[rt] as number;
          } else {
            showStepper(S, npc, n);
            exc = X.accessFault(a, 2, ACCESS_STORE);
            if (exc !== 0) {
              bad = a;
              break run;
            }
            X.store16(a, R[rt] as number);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Sb: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (st[i] === (a & -4096)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onStore(cn, ((sa[i] as number) + a) | 0, 1);
            m8[((sa[i] as number) + a) ^ bx] = R[rt] as number;
          } else {
            showStepper(S, npc, n);
            exc = X.accessFault(a, 1, ACCESS_STORE);
            if (exc !== 0) {
              bad = a;
              break run;
            }
            X.store8(a, R[rt] as number);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Swl:
        case Op.Swr: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          if (st[i] === (a & -4096)) {
            if (TC !== undefined) TC.cycleBias += TC.timing.onStore(cn, ((sa[i] as number) + a) | 0, 1);
            const j = ((sa[i] as number) + a) >> 2;
            m32[j] = op === Op.Swl ? swl(m32[j] as number, R[rt] as number, (a & 3) ^ ux) : swr(m32[j] as number, R[rt] as number, (a & 3) ^ ux);
          } else {
            showStepper(S, npc, n);
            X.storeMerge(a, R[rt] as number, op === Op.Swl ? swl : swr);
            fetchPage = NO_FETCH_PAGE;
            if (X.halted !== undefined) stop = n + 1;
          }
          break;
        }
        case Op.Cop0:
        case Op.Cache:
        case Op.Ll:
        case Op.Sc:
          // LL's fast path (fast mode): an aligned word the load SoftTlb maps; else the full path below.
          if (op === Op.Ll && TC === undefined) {
            const a = ((R[rs] as number) + imm) | 0;
            const i = (a >>> 12) & 4095;
            if (lt[i] === (a & -4093)) {
              X.loadLinkedAt(rt, a, ((la[i] as number) + a) | 0);
              break;
            }
          }
          if ((op === Op.Cop0 || op === Op.Cache) && !X.cp0Usable()) {
            exc = EXC_CPU;
            break run;
          }
          showStepper(S, npc, n);
          if (op === Op.Cop0) X.cop0(w);
          else if (op === Op.Cache) X.cacheOp(w);
          else if (op === Op.Ll) X.loadLinked(rt, ((R[rs] as number) + imm) | 0);
          else X.storeConditional(rt, ((R[rs] as number) + imm) | 0);
          // Carry on from the state it left (ERET, WAIT, TLB writes and interrupt changes halt, jump or remap).
          pc = S.pc;
          npc = S.npc;
          ds = S.inDelaySlot;
          n = S.icount + 1;
          entry = false;
          fetchPage = NO_FETCH_PAGE;
          if (X.halted !== undefined) break run;
          continue run;
        default:
          X.fallbackWord = w;
          result = INTERP_FALLBACK;
          break run;
      }
      R[0] = 0;
      n++;
      if (ds) {
        entry = true;
        ds = false;
      }
      pc = npc;
      npc = (npc + 4) | 0;
    }
  } catch (e) {
    if (!(e instanceof GuestException)) throw e;
    S.icount = n;
    X.deliver(e, pc, npc, ds);
    return INTERP_DISPATCH;
  }
  if (exc !== 0) {
    S.icount = n;
    X.raise(exc, bad, 0, pc, npc, ds);
    return INTERP_DISPATCH;
  }
  S.pc = pc;
  S.npc = npc;
  S.inDelaySlot = ds;
  S.icount = n;
  return result;
}

/** LWL/LWR's slow path: the aligned word through the CPU's full memory path, as the stepper shows it. */
function slowLoad(X: Cpu, S: CpuState, npc: number, n: number, a: number): number {
  showStepper(S, npc, n);
  return X.load32(a);
}

/** Writes the state the stepper shows a slow path: pc past the instruction, icount not counting it. */
function showStepper(S: CpuState, npc: number, n: number): void {
  S.pc = npc;
  S.npc = (npc + 4) | 0;
  S.inDelaySlot = false;
  S.icount = n;
}

/** TGE, TGEU, TLT, TLTU, TEQ, TNE (SPECIAL funct 48–54): the trap condition. */
function trapTaken(funct: number, a: number, b: number): boolean {
  switch (funct) {
    case 48:
      return a >= b;
    case 49:
      return a >>> 0 >= b >>> 0;
    case 50:
      return a < b;
    case 51:
      return a >>> 0 < b >>> 0;
    case 52:
      return a === b;
    default:
      return a !== b;
  }
}

/** TGEI, TGEIU, TLTI, TLTIU, TEQI, TNEI (REGIMM rt 8–14): the trap condition. */
function trapImmTaken(k: number, a: number, imm: number): boolean {
  switch (k) {
    case 8:
      return a >= imm;
    case 9:
      return a >>> 0 >= imm >>> 0;
    case 10:
      return a < imm;
    case 11:
      return a >>> 0 < imm >>> 0;
    case 12:
      return a === imm;
    default:
      return a !== imm;
  }
}
