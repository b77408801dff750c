// Stepping, breakpoints and reverse execution through the adapter process on the bare-machine
// kernel test/fixtures/dap/steps.S, whose lines are found by their TAG comments. Expected
// register values follow from the kernel's code (see the fixture), not from the adapter.

import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { andStop, launchAndStop, registers, startClient, STEPS, tagLine, topFrame } from '../support/dapClient';

const source = { path: STEPS };
const line = (tag: string): number => tagLine(STEPS, tag);
const num = (v: string | undefined): number => Number(v);

describe('stepping and breakpoints on a bare kernel', { timeout: 120_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startClient();
  });
  afterEach(() => dc.stop());

  async function runTo(tag: string, extra: Partial<DebugProtocol.SourceBreakpoint> = {}): Promise<DebugProtocol.StoppedEvent> {
    await launchAndStop(dc, { program: STEPS, stopOnEntry: true }, () => dc.setBreakpointsRequest({ source, breakpoints: [{ line: line(tag), ...extra }] }));
    return andStop(dc, () => dc.continueRequest({ threadId: 1 }));
  }

  it('hits a source breakpoint on its line and reports its id', async () => {
    let id: number | undefined;
    await launchAndStop(dc, { program: STEPS }, async () => {
      const r = await dc.setBreakpointsRequest({ source, breakpoints: [{ line: line('before-call') }] });
      assert.equal(r.body.breakpoints[0]?.verified, true);
      id = r.body.breakpoints[0]?.id;
    });
    const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'breakpoint');
    assert.deepEqual(stop.body.hitBreakpointIds, [id]);
    assert.equal((await topFrame(dc, 1)).line, line('before-call'));
  });

  it('moves a breakpoint on a line without code to the next line with code', async () => {
    await launchAndStop(dc, { program: STEPS }, async () => {
      const r = await dc.setBreakpointsRequest({ source, breakpoints: [{ line: line('call-outer') - 1 }] });
      assert.equal(r.body.breakpoints[0]?.line, line('call-outer'));
    });
  });

  it('steps one instruction over a jal into the callee, running the delay slot, and back over both', async () => {
    await runTo('call-double');
    const stop = await andStop(dc, () => dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal(stop.body.reason, 'step');
    assert.equal((await topFrame(dc, 1)).line, line('double-body'));
    assert.equal(num((await registers(dc, 1)).get('$a0')), 6, 'the delay slot ran');
    const back = await andStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal(back.body.reason, 'step');
    assert.equal((await topFrame(dc, 1)).line, line('call-double'), 'back over the jal and its delay slot together');
    assert.notEqual(num((await registers(dc, 1)).get('$a0')), 6, 'the delay slot is undone');
  });

  it('steps over a call: the whole function runs and the thread stops after it', async () => {
    await runTo('call-double');
    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    assert.equal((await topFrame(dc, 1)).line, line('after-call'));
    const regs = await registers(dc, 1);
    assert.equal(num(regs.get('$v0')), 12);
  });

  it('steps over a taken branch together with its delay slot', async () => {
    await runTo('branch');
    await andStop(dc, () => dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await topFrame(dc, 1)).line, line('call-outer'));
    assert.equal(num((await registers(dc, 1)).get('$t0')), 7);
  });

  it('stops in a delay slot with the branch pending and resumes exactly', async () => {
    await launchAndStop(dc, { program: STEPS }, async () => {
      const bp = await dc.setBreakpointsRequest({ source, breakpoints: [{ line: line('branch-slot') }] });
      assert.equal(bp.body.breakpoints[0]?.verified, true);
    });
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.equal((await topFrame(dc, 1)).line, line('branch-slot'));
    await andStop(dc, () => dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await topFrame(dc, 1)).line, line('call-outer'), 'the pending branch was taken');
    const exited = dc.waitForEvent('exited');
    await dc.setBreakpointsRequest({ source, breakpoints: [] });
    await dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 12);
  });

  it('shows the callers of a nested function and steps out to the caller', async () => {
    await runTo('inner-body');
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.deepEqual(frames.map((f) => f.name.replace(/\+0x[0-9a-f]+$/, '')), ['inner', 'outer', 'taken']);
    assert.equal(frames[1]?.line, line('outer-call'));
    assert.equal(frames[2]?.line, line('call-outer'));
    await andStop(dc, () => dc.stepOutRequest({ threadId: 1 }));
    assert.equal((await topFrame(dc, 1)).line, line('outer-after'));
    assert.equal(num((await registers(dc, 1)).get('$v1')), 42);
  });

  it('honours conditions, hit counts and logpoints', async () => {
    await runTo('loop-body', { condition: '$t1 == 1' });
    assert.equal(num((await registers(dc, 1)).get('$t1')), 1);
  });

  it('stops on the second hit with a hit count of 2', async () => {
    await runTo('loop-body', { hitCondition: '2' });
    assert.equal(num((await registers(dc, 1)).get('$t1')), 2);
  });

  it('logs a logpoint message at each hit without stopping', async () => {
    const logs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console' && e.body.output.startsWith('t1=')) logs.push(e.body.output.trim());
    });
    await launchAndStop(dc, { program: STEPS }, () => dc.setBreakpointsRequest({ source, breakpoints: [{ line: line('loop-body'), logMessage: 't1={$t1}' }] }));
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: 1 });
    await exited;
    assert.deepEqual(logs, ['t1=3', 't1=2', 't1=1']);
  });

  it('stops on a write to a watched word', async () => {
    await launchAndStop(dc, { program: STEPS }, async () => {
      const info = await dc.dataBreakpointInfoRequest({ name: 'counter' });
      assert.ok(info.body.dataId !== null, info.body.description);
      const r = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId as string, accessType: 'write' }] });
      assert.equal(r.body.breakpoints[0]?.verified, true);
    });
    const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'data breakpoint');
    const frame = await topFrame(dc, 1);
    assert.ok(frame.line === line('store') || frame.line === line('load'), `stopped at line ${frame.line}`);
  });

  it('stops on a write to an address given as a data breakpoint at an address (asAddress, bytes)', async () => {
    await launchAndStop(dc, { program: STEPS });
    const address = (await dc.evaluateRequest({ expression: 'counter', context: 'watch' })).body.memoryReference;
    assert.ok(address !== undefined);
    const info = await dc.dataBreakpointInfoRequest({ name: address, asAddress: true, bytes: 4 });
    assert.ok(info.body.dataId !== null, info.body.description);
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId as string, accessType: 'write' }] });
    const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'data breakpoint');
  });

  it('steps back to where it was, registers included', async () => {
    await runTo('before-call');
    const at = await registers(dc, 1);
    await andStop(dc, () => dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.notEqual((await registers(dc, 1)).get('$a0'), at.get('$a0'));
    const back = await andStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal(back.body.reason, 'step');
    assert.equal((await topFrame(dc, 1)).line, line('before-call'));
    assert.deepEqual(await registers(dc, 1), at);
  });

  it('reverse-continues to the previous breakpoint hit with the registers it had', async () => {
    await runTo('loop-body');
    const first = await registers(dc, 1);
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    const second = await registers(dc, 1);
    assert.notDeepEqual(second, first);
    const back = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.deepEqual(await registers(dc, 1), first);
    // Forward again from the past: the same second hit.
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.deepEqual(await registers(dc, 1), second);
  });
});
