// Debian's Linux under the debugger, through the adapter process on examples/linux: function
// breakpoints from the kernel's System.map hit in boot order (start_kernel, then trap_init, which
// installs the exception handlers, then sched_init; then, once init runs in user space at about
// 322 M instructions, do_page_fault and the o32 syscall entry handle_sys), frames without source as `symbol+offset`,
// register and CP0 scopes, disassembly naming the symbol, evaluation of `$sp` and of a symbol
// against System.map, and an instruction step. The kernel comes from `disco fetch linux`, as for
// the boot tests: without the Debian archive this test fails (it never skips). The breakpoints
// are reached within 50 M instructions; the whole file is bounded by node:test timeouts.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { fetchLinux } from '../../debug-adapter/cli/fetch/linuxFetch';
import { andStop, launchAndStop, registers, ROOT, startClient, topFrame } from '../support/dapClient';
import { LINUX_FETCH_MS } from '../integration/linuxQemu';

const CONFIG = join(ROOT, 'examples', 'linux', 'linux.disco.json');
const CACHE = join(ROOT, '.cache', 'linux');
/** Wall time of the session once the kernel is fetched (about 50 M instructions of boot). */
const SESSION_MS = 90_000;
/** Wall time of the run from sched_init to the first user page fault (about 270 M instructions). */
const USER_SPACE_MS = 300_000;
/** Boot order: start_kernel calls trap_init, later sched_init. */
const HIT = ['start_kernel', 'trap_init', 'sched_init'];
/** The exception paths of user space: do_page_fault and the o32 syscall entry, not reached while the kernel boots. */
const ARMED = ['do_page_fault', 'handle_sys'];

/** System.map as name → address (the file the fetch wrote from the kernel's kallsyms). */
function systemMap(): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of readFileSync(join(CACHE, 'System.map'), 'utf8').split('\n')) {
    const [addr, , name] = line.split(' ');
    if (addr !== undefined && name !== undefined && !map.has(name)) map.set(name, parseInt(addr, 16));
  }
  return map;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

