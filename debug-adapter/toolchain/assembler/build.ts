// Builds machine instructions by mnemonic and operand letter, the way gas' macro_build does for
// pseudo-instruction expansions: `make('addiu', { t: 1, s: 0, j: 0x10 })`. The encoding comes
// from the ISA table (base entries first, then the alias spellings such as nop, b and bal).

import { ALIASES, type InsnSpec, findInstruction, parseSyntax } from '../../isa';
import type { Encoded, InsnFixup } from './encode';

function specFor(name: string): InsnSpec {
  const s = findInstruction(name) ?? ALIASES.find((a) => a.name === name);
  if (!s) throw new Error(`no table entry for ${name}`);
  return s;
}

/** Encodes `name` with the given field values, keyed by the table's operand letters. */
export function make(name: string, fields: Readonly<Record<string, number>> = {}, fixup?: InsnFixup): Encoded {
  const spec = specFor(name);
  let word = spec.match >>> 0;
  for (const ref of parseSyntax(spec.syntax)) {
    const v = fields[ref.letter];
    if (v === undefined) continue;
    const mask = ref.def.bits >= 32 ? 0xffffffff : (1 << ref.def.bits) - 1;
    word = (word | ((v & mask) << ref.def.shift)) >>> 0;
    if (ref.def.kind === 'gprPair') word = (word | ((v & 31) << 16)) >>> 0;
  }
  return { spec, word, fixup };
}
