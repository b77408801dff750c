// The first execution tier: an interpreter that decodes each instruction word as it runs it, with
// no code generation, so code that runs only a few times (kernel start-up, exception handlers,
// first-time paths) costs no `new Function` and no V8 compile. It runs the integer ISA, loads and
// stores (SoftTlb fast path, else the CPU's full memory path), branches with their delay slots,
// and the privileged instructions (COP0, CACHE, LL/SC, RDHWR) through the CPU's hooks; anything
// else (CP1, reserved encodings) returns INTERP_FALLBACK *before* the instruction, and the compiled
// stepper (codegen/stepCompiler.ts) runs it. Its semantics mirror the emitters (codegen/emit*.ts)
// instruction for instruction; test/unit/machine/interpreter.test.ts compares the two.
//
// Contract, as the stepper's: an exception is raised before any register changes and delivered
// with EPC/BD through Cpu.deliver; a slow path sees the CPU state the stepper would show it (pc
// past the instruction, icount not yet counting it). With `blocks`, it also returns to the
// dispatcher at a block entry (the instruction after a delay slot, or after a not-taken likely
// branch) that has a compiled region or has just become hot, counting entries there as the
// dispatcher does (CodeStore.enter); and it stops before a breakpoint address. It returns at the
// latest when `lim` instructions have retired, after an exception, or after a privileged
// instruction or slow path after which the CPU was halted.

import type { Cpu } from './cpu';
import type { CpuState } from './cpuState';
import { EXC_BP, EXC_OV, EXC_RI, EXC_SYS, EXC_TR, GuestException } from './exceptions';
import { lwl, lwr, mulHiSigned, mulHiUnsigned, swl, swr } from './intArith';

/** The interpreter returned to its caller with the CPU state written back. */
export const INTERP_DISPATCH = 0;
/** The instruction at pc is one only the compiled stepper runs. */
export const INTERP_FALLBACK = 1;

const ENTRY_BLOCK = 1;
const ENTRY_LOOP = 2;

/**
 * Runs instructions of `X` until icount reaches `lim` (or an earlier return, see the header).
 * Returns INTERP_DISPATCH or INTERP_FALLBACK.
 */
