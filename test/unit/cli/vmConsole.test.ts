// The console of `disco run` for VMs (cli/vmConsole.ts): every line on the terminal starts with
// its VM's name, an unfinished line (a prompt) shows at once and is completed in place, and a
// line of another VM in between ends it on the terminal, after which it is shown again whole.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VmConsole } from '../../../debug-adapter/cli/vmConsole';

test('prompts show at once, complete in place, and stay prefixed when another VM prints in between', () => {
  let out = '';
  const c = new VmConsole((t) => (out += t));
  const text = (): string => out;
  c.line('a', 'boot');
  c.partial('a', '/ # ');
  c.partial('a', '/ # ');
  assert.equal(text(), '[a] boot\n[a] / # ', 'the prompt once');
  c.partial('a', '/ # ls');
  c.line('a', '/ # ls -l');
  assert.equal(text(), '[a] boot\n[a] / # ls -l\n', 'completed in place');
  c.partial('a', '[ 0.1] Linux ver');
  c.line('b', 'init: done');
  c.partial('b', '');
  c.line('a', '[ 0.1] Linux version 6.1');
  c.partial('a', '/ # ');
  c.line('b', 'again');
  assert.deepEqual(text().split('\n'), ['[a] boot', '[a] / # ls -l', '[a] [ 0.1] Linux ver', '[b] init: done', '[a] [ 0.1] Linux version 6.1', '[a] / # ', '[b] again', '']);
});
