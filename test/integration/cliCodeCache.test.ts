// The `disco` entry (dist/cli.js, built by `npm run build`) runs the bundled command line through
// V8's code cache: the first start writes the cache into the temporary directory, later starts
// read it, and both behave the same; a cache V8 rejects (here: garbage) is written again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function disco(tmp: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the disco entry writes its code cache on the first start and starts from it after', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'disco-cache-test-'));
  try {
    const dir = join(tmp, 'disco-studio-code-cache');
    const first = disco(tmp, ['asm', '--help']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout + first.stderr, /usage: disco asm/);
    const files = readdirSync(dir);
    assert.equal(files.length, 1, files.join(', '));
    const cache = join(dir, files[0] as string);
    const written = statSync(cache);
    assert.ok(written.size > 100_000, `${written.size} bytes`);
    const second = disco(tmp, ['asm', '--help']);
    assert.deepEqual(second, first);
    assert.equal(statSync(cache).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');
    writeFileSync(cache, 'not a code cache');
    const third = disco(tmp, ['asm', '--help']);
    assert.deepEqual(third, first);
    assert.ok(statSync(cache).size > 100_000, 'a rejected cache is written again');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
