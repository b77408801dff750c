// JS source for the MIPS32 Release 2 integer instructions (MIPS32 Vol. II, opcode tables A.2–A.7):
// ALU, shifts, HI/LO, multiply/divide, SPECIAL2/SPECIAL3, branches and jumps (incl. likely and
// linking forms), traps, loads/stores with the SoftTlb fast path, LWL/LWR/SWL/SWR, LL/SC, SYSCALL,
// BREAK, RDHWR. Unknown encodings are reserved instructions, as on QEMU's 24Kf.

import { EXC_BP, EXC_CPU, EXC_OV, EXC_RI, EXC_SYS, EXC_TR } from '../exceptions';
import { type EmitEnv, type Emitted, LOAD_PA, LOAD_TAG_OF, STORE_PA, STORE_TAG_OF, TLB_INDEX } from './emitEnv';
import { emitCop1, emitCop1x, emitFpuLoadStore, emitMovci } from './emitFpu';

const plain = (code: string): Emitted => ({ kind: 'plain', code });
const stepOnly = (code: string): Emitted => ({ kind: 'stepOnly', code });
const hex = (v: number): string => `${v | 0}`;

/** A reserved-instruction exception. */
export function reserved(env: EmitEnv): Emitted {
  return stepOnly(env.raise(EXC_RI));
}

function branch(cond: string | null, target: string, link = -1, likely = false): Emitted {
  return { kind: 'branch', cond, target, link, likely };
}

/** Access widths of a load: tag mask (page + alignment bits) and the fast-path read. */
function loadCode(env: EmitEnv, rt: number, base: number, imm: number, kind: 'w' | 'h' | 'hu' | 'b' | 'bu'): string {
  const mask = kind === 'w' ? -4093 : kind === 'h' || kind === 'hu' ? -4095 : -4096;
  const fast =
    kind === 'w'
      ? `m32[${LOAD_PA} >> 2]`
      : kind === 'h'
        ? `(m16[(${LOAD_PA} ^ ${env.halfXor}) >> 1] << 16 >> 16)`
        : kind === 'hu'
          ? `m16[(${LOAD_PA} ^ ${env.halfXor}) >> 1]`
          : kind === 'b'
            ? `(m8[${LOAD_PA} ^ ${env.byteXor}] << 24 >> 24)`
            : `m8[${LOAD_PA} ^ ${env.byteXor}]`;
  const slowFn = { w: 'load32', h: 'load16s', hu: 'load16u', b: 'load8s', bu: 'load8u' }[kind];
  const wr = (e: string): string => (rt === 0 ? `${e};` : env.setReg(rt, e));
  const size = kind === 'w' ? 4 : kind === 'h' || kind === 'hu' ? 2 : 1;
  return (
    `{ const a = (${env.reg(base)} + ${imm}) | 0; ${TLB_INDEX} ` +
    `if (${LOAD_TAG_OF} !== (a & ${mask})) { ${env.slow(wr(`X.${slowFn}(a)`))} } else { ${env.timeData(LOAD_PA, size, false)}${wr(fast)} } }`
  );
}

function storeCode(env: EmitEnv, rt: number, base: number, imm: number, size: 4 | 2 | 1): string {
  const mask = size === 4 ? -4093 : size === 2 ? -4095 : -4096;
  const v = env.reg(rt);
  const fast =
    size === 4 ? `m32[${STORE_PA} >> 2] = ${v};` : size === 2 ? `m16[(${STORE_PA} ^ ${env.halfXor}) >> 1] = ${v};` : `m8[${STORE_PA} ^ ${env.byteXor}] = ${v};`;
  return (
    `{ const a = (${env.reg(base)} + ${imm}) | 0; ${TLB_INDEX} ` +
    `if (${STORE_TAG_OF} !== (a & ${mask})) { ${env.slow(`X.store${size * 8}(a, ${v});`)} } else { ${env.timeData(STORE_PA, size, true)}${fast} } }`
  );
}

