// The `disco run --user` and `disco trace --user` commands as a user runs them (a child process):
// program output, stdin, arguments after `--`, exit status and fatal-signal report as qemu-mips
// gives them; and the trace format — one line per instruction with the registers it changed —
// checked against QEMU's single-step CPU log and the instruction words in the ELF.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { parseQemuLog } from './qemuLog';
import { programsDir, QEMU_TIMEOUT_MS, qemuExitStatus, requireTool, runQemu } from './testPrograms';

const repo = path.resolve(__dirname, '../..');
const dir = programsDir();

function disco(args: readonly string[], input = ''): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'debug-adapter/cli.ts'), ...args], {
    cwd: repo,
    env: {},
    input,
    encoding: 'latin1',
    maxBuffer: 1 << 26,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

test('disco run --user passes arguments, stdin and the exit status through like qemu-mips', () => {
  const prog = path.join(dir, 'process-el');
  const q = runQemu(prog, ['5', 'x y'], 'a\nb\n');
  const d = disco(['run', '--user', prog, '--', '5', 'x y'], 'a\nb\n');
  assert.equal(d.stdout, q.stdout);
  assert.equal(d.status, 5);
  assert.equal(d.stderr, 'to stderr\n');
});

test('disco run --user reports a fatal signal and exits with 128 + signal', () => {
  const d = disco(['run', '--user', path.join(dir, 'process-be'), '--', 'segv']);
  assert.equal(d.status, 139);
  assert.match(d.stderr, /^disco: uncaught target signal 11 \(Segmentation fault\)$/m);
});

test('disco run reports user mistakes without a stack trace', () => {
  const missing = disco(['run', '--user', path.join(os.tmpdir(), 'no-such-program.elf')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no such file/);
  const notElf = disco(['run', '--user', path.join(repo, 'package.json')]);
  assert.equal(notElf.status, 1);
  assert.doesNotMatch(notElf.stderr, /\n\s+at /);
  const noMode = disco(['run']);
  assert.equal(noMode.status, 1);
});

test('disco trace lines match QEMU single-step states and the ELF words', () => {
  const prog = path.join(dir, 'branches-be');
  requireTool('qemu-mips');
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'disco-cli-trace-')), 'cpu.log');
  try {
    assert.equal(qemuExitStatus(spawnSync('qemu-mips', ['-singlestep', '-d', 'nochain,cpu', '-D', log, prog], { env: {}, stdio: 'ignore', timeout: QEMU_TIMEOUT_MS }), prog), 0, 'QEMU ran the program to a clean exit');
    const states = parseQemuLog(fs.readFileSync(log, 'latin1'));
    const t = disco(['trace', '--user', prog]);
    assert.equal(t.status, 0, t.stderr);
    const lines = t.stdout.trimEnd().split('\n');
    const elf = readElf(fs.readFileSync(prog), prog);
    const text = elf.segments.find((s) => s.vaddr <= 0x400000 + 0x1000 && s.flags & 1);
    assert.ok(text);
    let q = 0;
    for (let n = 0; n < lines.length; n++) {
      const m = /^(\d+) ([0-9a-f]{8}) ([0-9a-f]{8})( ds)?((?: [a-z0-9]+=[0-9a-f]{8})*)$/.exec(lines[n] as string);
      assert.ok(m, `malformed trace line: ${lines[n]}`);
      assert.equal(Number(m[1]), n);
      const pc = parseInt(m[2] as string, 16);
      // QEMU logs the annulled delay slot of a not-taken likely branch; the trace does not.
      if (states[q]?.pc !== pc && states[q + 1]?.pc === pc) q++;
      const before = states[q];
      const after = states[q + 1];
      assert.ok(before, `trace longer than QEMU's run at line ${n}`);
      assert.equal(pc, before.pc >>> 0, `line ${n}: pc`);
      const off: number = pc - text.vaddr;
      assert.equal(parseInt(m[3] as string, 16), new DataView(text.data.buffer, text.data.byteOffset).getUint32(off), `line ${n}: word`);
      const changed = (m[5] ?? '').trim();
      if (after) {
        const expected: string[] = [];
        for (let r = 1; r < 32; r++) if (after.gpr[r] !== before.gpr[r]) expected.push(`r${r}=${((after.gpr[r] as number) >>> 0).toString(16).padStart(8, '0')}`);
        if (after.hi !== before.hi) expected.push(`hi=${(after.hi >>> 0).toString(16).padStart(8, '0')}`);
        if (after.lo !== before.lo) expected.push(`lo=${(after.lo >>> 0).toString(16).padStart(8, '0')}`);
        assert.equal(changed, expected.join(' '), `line ${n} (pc ${m[2]}): changed registers`);
      }
      q++;
    }
    assert.equal(q, states.length, 'trace and QEMU ran the same instructions');
  } finally {
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  }
});
