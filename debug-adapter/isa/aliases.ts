// Preferred spellings of special cases of table entries, in objdump's order of preference:
// aliases (nop, move, li, b, beqz, …; hidden by objdump's -M no-aliases) and shorter forms that
// omit zero operands (break, teq s,t, c.eq.s S,T, bc1f p, …; always used). The assembler accepts
// all of them as well.

import { type InsnSpec, insn } from './spec';
import { INSTRUCTIONS, findInstruction } from './table';

/** A special case of the base entry `of`: its match/mask lie inside the base's. */
export interface AliasSpec extends InsnSpec {
  /** Mnemonic of the INSTRUCTIONS entry this spelling stands for. */
  readonly of: string;
  /**
   * 'alias': a spelling objdump prefers unless -M no-aliases (nop, move, b…);
   * 'form': a spelling objdump always uses (fewer operands when zero, or another mnemonic such as ror, negu).
   */
  readonly kind: 'alias' | 'form';
}

function flagsOf(name: string): number {
  const base = findInstruction(name);
  if (!base) throw new Error(`alias of unknown instruction ${name}`);
  return base.flags;
}

function alias(kind: AliasSpec['kind'], name: string, of: string, match: number, mask: number, syntax: string): AliasSpec {
  return { ...insn(name, match, mask, syntax, flagsOf(of)), of, kind };
}
const A = (name: string, of: string, match: number, mask: number, syntax: string): AliasSpec => alias('alias', name, of, match, mask, syntax);
const Fm = (name: string, match: number, mask: number, syntax: string): AliasSpec => alias('form', name, name, match, mask, syntax);

const TRAPS: ReadonlyArray<readonly [string, number]> = [['tge', 0x30], ['tgeu', 0x31], ['tlt', 0x32], ['tltu', 0x33], ['teq', 0x34], ['tne', 0x36]];
const SYNC_TYPES: ReadonlyArray<readonly [string, number]> = [['sync_wmb', 4], ['sync_mb', 0x10], ['sync_acquire', 0x11], ['sync_release', 0x12], ['sync_rmb', 0x13]];
const FP_CONDITIONS = INSTRUCTIONS.filter((s) => s.name.startsWith('c.') && s.syntax === 'M,S,T');

/** Special-case spellings, first match wins (the order objdump uses). */
export const ALIASES: readonly AliasSpec[] = [
  A('nop', 'sll', 0x00000000, 0xffffffff, ''),
  A('ssnop', 'sll', 0x00000040, 0xffffffff, ''),
  A('ehb', 'sll', 0x000000c0, 0xffffffff, ''),
  alias('form', 'pause', 'sll', 0x00000140, 0xffffffff, ''),
  A('li', 'addiu', 0x24000000, 0xffe00000, 't,j'),
  A('li', 'ori', 0x34000000, 0xffe00000, 't,i'),
  A('move', 'addu', 0x00000021, 0xfc1f07ff, 'd,s'),
  A('move', 'or', 0x00000025, 0xfc1f07ff, 'd,s'),
  A('b', 'beq', 0x10000000, 0xffff0000, 'p'),
  A('b', 'bgez', 0x04010000, 0xffff0000, 'p'),
  A('bal', 'bgezal', 0x04110000, 0xffff0000, 'p'),
  A('beqz', 'beq', 0x10000000, 0xfc1f0000, 's,p'),
  A('beqzl', 'beql', 0x50000000, 0xfc1f0000, 's,p'),
  A('bnez', 'bne', 0x14000000, 0xfc1f0000, 's,p'),
  A('bnezl', 'bnel', 0x54000000, 0xfc1f0000, 's,p'),
  alias('form', 'ror', 'rotr', 0x00200002, 0xffe0003f, 'd,t,<'),
  alias('form', 'rorv', 'rotrv', 0x00000046, 0xfc0007ff, 'd,t,s'),
  alias('form', 'negu', 'subu', 0x00000023, 0xffe007ff, 'd,t'),
  alias('form', 'neg', 'sub', 0x00000022, 0xffe007ff, 'd,t'),
  Fm('jalr', 0x0000f809, 0xfc1fffff, 's'),
  Fm('jalr.hb', 0x0000fc09, 0xfc1fffff, 's'),
  Fm('break', 0x0000000d, 0xffffffff, ''),
  Fm('break', 0x0000000d, 0xfc00ffff, 'c'),
  Fm('syscall', 0x0000000c, 0xffffffff, ''),
  Fm('sdbbp', 0x7000003f, 0xffffffff, ''),
  Fm('sync', 0x0000000f, 0xffffffff, ''),
  ...SYNC_TYPES.map(([n, stype]) => A(n, 'sync', 0x0000000f | (stype << 6), 0xffffffff, '')),
  Fm('wait', 0x42000020, 0xffffffff, ''),
  Fm('di', 0x41606000, 0xffffffff, ''),
  Fm('ei', 0x41606020, 0xffffffff, ''),
  ...TRAPS.map(([n, f]) => Fm(n, f, 0xfc00ffff, 's,t')),
  ...FP_CONDITIONS.map((s) => Fm(s.name, s.match, 0xffe007ff, 'S,T')),
  ...['bc1f', 'bc1t', 'bc1fl', 'bc1tl', 'bc2f', 'bc2t', 'bc2fl', 'bc2tl'].map((n, k) =>
    Fm(n, (k < 4 ? 0x45000000 : 0x49000000) | ((k & 3) << 16), 0xffff0000, 'p'),
  ),
  ...['mfc2', 'mfhc2', 'mtc2', 'mthc2'].map((n) => Fm(n, findInstruction(n)?.match ?? 0, 0xffe007ff, 't,X')),
  Fm('mfhc2', 0x48600000, 0xffe007f8, 't,X,H'),
  Fm('mthc2', 0x48e00000, 0xffe007f8, 't,X,H'),
];
