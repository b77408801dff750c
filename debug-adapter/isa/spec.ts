// The shape of one instruction-table entry and the flag bits that describe its behaviour.
// Every consumer (assembler, disassembler, CPU, grammar) reads these same entries; see table.ts.
// Encodings follow "MIPS32 Architecture for Programmers Vol. II: The MIPS32 Instruction Set" (rev. 2.x).

/** Behaviour flags of an instruction; combine with `|`, test with `(spec.flags & InsnFlag.X) !== 0`. */
export const InsnFlag = {
  None: 0,
  /** PC-relative branch (conditional or not). */
  Branch: 1 << 0,
  /** Branch-likely: the delay slot is annulled when the branch is not taken. */
  Likely: 1 << 1,
  /** Jump: J/JAL (26-bit region target) or JR/JALR (register target). */
  Jump: 1 << 2,
  /** Writes a return address (GPR 31, or rd for JALR). */
  Link: 1 << 3,
  /** Has a branch delay slot. */
  DelaySlot: 1 << 4,
  /** Reads memory. */
  Load: 1 << 5,
  /** Writes memory. */
  Store: 1 << 6,
  /** Loaded value is zero-extended (LBU, LHU). */
  Unsigned: 1 << 7,
  /** Needs kernel mode or CP0 usable (Status.CU0): CP0 moves, TLB ops, ERET, WAIT, CACHE, DI/EI, RDPGPR/WRPGPR. */
  Privileged: 1 << 8,
  /** Coprocessor 1 (FPU) instruction: needs Status.CU1. */
  Cp1: 1 << 9,
  /** Coprocessor 2 instruction: needs Status.CU2. */
  Cp2: 1 << 10,
  /** Conditional trap (TEQ… / TEQI…). */
  Trap: 1 << 11,
  /** May raise Integer Overflow (ADD, ADDI, SUB). */
  Overflow: 1 << 12,
  /** Always raises an exception (SYSCALL, BREAK, SDBBP). */
  Exception: 1 << 13,
  /** Target comes from a register (JR, JALR). */
  Register: 1 << 14,
  /** Load-linked / store-conditional pair (LL, SC). */
  Atomic: 1 << 15,
  /** Unaligned partial-word access (LWL, LWR, SWL, SWR). */
  Partial: 1 << 16,
  /** Coprocessor 0 instruction (also Privileged, except where noted). */
  Cp0: 1 << 17,
  /** Reads or writes HI/LO. */
  HiLo: 1 << 18,
  /** Needs a 64-bit FPU (Status.FR=1 semantics: .l formats, .ps, MFHC1/MTHC1 aside). */
  Fpu64: 1 << 19,
} as const;

/** Memory access width in bytes; 0 for instructions that do not access memory. */
export type AccessWidth = 0 | 1 | 2 | 4 | 8;

/** One instruction encoding. Entries of INSTRUCTIONS never overlap (see table.ts). */
export interface InsnSpec {
  /** Mnemonic exactly as objdump prints it (lower case, e.g. "c.eq.s", "jalr.hb"). */
  readonly name: string;
  /** Bits that must be set under `mask` (unsigned 32-bit). */
  readonly match: number;
  /** Bits fixed by the encoding (unsigned 32-bit). */
  readonly mask: number;
  /**
   * Operands in objdump's order, as binutils-style letters separated by commas; see operands.ts.
   * Example: "d,s,t", "t,o(b)", "s,t,p", "" for none.
   */
  readonly syntax: string;
  /** InsnFlag bits. */
  readonly flags: number;
  /** Bytes accessed by loads/stores (LWL/LWR/SWL/SWR report 4); 0 otherwise. */
  readonly width: AccessWidth;
}

/** Builds an entry; `match` and `mask` are normalised to unsigned. */
export function insn(name: string, match: number, mask: number, syntax: string, flags: number = InsnFlag.None, width: AccessWidth = 0): InsnSpec {
  return { name, match: match >>> 0, mask: mask >>> 0, syntax, flags, width };
}
