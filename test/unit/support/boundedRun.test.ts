// The bounds of test/support/boundedRun.ts: a kernel that never ends fails at its instruction cap
// with the console's last 40 lines, one that keeps printing fails at its wall time, and a child
// process that outlives its wall time is killed and reported with its output.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBareBounded, runChild, TAIL_LINES } from '../../support/boundedRun';

/** A kernel printing `lines` numbered lines through UHI plog, then spinning (printing "." each pass when `chatty`). */
function kernel(lines: number, chatty: boolean): string {
  const path = join(mkdtempSync(join(tmpdir(), 'disco-bounded-')), 'k.S');
  writeFileSync(
    path,
    `  .set noreorder
  .text
  .globl __start
__start:
  li $s0, 1
1:
  la $a0, fmt
  move $a1, $s0
  li $t9, 13
  sdbbp 1
  addiu $s0, $s0, 1
  li $t0, ${lines + 1}
  bne $s0, $t0, 1b
  nop
2:
  ${chatty ? 'la $a0, dot\n  li $t9, 13\n  sdbbp 1' : 'nop'}
  b 2b
  nop
  .data
fmt: .asciz "line %d\\n"
dot: .asciz ".\\n"
`,
  );
  return path;
}

test('a kernel that never ends fails at its instruction cap with the last console lines', () => {
  assert.throws(
    () => runBareBounded(kernel(100, false), { cpus: 1, memoryMB: 8 }, { instructions: 100_000, wallMs: 60_000 }),
    (e: Error) => {
      assert.match(e.message, /still running after 100000 instructions/);
      assert.match(e.message, /line 100\n/);
      // The last lines: 62..100 and the run's own report of the limit.
      assert.match(e.message, /\nline 62\n/);
      assert.doesNotMatch(e.message, /\nline 61\n/, `only the last ${TAIL_LINES} lines`);
      assert.match(e.message, /stopped after 100000 instructions/);
      return true;
    },
  );
});

test('a kernel that keeps printing fails at its wall time', () => {
  const t0 = performance.now();
  assert.throws(() => runBareBounded(kernel(1, true), { cpus: 1, memoryMB: 8 }, { instructions: 1e15, wallMs: 500 }), /the guest was still running after 500 ms[^]*\n\.\n/);
  assert.ok(performance.now() - t0 < 30_000);
});

test('a child process that outlives its wall time is killed and reported with its output', async () => {
  let pid = 0;
  await assert.rejects(
    runChild('sh', ['-c', 'echo $$; exec sleep 60'], {
      wallMs: 500,
      onOutput: (s) => {
        pid = Number(s.output.trim()) || pid;
      },
    }),
    /still running after 500 ms, killed[^]*\n\d+\n?$/,
  );
  assert.ok(pid > 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the child is gone');
});
