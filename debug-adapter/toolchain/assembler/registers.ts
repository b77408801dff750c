// Register operands as GNU as spells them for o32 MIPS: `$0`…`$31`, the ABI names (`$a0`,
// `$fp` = `$s8`, `$at`, `$kt0`/`$k0`…), FPU registers `$f0`…`$f31` and condition codes
// `$fcc0`…`$fcc7`. Plain `$N` also names coprocessor registers (CP0, CP2, FCR, HWR).

import { GPR_ABI_NAMES } from '../../isa';

export type RegisterClass = 'gpr' | 'fpr' | 'fcc' | 'cc';

export interface ParsedRegister {
  readonly cls: RegisterClass;
  readonly num: number;
  /** Written as `$N`: usable wherever a coprocessor register number is expected. */
  readonly numeric: boolean;
}

const GPR_NAMES = new Map<string, number>([
  ...GPR_ABI_NAMES.map((n, i): [string, number] => [n, i]),
  ['fp', 30],
  ['s8', 30],
  ['kt0', 26],
  ['kt1', 27],
]);

/** Parses the text of one register operand (`$t0`, `$5`, `$f2`, `$fcc1`); undefined if it is none. */
export function parseRegister(text: string): ParsedRegister | undefined {
  const m = /^\$([A-Za-z0-9_]+)$/.exec(text);
  if (!m) return undefined;
  const body = m[1] as string;
  if (/^[0-9]+$/.test(body)) {
    const n = Number(body);
    return n < 32 ? { cls: 'gpr', num: n, numeric: true } : undefined;
  }
  const g = GPR_NAMES.get(body);
  if (g !== undefined) return { cls: 'gpr', num: g, numeric: false };
  let r = /^f([0-9]+)$/.exec(body);
  if (r && Number(r[1]) < 32) return { cls: 'fpr', num: Number(r[1]), numeric: false };
  r = /^fcc([0-7])$/.exec(body);
  if (r) return { cls: 'fcc', num: Number(r[1]), numeric: false };
  r = /^cc([0-7])$/.exec(body);
  if (r) return { cls: 'cc', num: Number(r[1]), numeric: false };
  return undefined;
}

/** Register numbers of the GPRs the expansions use by name. */
export const REG = { zero: 0, at: 1, gp: 28, sp: 29, ra: 31 } as const;
