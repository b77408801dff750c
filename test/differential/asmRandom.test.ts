// Randomised differential tests against GNU as: thousands of short sequences in .set reorder
// mode (an instruction or pseudo-instruction, then a branch whose delay slot gas may fill with
// it), and pseudo-instructions with boundary constants, batched into a few `as` runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithGas, sourceFile } from './asmOracle';
import { xorshift32 } from '../support/prng';

const REGS = ['$t0', '$t1', '$t2', '$a0', '$v0', '$ra', '$at', '$0', '$sp'];
const CONSTS = ['0', '1', '-1', '0x7fff', '0x8000', '-0x8000', '-0x8001', '0xffff', '0x10000', '0x12345678', '0x80000000', '0xffffffff', '0xffff8000', '100', '-100000', '0x7fffffff'];

function gen(seed: number, count: number): string {
  const rnd = xorshift32(seed);
  const pick = <T>(a: readonly T[]): T => a[rnd() % a.length] as T;
  const r = (): string => pick(REGS);
  const c = (): string => pick(CONSTS);
  const before: Array<() => string> = [
    () => `addu ${r()}, ${r()}, ${r()}`,
    () => `addiu ${r()}, ${r()}, ${pick(['4', '-8', '0x7fff'])}`,
    () => `lw ${r()}, 8(${r()})`,
    () => `sw ${r()}, 4(${r()})`,
    () => `lb ${r()}, 1(${r()})`,
    () => `li ${r()}, ${c()}`,
    () => `la ${r()}, data+${pick(['0', '4', '0x10000'])}`,
    () => `la ${r()}, ext`,
    () => `lw ${r()}, data`,
    () => `mflo ${r()}`,
    () => `mult ${r()}, ${r()}`,
    () => `mfc0 ${r()}, $12`,
    () => `mtc0 ${r()}, $14`,
    () => `move ${r()}, ${r()}`,
    () => 'nop',
    () => 'syscall',
    () => 'sync',
    () => `teq ${r()}, ${r()}`,
    () => `sll ${r()}, ${r()}, 2`,
    () => `slt ${r()}, ${r()}, ${r()}`,
    () => 'c.lt.s $f0, $f2',
    () => 'mtc1 $t0, $f0',
    () => 'add.s $f0, $f2, $f4',
    () => `ext ${r()}, ${r()}, 3, 4`,
    () => `ins ${r()}, ${r()}, 3, 4`,
    () => `sc ${r()}, 0(${r()})`,
    () => `lwl ${r()}, 0(${r()})`,
    () => 'eret',
    () => `.word 0`,
  ];
  const nr = (): string => pick(REGS.filter((x) => x !== '$ra'));
  const branch: Array<() => string> = [
    () => `beq ${r()}, ${r()}, L${rnd() % 8}`,
    () => `bne ${r()}, $0, L${rnd() % 8}`,
    () => `bgez ${r()}, L${rnd() % 8}`,
    () => `bltzal ${nr()}, L${rnd() % 8}`,
    () => `b L${rnd() % 8}`,
    () => `bal L${rnd() % 8}`,
    () => `jal L${rnd() % 8}`,
    () => `jal ext`,
    () => `j L${rnd() % 8}`,
    () => `jr ${r()}`,
    () => `jalr ${nr()}`,
    () => `jalr $t9, ${pick(['$t0', '$a0', '$ra'])}`,
    () => `beqz ${r()}, L${rnd() % 8}`,
    () => `blt ${r()}, ${r()}, L${rnd() % 8}`,
    () => `bge ${r()}, ${c()}, L${rnd() % 8}`,
    () => `bleu ${r()}, ${c()}, L${rnd() % 8}`,
    () => `beq ${r()}, ${c()}, L${rnd() % 8}`,
    () => `beql ${r()}, ${r()}, L${rnd() % 8}`,
    () => 'bc1t L1',
    () => 'bc1f $fcc1, L2',
  ];
  const lines = ['\t.text'];
  for (let i = 0; i < count; i++) {
    if (i % 16 === 0 && i / 16 < 8) lines.push(`L${i / 16}:`);
    if (rnd() % 5 === 0) lines.push(`\t${pick(before)()}`);
    lines.push(`\t${pick(before)()}`);
    if (rnd() % 9 === 0) lines.push(`M${i}:`);
    lines.push(`\t${pick(branch)()}`);
  }
  lines.push('\t.data', 'data:\t.word 0, 0');
  return lines.join('\n') + '\n';
}

function genPseudo(seed: number, count: number): string {
  const rnd = xorshift32(seed);
  const pick = <T>(a: readonly T[]): T => a[rnd() % a.length] as T;
  const r = (): string => pick(REGS.filter((x) => x !== '$at'));
  const c = (): string => pick(CONSTS);
  const ops: Array<() => string> = [
    () => `${pick(['add', 'addu', 'sub', 'subu', 'and', 'or', 'xor', 'nor', 'slt', 'sltu'])} ${r()}, ${r()}, ${c()}`,
    () => `${pick(['seq', 'sne', 'sge', 'sgeu', 'sgt', 'sgtu', 'sle', 'sleu'])} ${r()}, ${r()}, ${pick([c(), r()])}`,
    () => `${pick(['mul', 'mulo', 'mulou', 'div', 'divu', 'rem', 'remu'])} ${r()}, ${r()}, ${pick([c(), r()])}`,
    () => `${pick(['rol', 'ror'])} ${r()}, ${r()}, ${pick([c(), r()])}`,
    () => `${pick(['teq', 'tne', 'tge', 'tgeu', 'tlt', 'tltu'])} ${r()}, ${c()}`,
    () => `${pick(['lw', 'lh', 'lhu', 'lb', 'lbu', 'sw', 'sh', 'sb', 'ulw', 'usw', 'ulh', 'ulhu', 'ush', 'la'])} ${r()}, ${pick([c(), 'data', 'data+6', 'ext+0x12340'])}${pick(['', `(${r()})`])}`,
    () => `${pick(['blt', 'ble', 'bgt', 'bge', 'bltu', 'bleu', 'bgtu', 'bgeu', 'bltl', 'bgeul'])} ${r()}, ${pick([c(), r()])}, L0`,
    () => `li ${r()}, ${c()}`,
    () => `abs ${r()}, ${r()}`,
  ];
  const lines = ['\t.text', 'L0:'];
  for (let i = 0; i < count; i++) lines.push(`\t${pick(ops)()}`);
  lines.push('\t.data', 'data:\t.word 0, 0, 0');
  return lines.join('\n') + '\n';
}


for (const [endian, seed] of [['big', 1], ['little', 2], ['big', 3]] as const) {
  test(`random reorder-mode sequences fill delay slots as GNU as does (${endian}, seed ${seed})`, () => {
    assert.deepEqual(compareWithGas(sourceFile(gen(seed, 1500)), endian, ['--no-warn']), []);
  });
  test(`random pseudo-instructions expand as GNU as expands them (${endian}, seed ${seed})`, () => {
    assert.deepEqual(compareWithGas(sourceFile(genPseudo(seed, 1500)), endian, ['--no-warn']), []);
  });
}
