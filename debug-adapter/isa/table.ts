// The one MIPS32 Release 2 instruction table: every encoding the assembler, disassembler, CPU
// and grammar know, each exactly once. Entries never overlap (test/unit/isa checks it); the
// preferred spellings objdump uses for special cases (nop, move, b, …) are in aliases.ts.

import type { InsnSpec } from './spec';
import { INTEGER_INSTRUCTIONS } from './tables/integer';
import { CONTROL_INSTRUCTIONS } from './tables/control';
import { MEMORY_INSTRUCTIONS } from './tables/memory';
import { COP0_INSTRUCTIONS } from './tables/cop0';
import { COP1_INSTRUCTIONS } from './tables/cop1';
import { COP2_INSTRUCTIONS } from './tables/cop2';

/** All MIPS32 Release 2 instructions (integer, control, memory, CP0, CP1/COP1X, CP2). */
export const INSTRUCTIONS: readonly InsnSpec[] = [
  ...INTEGER_INSTRUCTIONS,
  ...CONTROL_INSTRUCTIONS,
  ...MEMORY_INSTRUCTIONS,
  ...COP0_INSTRUCTIONS,
  ...COP1_INSTRUCTIONS,
  ...COP2_INSTRUCTIONS,
];

const byName = new Map<string, InsnSpec>(INSTRUCTIONS.map((s) => [s.name, s]));

/** The table entry with this mnemonic (names are unique), or undefined. */
export function findInstruction(name: string): InsnSpec | undefined {
  return byName.get(name);
}
