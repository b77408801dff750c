// Errors: every mistake in a file is reported (assembly continues after an error), each with
// file:line:col, as GNU as words them; warnings (e.g. $at under .set noat) do not stop assembly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble } from '../../../../debug-adapter/toolchain/assembler/assembler';
import { DiagnosticError } from '../../../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../../../debug-adapter/util/fileAccessor';
import { errors } from './helpers';

test('several errors in one file are all reported, with line and column', () => {
  const src = ['\tfoo $t0', '\tli $t0', '\taddiu $t0, $t0, 0x12345', '\tlw $t0, 4($t9', '\t.word 1 2', 'x:', 'x:', '\tb undefined_local_1f', '\t.bogus 1', '\tli $t0, 1'].join('\n');
  assert.deepEqual(errors(src), [
    "1:2: unrecognized opcode `foo $t0'",
    "2:2: invalid operands `li $t0'",
    "3:18: operand 3 out of range `addiu $t0,$t0,0x12345'",
    "4:11: junk at end of line, first unrecognized character is `(': invalid operands `lw $t0,4($t9'",
    "5:10: junk at end of line, first unrecognized character is `2'",
    "7:1: symbol `x' is already defined",
    "9:2: unknown pseudo-op: `.bogus'",
  ]);
});

test('$at under .set noat is an error in expansions; a bad register name is reported', () => {
  // Loads use their destination as the temporary, stores need $at (as in gas).
  assert.deepEqual(errors('\t.set noat\n\tli $t0, 1\n\taddu $t0, $t1, 0x12345\n\tlw $t0, 0x12345($t1)\n\tsw $t0, 0x12345($t1)\n'), ['3:2: macro used $at after ".set noat"', '5:2: macro used $at after ".set noat"']);
  assert.deepEqual(errors('\tmove $t0, $99\n'), ["1:12: invalid register `$99': invalid operands `move $t0,$99'"]);
});

test('undefined local labels and out-of-range branches are reported at the end', () => {
  assert.deepEqual(errors('\t.set noreorder\n\tb 1f\n\tnop\n'), ['2:4: undefined local label 1']);
  assert.deepEqual(errors('\t.set noreorder\n\tb far\n\t.space 0x20000\nfar:\n'), ['2:4: branch out of range']);
});

test('errors inside included files name that file; warnings are returned, not thrown', () => {
  const fs = new MemoryFileAccessor({ 'main.s': '\t.include "inc.s"\n\tnop\n', 'inc.s': '\tnop\n\tbad $t0\n' });
  try {
    assemble('main.s', { files: fs });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof DiagnosticError);
    assert.deepEqual(e.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.col}`), ['inc.s:2:2']);
  }
  const r = assemble('w.s', { files: new MemoryFileAccessor({ 'w.s': '\t.set noreorder\n\tb 1f\n\tli $t0, 0x12345678\n1:\n' }) });
  assert.deepEqual(r.warnings.map((w) => w.message), ['macro instruction expanded into multiple instructions in a branch delay slot']);
});