function unalignedLoad(env: EmitEnv, rt: number, base: number, imm: number, fn: 'lwl' | 'lwr'): string {
  const merge = (w: string): string => env.setReg(rt, `H.${fn}(${w}, ${env.reg(rt)}, (a & 3) ^ ${env.unalignedXor})`);
  return (
    `{ const a = (${env.reg(base)} + ${imm}) | 0; ${TLB_INDEX} ` +
    `if (${LOAD_TAG_OF} !== (a & -4096)) { ${env.slow(merge('X.load32(a & -4)'))} } else { ${env.timeData(LOAD_PA, 1, false)}${merge(`m32[${LOAD_PA} >> 2]`)} } }`
  );
}

function unalignedStore(env: EmitEnv, rt: number, base: number, imm: number, fn: 'swl' | 'swr'): string {
  return (
    `{ const a = (${env.reg(base)} + ${imm}) | 0; ${TLB_INDEX} ` +
    `if (${STORE_TAG_OF} !== (a & -4096)) { ${env.slow(`X.storeMerge(a, ${env.reg(rt)}, H.${fn});`)} } ` +
    `else { ${env.timeData(STORE_PA, 1, true)}const j = ${STORE_PA} >> 2; m32[j] = H.${fn}(m32[j], ${env.reg(rt)}, (a & 3) ^ ${env.unalignedXor}); } }`
  );
}

function trap(env: EmitEnv, cond: string): string {
  return `if (${cond}) { ${env.raise(EXC_TR)} }`;
}

