// The benchmark plumbing: `disco bench` argument parsing, whole-process timing that fails loudly on
// a wrong exit status or output (with fake programs run by node), and the recorded results files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBenchArgs } from '../../../debug-adapter/cli/benchCommand';
import { MissingProgram, timeProcess } from '../../../debug-adapter/cli/benchProcess';
import { benchMachine, scriptCommand, writeBenchResult } from '../../../debug-adapter/cli/benchRecord';
import { updateBenchReadme, type CpuBenchResult } from '../../../debug-adapter/cli/benchReport';
import { UserError } from '../../../debug-adapter/util/diagnostic';

test('disco bench arguments: defaults, --size, --runs, --no-record, --timing; bad input is a UserError', () => {
  const d = parseBenchArgs(['cpu']);
  assert.deepEqual([d.sizeName, d.runs, d.record, d.timing], ['full', 3, true, false]);
  const s = parseBenchArgs(['cpu', '--size', 'small', '--runs=5', '--no-record', '--timing']);
  assert.deepEqual([s.sizeName, s.size.checksum, s.runs, s.record, s.timing], ['small', '4ffdb2a1', 5, false, true]);
  assert.throws(() => parseBenchArgs(['cpu', '--size', 'huge']), /--size must be small or full, not 'huge'/);
  assert.throws(() => parseBenchArgs(['cpu', '--runs', '0']), /--runs must be at least 1/);
  assert.throws(() => parseBenchArgs(['cpu', '--runs', 'many']), /--runs expects a number/);
  assert.throws(() => parseBenchArgs(['gpu']), /the benchmark to run is `cpu`/);
  assert.throws(() => parseBenchArgs([]), UserError);
});

const node = (script: string): [string, string[]] => [process.execPath, ['-e', script]];

test('timeProcess returns the wall time of a run that exits as expected', () => {
  const [cmd, args] = node('process.stdout.write("819b1da1\\n"); process.exitCode = 161');
  const t = timeProcess(cmd, args, { status: 161, stdout: '819b1da1\n' });
  assert.ok(t > 0 && t < 60, `${t} s`);
});

test('timeProcess fails loudly on a wrong exit status, wrong output, anything on stderr, or a signal', () => {
  const expected = { status: 161, stdout: '819b1da1\n' };
  const fails = (script: string, pattern: RegExp): void => {
    const [cmd, args] = node(script);
    assert.throws(() => timeProcess(cmd, args, expected), (e: unknown) => e instanceof UserError && pattern.test(e.message));
  };
  fails('process.stdout.write("819b1da1\\n"); process.exit(3)', /exited with 3 .*expected exit 161/);
  fails('process.stdout.write("deadbeef\\n"); process.exitCode = 161', /printed "deadbeef\\n"/);
  fails('process.stdout.write("819b1da1\\n"); console.error("qemu: unhandled trap"); process.exitCode = 161', /stderr: "qemu: unhandled trap\\n"/);
  fails('process.kill(process.pid, "SIGSEGV")', /exited with signal SIGSEGV/);
});

test('timeProcess with an expected stderr: a run printing it passes, another line or none fails', () => {
  const expected = { status: 161, stdout: '819b1da1\n', stderr: /^disco run: timing: 5 instructions, 9 cycles \(/ };
  const run = (err: string): number => {
    const [cmd, args] = node(`process.stdout.write("819b1da1\\n"); process.stderr.write(${JSON.stringify(err)}); process.exitCode = 161`);
    return timeProcess(cmd, args, expected);
  };
  assert.ok(run('disco run: timing: 5 instructions, 9 cycles (4 stalled)\n') > 0);
  assert.throws(() => run('disco run: timing: 5 instructions, 8 cycles (3 stalled)\n'), (e: unknown) => e instanceof UserError && /stderr: "disco run: timing: 5 instructions, 8 cycles/.test(e.message));
  assert.throws(() => run(''), UserError);
});

test('timeProcess says when the program is not installed', () => {
  assert.throws(() => timeProcess('disco-no-such-program', [], { status: 0, stdout: '' }), (e: unknown) => e instanceof MissingProgram && /is not installed/.test(e.message));
});

test('scriptCommand records the bench script relative to the checkout, with its arguments', () => {
  assert.equal(scriptCommand('/repo', ['/usr/bin/node', '/repo/bench/linux/linuxBootBench.ts', '--no-qemu']), 'npx tsx bench/linux/linuxBootBench.ts --no-qemu');
});

function result(mips: number): CpuBenchResult {
  return {
    benchmark: 'bench/cpu/bench.S (Linux o32, big-endian)',
    size: 'small',
    command: 'disco bench cpu --size small --runs 1',
    date: '2030-01-02T03:04:05.000Z',
    machine: { ...benchMachine(), cpu: 'Test CPU', cores: 2, load: 0.5, node: 'v99.0.0' },
    instructions: 18627735,
    checksum: '4ffdb2a1',
    disco: { command: 'node dist/cli.js run --user <bench-be>', seconds: [0.25], mips },
    inProcess: { breakpoints: ['0x00400440'], seconds: [0.2], mips: 93.1 },
    qemu: { command: 'qemu-mips <bench-be>', version: 'qemu-mips version 7.2.22', seconds: [0.02], mips: 931.4 },
    ratio: Number((mips / 931.4).toFixed(3)),
  };
}

test('the CPU result is written as JSON and replaces only its own section of the README', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-benchrec-'));
  try {
    const json = path.join(dir, 'results', 'cpu.json');
    writeBenchResult(json, result(74.5));
    const back = JSON.parse(fs.readFileSync(json, 'utf8')) as CpuBenchResult;
    assert.deepEqual(back, result(74.5));
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, '# Benchmarks\n\nbefore\n');
    updateBenchReadme(readme, result(74.5));
    fs.appendFileSync(readme, '\n## after\n');
    updateBenchReadme(readme, result(80.2));
    const text = fs.readFileSync(readme, 'utf8');
    assert.equal(text.split('<!-- disco bench cpu: begin -->').length, 2, 'one section');
    assert.match(text, /^# Benchmarks\n\nbefore\n/);
    assert.match(text, /\n## after\n$/);
    assert.match(text, /node dist\/cli\.js bench cpu --size small --runs 1/);
    assert.match(text, /\| 2030-01-02 \| Test CPU, 2 cores, load 0\.50, Node v99\.0\.0 \| 18,627,735 \| 80\.2 \| 93\.1 \| 931\.4 \| 0\.086 \|/);
    assert.doesNotMatch(text, /\| 74\.5 \|/);
    assert.match(text, /qemu-mips version 7\.2\.22/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
