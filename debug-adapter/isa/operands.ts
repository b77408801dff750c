// Operand letters of the instruction table's `syntax` strings: which bit-field each operand fills
// and how it is written. Letters follow binutils' opcodes/mips-opc.c conventions where one exists.
// Field positions are those of the MIPS32 encodings (Vol. II, "Instruction Formats").

/** What an operand denotes; tells the assembler how to parse it and the disassembler how to print it. */
export type OperandKind =
  | 'gpr' // general register
  | 'gprPair' // clz/clo: the same GPR in rd and rt
  | 'zero' // the literal register $0, encodes nothing (objdump's "div zero,s,t")
  | 'fpr' // floating-point register $fN
  | 'fcr' // FPU control register (c1_fcsr…)
  | 'cp0' // CP0 register number (printed together with a following 'sel')
  | 'sel' // CP0 register select
  | 'cp2' // CP2 register, printed $N
  | 'hwr' // RDHWR hardware register, printed $N
  | 'cc' // FPU condition code $fccN
  | 'cp2cc' // CP2 condition code $ccN
  | 'simm' // signed immediate (decimal)
  | 'uimm' // unsigned immediate (hex)
  | 'offset' // signed memory offset, written before "(base)"
  | 'branch' // 16-bit PC-relative word offset
  | 'jump' // 26-bit word target inside the current 256 MB region
  | 'code' // trap/break/syscall/wait code (hex)
  | 'pos' // EXT/INS bit position (lsb)
  | 'extSize' // EXT size, encoded as size-1 (msbd)
  | 'insSize'; // INS size, encoded as pos+size-1 (msb)

/** One operand letter: its kind and the bit-field it occupies (shift, width). */
export interface OperandDef {
  readonly kind: OperandKind;
  readonly shift: number;
  readonly bits: number;
}

const op = (kind: OperandKind, shift: number, bits: number): OperandDef => ({ kind, shift, bits });

/**
 * Every operand letter used by the table. In assembly source, a trailing 'H' (select) may be
 * omitted (it defaults to 0, as in GNU as "mfc0 $8,$12"); shorter spellings are in aliases.ts.
 */
export const OPERANDS: Readonly<Record<string, OperandDef>> = {
  d: op('gpr', 11, 5), // rd
  s: op('gpr', 21, 5), // rs
  t: op('gpr', 16, 5), // rt
  b: op('gpr', 21, 5), // base register of o(b) / t(b)
  U: op('gprPair', 11, 5), // rd, copied into rt
  z: op('zero', 0, 0),
  j: op('simm', 0, 16),
  i: op('uimm', 0, 16),
  u: op('uimm', 0, 16), // LUI upper half
  o: op('offset', 0, 16),
  p: op('branch', 0, 16),
  a: op('jump', 0, 26),
  '<': op('uimm', 6, 5), // shift amount sa
  c: op('code', 16, 10), // BREAK code, high part
  q: op('code', 6, 10), // BREAK code low part / trap code
  B: op('code', 6, 20), // SYSCALL/SDBBP code
  J: op('code', 6, 19), // WAIT code
  '1': op('uimm', 6, 5), // SYNC stype
  k: op('uimm', 16, 5), // CACHE op / PREF hint
  h: op('uimm', 11, 5), // PREFX hint
  '+A': op('pos', 6, 5),
  '+B': op('insSize', 11, 5),
  '+C': op('extSize', 11, 5),
  G: op('cp0', 11, 5),
  H: op('sel', 0, 3),
  K: op('hwr', 11, 5),
  F: op('fcr', 11, 5),
  X: op('cp2', 11, 5), // CP2 register in rd
  E: op('cp2', 16, 5), // CP2 register in rt (LWC2…)
  C: op('uimm', 0, 25), // coprocessor function (c0/c1/c2)
  D: op('fpr', 6, 5), // fd
  S: op('fpr', 11, 5), // fs
  T: op('fpr', 16, 5), // ft
  R: op('fpr', 21, 5), // fr
  N: op('cc', 18, 3), // cc of BC1F/MOVF
  M: op('cc', 8, 3), // cc of C.cond.fmt
  Y: op('cp2cc', 18, 3), // cc of BC2F/BC2T
};

/** One operand occurrence in a syntax string. */
export interface OperandRef {
  readonly letter: string;
  readonly def: OperandDef;
  /** True for the register inside parentheses of "o(b)" / "t(b)". */
  readonly parenthesised: boolean;
}

const cache = new Map<string, readonly OperandRef[]>();

/** Splits a syntax string ("t,o(b)") into its operands, in order. Throws on an unknown letter. */
export function parseSyntax(syntax: string): readonly OperandRef[] {
  const hit = cache.get(syntax);
  if (hit) return hit;
  const out: OperandRef[] = [];
  let i = 0;
  while (i < syntax.length) {
    const ch = syntax.charAt(i);
    if (ch === ',' || ch === ')') {
      i++;
      continue;
    }
    const parenthesised = ch === '(';
    if (parenthesised) i++;
    const letter = syntax.charAt(i) === '+' ? syntax.slice(i, i + 2) : syntax.charAt(i);
    const def = OPERANDS[letter];
    if (!def) throw new Error(`unknown operand letter '${letter}' in syntax "${syntax}"`);
    out.push({ letter, def, parenthesised });
    i += letter.length;
  }
  cache.set(syntax, out);
  return out;
}

/** Reads an operand's raw bit-field from an instruction word. */
export function operandField(word: number, def: OperandDef): number {
  if (def.bits === 0) return 0;
  return (word >>> def.shift) & ((1 << def.bits) - 1);
}
