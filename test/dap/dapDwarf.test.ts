// Source breakpoints through DWARF: a bare kernel whose C part GCC compiled with -g (GNU as and ld
// link it, test/fixtures/dap/ckernel/) is debugged by ELF; a breakpoint on a line of the C file
// resolves through the DWARF line table GCC wrote, stops there with the C file in the frame, and
// the run then ends with the function's result.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { andStop, launchAndStop, ROOT, startClient, tagLine, topFrame } from '../support/dapClient';

const DIR = join(ROOT, 'test', 'fixtures', 'dap', 'ckernel');
const C_FILE = join(DIR, 'triple.c');

/** Builds the kernel with GCC, GNU as and GNU ld (the MIPS cross tools the tests install). */
function buildKernel(): string {
  const out = mkdtempSync(join(tmpdir(), 'disco-dwarf-'));
  const gcc = (args: string[]): void => void execFileSync('mips-linux-gnu-gcc', ['-fno-pic', '-mno-abicalls', '-G0', ...args], { cwd: out });
  gcc(['-g', '-O0', '-ffreestanding', '-c', C_FILE, '-o', 'triple.o']);
  gcc(['-c', join(DIR, 'start.S'), '-o', 'start.o']);
  execFileSync('mips-linux-gnu-ld', ['-T', join(ROOT, 'test', 'fixtures', 'bare', 'malta.ld'), 'start.o', 'triple.o', '-o', 'kernel.elf'], { cwd: out });
  return join(out, 'kernel.elf');
}

describe('source breakpoints in C through DWARF', { timeout: 60_000 }, () => {
  let dc: DebugClient;
  let kernel: string;
  before(async () => {
    kernel = buildKernel();
    dc = await startClient();
  });
  after(() => dc.stop());

  it('stops on a line of the C file and runs on to the result', async () => {
    const line = tagLine(C_FILE, 'return');
    await launchAndStop(dc, { program: kernel }, async () => {
      const r = await dc.setBreakpointsRequest({ source: { path: C_FILE }, breakpoints: [{ line }] });
      assert.equal(r.body.breakpoints[0]?.verified, true, r.body.breakpoints[0]?.message);
      assert.equal(r.body.breakpoints[0]?.line, line);
    });
    const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'breakpoint');
    const frame = await topFrame(dc, 1);
    assert.equal(frame.source?.path, C_FILE);
    assert.equal(frame.line, line);
    assert.match(frame.name, /^triple\+0x[0-9a-f]+$/);
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.match(frames[1]?.name ?? '', /^__start\+0x[0-9a-f]+$/, 'the caller');
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 13);
  });
});