function special(w: number, env: EmitEnv): Emitted {
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  const sa = (w >>> 6) & 31;
  const R = (i: number): string => env.reg(i);
  const set = (e: string): Emitted => plain(env.setReg(rd, e));
  switch (w & 63) {
    case 0:
      return set(`${R(rt)} << ${sa}`);
    case 1:
      return emitMovci(w, env);
    case 2:
      if (rs === 1) return set(`(${R(rt)} >>> ${sa} | ${R(rt)} << ${32 - sa})`);
      return rs === 0 ? set(`(${R(rt)} >>> ${sa}) | 0`) : reserved(env);
    case 3:
      return set(`${R(rt)} >> ${sa}`);
    case 4:
      return set(`${R(rt)} << ${R(rs)}`);
    case 6:
      if (sa === 1) return set(`(${R(rt)} >>> (${R(rs)} & 31) | ${R(rt)} << (32 - (${R(rs)} & 31)))`);
      return sa === 0 ? set(`(${R(rt)} >>> ${R(rs)}) | 0`) : reserved(env);
    case 7:
      return set(`${R(rt)} >> ${R(rs)}`);
    case 8:
      return branch(null, R(rs));
    case 9:
      return branch(null, R(rs), rd);
    case 10:
      return plain(`if (${R(rt)} === 0) { ${env.setReg(rd, R(rs))} }`);
    case 11:
      return plain(`if (${R(rt)} !== 0) { ${env.setReg(rd, R(rs))} }`);
    case 12:
      return stepOnly(env.raise(EXC_SYS));
    case 13:
      return stepOnly(env.raise(EXC_BP));
    case 15:
      return plain('');
    case 16:
      return set(env.hi);
    case 17:
      return plain(env.setHi(R(rs)));
    case 18:
      return set(env.lo);
    case 19:
      return plain(`${env.lo} = ${R(rs)};`);
    case 24:
      return plain(
        `{ const p = ${R(rs)}, q = ${R(rt)}; const l = Math.imul(p, q); ${env.setHiProduct('p', 'q', 'l', true)} ${env.lo} = l; }`,
      );
    case 25:
      return plain(
        `{ const p = ${R(rs)}, q = ${R(rt)}; const l = Math.imul(p, q); ${env.setHiProduct('p', 'q', 'l', false)} ${env.lo} = l; }`,
      );
    case 26:
      // QEMU divides by 1 instead when the divisor is 0 or the quotient overflows.
      return plain(
        `{ const p = ${R(rs)}, q = ${R(rt)}; if (q === 0 || (q === -1 && p === -2147483648)) { ${env.lo} = p; ${env.setHi('0')} } ` +
          `else { ${env.lo} = (p / q) | 0; ${env.setHi('(p % q) | 0')} } }`,
      );
    case 27:
      return plain(
        `{ const p = ${R(rs)} >>> 0, q = ${R(rt)} >>> 0; if (q === 0) { ${env.lo} = p | 0; ${env.setHi('0')} } ` +
          `else { ${env.lo} = (p / q) >>> 0 | 0; ${env.setHi('(p % q) | 0')} } }`,
      );
    case 32:
      return plain(
        `{ const v = ${R(rs)} + ${R(rt)}; if (v > 2147483647 || v < -2147483648) { ${env.raise(EXC_OV)} } ${env.setReg(rd, 'v')} }`,
      );
    case 33:
      return set(`(${R(rs)} + ${R(rt)}) | 0`);
    case 34:
      return plain(
        `{ const v = ${R(rs)} - ${R(rt)}; if (v > 2147483647 || v < -2147483648) { ${env.raise(EXC_OV)} } ${env.setReg(rd, 'v')} }`,
      );
    case 35:
      return set(`(${R(rs)} - ${R(rt)}) | 0`);
    case 36:
      return set(`${R(rs)} & ${R(rt)}`);
    case 37:
      return set(`${R(rs)} | ${R(rt)}`);
    case 38:
      return set(`${R(rs)} ^ ${R(rt)}`);
    case 39:
      return set(`~(${R(rs)} | ${R(rt)})`);
    case 42:
      return set(`(${R(rs)} < ${R(rt)} ? 1 : 0)`);
    case 43:
      return set(`((${R(rs)} >>> 0) < (${R(rt)} >>> 0) ? 1 : 0)`);
    case 48:
      return plain(trap(env, `${R(rs)} >= ${R(rt)}`));
    case 49:
      return plain(trap(env, `(${R(rs)} >>> 0) >= (${R(rt)} >>> 0)`));
    case 50:
      return plain(trap(env, `${R(rs)} < ${R(rt)}`));
    case 51:
      return plain(trap(env, `(${R(rs)} >>> 0) < (${R(rt)} >>> 0)`));
    case 52:
      return plain(trap(env, `${R(rs)} === ${R(rt)}`));
    case 54:
      return plain(trap(env, `${R(rs)} !== ${R(rt)}`));
    default:
      return reserved(env);
  }
}

function regimm(w: number, env: EmitEnv): Emitted {
  const rs = (w >>> 21) & 31;
  const imm = (w << 16) >> 16;
  const R = env.reg(rs);
  const target = env.pcPlus(4 + imm * 4);
  switch ((w >>> 16) & 31) {
    case 0:
      return branch(`${R} < 0`, target);
    case 1:
      return branch(`${R} >= 0`, target);
    case 2:
      return branch(`${R} < 0`, target, -1, true);
    case 3:
      return branch(`${R} >= 0`, target, -1, true);
    case 8:
      return plain(trap(env, `${R} >= ${imm}`));
    case 9:
      return plain(trap(env, `(${R} >>> 0) >= ${imm >>> 0}`));
    case 10:
      return plain(trap(env, `${R} < ${imm}`));
    case 11:
      return plain(trap(env, `(${R} >>> 0) < ${imm >>> 0}`));
    case 12:
      return plain(trap(env, `${R} === ${imm}`));
    case 14:
      return plain(trap(env, `${R} !== ${imm}`));
    case 16:
      return branch(`${R} < 0`, target, 31);
    case 17:
      return branch(`${R} >= 0`, target, 31);
    case 18:
      return branch(`${R} < 0`, target, 31, true);
    case 19:
      return branch(`${R} >= 0`, target, 31, true);
    case 31:
      return plain('');
    default:
      return reserved(env);
  }
}

