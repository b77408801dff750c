// `disco dap --port 0` as a user starts it: the adapter listens on a free port of 127.0.0.1, prints
// it, and gives every connection its own session — a DebugClient connected with start(port)
// launches the bare kernel steps.S and hits a breakpoint; a second connection afterwards starts
// from a fresh machine; nothing answers on any other address of the host.

import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { ADAPTER, andStop, launchAndStop, registers, ROOT, STEPS, tagLine, topFrame } from '../support/dapClient';

/** Starts `disco dap --port 0`; resolves with the process and the port it printed. */
function startServer(): Promise<{ proc: ChildProcess; host: string; port: number }> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'dap', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no port printed in 20 s: ${text}`)), 20_000);
    proc.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on ([\d.]+):(\d+)/.exec(text);
      if (m === null) return;
      clearTimeout(timer);
      resolve({ proc, host: m[1] as string, port: Number(m[2]) });
    });
    proc.on('exit', (code) => reject(new Error(`disco dap exited with ${code}: ${text}`)));
  });
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(3_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function connect(port: number): Promise<DebugClient> {
  const dc = new DebugClient('node', ADAPTER, 'disco');
  dc.defaultTimeout = 30_000;
  await dc.start(port);
  return dc;
}

describe('disco dap --port', { timeout: 120_000 }, () => {
  let server: { proc: ChildProcess; host: string; port: number };
  before(async () => {
    server = await startServer();
  });
  after(() => {
    server.proc.kill();
  });

  it('prints the port it picked, on 127.0.0.1', () => {
    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0 && server.port < 65536);
  });

  it('serves a session over TCP that launches steps.S and hits a breakpoint', async () => {
    const dc = await connect(server.port);
    try {
      await launchAndStop(dc, { program: STEPS }, () => dc.setBreakpointsRequest({ source: { path: STEPS }, breakpoints: [{ line: tagLine(STEPS, 'after-call') }] }));
      const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
      assert.equal(stop.body.reason, 'breakpoint');
      assert.equal((await topFrame(dc, 1)).line, tagLine(STEPS, 'after-call'));
      assert.equal(Number((await registers(dc, 1)).get('$v0')), 12, 'double(6) ran');
    } finally {
      await dc.stop();
    }
  });

  it('gives the next connection a session of its own, from a fresh machine', async () => {
    const dc = await connect(server.port);
    try {
      // Not launched yet: nothing of the previous session is here.
      await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), /not been launched/);
      const stop = await launchAndStop(dc, { program: STEPS });
      assert.equal(stop.body.reason, 'entry');
      assert.equal((await topFrame(dc, 1)).line, tagLine(STEPS, 'entry'));
      assert.equal(Number((await registers(dc, 1)).get('$v0')), 0);
    } finally {
      await dc.stop();
    }
  });

  it('accepts connections on 127.0.0.1 only', async () => {
    assert.equal(await accepts('127.0.0.1', server.port), true);
    const others = Object.values(networkInterfaces()).flatMap((list) => list ?? []).map((a) => a.address).filter((a) => a !== '127.0.0.1');
    others.push('::1');
    for (const address of others) assert.equal(await accepts(address, server.port), false, `${address}:${server.port} answers`);
  });
});
