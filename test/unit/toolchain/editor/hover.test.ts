// Instruction and register hovers: every mnemonic of the ISA table is documented with syntax and
// operation; exceptions follow the behaviour flags; privileged instructions say what the monitor
// does; registers (GPR, FPR, CP0 by number or name) and #define'd CP0 operands resolve.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CP0_NAMES, INSTRUCTIONS, InsnFlag } from '../../../../debug-adapter/isa';
import { hoverAt } from '../../../../debug-adapter/toolchain/editor/hover';
import { instructionDoc } from '../../../../debug-adapter/toolchain/editor/instructionDocs';
import { cp0NameDoc, gprDoc } from '../../../../debug-adapter/toolchain/editor/registerDocs';
import { indexSource } from '../../../../debug-adapter/toolchain/editor/sourceIndex';

test('every instruction of the ISA table has syntax, an operation, and the monitor note when privileged', () => {
  for (const spec of INSTRUCTIONS) {
    const doc = instructionDoc(spec.name);
    assert.ok(doc, spec.name);
    assert.match(doc, new RegExp(`^\`\`\`mips\\n${spec.name.replace(/\./g, '\\.')}`), spec.name);
    assert.match(doc, /\*\*Operation:\*\* \S/, `${spec.name} has no operation`);
    const privileged = (spec.flags & InsnFlag.Privileged) !== 0;
    assert.equal(/In a guest kernel under Disco:\*\* .*traps to the monitor/.test(doc), privileged, `${spec.name}: monitor note`);
    if (privileged) assert.match(doc, /Coprocessor Unusable/);
  }
});

test('exceptions follow what the instruction does', () => {
  const doc = (m: string): string => instructionDoc(m) ?? '';
  assert.match(doc('sw'), /AdES.*misaligned/);
  assert.match(doc('sw'), /TLB Modified/);
  assert.doesNotMatch(doc('lw'), /TLB Modified/);
  assert.doesNotMatch(doc('lwl'), /misaligned/);
  assert.match(doc('add'), /Integer Overflow/);
  assert.doesNotMatch(doc('addu'), /Exceptions/);
  assert.match(doc('teq'), /Trap \(Tr\)/);
  assert.match(doc('syscall'), /0xD15C0.*monitor call/);
  assert.match(doc('wait'), /deschedules the vCPU/);
  assert.match(doc('tlbwi'), /pmap/);
  assert.match(doc('li'), /Alias of `addiu`, `ori`/);
  assert.match(doc('la'), /Pseudo-instruction/);
  assert.equal(instructionDoc('frobnicate'), undefined);
});

test('registers: GPRs by name and number, FPRs, every named CP0 register', () => {
  assert.match(gprDoc('$sp') ?? '', /\$29.*stack pointer/);
  assert.match(gprDoc('$31') ?? '', /\*\*\$ra\*\*/);
  assert.match(gprDoc('$fp') ?? '', /\$30/);
  assert.match(gprDoc('$f3') ?? '', /floating-point register 3/);
  assert.equal(gprDoc('$32'), undefined);
  for (const n of CP0_NAMES.filter((x) => !x.startsWith('$'))) assert.ok(cp0NameDoc(n), n);
  assert.match(cp0NameDoc('c0_ebase') ?? '', /register 15, select 1: EBase/);
});

test('hoverAt: mnemonic, register, CP0 operand by number and through a #define', () => {
  const header = indexSource('#define CP0_COMPARE $11, 0\n');
  const lookup = (name: string) => {
    const def = header.definitions.find((d) => d.name === name);
    return def ? { path: 'hal.h', def } : undefined;
  };
  const line1 = 'loop:\tmtc0\t$t0, $12    # Status';
  assert.match(hoverAt(line1, line1.indexOf('mtc0') + 1, lookup)?.markdown ?? '', /^```mips\nmtc0 rt, rd, sel/);
  assert.match(hoverAt(line1, line1.indexOf('$t0'), lookup)?.markdown ?? '', /general register 8/);
  assert.match(hoverAt(line1, line1.indexOf('$12') + 1, lookup)?.markdown ?? '', /CP0 register 12, select 0: Status/);
  const line2 = '\tmtc0\t$t0, CP0_COMPARE';
  const h = hoverAt(line2, line2.indexOf('COMPARE'), lookup);
  assert.equal(h?.col, line2.indexOf('CP0_COMPARE'));
  assert.match(h?.markdown ?? '', /#define CP0_COMPARE \$11, 0[\s\S]*hal\.h:1[\s\S]*Compare/);
  const line3 = '\taddiu\t$sp, $sp, -32';
  assert.equal(hoverAt(line3, line3.indexOf('32'), lookup), undefined);
});
