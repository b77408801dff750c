// The pseudo-instruction table: for each mnemonic, the operand forms gas accepts beyond the
// instruction table (in gas' order) and the expansion each form gets. `move` is tried before
// the table aliases, as in gas' opcode order (it expands to OR, not ADDU).

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import type { MatchFailure } from './encode';
import { Expander } from './expander';
import type { Operand } from './operands';
import * as arith from './pseudoArith';
import { type PseudoArgs, matchPseudoArgs } from './pseudoArgs';
import { branchCompare, branchCompareImm, branchImmEq } from './pseudoBranch';
import { expandLa, expandLoadStore, expandUnaligned } from './pseudoMemory';
import { LI_FLOAT_NAMES } from './pseudoFloat';

export interface PseudoForm {
  readonly name: string;
  readonly syntax: string;
  readonly expand: (x: Expander, a: PseudoArgs) => void;
}

const r = (a: PseudoArgs, i: number): number => a.regs[i] as number;
const addr = (a: PseudoArgs) => a.addr as NonNullable<PseudoArgs['addr']>;
const target = (a: PseudoArgs) => a.target as NonNullable<PseudoArgs['target']>;

const FORMS: PseudoForm[] = [];
const add = (names: readonly string[], syntax: string, expand: (name: string) => PseudoForm['expand']): void => {
  for (const name of names) FORMS.push({ name, syntax, expand: expand(name) });
};

