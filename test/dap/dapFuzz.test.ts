// The adapter process under a storm of seeded random and malformed requests (test/support/
// dapFuzz.ts): before launch, stopped, while the guest runs, after termination, on the bare
// kernel test/fixtures/dap/steps.S and on the multi-VM example. Every request must get a
// response, success or an error whose message is a sentence (never an internal error, a
// JavaScript exception name or a stack), the process must stay up, no internal error may end the
// session, and afterwards the adapter must still answer `threads` and step.

import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapFuzzer, type FuzzContext, type FuzzRequest } from '../support/dapFuzz';
import { GUEST_INCLUDE, MULTI_VM, ROOT, startClient, STEPS } from '../support/dapClient';

/** Wall time one request may take to be answered (a reverse step of a vCPU idle for long replays much of the history). */
const ANSWER_MS = 60_000;
/** What a leaked exception looks like in a message. */
const LEAK = /internal error|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|undefined is not|\n\s+at /;

/** Lines of a source that hold an instruction (plausible breakpoint lines). */
function codeLines(path: string): number[] {
  return readFileSync(path, 'utf8').split('\n').flatMap((l, i) => (/^\s+[a-z][a-z0-9.]*(\s|$)/.test(l) ? [i + 1] : []));
}

interface Session {
  readonly dc: DebugClient;
  readonly problems: string[];
  running: boolean;
  ended: boolean;
  answered: number;
}

/** A fresh adapter process whose exit, internal errors and run state are watched. */
async function open(): Promise<Session> {
  const dc = await startClient();
  const s: Session = { dc, problems: [], running: false, ended: false, answered: 0 };
  const proc = (dc as unknown as { _adapterProcess: ChildProcess | null })._adapterProcess;
  proc?.on('exit', (code, signal) => {
    if (!stopping.has(dc)) s.problems.push(`the adapter exited (code ${code}, signal ${signal})`);
  });
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    if (LEAK.test(e.body.output)) s.problems.push(`output event: ${e.body.output.slice(0, 500)}`);
  });
  dc.on('stopped', () => (s.running = false));
  dc.on('continued', () => (s.running = true));
  dc.on('terminated', () => {
    s.ended = true;
    s.running = false;
  });
  return s;
}

const stopping = new WeakSet<DebugClient>();

async function close(s: Session): Promise<void> {
  stopping.add(s.dc);
  await s.dc.stop();
}

function describeRequest(r: FuzzRequest): string {
  return `${r.command} ${JSON.stringify(r.args)?.slice(0, 300)}`;
}

