// Generates a GNU as source that uses every instruction-table entry and every alias with
// varied operands (register variety, negative/positive and boundary immediates), plus `.word`
// encodings of each entry and alias with random operand bits; for the objdump differential tests.

import { INSTRUCTIONS, ALIASES, InsnFlag, parseSyntax, type InsnSpec, type OperandRef } from '../../debug-adapter/isa';
import { xorshift32 } from '../support/prng';

const LABELS_EVERY = 8;

/** Operand text for one operand of variant `v` (0: low boundary, 1: high boundary, else random). */
function operandText(spec: InsnSpec, ref: OperandRef, v: number, rnd: () => number, labels: number, chosen: Map<string, number>): string {
  const { kind, bits } = ref.def;
  const max = bits === 0 ? 0 : 2 ** bits - 1;
  const pick = (lo: number, hi: number): number => (v === 0 ? lo : v === 1 ? hi : lo + (rnd() % (hi - lo + 1)));
  switch (kind) {
    case 'gpr': {
      let r = pick(0, 31);
      // jalr rd,rs needs rd != rs.
      if (ref.letter === 's' && chosen.get('d') === r) r = (r + 1) % 32;
      // Branch-and-link may not test $31, nor "jalr rs" jump through it (GNU as rejects both).
      if (r === 31 && (spec.flags & InsnFlag.Link) !== 0 && ref.letter === 's' && !chosen.has('d')) r = 30;
      chosen.set(ref.letter, r);
      return `$${r}`;
    }
    case 'gprPair':
      return `$${pick(1, 31)}`;
    case 'zero':
      return '$0';
    case 'fpr':
      return `$f${pick(0, 31)}`;
    case 'fcr':
      return `$${pick(0, 31)}`;
    case 'cp0':
    case 'cp2':
    case 'hwr':
      return `$${pick(0, 31)}`;
    case 'cc':
      // Paired-single operations use an even/odd pair of condition codes.
      return `$fcc${spec.name.endsWith('.ps') ? pick(0, 3) * 2 : pick(0, 7)}`;
    case 'cp2cc':
      return `$cc${pick(0, 7)}`;
    case 'simm':
    case 'offset':
      return String(pick(-32768, 32767));
    case 'branch':
    case 'jump':
      return `L${pick(0, labels - 1)}`;
    case 'pos': {
      const p = pick(0, 31);
      chosen.set('pos', p);
      return String(p);
    }
    case 'extSize':
    case 'insSize':
      return String(pick(1, 32 - (chosen.get('pos') ?? 0)));
    case 'sel':
    case 'uimm':
    case 'code':
      return `0x${pick(0, max).toString(16)}`;
  }
}

function instructionText(spec: InsnSpec, v: number, rnd: () => number, labels: number): string {
  const chosen = new Map<string, number>();
  let text = '';
  for (const ref of parseSyntax(spec.syntax)) {
    const t = operandText(spec, ref, v, rnd, labels, chosen);
    text += ref.parenthesised ? `(${t})` : (text === '' ? '' : ',') + t;
  }
  return text === '' ? spec.name : `${spec.name}\t${text}`;
}

/** Entries GNU as cannot write in the table's own syntax (they are covered by `.word` lines). */
const NOT_ASSEMBLED = new Set(['mthc2']);

/** The assembly source: text forms of every entry and alias, then `.word` forms. */
export function disasmCorpusSource(seed: number, variants = 4): string {
  const rnd = xorshift32(seed);
  const lines: string[] = [];
  for (const spec of [...INSTRUCTIONS, ...ALIASES]) {
    if (NOT_ASSEMBLED.has(spec.name)) continue;
    for (let v = 0; v < variants; v++) lines.push(instructionText(spec, v, rnd, 1));
  }
  for (const spec of [...INSTRUCTIONS, ...ALIASES]) {
    for (let v = 0; v < variants; v++) lines.push(`.word\t0x${((spec.match | (rnd() & ~spec.mask)) >>> 0).toString(16)}`);
  }
  const labels = Math.ceil(lines.length / LABELS_EVERY);
  const body = lines.map((l, i) => {
    const withLabels = l.replace(/\bL0\b/g, () => `L${rnd() % labels}`);
    return (i % LABELS_EVERY === 0 ? `L${i / LABELS_EVERY}:\n` : '') + `\t${withLabels}`;
  });
  return ['\t.set noreorder', '\t.set noat', '\t.text', ...body, ''].join('\n');
}
