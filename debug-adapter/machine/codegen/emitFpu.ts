// JS source for the CP1 (FPU) instructions of MIPS32 Release 2 with Status.FR = 0, as QEMU's 24Kf
// runs o32 Linux programs (MIPS32 Vol. II, COP1/COP1X tables): moves, loads/stores (a double is an
// even/odd register pair), BC1F/BC1T(L), MOVF/MOVT, arithmetic, conversions, C.cond.fmt and the
// MADD family. Arithmetic calls fpu/fpuOps (rounding modes, FCSR cause/flags, legacy NaNs); a
// helper returns true when an enabled IEEE exception must trap, before it changed any register.
// Paired-single and 64-bit-integer (L) formats need FR=1 and are reserved here, as on QEMU.

import { EXC_CPU, EXC_FPE, EXC_RI } from '../exceptions';
import { type EmitEnv, type Emitted, LOAD_PA, LOAD_TAG_OF, STORE_PA, STORE_TAG_OF, TLB_INDEX } from './emitEnv';

const plain = (code: string): Emitted => ({ kind: 'plain', code });
const stepOnly = (code: string): Emitted => ({ kind: 'stepOnly', code });

/** FCSR bit holding condition code cc (cc0 is bit 23, cc1–cc7 are bits 25–31). */
export function ccBit(cc: number): number {
  return cc === 0 ? 23 : 24 + cc;
}

function usable(env: EmitEnv, code: string): Emitted {
  return plain(`if (!S.cu1) { ${env.raise(EXC_CPU, 1)} } ${code}`);
}

function trapping(env: EmitEnv, call: string): Emitted {
  return usable(env, `if (${call}) { ${env.raise(EXC_FPE)} }`);
}

const reserved = (env: EmitEnv): Emitted => stepOnly(env.raise(EXC_RI));

function ccTest(cc: number, tf: number): string {
  return `((S.fcr31 >>> ${ccBit(cc)}) & 1) === ${tf}`;
}

/** MOVF/MOVT (SPECIAL funct 1): conditional GPR move on an FPU condition code. */
export function emitMovci(w: number, env: EmitEnv): Emitted {
  const rs = (w >>> 21) & 31;
  const rd = (w >>> 11) & 31;
  const cc = (w >>> 18) & 7;
  const tf = (w >>> 16) & 1;
  if ((w >>> 17) & 1 || (w >>> 6) & 31) return reserved(env);
  return usable(env, `if (${ccTest(cc, tf)}) { ${env.setReg(rd, env.reg(rs))} }`);
}

type FpuAccess = 'lw' | 'sw' | 'ld' | 'sd';

/** A CP1 load or store at address expression `addr` (fast path through the SoftTlb). */
function fpuMemory(env: EmitEnv, kind: FpuAccess, addr: string, reg: number): Emitted {
  const head = `const a = ${addr}; ${TLB_INDEX}`;
  // The word at the lower address of a double is its high half on a big-endian guest.
  const lowOff = env.byteXor ? 1 : 0;
  const ev = reg & ~1;
  const od = reg | 1;
  switch (kind) {
    case 'lw':
      return usable(env, `{ ${head} if (${LOAD_TAG_OF} !== (a & -4093)) { ${env.slow(`F[${reg}] = X.load32(a);`)} } else { ${env.timeData(LOAD_PA, 4, false)}F[${reg}] = m32[${LOAD_PA} >> 2]; } }`);
    case 'sw':
      return usable(env, `{ ${head} if (${STORE_TAG_OF} !== (a & -4093)) { ${env.slow(`X.store32(a, F[${reg}]);`)} } else { ${env.timeData(STORE_PA, 4, true)}m32[${STORE_PA} >> 2] = F[${reg}]; } }`);
    case 'ld':
      return usable(
        env,
        `{ ${head} if (${LOAD_TAG_OF} !== (a & -4089)) { ${env.slow(`X.loadDouble(a, ${ev});`)} } ` +
          `else { ${env.timeData(LOAD_PA, 8, false)}const j = ${LOAD_PA} >> 2; F[${ev}] = m32[j + ${lowOff}]; F[${od}] = m32[j + ${1 - lowOff}]; } }`,
      );
    case 'sd':
      return usable(
        env,
        `{ ${head} if (${STORE_TAG_OF} !== (a & -4089)) { ${env.slow(`X.storeDouble(a, ${ev});`)} } ` +
          `else { ${env.timeData(STORE_PA, 8, true)}const j = ${STORE_PA} >> 2; m32[j + ${lowOff}] = F[${ev}]; m32[j + ${1 - lowOff}] = F[${od}]; } }`,
      );
  }
}

