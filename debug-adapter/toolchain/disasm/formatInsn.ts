// Formats one MIPS32 instruction word as GNU objdump prints it: mnemonic, a tab, then operands
// with ABI (or numeric) register names, decimal signed immediates, hex unsigned fields and
// branch/jump targets through a caller-supplied address printer. Undecodable words become ".word".

import {
  type InsnSpec,
  lookup,
  lookupAlias,
  parseSyntax,
  operandField,
  GPR_ABI_NAMES,
  GPR_NUMERIC_NAMES,
  FPR_NAMES,
  FCR_NAMES,
  HWR_NAMES,
  cp0OperandText,
  fields,
} from '../../isa';

/** Display choices, mirroring objdump's -M options. */
export interface DisasmOptions {
  /** 'abi' (default, o32 names) or 'numeric' ($0…$31), like -M gpr-names=…. */
  readonly gprNames?: 'abi' | 'numeric';
  /** false shows base instructions instead of aliases (nop, move, b, li…), like -M no-aliases. */
  readonly aliases?: boolean;
  /** Text of a branch/jump target; defaults to "0x…" (objdump without symbols). */
  readonly addressText?: (target: number) => string;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const defaultAddress = (target: number): string => hex(target);

/** The spelling (alias, short form or table entry) objdump uses for `word`, or undefined. */
export function displaySpec(word: number, aliases = true): InsnSpec | undefined {
  const base = lookup(word);
  if (!base) return undefined;
  return lookupAlias(word, aliases) ?? base;
}

/** "mnemonic\toperands" (or just "mnemonic") for one word at `address`; ".word\t0x…" if undecodable. */
export function formatInstruction(word: number, address: number, options: DisasmOptions = {}): string {
  const w = word >>> 0;
  const spec = displaySpec(w, options.aliases ?? true);
  if (!spec) return `.word\t${hex(w)}`;
  const ops = formatOperands(spec, w, address >>> 0, options);
  return ops === '' ? spec.name : `${spec.name}\t${ops}`;
}

function formatOperands(spec: InsnSpec, w: number, pc: number, options: DisasmOptions): string {
  const gpr = options.gprNames === 'numeric' ? GPR_NUMERIC_NAMES : GPR_ABI_NAMES;
  const addressText = options.addressText ?? defaultAddress;
  const refs = parseSyntax(spec.syntax);
  let out = '';
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if (!ref) continue;
    const v = operandField(w, ref.def);
    let text: string;
    switch (ref.def.kind) {
      case 'gpr':
        text = gpr[v] ?? '';
        break;
      case 'gprPair': {
        const t = fields.rt(w);
        text = t === v ? (gpr[v] ?? '') : `${gpr[v] ?? ''} or ${gpr[t] ?? ''}`;
        break;
      }
      case 'zero':
        text = gpr[0] ?? '';
        break;
      case 'fpr':
        text = FPR_NAMES[v] ?? '';
        break;
      case 'fcr':
        text = FCR_NAMES[v] ?? '';
        break;
      case 'cp0':
        text = cp0OperandText(v, fields.sel(w));
        if (refs[i + 1]?.def.kind === 'sel') i++;
        break;
      case 'sel':
        text = String(v);
        break;
      case 'cp2':
        text = `$${v}`;
        break;
      case 'hwr':
        text = HWR_NAMES[v] ?? '';
        break;
      case 'cc':
        text = `$fcc${v}`;
        break;
      case 'cp2cc':
        text = `$cc${v}`;
        break;
      case 'simm':
      case 'offset':
        text = String(fields.simm16(w));
        break;
      case 'branch':
        text = addressText(fields.branchTarget(w, pc));
        break;
      case 'jump':
        text = addressText(fields.jumpTarget(w, pc));
        break;
      case 'extSize':
        text = hex(fields.extSize(w));
        break;
      case 'insSize':
        text = hex(fields.insSize(w));
        break;
      case 'uimm':
      case 'code':
      case 'pos':
        text = hex(v);
        break;
    }
    if (ref.parenthesised) out += `(${text})`;
    else out += (out === '' ? '' : ',') + text;
  }
  return out;
}
