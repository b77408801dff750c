// Drives the built debug adapter (dist/debugAdapter.js) as a separate process through the
// DebugClient of @vscode/debugadapter-testsupport, the way VS Code does, plus the helpers the DAP
// tests share: finding a source line by its `TAG:` comment, launching and waiting for a stop.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ADAPTER = join(ROOT, 'dist', 'debugAdapter.js');
export const GUEST_INCLUDE = join(ROOT, 'guest', 'include');
export const STEPS = join(ROOT, 'test', 'fixtures', 'dap', 'steps.S');
export const MULTI_VM = join(ROOT, 'examples', 'multi-vm', 'multi-vm.disco.json');
export const HELLO_VM = join(ROOT, 'examples', 'hello-vm', 'hello.disco.json');

/** The 1-based line of `file` whose comment holds `TAG:name`. */
export function tagLine(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => new RegExp(`TAG:${name}(\\s|$)`).test(l));
  assert.ok(i >= 0, `no TAG:${name} in ${file}`);
  return i + 1;
}

/** The 1-based line of `file` that starts with `text` (after blanks). */
export function lineStarting(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.trimStart().startsWith(text));
  assert.ok(i >= 0, `no line starting with ${text} in ${file}`);
  return i + 1;
}

/** A started client of a fresh adapter process. */
export async function startClient(): Promise<DebugClient> {
  const dc = new DebugClient('node', ADAPTER, 'disco', { cwd: ROOT }, true);
  dc.defaultTimeout = 30_000;
  await dc.start();
  return dc;
}

/** initialize + launch + configurationDone; resolves with the first stopped event. */
export async function launchAndStop(dc: DebugClient, args: Record<string, unknown>, before?: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  await dc.initializeRequest({ adapterID: 'disco', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsMemoryReferences: true });
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ includeDirs: [GUEST_INCLUDE], ...args } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  if (before !== undefined) await before();
  await dc.configurationDoneRequest();
  return stopped;
}

/** Sends a request and resolves with the next stopped event. */
export async function andStop(dc: DebugClient, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request();
  return stopped;
}

/** The top frame of a thread. */
export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const r = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 20 });
  const f = r.body.stackFrames[0];
  assert.ok(f !== undefined, `thread ${threadId} has no frame`);
  return f;
}

/** The general registers of a thread's top frame, by name ($a0 → value). */
export async function registers(dc: DebugClient, threadId: number): Promise<Map<string, string>> {
  const frame = await topFrame(dc, threadId);
  const scopes = await dc.scopesRequest({ frameId: frame.id });
  const gpr = scopes.body.scopes[0];
  assert.ok(gpr !== undefined, 'no register scope');
  const vars = await dc.variablesRequest({ variablesReference: gpr.variablesReference });
  return new Map(vars.body.variables.map((v) => [v.name, v.value]));
}