function special2(w: number, env: EmitEnv): Emitted {
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  const R = (i: number): string => env.reg(i);
  const acc = (mul: 'Signed' | 'Unsigned', sub: boolean): Emitted =>
    plain(
      `{ const p = ${R(rs)}, q = ${R(rt)}; const l = Math.imul(p, q); const h = H.mulHi${mul}(p, q, l); ` +
        (sub
          ? `const s = (${env.lo} >>> 0) - (l >>> 0); ${env.lo} = s | 0; ${env.setHi(`(${env.hi} - h - (s < 0 ? 1 : 0)) | 0`)} }`
          : `const s = (${env.lo} >>> 0) + (l >>> 0); ${env.lo} = s | 0; ${env.setHi(`(${env.hi} + h + (s > 4294967295 ? 1 : 0)) | 0`)} }`),
    );
  switch (w & 63) {
    case 0:
      return acc('Signed', false);
    case 1:
      return acc('Unsigned', false);
    case 2:
      return plain(env.setReg(rd, `Math.imul(${R(rs)}, ${R(rt)})`));
    case 4:
      return acc('Signed', true);
    case 5:
      return acc('Unsigned', true);
    case 32:
      return plain(env.setReg(rd, `Math.clz32(${R(rs)})`));
    case 33:
      return plain(env.setReg(rd, `Math.clz32(~${R(rs)})`));
    case 63:
      return stepOnly(env.raise(EXC_BP));
    default:
      return reserved(env);
  }
}

function special3(w: number, env: EmitEnv): Emitted {
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  const sa = (w >>> 6) & 31;
  const R = (i: number): string => env.reg(i);
  switch (w & 63) {
    case 0: {
      const size = rd + 1;
      if (sa + size > 32) return reserved(env);
      const mask = size === 32 ? -1 : (1 << size) - 1;
      return plain(env.setReg(rt, `(${R(rs)} >>> ${sa}) & ${hex(mask)}`));
    }
    case 4: {
      if (rd < sa) return reserved(env);
      const size = rd - sa + 1;
      const field = (size === 32 ? -1 : ((1 << size) - 1) << sa) | 0;
      return plain(env.setReg(rt, `(${R(rt)} & ${~field}) | ((${R(rs)} << ${sa}) & ${field})`));
    }
    case 32:
      switch (sa) {
        case 2:
          return plain(env.setReg(rd, `((${R(rt)} >>> 8) & 0x00ff00ff) | ((${R(rt)} & 0x00ff00ff) << 8)`));
        case 16:
          return plain(env.setReg(rd, `${R(rt)} << 24 >> 24`));
        case 24:
          return plain(env.setReg(rd, `${R(rt)} << 16 >> 16`));
        default:
          return reserved(env);
      }
    case 59: {
      // RDHWR: outside kernel mode the privileged machine checks HWREna (RI when the bit is clear).
      const rdhwr = (value: string): Emitted => plain(`if (!X.hwrAllowed(${rd})) { ${env.raise(EXC_RI)} } ${env.setReg(rt, value)}`);
      switch (rd) {
        case 0:
          return rdhwr('X.cpuNumber()');
        case 1:
          return rdhwr('32');
        case 2:
          // CC counts retired instructions, which a region keeps in a local: the stepper reads it.
          return env.inBlock ? stepOnly('') : rdhwr('X.cycleCount()');
        case 3:
          return rdhwr('2');
        case 29:
          return rdhwr('S.userLocal');
        default:
          return reserved(env);
      }
    }
    default:
      return reserved(env);
  }
}

