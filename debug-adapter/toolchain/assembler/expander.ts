// Building blocks of pseudo-instruction expansions, after gas' macro_build/load_register:
// emitting table instructions by operand letter, loading 32-bit constants in the fewest
// instructions, %hi/%lo halves, and the checks gas makes afterwards (use of $at under
// `.set noat`, several instructions under `.set nomacro` or in a noreorder delay slot).

import type { SourceLocation } from '../../util/diagnostic';
import type { RelocType } from '../object';
import { make } from './build';
import type { AsmContext } from './context';
import { AsmError } from './errors';
import type { Expr } from './expr';
import { REG } from './registers';

/** High half for a %hi relocation of a known value: rounded for the sign of the low half. */
export function hiHalf(v: bigint): number {
  return Number(((BigInt.asUintN(32, v) + 0x8000n) >> 16n) & 0xffffn);
}

export function loHalf(v: bigint): number {
  return Number(BigInt.asUintN(16, v));
}

/**
 * A constant as a 32-bit value when its high 32 bits are all zeros or all ones (gas takes
 * `li $4, -0x80000001` as 0x7fffffff); other values are left for the caller to reject.
 */
export function normalize32(v: bigint): bigint {
  return v >= -0x100000000n && v <= 0xffffffffn ? BigInt.asIntN(32, v) : v;
}

export const fitsS16 = (v: bigint): boolean => v >= -0x8000n && v < 0x8000n;
export const fitsU16 = (v: bigint): boolean => v >= 0n && v < 0x10000n;

export class Expander {
  usedAt = false;
  private count = 0;
  private readonly delaySlot: boolean;

  constructor(
    readonly ctx: AsmContext,
    readonly loc: SourceLocation,
  ) {
    this.delaySlot = ctx.emitter.inDelaySlot();
  }

  /** Emits table instruction `name` with operand fields; `variant` marks gp-relaxable sequences. */
  emit(name: string, fields: Readonly<Record<string, number>>, fixup?: { type: RelocType; expr: Expr }, variant = false): void {
    this.count++;
    this.ctx.emitter.append(make(name, fields, fixup ? { ...fixup, loc: this.loc } : undefined), variant);
  }

  /** A branch to a byte offset from the delay slot (gas' internal "1f"-style macro labels). */
  branchOffset(name: string, fields: Readonly<Record<string, number>>, bytes: number): void {
    this.emit(name, { ...fields, p: (bytes >> 2) & 0xffff });
  }

  at(): number {
    this.usedAt = true;
    return REG.at;
  }

  /** gas load_register for 32-bit registers. */
  loadRegister(reg: number, value: bigint): void {
    const v = normalize32(value);
    if (fitsS16(v)) this.emit('addiu', { t: reg, s: 0, j: Number(v) });
    else if (fitsU16(v)) this.emit('ori', { t: reg, s: 0, i: Number(v) });
    else if (v >= -0x80000000n && v <= 0x7fffffffn) {
      this.emit('lui', { t: reg, u: Number((BigInt.asUintN(32, v) >> 16n) & 0xffffn) });
      if ((v & 0xffffn) !== 0n) this.emit('ori', { t: reg, s: reg, i: loHalf(v) });
    } else {
      this.ctx.report(this.loc, `number (0x${BigInt.asUintN(64, value).toString(16)}) larger than 32 bits`);
      this.emit('addiu', { t: reg, s: 0, j: loHalf(v) });
    }
  }

  move(dest: number, src: number): void {
    this.emit('or', { d: dest, s: src, t: 0 });
  }

  /** The checks gas' macro_end and macro() make once the expansion is complete. */
  finish(): void {
    if (this.usedAt && !this.ctx.opts.at) throw new AsmError('macro used $at after ".set noat"', this.loc);
    if (this.count > 1 && this.delaySlot) this.ctx.warn(this.loc, 'macro instruction expanded into multiple instructions in a branch delay slot');
    else if (this.count > 1 && !this.ctx.opts.macro) this.ctx.warn(this.loc, 'macro instruction expanded into multiple instructions');
  }
}
