import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticError, formatDiagnostic } from '../../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../../debug-adapter/util/fileAccessor';

test('diagnostics print as file:line:col: severity: message and DiagnosticError carries them all', () => {
  const d = { loc: { file: 'k.s', line: 3, col: 7 }, severity: 'error' as const, message: 'unknown opcode' };
  assert.equal(formatDiagnostic(d), 'k.s:3:7: error: unknown opcode');
  const e = new DiagnosticError([d, { ...d, loc: { ...d.loc, line: 9 } }]);
  assert.equal(e.message, 'k.s:3:7: error: unknown opcode\nk.s:9:7: error: unknown opcode');
});

test('MemoryFileAccessor resolves relative to the including file', () => {
  const fa = new MemoryFileAccessor({ 'dir/inc.h': '#define X 1' });
  assert.equal(fa.resolve('dir/main.S', 'inc.h'), 'dir/inc.h');
  assert.equal(fa.resolve('main.S', '/abs/x'), '/abs/x');
  assert.equal(new TextDecoder().decode(fa.readFile('dir/inc.h')), '#define X 1');
  assert.throws(() => fa.readFile('nope'), /no such file/);
});
