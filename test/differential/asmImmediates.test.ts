// Immediate operand ranges against GNU as, both ways: every instruction-table entry and alias with
// an immediate field, and every pseudo-instruction that takes an immediate, is written with each
// boundary value (the field's min-1, min, max, max+1 and the usual 16/32-bit edges, negative values
// for unsigned fields). The lines mips-linux-gnu-as rejects must be exactly the lines ours rejects,
// each with a file:line:col error; the lines it accepts must assemble to the same bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ALIASES, INSTRUCTIONS, type InsnSpec, type OperandRef, parseSyntax } from '../../debug-adapter/isa';
import { syntaxGroups } from '../../debug-adapter/toolchain/assembler/encode';
import { DiagnosticError } from '../../debug-adapter/util/diagnostic';
import { compareWithGas, ourObject, sourceFile } from './asmOracle';

const EDGES = [
  -0x100000001, -0x80000001, -0x80000000, -0x10001, -0x10000, -0x8001, -0x8000, -0x7fff, -0x401, -0x400, -0x200, -33, -32, -2, -1, 0, 1, 2, 7, 8,
  31, 32, 33, 0x3ff, 0x400, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff, 0x10000, 0x10001, 0x7ffff, 0x80000, 0xfffff, 0x100000,
  0x1ffffff, 0x2000000, 0x7fffffff, 0x80000000, 0xffff8000, 0xffffffff, 0x100000000,
];

/** Boundary values for a field of `bits` bits, signed or not, plus the common edges. */
function valuesFor(signed: boolean, bits: number): number[] {
  const [min, max] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
  return [...new Set([min - 1, min, max, max + 1, ...EDGES])].sort((a, b) => a - b);
}

const show = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);

/** A fixed, valid text for a non-swept operand. */
function fixedOperand(spec: InsnSpec, ref: OperandRef, index: number): string {
  switch (ref.def.kind) {
    case 'gpr':
    case 'gprPair':
      return `$${4 + index}`;
    case 'zero':
      return '$0';
    case 'fpr':
      return `$f${2 * (index + 1)}`;
    case 'fcr':
      return '$31';
    case 'cp0':
    case 'cp2':
    case 'hwr':
      return '$12';
    case 'cc':
      return spec.name.endsWith('.ps') ? '$fcc2' : '$fcc1';
    case 'cp2cc':
      return '$cc1';
    case 'branch':
    case 'jump':
      return 'target';
    case 'pos':
      return '3';
    case 'extSize':
    case 'insSize':
      return '5';
    default:
      return '1';
  }
}

const SWEPT = new Set(['simm', 'uimm', 'offset', 'code', 'pos', 'extSize', 'insSize', 'sel']);

/** One line per (entry, immediate operand, value) of the instruction table and its aliases. */
function tableLines(): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const spec of [...INSTRUCTIONS, ...ALIASES]) {
    const groups = syntaxGroups(spec.syntax);
    const key = `${spec.name} ${spec.syntax}`;
    if (seen.has(key)) continue;
    seen.add(key);
    groups.forEach((g, swept) => {
      const ref = g[0] as OperandRef;
      if (!SWEPT.has(ref.def.kind)) return;
      const signed = ref.def.kind === 'simm' || ref.def.kind === 'offset';
      for (const v of valuesFor(signed, ref.def.bits)) {
        const ops = groups.map((gg, i) => {
          const text = i === swept ? show(v) : fixedOperand(spec, gg[0] as OperandRef, i);
          return gg.length === 2 ? `${text}($${8 + i})` : text;
        });
        lines.push(`${spec.name} ${ops.join(', ')}`.trim());
      }
    });
  }
  return lines;
}

