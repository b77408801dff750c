// Every entry of the ISA table (integer, CP0, CP1, CP2) is handled by the CPU: executed in user
// mode with zeroed registers, it completes or raises its own exception — never Reserved
// Instruction — except the FR=1-only encodings (64-bit FPU: .L/.PS formats, LUXC1…), which are
// reserved with Status.FR = 0 exactly as on QEMU's 24Kf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INSTRUCTIONS, InsnFlag } from '../../../debug-adapter/isa';
import { EXC_RI, excCodeName } from '../../../debug-adapter/machine/exceptions';
import { bareCpu } from './bareCpu';

/** The exception (if any) the instruction raises at 0x1000 on a fresh CPU. */
function execute(word: number): number | undefined {
  const m = bareCpu();
  m.load(0x1000, [word, 0, 0, 0]);
  m.cpu.state.jumpTo(0x1000);
  m.cpu.step();
  return m.exceptions[0]?.excCode;
}

test('the ISA table is not empty', () => {
  assert.ok(INSTRUCTIONS.length > 150, `only ${INSTRUCTIONS.length} entries`);
});

test('every table entry executes without a reserved-instruction exception', () => {
  const wrong: string[] = [];
  for (const spec of INSTRUCTIONS) {
    const exc = execute(spec.match);
    const fr1Only = (spec.flags & InsnFlag.Fpu64) !== 0;
    if (fr1Only && exc !== EXC_RI) wrong.push(`${spec.name}: FR=1-only, expected RI, got ${exc === undefined ? 'completion' : excCodeName(exc)}`);
    if (!fr1Only && exc === EXC_RI) wrong.push(`${spec.name} (0x${spec.match.toString(16)}): reserved instruction`);
  }
  assert.deepEqual(wrong, []);
});