export function interpret(X: Cpu, lim: number, blocks: boolean): number {
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
  let pc = S.pc;
  let npc = S.npc;
  let ds = S.inDelaySlot;
  let n = S.icount;
  const n0 = n;
  /** The instruction at pc starts a block (ENTRY_BLOCK), one a direct branch went back to (ENTRY_LOOP), or not (0). */
  let entry = 0;
  /** The last branch went back, by a direct branch or J, to an address not above its own. */
  let back = false;
  /** The virtual page whose breakpoint presence `bpHere` holds (1: none yet). */
  let bpPage = 1;
  let bpHere = false;
  let result = INTERP_DISPATCH;
  try {
    run: while (n < lim) {
      const fi = (pc >>> 12) & 4095;
      const pa = ft[fi] === (pc & -4093) ? ((fa[fi] as number) + pc) | 0 : -1;
      if (n !== n0) {
        if (entry !== 0 && blocks && pa !== -1 && (cache.quick(pa, pc) !== undefined || code.enter(pa, entry === ENTRY_LOOP))) break;
        if (armed) {
          if ((pc & -4096) !== bpPage) {
            bpPage = pc & -4096;
            bpHere = X.breakpointsInPage(pc);
          }
          if (bpHere && X.breakpointAt(pc)) break;
        }
      }
      const w = pa !== -1 ? (m32[pa >>> 2] as number) : X.fetch(pc);
      let nnpc = (npc + 4) | 0;
      let nds = false;
      let skip = false;
      let out = false;
      const rs = (w >>> 21) & 31;
      const rt = (w >>> 16) & 31;
      const imm = (w << 16) >> 16;
      switch (w >>> 26) {
        case 0: {
          const rd = (w >>> 11) & 31;
          const sh = (w >>> 6) & 31;
          switch (w & 63) {
            case 0:
              R[rd] = (R[rt] as number) << sh;
              break;
            case 2:
              if (rs === 1) R[rd] = ((R[rt] as number) >>> sh) | ((R[rt] as number) << (32 - sh));
              else if (rs === 0) R[rd] = (R[rt] as number) >>> sh;
              else {
                result = 1;
                break run;
              }
              break;
            case 3:
              R[rd] = (R[rt] as number) >> sh;
              break;
            case 4:
              R[rd] = (R[rt] as number) << (R[rs] as number);
              break;
            case 6: {
              const s = (R[rs] as number) & 31;
              if (sh === 1) R[rd] = ((R[rt] as number) >>> s) | ((R[rt] as number) << (32 - s));
              else if (sh === 0) R[rd] = (R[rt] as number) >>> (R[rs] as number);
              else {
                result = 1;
                break run;
              }
              break;
            }
            case 7:
              R[rd] = (R[rt] as number) >> (R[rs] as number);
              break;
            case 8:
            case 9: {
              if (ds) throw new GuestException(EXC_RI);
              const tg = R[rs] as number;
              if ((w & 63) === 9) R[rd] = (pc + 8) | 0;
              nnpc = tg;
              nds = true;
              back = false;
              break;
            }
            case 10:
              if (R[rt] === 0) R[rd] = R[rs] as number;
              break;
            case 11:
              if (R[rt] !== 0) R[rd] = R[rs] as number;
              break;
            case 12:
              throw new GuestException(EXC_SYS);
            case 13:
              throw new GuestException(EXC_BP);
            case 15:
              break;
            case 16:
              R[rd] = S.hi;
              break;
            case 17:
              S.hi = R[rs] as number;
              break;
            case 18:
              R[rd] = S.lo;
              break;
            case 19:
              S.lo = R[rs] as number;
              break;
            case 24: {
              const p = R[rs] as number;
              const q = R[rt] as number;
              const l = Math.imul(p, q);
              S.hi = mulHiSigned(p, q, l);
              S.lo = l;
              break;
            }
            case 25: {
              const p = R[rs] as number;
              const q = R[rt] as number;
              const l = Math.imul(p, q);
              S.hi = mulHiUnsigned(p, q, l);
              S.lo = l;
              break;
            }
            case 26: {
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
            case 27: {
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
            case 32:
            case 34: {
              const v = (w & 63) === 32 ? (R[rs] as number) + (R[rt] as number) : (R[rs] as number) - (R[rt] as number);
              if (v > 2147483647 || v < -2147483648) throw new GuestException(EXC_OV);
              R[rd] = v;
              break;
            }
            case 33:
              R[rd] = (R[rs] as number) + (R[rt] as number);
              break;
            case 35:
              R[rd] = (R[rs] as number) - (R[rt] as number);
              break;
            case 36:
              R[rd] = (R[rs] as number) & (R[rt] as number);
              break;
            case 37:
              R[rd] = (R[rs] as number) | (R[rt] as number);
              break;
            case 38:
              R[rd] = (R[rs] as number) ^ (R[rt] as number);
              break;
            case 39:
              R[rd] = ~((R[rs] as number) | (R[rt] as number));
              break;
            case 42:
              R[rd] = (R[rs] as number) < (R[rt] as number) ? 1 : 0;
              break;
            case 43:
              R[rd] = (R[rs] as number) >>> 0 < (R[rt] as number) >>> 0 ? 1 : 0;
              break;
            case 48:
            case 49:
            case 50:
            case 51:
            case 52:
            case 54:
              if (trapTaken(w & 63, R[rs] as number, R[rt] as number)) throw new GuestException(EXC_TR);
              break;
            default:
              result = 1;
              break run;
          }
          break;
        }
        case 1: {
          const r = R[rs] as number;
          const k = rt;
          if (k < 4 || (k >= 16 && k < 20)) {
            if (ds) throw new GuestException(EXC_RI);
            const t = (k & 1) === 0 ? r < 0 : r >= 0;
            if (k >= 16) R[31] = (pc + 8) | 0;
            if (t) nnpc = (pc + 4 + imm * 4) | 0;
            back = t && k < 16 && imm < 0;
            if ((k & 2) !== 0 && !t) skip = true;
            else nds = true;
          } else if (k >= 8 && k <= 14 && k !== 13) {
            if (trapImmTaken(k, r, imm)) throw new GuestException(EXC_TR);
          } else if (k !== 31) {
            result = 1;
            break run;
          }
          break;
        }
        case 2:
        case 3:
          if (ds) throw new GuestException(EXC_RI);
          if (w >>> 26 === 3) R[31] = (pc + 8) | 0;
          nnpc = ((pc + 4) & -268435456) | ((w & 0x03ffffff) << 2);
          nds = true;
          back = w >>> 26 === 2 && nnpc >>> 0 <= pc >>> 0;
          break;
        case 4:
        case 5:
        case 6:
        case 7:
        case 20:
        case 21:
        case 22:
        case 23: {
          if (ds) throw new GuestException(EXC_RI);
          const op = (w >>> 26) & 3;
          const r = R[rs] as number;
          const t = op === 0 ? r === R[rt] : op === 1 ? r !== R[rt] : op === 2 ? r <= 0 : r > 0;
          if (t) nnpc = (pc + 4 + imm * 4) | 0;
          back = t && imm < 0;
          if (w >>> 26 >= 20 && !t) skip = true;
          else nds = true;
          break;
        }
        case 8: {
          const v = (R[rs] as number) + imm;
          if (v > 2147483647 || v < -2147483648) throw new GuestException(EXC_OV);
          R[rt] = v;
          break;
        }
        case 9:
          R[rt] = (R[rs] as number) + imm;
          break;
        case 10:
          R[rt] = (R[rs] as number) < imm ? 1 : 0;
          break;
        case 11:
          R[rt] = (R[rs] as number) >>> 0 < imm >>> 0 ? 1 : 0;
          break;
        case 12:
          R[rt] = (R[rs] as number) & (w & 0xffff);
          break;
        case 13:
          R[rt] = (R[rs] as number) | (w & 0xffff);
          break;
        case 14:
          R[rt] = (R[rs] as number) ^ (w & 0xffff);
          break;
        case 15:
          R[rt] = w << 16;
          break;
        case 16:
          showStepper(S, npc, n);
          X.cop0(w);
          // Carry on from the state it left (ERET, WAIT and interrupt changes halt or jump).
          pc = S.pc;
          npc = S.npc;
          ds = S.inDelaySlot;
          n = S.icount + 1;
          entry = 0;
          bpPage = 1;
          if (X.halted !== undefined) break run;
          continue run;
        case 28: {
          const p = R[rs] as number;
          const q = R[rt] as number;
          switch (w & 63) {
            case 0:
            case 1:
            case 4:
            case 5: {
              const l = Math.imul(p, q);
              const h = (w & 1) === 0 ? mulHiSigned(p, q, l) : mulHiUnsigned(p, q, l);
              if ((w & 4) === 0) {
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
            case 2:
              R[(w >>> 11) & 31] = Math.imul(p, q);
              break;
            case 32:
              R[(w >>> 11) & 31] = Math.clz32(p);
              break;
            case 33:
              R[(w >>> 11) & 31] = Math.clz32(~p);
              break;
            case 63:
              throw new GuestException(EXC_BP);
            default:
              result = 1;
              break run;
          }
          break;
        }
        case 31: {
          const rd = (w >>> 11) & 31;
          const sh = (w >>> 6) & 31;
          switch (w & 63) {
            case 0: {
              const size = rd + 1;
              if (sh + size > 32) {
                result = 1;
                break run;
              }
              R[rt] = ((R[rs] as number) >>> sh) & (size === 32 ? -1 : (1 << size) - 1);
              break;
            }
            case 4: {
              if (rd < sh) {
                result = 1;
                break run;
              }
              const size = rd - sh + 1;
              const field = (size === 32 ? -1 : ((1 << size) - 1) << sh) | 0;
              R[rt] = ((R[rt] as number) & ~field) | (((R[rs] as number) << sh) & field);
              break;
            }
            case 32: {
              const v = R[rt] as number;
              if (sh === 2) R[rd] = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
              else if (sh === 16) R[rd] = (v << 24) >> 24;
              else if (sh === 24) R[rd] = (v << 16) >> 16;
              else {
                result = 1;
                break run;
              }
              break;
            }
            case 59: {
              if (rd > 3 && rd !== 29) {
                result = 1;
                break run;
              }
              showStepper(S, npc, n);
              if (!X.hwrAllowed(rd)) throw new GuestException(EXC_RI);
              R[rt] = rd === 0 ? X.cpuNumber() : rd === 1 ? 32 : rd === 2 ? X.cycleCount() : rd === 3 ? 2 : S.userLocal;
              break;
            }
            default:
              result = 1;
              break run;
          }
          break;
        }
        case 32:
        case 33:
        case 35:
        case 36:
        case 37: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          const op = w >>> 26;
          const mask = op === 35 ? -4093 : op === 32 || op === 36 ? -4096 : -4095;
          if (lt[i] !== (a & mask)) {
            showStepper(S, npc, n);
            R[rt] = op === 35 ? X.load32(a) : op === 32 ? X.load8s(a) : op === 33 ? X.load16s(a) : op === 36 ? X.load8u(a) : X.load16u(a);
            out = true;
          } else {
            const p = ((la[i] as number) + a) | 0;
            R[rt] =
              op === 35
                ? (m32[p >> 2] as number)
                : op === 32
                  ? ((m8[p ^ bx] as number) << 24) >> 24
                  : op === 36
                    ? (m8[p ^ bx] as number)
                    : op === 33
                      ? ((m16[(p ^ hx) >> 1] as number) << 16) >> 16
                      : (m16[(p ^ hx) >> 1] as number);
          }
          break;
        }
        case 34:
        case 38: {
          // As the emitters: a merge into $zero is no access at all.
          if (rt === 0) break;
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          const merge = w >>> 26 === 34 ? lwl : lwr;
          if (lt[i] !== (a & -4096)) {
            showStepper(S, npc, n);
            R[rt] = merge(X.load32(a & -4), R[rt] as number, (a & 3) ^ ux);
            out = true;
          } else R[rt] = merge(m32[((la[i] as number) + a) >> 2] as number, R[rt] as number, (a & 3) ^ ux);
          break;
        }
        case 40:
        case 41:
        case 43: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          const op = w >>> 26;
          const v = R[rt] as number;
          if (st[i] !== (a & (op === 43 ? -4093 : op === 41 ? -4095 : -4096))) {
            showStepper(S, npc, n);
            if (op === 43) X.store32(a, v);
            else if (op === 41) X.store16(a, v);
            else X.store8(a, v);
            out = true;
          } else {
            const p = ((sa[i] as number) + a) | 0;
            if (op === 43) m32[p >> 2] = v;
            else if (op === 41) m16[(p ^ hx) >> 1] = v;
            else m8[p ^ bx] = v;
          }
          break;
        }
        case 42:
        case 46: {
          const a = ((R[rs] as number) + imm) | 0;
          const i = (a >>> 12) & 4095;
          const merge = w >>> 26 === 42 ? swl : swr;
          if (st[i] !== (a & -4096)) {
            showStepper(S, npc, n);
            X.storeMerge(a, R[rt] as number, merge);
            out = true;
          } else {
            const j = ((sa[i] as number) + a) >> 2;
            m32[j] = merge(m32[j] as number, R[rt] as number, (a & 3) ^ ux);
          }
          break;
        }
        case 47:
          showStepper(S, npc, n);
          X.cacheOp(w);
          // Carry on from the state it left (ERET, WAIT and interrupt changes halt or jump).
          pc = S.pc;
          npc = S.npc;
          ds = S.inDelaySlot;
          n = S.icount + 1;
          entry = 0;
          bpPage = 1;
          if (X.halted !== undefined) break run;
          continue run;
        case 48:
        case 56:
          showStepper(S, npc, n);
          if (w >>> 26 === 48) X.loadLinked(rt, ((R[rs] as number) + imm) | 0);
          else X.storeConditional(rt, ((R[rs] as number) + imm) | 0);
          // Carry on from the state it left (ERET, WAIT and interrupt changes halt or jump).
          pc = S.pc;
          npc = S.npc;
          ds = S.inDelaySlot;
          n = S.icount + 1;
          entry = 0;
          bpPage = 1;
          if (X.halted !== undefined) break run;
          continue run;
        case 51:
          break;
        default:
          result = 1;
          break run;
      }
      R[0] = 0;
      n++;
      if (skip) {
        pc = (pc + 8) | 0;
        npc = (pc + 4) | 0;
        ds = false;
        entry = ENTRY_BLOCK;
      } else {
        entry = ds ? (back ? ENTRY_LOOP : ENTRY_BLOCK) : 0;
        pc = npc;
        npc = nnpc;
        ds = nds;
      }
      if (out && X.halted !== undefined) break;
    }
  } catch (e) {
    if (!(e instanceof GuestException)) throw e;
    S.icount = n;
    X.deliver(e, pc, npc, ds);
    return INTERP_DISPATCH;
  }
  S.pc = pc;
  S.npc = npc;
  S.inDelaySlot = ds;
  S.icount = n;
  return result;
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