add(['li'], 't,I', () => (x, a) => x.loadRegister(r(a, 0), a.imm));
add(['move'], 'd,s', () => (x, a) => x.move(r(a, 0), r(a, 1)));
add(['not'], 'd,v', () => (x, a) => x.emit('nor', { d: r(a, 0), s: r(a, 1), t: 0 }));
add(['abs'], 'd,v', () => (x, a) => arith.absolute(x, r(a, 0), r(a, 1)));
add(['la'], 't,A(b)', () => (x, a) => expandLa(x, r(a, 0), addr(a)));
add(['lb', 'lbu', 'lh', 'lhu', 'lw', 'll'], 't,A(b)', (n) => (x, a) => expandLoadStore(x, n, 't', r(a, 0), addr(a), true));
add(['sb', 'sh', 'sw', 'sc', 'lwl', 'lwr', 'swl', 'swr'], 't,A(b)', (n) => (x, a) => expandLoadStore(x, n, 't', r(a, 0), addr(a), false));
add(['lwc1', 'swc1', 'ldc1', 'sdc1'], 'T,A(b)', (n) => (x, a) => expandLoadStore(x, n, 'T', r(a, 0), addr(a), false));
add(['l.s', 's.s', 'l.d', 's.d'], 'T,A(b)', (n) => (x, a) =>
  expandLoadStore(x, { 'l.s': 'lwc1', 's.s': 'swc1', 'l.d': 'ldc1', 's.d': 'sdc1' }[n] as string, 'T', r(a, 0), addr(a), false),
);
add(['lwc2', 'swc2', 'ldc2', 'sdc2'], 'E,A(b)', (n) => (x, a) => expandLoadStore(x, n, 'E', r(a, 0), addr(a), false));
add(['cache', 'pref'], 'k,A(b)', (n) => (x, a) => expandLoadStore(x, n, 'k', r(a, 0), addr(a), false));
add(['ulw', 'usw', 'ulh', 'ulhu', 'ush'], 't,A(b)', (n) => (x, a) => expandUnaligned(x, n as 'ulw', r(a, 0), addr(a)));
add(['beq', 'bne', 'beql', 'bnel'], 's,I,p', (n) => (x, a) => branchImmEq(x, n as 'beq', r(a, 0), a.imm, target(a)));
const CMP = ['blt', 'ble', 'bgt', 'bge'].flatMap((b) => [b, `${b}u`, `${b}l`, `${b}ul`]);
for (const n of CMP) {
  add([n], 's,t,p', () => (x, a) => branchCompare(x, n, r(a, 0), r(a, 1), target(a)));
  add([n], 's,I,p', () => (x, a) => branchCompareImm(x, n, r(a, 0), a.imm, target(a)));
}
add(['add', 'addu', 'and', 'or', 'nor', 'xor'], 't,r,I', (n) => (x, a) => arith.aluImm(x, n, r(a, 0), r(a, 1), a.imm));
add(['sub', 'subu', 'slt', 'sltu'], 'd,v,I', (n) => (x, a) => arith.aluImm(x, n, r(a, 0), r(a, 1), a.imm));
for (const n of ['seq', 'sne', 'sge', 'sgeu', 'sgt', 'sgtu', 'sle', 'sleu']) {
  add([n], 'd,v,t', () => (x, a) => arith.setCompare(x, n, r(a, 0), r(a, 1), r(a, 2)));
  add([n], 'd,v,I', () => (x, a) => arith.setCompareImm(x, n, r(a, 0), r(a, 1), a.imm));
}
add(['mul'], 'd,v,I', () => (x, a) => arith.multiply(x, 'mul', r(a, 0), r(a, 1), undefined, a.imm));
for (const n of ['mulo', 'mulou']) {
  add([n], 'd,v,t', () => (x, a) => arith.multiply(x, n, r(a, 0), r(a, 1), r(a, 2), 0n));
  add([n], 'd,v,I', () => (x, a) => arith.multiply(x, n, r(a, 0), r(a, 1), undefined, a.imm));
}
// gas' table has `rem $0, s, t` as an alias of DIV (the remainder lands in HI).
add(['rem', 'remu'], 'z,s,t', (n) => (x, a) => x.emit(n === 'rem' ? 'div' : 'divu', { s: r(a, 1), t: r(a, 2) }));
for (const n of ['div', 'divu', 'rem', 'remu']) {
  add([n], 'd,v,t', () => (x, a) => arith.divide(x, n, r(a, 0), r(a, 1), r(a, 2)));
  add([n], 'd,v,I', () => (x, a) => arith.divideImm(x, n, r(a, 0), r(a, 1), a.imm));
}
// `rotr d,v,I` catches amounts outside 0..31, which the macro takes modulo 32 as gas does.
for (const [n, base] of [['rol', 'rol'], ['ror', 'ror'], ['rotl', 'rol'], ['rotr', 'ror']] as const) {
  add([n], 'd,v,t', () => (x, a) => arith.rotate(x, base, r(a, 0), r(a, 1), r(a, 2)));
  add([n], 'd,v,I', () => (x, a) => arith.rotateImm(x, base, r(a, 0), r(a, 1), a.imm));
}
add(['teq', 'tne', 'tge', 'tgeu', 'tlt', 'tltu'], 's,I', (n) => (x, a) => arith.trapImm(x, n, r(a, 0), a.imm, a.immRaw));
add(['j'], 's', () => (x, a) => x.emit('jr', { s: r(a, 0) }));
add(['jal'], 'd,s', () => (x, a) => x.emit('jalr', { d: r(a, 0), s: r(a, 1) }));
add(['jal'], 's', () => (x, a) => x.emit('jalr', { d: 31, s: r(a, 0) }));
add(['trunc.w.s', 'trunc.w.d'], 'D,S,t', (n) => (x, a) => x.emit(n, { D: r(a, 0), S: r(a, 1) }));

/** Mnemonics whose pseudo forms gas tries before the table's spellings. */
export const PSEUDO_FIRST: ReadonlySet<string> = new Set(['move']);

const byName = new Map<string, PseudoForm[]>();
for (const f of FORMS) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);

export function findPseudos(name: string): readonly PseudoForm[] {
  return byName.get(name) ?? [];
}

/** All pseudo-instruction mnemonics, for tests and the grammar. */
export function pseudoNames(): string[] {
  return [...byName.keys(), ...LI_FLOAT_NAMES];
}

/** Expands `form` if the operands fit it; otherwise returns why not. */
export function runPseudo(ctx: AsmContext, form: PseudoForm, ops: readonly Operand[], loc: SourceLocation, _lax: boolean): true | MatchFailure {
  const a = matchPseudoArgs(ctx, form.name, form.syntax, ops, loc);
  if ('message' in a) return a;
  const x = new Expander(ctx, loc);
  form.expand(x, a);
  x.finish();
  return true;
}
