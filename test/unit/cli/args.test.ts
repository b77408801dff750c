import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, parseNumberArg } from '../../../debug-adapter/cli/args';
import { UserError } from '../../../debug-adapter/util/diagnostic';

test('parseArgs separates positionals, valued flags, switches and repeated flags', () => {
  const a = parseArgs('asm', ['a.s', '--text', '0x400', '--EL', '-o=out.elf', 'b.s', '--I', 'x', '--I', 'y'], {
    values: ['text', 'o'],
    switches: ['EL'],
    lists: ['I'],
  });
  assert.deepEqual(a.positional, ['a.s', 'b.s']);
  assert.equal(a.values.get('text'), '0x400');
  assert.equal(a.values.get('o'), 'out.elf');
  assert.ok(a.switches.has('EL'));
  assert.deepEqual(a.lists.get('I'), ['x', 'y']);
});

test('parseArgs rejects unknown flags and missing values with the command name', () => {
  assert.throws(() => parseArgs('asm', ['--bogus'], {}), (e: unknown) => e instanceof UserError && /disco asm: unknown option --bogus/.test(e.message));
  assert.throws(() => parseArgs('asm', ['--text'], { values: ['text'] }), /--text needs a value/);
});

test('parseNumberArg reads C-style numbers and rejects junk', () => {
  assert.equal(parseNumberArg('x', '--n', '0x80001000'), 0x80001000);
  assert.equal(parseNumberArg('x', '--n', '010'), 8);
  assert.equal(parseNumberArg('x', '--n', '0b101'), 5);
  assert.equal(parseNumberArg('x', '--n', '-42'), -42);
  assert.throws(() => parseNumberArg('x', '--n', '12z'), /expects a number/);
});
