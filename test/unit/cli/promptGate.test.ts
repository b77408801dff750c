// PromptGate (debug-adapter/cli/promptGate.ts): piped lines are held until the VM shows a shell
// prompt, typed one per new prompt, never twice at the same prompt, and a last line without a
// newline is typed as it is.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PromptGate } from '../../../debug-adapter/cli/promptGate';

test('piped lines wait for a prompt and go one per new prompt', () => {
  const typed: string[] = [];
  const gate = new PromptGate((t) => typed.push(t));
  gate.input('uname -a\npoweroff');
  gate.input(' -f\n');
  gate.poll('');
  gate.poll('[    1.000000] Run /init as init proc');
  assert.deepEqual(typed, [], 'nothing before a prompt');
  gate.poll('/ # \x1b[6n');
  assert.deepEqual(typed, ['uname -a\n']);
  gate.poll('/ # \x1b[6nuname -a');
  gate.poll('/ # \x1b[6n');
  assert.deepEqual(typed, ['uname -a\n'], 'the same prompt, no new line since: nothing typed');
  gate.lineDone();
  gate.lineDone();
  gate.poll('/ # ');
  assert.deepEqual(typed, ['uname -a\n', 'poweroff -f\n']);
  gate.lineDone();
  gate.poll('/ # ');
  assert.deepEqual(typed.length, 2, 'nothing left');
});

test('a last line without a newline is typed as it is, at a $ prompt too', () => {
  const typed: string[] = [];
  const gate = new PromptGate((t) => typed.push(t));
  gate.input('ls');
  gate.poll('user@host:~$ ');
  assert.deepEqual(typed, ['ls']);
});