/** LWC1, LDC1, SWC1, SDC1. */
export function emitFpuLoadStore(w: number, env: EmitEnv): Emitted {
  const op = w >>> 26;
  const addr = `(${env.reg((w >>> 21) & 31)} + ${(w << 16) >> 16}) | 0`;
  const kind: FpuAccess = op === 49 ? 'lw' : op === 53 ? 'ld' : op === 57 ? 'sw' : 'sd';
  return fpuMemory(env, kind, addr, (w >>> 16) & 31);
}

const ARITH_S_D: Record<number, string> = {
  0: 'add',
  1: 'sub',
  2: 'mul',
  3: 'div',
};
const UNARY_S_D: Record<number, string> = {
  4: 'sqrt',
  12: 'round_w',
  13: 'trunc_w',
  14: 'ceil_w',
  15: 'floor_w',
  21: 'recip',
  22: 'rsqrt',
  36: 'cvt_w',
};

function fmtArith(w: number, env: EmitEnv, fmt: 's' | 'd'): Emitted {
  const ft = (w >>> 16) & 31;
  const fs = (w >>> 11) & 31;
  const fd = (w >>> 6) & 31;
  const funct = w & 63;
  const dbl = fmt === 'd';
  // Double operands must be even registers when FR=0 (QEMU: reserved instruction otherwise).
  const regsOk = (...r: number[]): boolean => !dbl || r.every((x) => (x & 1) === 0);
  const bin = ARITH_S_D[funct];
  if (bin !== undefined) {
    return regsOk(fd, fs, ft) ? trapping(env, `H.fpu.${bin}_${fmt}(S, ${fd}, ${fs}, ${ft})`) : reserved(env);
  }
  const un = UNARY_S_D[funct];
  if (un !== undefined) {
    const ok = funct >= 12 && funct <= 15 || funct === 36 ? regsOk(fs) : regsOk(fd, fs);
    return ok ? trapping(env, `H.fpu.${un}_${fmt}(S, ${fd}, ${fs})`) : reserved(env);
  }
  const move = (cond: string): Emitted => {
    if (!regsOk(fd, fs)) return reserved(env);
    const body = dbl ? `F[${fd}] = F[${fs}]; F[${fd + 1}] = F[${fs + 1}];` : `F[${fd}] = F[${fs}];`;
    return usable(env, cond ? `if (${cond}) { ${body} }` : body);
  };
  const hiReg = dbl ? fd + 1 : fd;
  const hiSrc = dbl ? fs + 1 : fs;
  switch (funct) {
    case 5:
    case 7: {
      if (!regsOk(fd, fs)) return reserved(env);
      const low = dbl ? `F[${fd}] = F[${fs}]; ` : '';
      const op = funct === 5 ? '& 0x7fffffff' : '^ -2147483648';
      return usable(env, `{ const h = F[${hiSrc}] ${op}; ${low}F[${hiReg}] = h; }`);
    }
    case 6:
      return move('');
    case 17:
      return move(ccTest(ft >>> 2, ft & 1));
    case 18:
      return move(`${env.reg(ft)} === 0`);
    case 19:
      return move(`${env.reg(ft)} !== 0`);
    case 32:
      return fmt === 'd' && regsOk(fs) ? trapping(env, `H.fpu.cvt_s_d(S, ${fd}, ${fs})`) : reserved(env);
    case 33:
      return fmt === 's' && regsOk(fd) && (fd & 1) === 0 ? trapping(env, `H.fpu.cvt_d_s(S, ${fd}, ${fs})`) : reserved(env);
    default:
      if (funct >= 48) {
        if (!regsOk(fs, ft)) return reserved(env);
        const cc = (w >>> 8) & 7;
        if ((w >>> 6) & 3) return reserved(env);
        return trapping(env, `H.fpu.c_${fmt}(S, ${funct & 15}, ${cc}, ${fs}, ${ft})`);
      }
      return reserved(env);
  }
}

