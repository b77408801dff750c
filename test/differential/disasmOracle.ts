// Runs the GNU binutils/gcc oracles for differential tests; a missing tool fails the test
// with a message naming the install script instead of being skipped.

import { spawnSync } from 'node:child_process';

/** Runs `tool args…`, returning stdout; throws with the tool's stderr on failure or absence. */
export function runOracle(tool: string, args: readonly string[], cwd?: string): string {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) {
    throw new Error(`${tool} is not available (${r.error.message}); install the oracles with: bash scripts/install-oracles.sh`);
  }
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** First differing line of two texts, or undefined if equal. */
export function firstDifference(mine: string, theirs: string): string | undefined {
  const a = mine.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  ours:    ${JSON.stringify(a[i])}\n  objdump: ${JSON.stringify(b[i])}`;
  }
  return undefined;
}
