// Timing mode end to end on the peer benchmark (bench/cpu/bench.S, small parameters): on the bare
// machine (`disco run --bare --timing`, UHI dialect) and in Linux user mode (`--user --timing`)
// the program prints the same checksum, exits the same way and retires the same instructions as
// in fast mode; its clock has stall cycles on top of them; two timing runs agree to the cycle.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBareKernel } from '../../debug-adapter/cli/bareRun';
import { LinuxProcess } from '../../debug-adapter/machine/linuxUser/linuxProcess';
import { DEFAULT_TIMING } from '../../debug-adapter/machine/timing/timingParams';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { captureIo } from '../support/captureIo';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'bare');
const BENCH = join(import.meta.dirname, '..', '..', 'bench', 'cpu', 'bench.S');
const PARAMS = ['-DSIEVE_N=1024', '-DSIEVE_N_HI=0', '-DSIEVE_N_LO=1024', '-DSIEVE_REPS=2', '-DMM_REPS=2', '-DCRC_LEN=64', '-DCRC_REPS=2', '-DGCD_PAIRS_HI=0', '-DGCD_PAIRS_LO=300'];

function build(uhi: boolean): string {
  for (const t of ['cpp', 'mips-linux-gnu-as', 'mips-linux-gnu-ld']) {
    if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0) throw new Error(`${t} not found: run scripts/install-oracles.sh`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'disco-timing-'));
  writeFileSync(join(dir, 'bench.s'), execFileSync('cpp', ['-P', '-undef', '-nostdinc', ...(uhi ? ['-DUHI'] : []), ...PARAMS, BENCH]));
  execFileSync('mips-linux-gnu-as', ['-march=mips32', '-o', join(dir, 'bench.o'), join(dir, 'bench.s')], { stdio: 'pipe' });
  const out = join(dir, 'bench');
  const link = uhi ? ['-T', join(FIXTURES, 'malta.ld')] : ['-e', '__start'];
  execFileSync('mips-linux-gnu-ld', ['-static', ...link, '-o', out, join(dir, 'bench.o')], { stdio: 'pipe' });
  return out;
}

test('bare machine: timing mode prints and exits as fast mode, reporting more cycles than instructions', () => {
  const kernel = build(true);
  const fast = captureIo();
  const fastStatus = runBareKernel(kernel, { cpus: 1, memoryMB: 32 }, fast.io);
  const runs = [0, 1].map(() => {
    const t = captureIo();
    const status = runBareKernel(kernel, { cpus: 1, memoryMB: 32, timing: DEFAULT_TIMING }, t.io);
    return { status, out: t.out(), err: t.err() };
  });
  const [a, b] = runs;
  assert.ok(a !== undefined && b !== undefined);
  assert.equal(a.status, fastStatus);
  assert.equal(a.out, fast.out());
  assert.equal(fast.err(), '');
  const m = /^disco run: timing: cpu0 (\d+) instructions, (\d+) cycles \((\d+) stalled\)/.exec(a.err);
  assert.ok(m, a.err);
  const [instructions, cycles, stalled] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.ok(stalled > 0);
  assert.ok(cycles >= instructions + stalled, 'cycles count every instruction and every stall');
  assert.equal(b.err, a.err, 'deterministic to the cycle');
});

test('Linux user mode: timing mode retires exactly the instructions of fast mode, plus stalls', () => {
  const path = build(false);
  const run = (timing: boolean): { out: string; status: number; icount: number; cycles: number } => {
    let out = '';
    const proc = new LinuxProcess({
      elf: readElf(readFileSync(path), path),
      argv: [path],
      envp: [],
      execPath: path,
      host: { write: (_fd, d) => (out += Buffer.from(d).toString('latin1')), readStdin: () => new Uint8Array(0), readFile: () => undefined, note: () => {} },
      ...(timing ? { timing: DEFAULT_TIMING } : {}),
    });
    const { status } = proc.runToExit();
    return { out, status, icount: proc.cpu.state.icount, cycles: proc.cycles };
  };
  const fast = run(false);
  const timed = run(true);
  assert.equal(timed.out, fast.out);
  assert.equal(timed.status, fast.status);
  assert.equal(timed.icount, fast.icount);
  assert.equal(fast.cycles, fast.icount);
  assert.ok(timed.cycles > timed.icount);
  assert.equal(run(true).cycles, timed.cycles);
});
