// Loads, stores and memory-system instructions of MIPS32 Release 2: byte/half/word accesses,
// unaligned LWL/LWR/SWL/SWR, LL/SC, coprocessor loads/stores (LWC1…SDC2), PREF and CACHE.
// Vol. II, "Alphabetical List of Instructions".

import { type InsnSpec, InsnFlag as F, insn } from '../spec';

const I = 0xfc000000;
const LD = F.Load;
const ST = F.Store;

/** Memory-access instructions (base + signed 16-bit offset addressing). */
export const MEMORY_INSTRUCTIONS: readonly InsnSpec[] = [
  insn('lb', 0x80000000, I, 't,o(b)', LD, 1),
  insn('lh', 0x84000000, I, 't,o(b)', LD, 2),
  insn('lwl', 0x88000000, I, 't,o(b)', LD | F.Partial, 4),
  insn('lw', 0x8c000000, I, 't,o(b)', LD, 4),
  insn('lbu', 0x90000000, I, 't,o(b)', LD | F.Unsigned, 1),
  insn('lhu', 0x94000000, I, 't,o(b)', LD | F.Unsigned, 2),
  insn('lwr', 0x98000000, I, 't,o(b)', LD | F.Partial, 4),
  insn('sb', 0xa0000000, I, 't,o(b)', ST, 1),
  insn('sh', 0xa4000000, I, 't,o(b)', ST, 2),
  insn('swl', 0xa8000000, I, 't,o(b)', ST | F.Partial, 4),
  insn('sw', 0xac000000, I, 't,o(b)', ST, 4),
  insn('swr', 0xb8000000, I, 't,o(b)', ST | F.Partial, 4),
  insn('cache', 0xbc000000, I, 'k,o(b)', F.Privileged | F.Cp0),
  insn('ll', 0xc0000000, I, 't,o(b)', LD | F.Atomic, 4),
  insn('lwc1', 0xc4000000, I, 'T,o(b)', LD | F.Cp1, 4),
  insn('lwc2', 0xc8000000, I, 'E,o(b)', LD | F.Cp2, 4),
  insn('pref', 0xcc000000, I, 'k,o(b)'),
  insn('ldc1', 0xd4000000, I, 'T,o(b)', LD | F.Cp1, 8),
  insn('ldc2', 0xd8000000, I, 'E,o(b)', LD | F.Cp2, 8),
  insn('sc', 0xe0000000, I, 't,o(b)', ST | F.Atomic, 4),
  insn('swc1', 0xe4000000, I, 'T,o(b)', ST | F.Cp1, 4),
  insn('swc2', 0xe8000000, I, 'E,o(b)', ST | F.Cp2, 4),
  insn('sdc1', 0xf4000000, I, 'T,o(b)', ST | F.Cp1, 8),
  insn('sdc2', 0xf8000000, I, 'E,o(b)', ST | F.Cp2, 8),
];
