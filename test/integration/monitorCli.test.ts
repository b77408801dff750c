// `disco run CONFIG.disco.json` as a process: the hello-vm example prints one prefixed line per
// VM and exits 0 with statistics whose cycle categories add up; a VM halting with a code makes
// that the exit status; --max-cycles stops a VM that never halts (status 124); a bad config is
// reported with its JSON path, and --console naming no VM of the config is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function disco(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'debug-adapter/cli.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
}

interface Stats {
  pcpus: { totalCycles: number; cycles: { user: number; kernel: number; monitor: number; idle: number } }[];
  vms: { name: string; end: { kind: string; code: number } }[];
}

test('disco run examples/hello-vm/hello.disco.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-monitor-cli-'));
  const stats = join(dir, 'stats.json');
  const r = disco(['run', 'examples/hello-vm/hello.disco.json', '--stats', stats]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.deepEqual(r.stdout.split('\n').filter((l) => l !== '').sort(), ['[vm0] Hello from Disco VM 0', '[vm1] Hello from Disco VM 1']);
  const s = JSON.parse(readFileSync(stats, 'utf8')) as Stats;
  assert.deepEqual(s.vms.map((v) => [v.name, v.end]), [['vm0', { kind: 'halt', code: 0 }], ['vm1', { kind: 'halt', code: 0 }]]);
  for (const c of s.pcpus) assert.equal(c.cycles.user + c.cycles.kernel + c.cycles.monitor + c.cycles.idle, c.totalCycles);
});

const kernel = (body: string): string => `#include <disco/monitor.h>
	.text
	.globl __start
__start:
${body}
`;

test('exit status: the first non-zero halt code; 124 at --max-cycles; config errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-monitor-cli-'));
  writeFileSync(join(dir, 'ok.S'), kernel('\tli $a0, 0\n\tli $v0, MC_HALT\n\tMONITOR_CALL\n'));
  writeFileSync(join(dir, 'three.S'), kernel('\tli $a0, 3\n\tli $v0, MC_HALT\n\tMONITOR_CALL\n'));
  writeFileSync(join(dir, 'spin.S'), kernel('1:\tb 1b\n\tnop\n'));
  const config = (vms: string[]): string => JSON.stringify({ machine: { cpus: 1, memoryMB: 16 }, vms: vms.map((k, i) => ({ name: `v${i}`, memoryMB: 4, kernel: k })) });
  writeFileSync(join(dir, 'three.disco.json'), config(['ok.S', 'three.S']));
  writeFileSync(join(dir, 'spin.disco.json'), config(['spin.S']));
  writeFileSync(join(dir, 'bad.disco.json'), JSON.stringify({ vms: [{ name: 'x', kernel: 'ok.S', vcpus: 0 }] }));
  const include = ['-I', join(ROOT, 'guest/include')];
  assert.equal(disco(['run', join(dir, 'three.disco.json'), ...include]).status, 3);
  const spin = disco(['run', join(dir, 'spin.disco.json'), '--max-cycles', '200000', ...include]);
  assert.equal(spin.status, 124);
  assert.match(spin.stderr, /cycle limit/);
  const bad = disco(['run', join(dir, 'bad.disco.json')]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /vms\[0\]\.vcpus/);
  const noSuchConsole = disco(['run', join(dir, 'three.disco.json'), '--console', 'nosuch', ...include]);
  assert.notEqual(noSuchConsole.status, 0);
  assert.match(noSuchConsole.stderr, /--console nosuch: the config has no VM by that name/);
});
