// The adapter as a process, launched the ways a user launches it: a multi-VM config (one thread
// per vCPU, named with its VM, stopped on entry together), a bare kernel source, and launches
// that must fail with a located message instead of crashing the adapter.

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { HELLO_VM, launchAndStop, MULTI_VM, startClient, STEPS, tagLine, topFrame } from '../support/dapClient';

describe('launch', { timeout: 120_000 }, () => {
  let dc: DebugClient;
  before(async () => {
    dc = await startClient();
  });
  after(() => dc.stop());

  it('stops every vCPU of the multi-VM example on entry, one thread per vCPU named with its VM', async () => {
    const stop = await launchAndStop(dc, { config: MULTI_VM });
    assert.equal(stop.body.reason, 'entry');
    assert.equal(stop.body.allThreadsStopped, true);
    const threads = (await dc.threadsRequest()).body.threads.map((t) => t.name);
    assert.deepEqual(threads, ['server · vcpu0', 'client · vcpu0', 'worker · vcpu0', 'worker · vcpu1']);
    const frame = await topFrame(dc, 1);
    assert.match(frame.source?.path ?? '', /guest[/\\]kernel[/\\]kernel\.S$/);
  });
});

describe('launch of a bare kernel source', { timeout: 60_000 }, () => {
  let dc: DebugClient;
  before(async () => {
    dc = await startClient();
  });
  after(() => dc.stop());

  it('assembles the kernel and stops at its first line, on cpu0', async () => {
    const stop = await launchAndStop(dc, { program: STEPS });
    assert.equal(stop.body.reason, 'entry');
    assert.deepEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['cpu0']);
    const frame = await topFrame(dc, 1);
    assert.equal(frame.line, tagLine(STEPS, 'entry'));
  });

  it('runs to the end and reports the exit code of the UHI exit', async () => {
    const exited = dc.waitForEvent('exited');
    const terminated = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 12);
    await terminated;
  });
});

describe('launches that fail', { timeout: 60_000 }, () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['neither config nor program', {}, /give "config".*or "program"/],
    ['a config that does not exist', { config: '/nonexistent/x.disco.json' }, /\/nonexistent\/x\.disco\.json: no such file/],
    ['a wrongly typed attribute', { program: STEPS, stopOnEntry: 'yes' }, /"stopOnEntry" must be true or false/],
  ];
  for (const [what, args, message] of cases) {
    it(`answers ${what} with an error response`, async () => {
      const dc = await startClient();
      try {
        await dc.initializeRequest();
        await assert.rejects(dc.launchRequest(args as never), message);
        // The adapter is still alive and answers.
        assert.ok((await dc.threadsRequest()).success);
      } finally {
        await dc.stop();
      }
    });
  }

  it('reports an assembly error with file:line:col', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disco-dap-'));
    const bad = join(dir, 'bad.S');
    writeFileSync(bad, '  .text\n__start:\n  addiu $t0, $t0\n');
    const dc = await startClient();
    try {
      await dc.initializeRequest();
      await assert.rejects(dc.launchRequest({ program: bad } as never), new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+`));
    } finally {
      await dc.stop();
    }
  });

  it('reports a config error with its location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disco-dap-'));
    const cfg = join(dir, 'x.disco.json');
    writeFileSync(cfg, '{\n  "machine": { "cpus": 99 },\n  "vms": []\n}\n');
    const dc = await startClient();
    try {
      await dc.initializeRequest();
      await assert.rejects(dc.launchRequest({ config: cfg } as never), /x\.disco\.json:2:\d+/);
    } finally {
      await dc.stop();
    }
  });

  it('launches the hello-vm example', async () => {
    const dc = await startClient();
    try {
      const stop = await launchAndStop(dc, { config: HELLO_VM });
      assert.equal(stop.body.reason, 'entry');
    } finally {
      await dc.stop();
    }
  });
});
