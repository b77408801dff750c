// Applies MIPS o32 relocations (MIPS psABI, "Relocation Types") to placed section
// bytes: S = symbol address, A = addend, P = address of the field, GP = _gp.
// Out-of-range results are reported against the fixup's source location.

import type { Fixup, RelocType } from '../object';

export interface RelocContext {
  readonly little: boolean;
  /** Address of the field. */
  readonly P: number;
  readonly S: number;
  readonly A: number;
  /** _gp, needed only by the GP-relative types. */
  gp(): number;
}

const fitsSigned = (v: number, bits: number) => v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1);

/** Writes the relocated value into `bytes` at `at`; returns an error message if it does not fit. */
export function applyRelocation(type: RelocType, bytes: Uint8Array, at: number, ctx: RelocContext): string | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = type === 'R_MIPS_16' ? 2 : 4;
  if (at < 0 || at + size > bytes.length) return `relocation field at offset 0x${at.toString(16)} is outside its section`;
  const word = () => dv.getUint32(at, ctx.little);
  const put = (v: number) => dv.setUint32(at, v >>> 0, ctx.little);
  const putLow16 = (v: number) => put((word() & 0xffff0000) | (v & 0xffff));
  const { P, S, A } = ctx;
  switch (type) {
    case 'R_MIPS_32':
    case 'R_MIPS_REL32':
      put(S + A);
      return undefined;
    case 'R_MIPS_16': {
      const v = S + A;
      if (!fitsSigned(v, 16)) return `R_MIPS_16 value 0x${(v >>> 0).toString(16)} does not fit in 16 bits`;
      dv.setUint16(at, v & 0xffff, ctx.little);
      return undefined;
    }
    case 'R_MIPS_26': {
      const target = (S + A) >>> 0;
      if (target & 3) return `jump target 0x${target.toString(16)} is not a multiple of 4`;
      if ((target & 0xf0000000) >>> 0 !== ((P + 4) & 0xf0000000) >>> 0) {
        return `jump target 0x${target.toString(16)} is outside the 256 MB region of the jump at 0x${(P >>> 0).toString(16)}`;
      }
      put((word() & 0xfc000000) | ((target >>> 2) & 0x3ffffff));
      return undefined;
    }
    case 'R_MIPS_HI16':
      putLow16(((S + A + 0x8000) >>> 16) & 0xffff);
      return undefined;
    case 'R_MIPS_LO16':
      putLow16(S + A);
      return undefined;
    case 'R_MIPS_PC16': {
      const v = S + A - P;
      // The branch lands at P + 4 + 4 × offset = S + A + 4.
      const target = ((S + A + 4) >>> 0).toString(16);
      if (v & 3) return `branch target 0x${target} is not a multiple of 4`;
      if (!fitsSigned(v / 4, 16)) return `branch target 0x${target} is out of range of the branch at 0x${(P >>> 0).toString(16)} (±128 KiB)`;
      putLow16(v / 4);
      return undefined;
    }
    case 'R_MIPS_GPREL16': {
      const v = S + A - ctx.gp();
      if (!fitsSigned(v, 16)) return `GP-relative offset ${v} of 0x${((S + A) >>> 0).toString(16)} does not fit in 16 bits (_gp = 0x${ctx.gp().toString(16)})`;
      putLow16(v);
      return undefined;
    }
    case 'R_MIPS_GPREL32':
      put(S + A - ctx.gp());
      return undefined;
    case 'R_MIPS_GOT16':
    case 'R_MIPS_CALL16':
      return `${type} needs a global offset table; assemble position-dependent code (no -KPIC / .abicalls)`;
  }
}

/** `obj(.text+0x1c)`, the fallback location of a fixup without a source position. */
export function fixupPlace(objectName: string, section: string, f: Fixup): string {
  return `${objectName}(${section}+0x${f.offset.toString(16)})`;
}
