// Structural checks of the instruction table: no two entries overlap (Spike's check-opcode-overlap
// idea), every bit of every entry is fixed or owned by exactly one operand, aliases lie inside
// their base entry, and every entry decodes back to itself with random operand bits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INSTRUCTIONS, ALIASES, decode, lookupAlias, parseSyntax, findInstruction, InsnFlag } from '../../../debug-adapter/isa';
import { xorshift32 } from '../../support/prng';

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

test('no two table entries share an encoding', () => {
  const clashes: string[] = [];
  for (let i = 0; i < INSTRUCTIONS.length; i++) {
    for (let j = i + 1; j < INSTRUCTIONS.length; j++) {
      const a = INSTRUCTIONS[i];
      const b = INSTRUCTIONS[j];
      if (a && b && ((a.match ^ b.match) & a.mask & b.mask) === 0) clashes.push(`${a.name} ${hex(a.match)} / ${b.name} ${hex(b.match)}`);
    }
  }
  assert.deepEqual(clashes, []);
});

test('mnemonics are unique and match lies inside mask', () => {
  const names = new Set<string>();
  for (const s of INSTRUCTIONS) {
    assert.ok(!names.has(s.name), `duplicate ${s.name}`);
    names.add(s.name);
    assert.equal((s.match & ~s.mask) >>> 0, 0, `${s.name}: match bits outside mask`);
  }
});

test('every bit is either fixed by the mask or owned by exactly one operand', () => {
  for (const s of [...INSTRUCTIONS, ...ALIASES]) {
    let owned = s.mask;
    for (const o of parseSyntax(s.syntax)) {
      let bits = o.def.bits === 0 ? 0 : (((1 << o.def.bits) - 1) << o.def.shift) >>> 0;
      if (o.def.kind === 'gprPair') bits = (bits | (31 << 16)) >>> 0;
      assert.equal((owned & bits) >>> 0, 0, `${s.name} "${s.syntax}": operand ${o.letter} overlaps fixed or other bits`);
      owned = (owned | bits) >>> 0;
    }
    assert.equal(owned >>> 0, 0xffffffff, `${s.name} "${s.syntax}": bits ${hex(~owned)} belong to nothing`);
  }
});

test('every entry decodes back to itself from its match bits with random operand bits', () => {
  const next = xorshift32(12345);
  for (const s of INSTRUCTIONS) {
    for (let k = 0; k < 64; k++) {
      const w = (s.match | (next() & ~s.mask)) >>> 0;
      const d = decode(w);
      assert.equal(d?.spec.name, s.name, `${hex(w)} should decode as ${s.name}`);
    }
    assert.equal(decode(s.match)?.spec, s);
  }
});

test('aliases lie inside their base entry, and each base entry exists', () => {
  for (const a of ALIASES) {
    const base = findInstruction(a.of);
    assert.ok(base, `${a.name}: base ${a.of} missing`);
    if (!base) continue;
    assert.equal((a.mask & base.mask) >>> 0, base.mask, `${a.name}: mask must refine ${a.of}'s`);
    assert.equal((a.match & base.mask) >>> 0, base.match, `${a.name}: match outside ${a.of}`);
    assert.equal(decode(a.match)?.spec, base);
  }
  assert.equal(lookupAlias(0)?.name, 'nop');
  assert.equal(lookupAlias(0x00601021)?.name, 'move');
  assert.equal(lookupAlias(0x00601021, false), undefined);
  assert.equal(lookupAlias(0x00000140, false)?.name, 'pause');
});

test('decode extracts fields and flags of representative instructions', () => {
  const lw = decode(0x8fa2fffc);
  assert.equal(lw?.spec.name, 'lw');
  assert.equal(lw?.rs, 29);
  assert.equal(lw?.rt, 2);
  assert.equal(lw?.simm, -4);
  assert.equal(lw?.uimm, 0xfffc);
  assert.equal(lw?.spec.width, 4);
  assert.ok(((lw?.spec.flags ?? 0) & InsnFlag.Load) !== 0);
  const beql = decode(0x50400004);
  assert.equal(beql?.spec.name, 'beql');
  assert.equal((beql?.spec.flags ?? 0) & (InsnFlag.Branch | InsnFlag.Likely | InsnFlag.DelaySlot), InsnFlag.Branch | InsnFlag.Likely | InsnFlag.DelaySlot);
  assert.equal(decode(0x40086001)?.spec.name, 'mfc0');
  assert.ok(((decode(0x42000018)?.spec.flags ?? 0) & InsnFlag.Privileged) !== 0);
  assert.equal(decode(0x46020b30)?.spec.name, 'c.f.s');
  assert.equal(decode(0x7c0000c1), undefined);
  assert.equal(decode(0xfc000000), undefined);
});