/** COP1 (opcode 17). */
export function emitCop1(w: number, env: EmitEnv): Emitted {
  const fmt = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const fs = (w >>> 11) & 31;
  const fd = (w >>> 6) & 31;
  switch (fmt) {
    case 0:
      return usable(env, env.setReg(rt, `F[${fs}]`));
    case 2:
      return usable(env, env.setReg(rt, `H.fpu.cfc1(S, ${fs})`));
    case 3:
      return usable(env, env.setReg(rt, `F[${fs | 1}]`));
    case 4:
      return usable(env, `F[${fs}] = ${env.reg(rt)};`);
    case 6:
      return stepOnly(`if (!S.cu1) { ${env.raise(EXC_CPU, 1)} } if (H.fpu.ctc1(S, ${fs}, ${env.reg(rt)})) { ${env.raise(EXC_FPE)} }`);
    case 7:
      return usable(env, `F[${fs | 1}] = ${env.reg(rt)};`);
    case 8: {
      const cc = (w >>> 18) & 7;
      const tf = (w >>> 16) & 1;
      const likely = ((w >>> 17) & 1) === 1;
      const imm = (w << 16) >> 16;
      return {
        kind: 'branch',
        guard: `if (!S.cu1) { ${env.raise(EXC_CPU, 1)} }`,
        cond: ccTest(cc, tf),
        target: env.pcPlus(4 + imm * 4),
        link: -1,
        likely,
      };
    }
    case 16:
      return fmtArith(w, env, 's');
    case 17:
      return fmtArith(w, env, 'd');
    case 20: {
      const funct = w & 63;
      if (funct === 32) return trapping(env, `H.fpu.cvt_s_w(S, ${fd}, ${fs})`);
      if (funct === 33) return (fd & 1) === 0 ? trapping(env, `H.fpu.cvt_d_w(S, ${fd}, ${fs})`) : reserved(env);
      return reserved(env);
    }
    default:
      return reserved(env);
  }
}

/** COP1X (opcode 19): indexed loads/stores and the MADD family. */
export function emitCop1x(w: number, env: EmitEnv): Emitted {
  const base = (w >>> 21) & 31;
  const index = (w >>> 16) & 31;
  const fs = (w >>> 11) & 31;
  const fd = (w >>> 6) & 31;
  const funct = w & 63;
  const addr = `(${env.reg(base)} + ${env.reg(index)}) | 0`;
  switch (funct) {
    case 0:
      return fpuMemory(env, 'lw', addr, fd);
    case 1:
      return fpuMemory(env, 'ld', addr, fd);
    case 8:
      return fpuMemory(env, 'sw', addr, fs);
    case 9:
      return fpuMemory(env, 'sd', addr, fs);
    case 15:
      return usable(env, '');
    default: {
      const op = { 4: 'madd', 5: 'msub', 6: 'nmadd', 7: 'nmsub' }[funct >>> 3];
      const fmt = funct & 7;
      if (op === undefined || (fmt !== 0 && fmt !== 1)) return reserved(env);
      const fr = base;
      const ft = index;
      if (fmt === 1 && ((fd | fr | fs | ft) & 1)) return reserved(env);
      return trapping(env, `H.fpu.${op}_${fmt === 0 ? 's' : 'd'}(S, ${fd}, ${fr}, ${fs}, ${ft})`);
    }
  }
}