/** Sends one request; resolves with its response, rejects when none comes in time. */
async function answer(s: Session, r: FuzzRequest): Promise<DebugProtocol.Response | { success: false; message: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no response in ${ANSWER_MS} ms to ${describeRequest(r)}`)), ANSWER_MS);
  });
  try {
    const reply = s.dc.send(r.command, r.args).then((x) => x, (e: Error) => ({ success: false as const, message: e.message }));
    return await Promise.race([reply, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `count` requests from the fuzzer (some in bursts without waiting) and checks each answer. */
async function storm(s: Session, fuzz: DapFuzzer, count: number): Promise<void> {
  for (let i = 0; i < count; ) {
    const burst = fuzz.chance(0.15) ? fuzz.pick([2, 3, 4, 5]) : 1;
    const requests = Array.from({ length: burst }, () => fuzz.next());
    i += burst;
    const replies = await Promise.all(requests.map((r) => answer(s, r)));
    replies.forEach((reply, k) => {
      const r = requests[k] as FuzzRequest;
      s.answered++;
      if (!reply.success) {
        const message = reply.message ?? '';
        assert.ok(message.trim() !== '', `an error response without a message to ${describeRequest(r)}`);
        assert.doesNotMatch(message, LEAK, `a leaked exception in the answer to ${describeRequest(r)}`);
        return;
      }
      learn(fuzz, reply as DebugProtocol.Response);
    });
    assert.deepEqual(s.problems, [], `after ${describeRequest(requests[0] as FuzzRequest)}`);
  }
}

/** Keeps the ids a response hands out, so later requests can use (and misuse) them. */
function learn(fuzz: DapFuzzer, reply: DebugProtocol.Response): void {
  const body = reply.body as Record<string, unknown> | undefined;
  if (reply.command === 'stackTrace') for (const f of (body?.stackFrames ?? []) as DebugProtocol.StackFrame[]) fuzz.frameIds.push(f.id);
  if (reply.command === 'scopes') for (const sc of (body?.scopes ?? []) as DebugProtocol.Scope[]) fuzz.variableRefs.push(sc.variablesReference);
  if (reply.command === 'variables') for (const v of (body?.variables ?? []) as DebugProtocol.Variable[]) if (v.variablesReference > 0) fuzz.variableRefs.push(v.variablesReference);
  if (reply.command === 'threads') fuzz.threadIds = ((body?.threads ?? []) as DebugProtocol.Thread[]).map((t) => t.id);
  if (fuzz.frameIds.length > 200) fuzz.frameIds.splice(0, 100);
  if (fuzz.variableRefs.length > 200) fuzz.variableRefs.splice(0, 100);
}

/** Resolves with the next event of a kind, or rejects after ANSWER_MS. */
function nextEvent(dc: DebugClient, kind: string): Promise<DebugProtocol.Event> {
  return dc.waitForEvent(kind, ANSWER_MS);
}

/** After the storm: stopped (paused, or restarted when the guest ended), it answers threads and steps. */
async function stillWorks(s: Session, launch: Record<string, unknown>): Promise<void> {
  const { dc } = s;
  if (s.running) {
    const stopped = nextEvent(dc, 'stopped');
    await dc.pauseRequest({ threadId: 1 });
    await stopped;
  }
  if (s.ended) {
    const stopped = nextEvent(dc, 'stopped');
    await dc.send('restart', { arguments: launch });
    await stopped;
  }
  const threads = (await dc.threadsRequest()).body.threads;
  assert.ok(threads.length > 0, 'threads after the storm');
  const id = (threads[0] as DebugProtocol.Thread).id;
  const before = (await dc.stackTraceRequest({ threadId: id })).body.stackFrames[0]?.instructionPointerReference;
  const stopped = nextEvent(dc, 'stopped') as Promise<DebugProtocol.StoppedEvent>;
  await dc.stepInRequest({ threadId: id, granularity: 'instruction' });
  assert.equal((await stopped).body.reason, 'step');
  const after = (await dc.stackTraceRequest({ threadId: id })).body.stackFrames[0]?.instructionPointerReference;
  assert.ok(before !== undefined && after !== undefined && before !== after, `a step moves the pc (${before} → ${after})`);
  assert.deepEqual(s.problems, []);
}

interface FuzzCase {
  readonly name: string;
  readonly launch: Record<string, unknown>;
  readonly context: FuzzContext;
  readonly seed: number;
}

const KERNEL = join(ROOT, 'guest', 'kernel', 'kernel.S');
const SYSCALL = join(ROOT, 'guest', 'kernel', 'syscall.S');

const CASES: readonly FuzzCase[] = [
  {
    name: 'the bare kernel steps.S',
    launch: { program: STEPS, includeDirs: [GUEST_INCLUDE] },
    context: { sources: [{ path: STEPS, lines: codeLines(STEPS) }], symbols: ['__start', 'double', 'outer', 'inner', 'counter', 'nosuch'], vms: [], code: [] },
    seed: 0x5eed0001,
  },
  {
    name: 'the multi-VM example',
    launch: { config: MULTI_VM, includeDirs: [GUEST_INCLUDE] },
    context: {
      sources: [{ path: KERNEL, lines: codeLines(KERNEL) }, { path: SYSCALL, lines: codeLines(SYSCALL) }],
      symbols: ['_start', 'kmain_boot', 'cpu_init', 'syscall', 'sys_write', 'sys_yield', 'nosuch'],
      vms: ['server', 'client', 'worker'],
      code: [],
    },
    seed: 0x5eed0002,
  },
];

describe('adapter fuzz', { timeout: 600_000 }, () => {
  it('answers requests with missing or wrongly typed arguments by naming the argument', async () => {
    const s = await open();
    try {
      await assert.rejects(s.dc.send('initialize'), /^Error: initialize: "adapterID" is missing/);
      await s.dc.initializeRequest({ adapterID: 'disco', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
      const entry = nextEvent(s.dc, 'stopped');
      await s.dc.launchRequest({ program: STEPS } as DebugProtocol.LaunchRequestArguments);
      await s.dc.configurationDoneRequest();
      await entry;
      await assert.rejects(s.dc.send('stepOut'), /^Error: stepOut: "threadId" is missing \(an integer\)$/);
      await assert.rejects(s.dc.send('readMemory', { memoryReference: 1, count: 4 }), /^Error: readMemory: "memoryReference" must be a string, not 1$/);
      await assert.rejects(s.dc.send('setBreakpoints', { source: { path: STEPS }, breakpoints: [{ line: 'x' }] }), /"breakpoints\[0\]\.line" must be an integer/);
      // restart without arguments relaunches what launch had.
      const restarted = nextEvent(s.dc, 'stopped') as Promise<DebugProtocol.StoppedEvent>;
      await s.dc.send('restart');
      assert.equal((await restarted).body.reason, 'entry');
      // A range to a huge endLine holds the same lines as one to the end of the file.
      const lastLine = readFileSync(STEPS, 'utf8').split('\n').length;
      const toEnd = await s.dc.send('breakpointLocations', { source: { path: STEPS }, line: 1, endLine: lastLine });
      const huge = await s.dc.send('breakpointLocations', { source: { path: STEPS }, line: 1, endLine: 2 ** 31 - 1 });
      assert.deepEqual(huge.body, toEnd.body);
      assert.deepEqual((toEnd.body as DebugProtocol.BreakpointLocationsResponse['body']).breakpoints.map((b) => b.line), codeLines(STEPS));
      assert.ok((await s.dc.threadsRequest()).success);
      assert.deepEqual(s.problems, []);
    } finally {
      await close(s);
    }
  });

  for (const c of CASES) {
    it(`answers every random and malformed request on ${c.name}, then still steps`, async () => {
      const s = await open();
      try {
        const fuzz = new DapFuzzer(c.seed, c.context);
        // Before initialize and launch.
        await storm(s, fuzz, 40);
        await s.dc.initializeRequest({ adapterID: 'disco', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
        await storm(s, fuzz, 40);
        const entry = nextEvent(s.dc, 'stopped');
        await s.dc.launchRequest(c.launch as DebugProtocol.LaunchRequestArguments);
        await s.dc.configurationDoneRequest();
        await entry;
        // Stopped, running (after a continue), and again after whatever the storm did.
        await storm(s, fuzz, 400);
        if (!s.running && !s.ended) await s.dc.continueRequest({ threadId: 1 });
        await storm(s, fuzz, 150);
        const terminated = s.ended ? Promise.resolve() : nextEvent(s.dc, 'terminated');
        await s.dc.send('terminate');
        await terminated;
        await storm(s, fuzz, 60);
        await stillWorks(s, c.launch);
        assert.ok(s.answered >= 690);
      } finally {
        await close(s);
      }
    });
  }
});