/** Emits one instruction word. */
export function emitInstruction(w: number, env: EmitEnv): Emitted {
  const op = w >>> 26;
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const imm = (w << 16) >> 16;
  const uimm = w & 0xffff;
  const R = (i: number): string => env.reg(i);
  const setT = (e: string): Emitted => plain(env.setReg(rt, e));
  const target = env.pcPlus(4 + imm * 4);
  switch (op) {
    case 0:
      return special(w, env);
    case 1:
      return regimm(w, env);
    case 2:
    case 3: {
      const index = (w & 0x03ffffff) << 2;
      const t = env.inBlock ? hex((Number(env.pcPlus(4)) & 0xf0000000) | index) : `(${env.pcPlus(4)} & -268435456) | ${index}`;
      return branch(null, t, op === 3 ? 31 : -1);
    }
    case 4:
      return branch(rs === rt ? null : `${R(rs)} === ${R(rt)}`, target);
    case 5:
      return branch(`${R(rs)} !== ${R(rt)}`, target);
    case 6:
      return branch(`${R(rs)} <= 0`, target);
    case 7:
      return branch(`${R(rs)} > 0`, target);
    case 8:
      return plain(`{ const v = ${R(rs)} + ${imm}; if (v > 2147483647 || v < -2147483648) { ${env.raise(EXC_OV)} } ${env.setReg(rt, 'v')} }`);
    case 9:
      return setT(`(${R(rs)} + ${imm}) | 0`);
    case 10:
      return setT(`(${R(rs)} < ${imm} ? 1 : 0)`);
    case 11:
      return setT(`((${R(rs)} >>> 0) < ${imm >>> 0} ? 1 : 0)`);
    case 12:
      return setT(`${R(rs)} & ${uimm}`);
    case 13:
      return setT(`${R(rs)} | ${uimm}`);
    case 14:
      return setT(`${R(rs)} ^ ${uimm}`);
    case 15:
      return setT(hex(uimm << 16));
    case 16:
      return stepOnly(`X.cop0(${w | 0});`);
    case 17:
      return emitCop1(w, env);
    case 18:
      return stepOnly(env.raise(EXC_CPU, 2));
    case 19:
      return emitCop1x(w, env);
    case 20:
      return branch(`${R(rs)} === ${R(rt)}`, target, -1, true);
    case 21:
      return branch(`${R(rs)} !== ${R(rt)}`, target, -1, true);
    case 22:
      return branch(`${R(rs)} <= 0`, target, -1, true);
    case 23:
      return branch(`${R(rs)} > 0`, target, -1, true);
    case 28:
      return special2(w, env);
    case 31:
      return special3(w, env);
    case 32:
      return plain(loadCode(env, rt, rs, imm, 'b'));
    case 33:
      return plain(loadCode(env, rt, rs, imm, 'h'));
    case 34:
      return plain(unalignedLoad(env, rt, rs, imm, 'lwl'));
    case 35:
      return plain(loadCode(env, rt, rs, imm, 'w'));
    case 36:
      return plain(loadCode(env, rt, rs, imm, 'bu'));
    case 37:
      return plain(loadCode(env, rt, rs, imm, 'hu'));
    case 38:
      return plain(unalignedLoad(env, rt, rs, imm, 'lwr'));
    case 40:
      return plain(storeCode(env, rt, rs, imm, 1));
    case 41:
      return plain(storeCode(env, rt, rs, imm, 2));
    case 42:
      return plain(unalignedStore(env, rt, rs, imm, 'swl'));
    case 43:
      return plain(storeCode(env, rt, rs, imm, 4));
    case 46:
      return plain(unalignedStore(env, rt, rs, imm, 'swr'));
    case 47:
      return stepOnly(`X.cacheOp(${w | 0});`);
    case 48:
      return stepOnly(`X.loadLinked(${rt}, (${R(rs)} + ${imm}) | 0);`);
    case 49:
    case 53:
    case 57:
    case 61:
      return emitFpuLoadStore(w, env);
    case 50:
    case 54:
    case 58:
    case 62:
      return stepOnly(env.raise(EXC_CPU, 2));
    case 51:
      return plain('');
    case 56:
      return stepOnly(`X.storeConditional(${rt}, (${R(rs)} + ${imm}) | 0);`);
    default:
      return reserved(env);
  }
}