describe('Linux under the debugger', { timeout: LINUX_FETCH_MS + SESSION_MS + USER_SPACE_MS }, () => {
  let dc: DebugClient;
  let symbols: Map<string, number>;
  const address = (name: string): number => {
    const a = symbols.get(name);
    assert.ok(a !== undefined, `${name} is not in System.map`);
    return a;
  };

  before(async () => {
    try {
      await fetchLinux({ dir: CACHE, log: () => undefined });
    } catch (e) {
      throw new Error(`the Linux guest could not be fetched (is the Debian archive reachable?): ${(e as Error).message}`);
    }
    symbols = systemMap();
    dc = await startClient();
  });
  after(() => dc?.stop());

  let threadId = 0;
  /** An expression's value in a frame, as the number the result starts with. */
  const evaluate = async (frameId: number, expression: string): Promise<number> =>
    Number((await dc.evaluateRequest({ expression, context: 'watch', frameId })).body.result.split(' ')[0]) >>> 0;

  it('function breakpoints from System.map verify, and the first one hits at start_kernel', { timeout: SESSION_MS }, async () => {
    let verified: DebugProtocol.Breakpoint[] = [];
    const entry = await launchAndStop(dc, { config: CONFIG }, async () => {
      verified = (await dc.setFunctionBreakpointsRequest({ breakpoints: [...HIT, ...ARMED].map((name) => ({ name })) })).body.breakpoints;
    });
    assert.equal(entry.body.reason, 'entry');
    assert.deepEqual(verified.map((b) => b.verified), [true, true, true, true, true]);
    threadId = entry.body.threadId ?? 1;
    assert.deepEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['cpu0']);
    const entryPc = (await topFrame(dc, threadId)).instructionPointerReference;
    const manifest = JSON.parse(readFileSync(join(CACHE, 'kernel.json'), 'utf8')) as { image: { entry: string } };
    assert.equal(entryPc, hex(parseInt(manifest.image.entry, 16)), 'the launch stops at kernel_entry');

    const stop = await andStop(dc, () => dc.continueRequest({ threadId }));
    assert.equal(stop.body.reason, 'function breakpoint');
    const frame = await topFrame(dc, threadId);
    assert.equal(frame.instructionPointerReference, hex(address('start_kernel')));
    assert.match(frame.name, /^start_kernel(\+0x0)?$/);
    assert.equal(frame.source, undefined);
    assert.equal(frame.presentationHint, 'subtle');
  });

  it('reads the registers and CP0 at start_kernel and disassembles it by name', { timeout: SESSION_MS }, async () => {
    const frame = await topFrame(dc, threadId);
    const regs = await registers(dc, threadId);
    assert.equal(Number(regs.get('pc')) >>> 0, address('start_kernel'));
    const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const cp0 = scopes.find((s) => /^CP0/.test(s.name));
    assert.ok(cp0 !== undefined, scopes.map((s) => s.name).join());
    const cp0Vars = new Map((await dc.variablesRequest({ variablesReference: cp0.variablesReference })).body.variables.map((v) => [v.name, v.value]));
    // kernel_entry set Status.CU0 and left kernel mode (KSU = 0, EXL = ERL = 0); EBase is still in kseg0.
    const status = Number((cp0Vars.get('Status') ?? '').split(' ')[0]);
    assert.equal(status & 0x10000000, 0x10000000, `Status ${cp0Vars.get('Status')}`);
    assert.equal(status & 0x1e, 0);
    assert.ok(cp0Vars.has('EPC') && cp0Vars.has('Cause') && cp0Vars.has('BadVAddr'));
    const rows = (await dc.disassembleRequest({ memoryReference: frame.instructionPointerReference ?? '', instructionCount: 4 })).body?.instructions ?? [];
    assert.equal(rows.length, 4);
    assert.equal(rows[0]?.address, hex(address('start_kernel')));
    assert.match(rows[0]?.symbol ?? '', /^start_kernel/);
    assert.ok(rows.every((r) => r.instruction.length > 0 && r.presentationHint !== 'invalid'));
  });

  it('evaluates $sp and symbols against System.map', { timeout: SESSION_MS }, async () => {
    const frame = await topFrame(dc, threadId);
    const regs = await registers(dc, threadId);
    const value = (expression: string): Promise<number> => evaluate(frame.id, expression);
    const sp = await value('$sp');
    assert.equal(sp, Number(regs.get('$sp')) >>> 0);
    assert.equal(sp >>> 29, 4, 'the boot stack (init_thread_union) is in kseg0');
    for (const name of ['handle_sys', 'do_page_fault', 'start_kernel']) assert.equal(await value(name), address(name), name);
  });

  it('steps one instruction, then continues to trap_init and sched_init, called from start_kernel', { timeout: SESSION_MS }, async () => {
    const rows = (await dc.disassembleRequest({ memoryReference: hex(address('start_kernel')), instructionCount: 1 })).body?.instructions ?? [];
    assert.doesNotMatch(rows[0]?.instruction ?? '', /^(b|j)/, 'start_kernel does not begin with a branch');
    const step = await andStop(dc, () => dc.stepInRequest({ threadId, granularity: 'instruction' }));
    assert.equal(step.body.reason, 'step');
    const stepped = await topFrame(dc, threadId);
    assert.equal(stepped.instructionPointerReference, hex(address('start_kernel') + 4));
    assert.equal(stepped.name, 'start_kernel+0x4');
    for (const name of HIT.slice(1)) {
      const stop = await andStop(dc, () => dc.continueRequest({ threadId }));
      assert.equal(stop.body.reason, 'function breakpoint', name);
      const frames = (await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 4 })).body.stackFrames;
      assert.equal(frames[0]?.instructionPointerReference, hex(address(name)));
      assert.match(frames[0]?.name ?? '', new RegExp(`^${name}(\\+0x0)?$`));
      assert.match(frames[1]?.name ?? '', /^start_kernel\+0x[0-9a-f]+$/, `${name}'s caller`);
      assert.ok(frames.every((f) => f.source === undefined && f.presentationHint === 'subtle'));
    }
  });

  it('continues into user space: the first page fault, then the first system call', { timeout: USER_SPACE_MS }, async () => {
    for (const [i, name] of ARMED.entries()) {
      // Page faults repeat; once the first one is seen only the syscall entry stays armed.
      if (i > 0) await dc.setFunctionBreakpointsRequest({ breakpoints: ARMED.slice(i).map((n) => ({ name: n })) });
      const stopped = dc.waitForEvent('stopped', USER_SPACE_MS) as Promise<DebugProtocol.StoppedEvent>;
      await dc.continueRequest({ threadId });
      const stop = await stopped;
      assert.equal(stop.body.reason, 'function breakpoint', name);
      const frame = await topFrame(dc, threadId);
      assert.equal(frame.instructionPointerReference, hex(address(name)), name);
      const value = (expression: string): Promise<number> => evaluate(frame.id, expression);
      const excCode = ((await value('cause')) >>> 2) & 31;
      if (name === 'do_page_fault') assert.ok([1, 2, 3].includes(excCode), `do_page_fault after ExcCode ${excCode} (Mod, TLBL or TLBS expected)`);
      else {
        assert.equal(excCode, 8, 'handle_sys after a Sys exception');
        assert.ok((await value('epc')) < 0x80000000, 'the system call came from user space');
      }
    }
  });
});
