// Register traces of the assembly test programs, instruction by instruction, against QEMU's
// single-step CPU log (both endians): PC, GPRs, HI, LO, FPRs and FCSR before every instruction,
// the same number of instructions and the same exit status. A mismatch reports the first
// differing instruction.
// The same programs then run on compiled regions (compiled at first dispatch) in budgets of
// varying size, and the state at the end of every budget must be QEMU's at that instruction.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CpuState } from '../../debug-adapter/machine/cpuState';
import { parseQemuLog, type QemuState } from './qemuLog';
import { makeProcess, programsDir, QEMU_TIMEOUT_MS, qemuExitStatus, requireTool } from './testPrograms';

const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');

function diff(q: QemuState, s: CpuState): string[] {
  const d: string[] = [];
  if (q.pc !== s.pc) d.push(`pc qemu=${hex(q.pc)} disco=${hex(s.pc)}`);
  if (q.hi !== s.hi) d.push(`hi qemu=${hex(q.hi)} disco=${hex(s.hi)}`);
  if (q.lo !== s.lo) d.push(`lo qemu=${hex(q.lo)} disco=${hex(s.lo)}`);
  for (let i = 1; i < 32; i++) if (q.gpr[i] !== s.gpr[i]) d.push(`r${i} qemu=${hex(q.gpr[i] as number)} disco=${hex(s.gpr[i] as number)}`);
  for (let i = 0; i < 32; i++) if (q.fpr[i] !== s.fpr[i]) d.push(`f${i} qemu=${hex(q.fpr[i] as number)} disco=${hex(s.fpr[i] as number)}`);
  if (q.fcr31 !== s.fcr31) d.push(`fcsr qemu=${hex(q.fcr31)} disco=${hex(s.fcr31)}`);
  return d;
}

function traceCompare(program: string): void {
  const qemu = program.endsWith('-el') ? 'qemu-mipsel' : 'qemu-mips';
  requireTool(qemu);
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'disco-trace-')), 'cpu.log');
  try {
    const qemuStatus = qemuExitStatus(spawnSync(qemu, ['-singlestep', '-d', 'nochain,cpu,fpu', '-D', log, program], { env: {}, stdio: 'ignore', timeout: QEMU_TIMEOUT_MS }), program);
    const records = parseQemuLog(fs.readFileSync(log, 'latin1'));
    assert.ok(records.length > 3, `QEMU produced only ${records.length} records for ${program}`);
    const { proc } = makeProcess(program);
    const S = proc.cpu.state;
    let prev = '';
    const recordAt: number[] = [];
    for (let i = 0; i < records.length; i++) {
      const q = records[i] as QemuState;
      // QEMU's single-step mode logs the annulled delay slot of a not-taken likely branch.
      if (q.pc === ((S.pc - 4) | 0) && records[i + 1]?.pc === S.pc && !S.inDelaySlot) continue;
      // QEMU logs a misaligned PC before its fetch raises AdEL; the emulator faults on the fetch.
      if (i === records.length - 1 && q.pc & 3 && proc.exited) break;
      recordAt[S.icount] = i;
      const d = diff(q, S);
      if (d.length) assert.fail(`${path.basename(program)}: state before instruction ${i} differs (previous pc ${prev}):\n  ${d.join('\n  ')}`);
      assert.ok(!proc.exited, `${path.basename(program)}: ended after ${i} instructions, QEMU ran ${records.length}`);
      prev = hex(S.pc);
      proc.cpu.step();
    }
    // A fault on instruction fetch is not logged by QEMU: it must end the process without retiring.
    if (!proc.exited) {
      const before = S.icount;
      proc.cpu.step();
      assert.ok(proc.exited && S.icount === before, `${path.basename(program)}: still running after QEMU's ${records.length} instructions`);
    }
    // qemu-mips 7.2 aborts on its own assertion for a jump to a misaligned address (fault 12).
    if (!path.basename(program).startsWith('fault-12-')) assert.equal(proc.exited?.status, qemuStatus, `${path.basename(program)}: exit status`);
    const { proc: fast } = makeProcess(program);
    fast.code.hotThreshold = 1;
    const budgets = [1, 7, 31, 97, 211, 401, 1009, 2003];
    for (let k = 0; !fast.exited; k++) {
      fast.run(budgets[k % budgets.length] as number);
      const at = recordAt[fast.cpu.state.icount];
      if (fast.exited || at === undefined) continue;
      const d = diff(records[at] as QemuState, fast.cpu.state);
      if (d.length) assert.fail(`${path.basename(program)} (regions): state before instruction ${at} differs:\n  ${d.join('\n  ')}`);
    }
    assert.equal(fast.exited?.status, proc.exited?.status, 'regions and stepper end alike');
    assert.ok(fast.code.cache.compiled > 0, 'regions were compiled');
  } finally {
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  }
}

const dir = programsDir();
const faults = fs.readdirSync(dir).filter((n) => /^fault-\d+-(be|el)$/.test(n));
for (const name of ['alu', 'branches', 'memory', 'fpu']) {
  for (const e of ['be', 'el']) test(`${name}-${e} traces like QEMU`, () => traceCompare(path.join(dir, `${name}-${e}`)));
}
test('fault programs trace like QEMU up to their fault', () => {
  for (const f of faults.sort()) traceCompare(path.join(dir, f));
});