/** Pseudo-instructions with an immediate operand, `V` standing for the value. */
const PSEUDOS = [
  'li $4, V',
  ...['add', 'addu', 'sub', 'subu', 'and', 'or', 'xor', 'nor', 'slt', 'sltu'].map((m) => `${m} $4, $5, V`),
  ...['seq', 'sne', 'sge', 'sgeu', 'sgt', 'sgtu', 'sle', 'sleu'].map((m) => `${m} $4, $5, V`),
  ...['mul', 'mulo', 'mulou', 'div', 'divu', 'rem', 'remu'].map((m) => `${m} $4, $5, V`),
  ...['rol', 'ror', 'rotl'].map((m) => `${m} $4, $5, V`),
  ...['teq', 'tne', 'tge', 'tgeu', 'tlt', 'tltu'].map((m) => `${m} $4, V`),
  ...['beq', 'bne', 'beql', 'bnel', 'blt', 'ble', 'bgt', 'bge', 'bltu', 'bleu', 'bgtu', 'bgeu', 'bltl', 'blel', 'bgtl', 'bgel', 'bltul', 'bleul', 'bgtul', 'bgeul'].map(
    (m) => `${m} $4, V, target`,
  ),
  ...['lw', 'sw', 'lb', 'lbu', 'lh', 'lhu', 'sb', 'sh', 'lwl', 'lwr', 'swl', 'swr', 'll', 'sc', 'ulw', 'usw', 'ulh', 'ulhu', 'ush', 'lwc1', 'swc1', 'ldc1', 'sdc1'].map(
    (m) => `${m} ${m.endsWith('c1') ? '$f2' : '$4'}, V($5)`,
  ),
  'lw $4, V',
  'cache 1, V($5)',
  'pref 1, V($5)',
];

function pseudoLines(): string[] {
  const lines: string[] = [];
  for (const p of PSEUDOS) for (const v of valuesFor(true, 16)) lines.push(p.replace('V', show(v)));
  return lines;
}

/** Lines (1-based) GNU as reports errors for. */
function gasErrorLines(path: string): Set<number> {
  const r = spawnSync('mips-linux-gnu-as', ['-march=mips32r2', '-mhard-float', '--no-warn', '-o', '/dev/null', path], { encoding: 'utf8' });
  if (r.error) throw new Error(`mips-linux-gnu-as is not available (${r.error.message}); install the oracles with: bash scripts/install-oracles.sh`);
  const lines = new Set<number>();
  for (const m of r.stderr.matchAll(/^[^:\n]+:(\d+): Error: /gm)) lines.add(Number(m[1]));
  if (r.status !== 0) assert.ok(lines.size > 0, `GNU as failed without a located error:\n${r.stderr}`);
  return lines;
}

/** Lines our assembler reports errors for; every error must name line and column. */
function ourErrorLines(path: string): Set<number> {
  try {
    ourObject(path, 'big');
    return new Set();
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const lines = new Set<number>();
    for (const d of e.diagnostics) {
      if (d.severity !== 'error') continue;
      assert.ok(d.loc.file === path && d.loc.line > 0 && d.loc.col > 0, `error without a location: ${d.message}`);
      lines.add(d.loc.line);
    }
    return lines;
  }
}

const HEADER = ['.set noreorder', 'target:'];

function checkBothWays(name: string, body: string[]): void {
  // Each line is followed by a nop so that no line sits in another's delay slot.
  const source = [...HEADER, ...body.flatMap((l) => [l, 'nop'])];
  const lineOf = (i: number): number => HEADER.length + 2 * i + 1;
  const path = sourceFile(`${source.join('\n')}\n`);
  const gas = gasErrorLines(path);
  const ours = ourErrorLines(path);
  const text = (n: number): string => source[n - 1] as string;
  const onlyGas = [...gas].filter((n) => !ours.has(n)).map(text);
  const onlyOurs = [...ours].filter((n) => !gas.has(n)).map(text);
  assert.deepEqual({ acceptedByOursOnly: onlyGas.slice(0, 100000), rejectedByOursOnly: onlyOurs.slice(0, 100000) }, { acceptedByOursOnly: [], rejectedByOursOnly: [] }, `${name}: GNU as and ours disagree on which lines are valid`);
  const accepted = body.filter((_, i) => !gas.has(lineOf(i)));
  assert.ok(accepted.length > body.length / 3, `${name}: only ${accepted.length} of ${body.length} lines are valid`);
  const valid = sourceFile(`${[...HEADER, ...accepted.flatMap((l) => [l, 'nop'])].join('\n')}\n`);
  assert.deepEqual(compareWithGas(valid, 'big', ['-mhard-float', '--no-warn']), [], `${name}: accepted lines encode differently`);
}

test('table entries and aliases: immediate ranges and encodings as GNU as', () => {
  const lines = tableLines();
  assert.ok(lines.length > 1000, `only ${lines.length} lines generated`);
  assert.ok(parseSyntax('t,s,j').length === 3);
  checkBothWays('table', lines);
});

test('pseudo-instructions with an immediate: ranges and expansions as GNU as', () => {
  checkBothWays('pseudo', pseudoLines());
});
