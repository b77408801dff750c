// Stepping back by line through the adapter process on test/fixtures/dap/steps.S: the thread
// lands on the first instruction of the previous line, even when that line is two instructions
// (`la`), with the registers it had before the line ran, and back over a branch with its delay slot.

import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { andStop, launchAndStop, lineStarting, registers, startClient, STEPS, tagLine, topFrame } from '../support/dapClient';

describe('step back by line', { timeout: 60_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startClient();
  });
  afterEach(() => dc.stop());

  it('lands on the first instruction of a two-instruction line, before it ran', async () => {
    const laLine = lineStarting(STEPS, 'la    $t2, counter');
    await launchAndStop(dc, { program: STEPS }, () => dc.setBreakpointsRequest({ source: { path: STEPS }, breakpoints: [{ line: tagLine(STEPS, 'store') }] }));
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.notEqual(Number((await registers(dc, 1)).get('$t2')), 0, 'la ran');
    const targets = (await dc.gotoTargetsRequest({ source: { path: STEPS }, line: laLine })).body.targets;
    const first = targets[0]?.instructionPointerReference;
    assert.ok(first !== undefined);
    const stop = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'step');
    const frame = await topFrame(dc, 1);
    assert.equal(frame.line, laLine);
    assert.equal(Number(frame.instructionPointerReference), Number(first));
    assert.equal(Number((await registers(dc, 1)).get('$t2')), 0, 'before the line ran');
    // One more line back: the loop's branch, before it ran — a step runs a branch and its delay
    // slot (the `nop` line) together, forward and back.
    await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    const frameBack = await topFrame(dc, 1);
    assert.equal(frameBack.line, laLine - 2);
    const branch = (await dc.gotoTargetsRequest({ source: { path: STEPS }, line: laLine - 2 })).body.targets[0]?.instructionPointerReference;
    assert.equal(Number(frameBack.instructionPointerReference), Number(branch), 'at the branch, not in its delay slot');
  });
});
