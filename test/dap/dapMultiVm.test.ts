// The adapter process on examples/multi-vm (three VMs, four vCPUs, one guest kernel
// guest/kernel/kernel.S): breakpoints of every kind hit in the VMs that run the code, conditions
// on `vm`, exception and monitor-event filters, pause, console output tagged with its VM, kernel
// text against the kernel assembled here by `disco asm`, disassembly, evaluate and Debug Console
// commands, the disco/* view requests against each other, reverse execution landing exactly where
// forward execution was (every thread's registers), restart and terminate.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { findSection, readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { PMAP_MAPPED, PMAP_SHARED, type MemmapWindow, type PmapWindow, type VmsTree } from '../../debug-adapter/debugger/viewModels';
import { andStop, GUEST_INCLUDE, launchAndStop, lineStarting, MULTI_VM, registers, ROOT, startClient, topFrame } from '../support/dapClient';

const KERNEL_DIR = join(ROOT, 'guest', 'kernel');
const SYSCALL_S = join(KERNEL_DIR, 'syscall.S');
/** The kernel's system call entry: every VM's user programs go through it. */
const SYSCALL_LINE = lineStarting(SYSCALL_S, 'syscall:');
const VMS = ['server', 'client', 'worker'];
/** Continues a test may spend looking for stops. */
const MAX_CONTINUES = 40;

const vmOf = (threadName: string): string => threadName.split(' · ')[0] as string;

describe('the multi-VM example under the debugger', { timeout: 300_000 }, () => {
  let dc: DebugClient;
  let names: Map<number, string>;
  const outputs: DebugProtocol.OutputEvent[] = [];

  beforeEach(async () => {
    dc = await startClient();
    outputs.length = 0;
    dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e));
  });
  afterEach(() => dc.stop());

  async function launch(before?: () => Promise<unknown>): Promise<void> {
    await launchAndStop(dc, { config: MULTI_VM }, before);
    names = new Map((await dc.threadsRequest()).body.threads.map((t) => [t.id, t.name]));
  }

  /** Continues until `n` stops were seen; returns them with their thread names. */
  async function stops(n: number): Promise<{ stop: DebugProtocol.StoppedEvent; thread: string }[]> {
    const seen: { stop: DebugProtocol.StoppedEvent; thread: string }[] = [];
    for (let i = 0; i < n; i++) {
      const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
      seen.push({ stop, thread: names.get(stop.body.threadId ?? -1) ?? '?' });
    }
    return seen;
  }

  async function evaluate(expression: string, context = 'repl', frameId?: number): Promise<string> {
    return (await dc.evaluateRequest({ expression, context, ...(frameId === undefined ? {} : { frameId }) })).body.result;
  }

  async function readMemory(memoryReference: string, count: number): Promise<DebugProtocol.ReadMemoryResponse> {
    return (await dc.customRequest('readMemory', { memoryReference, count })) as DebugProtocol.ReadMemoryResponse;
  }

  /** Every thread's general registers. */
  async function allRegisters(): Promise<Map<string, Map<string, string>>> {
    const out = new Map<string, Map<string, string>>();
    for (const [id, name] of names) out.set(name, await registers(dc, id));
    return out;
  }

  it('hits a source breakpoint in the kernel in more than one VM', async () => {
    let verified = false;
    await launch(async () => {
      const r = await dc.setBreakpointsRequest({ source: { path: SYSCALL_S }, breakpoints: [{ line: SYSCALL_LINE }] });
      verified = r.body.breakpoints[0]?.verified === true;
    });
    assert.ok(verified);
    const vms = new Set<string>();
    for (let i = 0; i < MAX_CONTINUES && vms.size < 2; i++) {
      const [s] = await stops(1);
      assert.equal(s?.stop.body.reason, 'breakpoint');
      vms.add(vmOf(s?.thread ?? ''));
      const frame = await topFrame(dc, s?.stop.body.threadId ?? 0);
      assert.equal(frame.source?.path, SYSCALL_S);
      assert.ok((frame.line ?? 0) >= SYSCALL_LINE);
    }
    assert.ok(vms.size >= 2, `stops in ${[...vms].join(', ')}`);
  });

  it('limits a breakpoint to the client with the condition vm == "client"', async () => {
    await launch(() => dc.setBreakpointsRequest({ source: { path: SYSCALL_S }, breakpoints: [{ line: SYSCALL_LINE, condition: 'vm == "client"' }] }));
    const seen = await stops(5);
    assert.deepEqual(new Set(seen.map((s) => vmOf(s.thread))), new Set(['client']));
  });

  it('stops at a function breakpoint on a kernel label', async () => {
    let bp: DebugProtocol.Breakpoint | undefined;
    await launch(async () => {
      bp = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sys_write' }] })).body.breakpoints[0];
    });
    assert.equal(bp?.verified, true);
    const [s] = await stops(1);
    assert.equal(s?.stop.body.reason, 'function breakpoint');
    const id = s?.stop.body.threadId ?? 0;
    assert.equal((await topFrame(dc, id)).name, 'sys_write');
    const frame = await topFrame(dc, id);
    assert.equal(await evaluate('pc', 'watch', frame.id).then((r) => r.split(' ')[0]), frame.instructionPointerReference);
    assert.equal(Number.parseInt(frame.instructionPointerReference ?? '', 16), Number.parseInt((await evaluate('sys_write')).split(' ')[0] as string, 16));
  });

  it('stops at an instruction breakpoint taken from a disassemble response', async () => {
    await launch();
    const base = (await evaluate('syscall')).split(' ')[0] as string;
    const rows = (await dc.disassembleRequest({ memoryReference: base, instructionCount: 6 })).body?.instructions ?? [];
    assert.equal(rows.length, 6);
    assert.equal(rows[0]?.symbol, 'syscall');
    const target = rows[3]?.address as string;
    const r = (await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: target }] })) as DebugProtocol.SetInstructionBreakpointsResponse;
    assert.equal(r.body.breakpoints[0]?.verified, true);
    const [s] = await stops(1);
    assert.equal(s?.stop.body.reason, 'instruction breakpoint');
    assert.equal((await topFrame(dc, s?.stop.body.threadId ?? 0)).instructionPointerReference, target);
  });

  it('stops on a system call of the worker and on a monitor call of the server through filters with conditions', async () => {
    await launch(() => dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'vm == "worker"' }] }));
    for (const s of await stops(3)) {
      assert.equal(s.stop.body.reason, 'exception');
      assert.equal(s.stop.body.text, 'System call');
      assert.equal(vmOf(s.thread), 'worker');
    }
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'monitor-call', condition: 'vm == "server"' }] });
    for (const s of await stops(3)) {
      assert.equal(s.stop.body.reason, 'exception');
      assert.match(s.stop.body.text ?? '', /^monitor: monitor-call: /);
      assert.equal(vmOf(s.thread), 'server');
    }
  });

  it('pauses a running guest; console output events name their VM', async () => {
    await launch();
    const continued = dc.waitForEvent('continued');
    await dc.continueRequest({ threadId: 1 });
    await continued;
    // Run until every VM printed something.
    for (let i = 0; i < 600 && new Set(outputs.flatMap((o) => (o.body.data as { vm?: string } | undefined)?.vm ?? [])).size < 3; i++) await new Promise((r) => setTimeout(r, 50));
    const stop = await andStop(dc, () => dc.pauseRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'pause');
    assert.equal(stop.body.allThreadsStopped, true);
    const tagged = outputs.filter((o) => o.body.category === 'stdout');
    assert.ok(tagged.length > 0);
    for (const o of tagged) assert.ok(VMS.includes((o.body.data as { vm?: string } | undefined)?.vm ?? ''), `untagged output ${JSON.stringify(o.body)}`);
    assert.deepEqual(new Set(tagged.map((o) => (o.body.data as { vm: string }).vm)), new Set(VMS));
  });

  it('reads kernel text equal to the kernel assembled by disco asm, and disassembles it', async () => {
    await launch();
    const dir = mkdtempSync(join(tmpdir(), 'disco-mvm-'));
    const elfPath = join(dir, 'kernel.elf');
    const asm = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'asm', join(KERNEL_DIR, 'kernel.S'), '-o', elfPath, '--text', '0xc0100000', '-I', KERNEL_DIR, '-I', GUEST_INCLUDE, '-D', 'DISCO_GUEST=1'], { encoding: 'utf8' });
    assert.equal(asm.status, 0, asm.stderr);
    const text = findSection(readElf(readFileSync(elfPath), elfPath), '.text');
    assert.ok(text !== undefined);
    const expected = text.data.subarray(0, 4096);
    for (const [id, name] of names) {
      const frame = await topFrame(dc, id);
      const r = await readMemory(`0x${text.addr.toString(16)}`, expected.length);
      assert.deepEqual(new Uint8Array(Buffer.from(r.body?.data ?? '', 'base64')), new Uint8Array(expected), `kernel text seen from ${name}`);
      assert.equal(r.body?.unreadableBytes ?? 0, 0);
      const rows = (await dc.disassembleRequest({ memoryReference: frame.instructionPointerReference ?? '', instructionCount: 4 })).body?.instructions ?? [];
      assert.equal(rows[0]?.address, frame.instructionPointerReference);
      assert.ok(rows.every((row) => row.instruction.length > 0 && row.presentationHint !== 'invalid'));
    }
  });

  it('evaluates registers, symbols, memory and Debug Console commands', async () => {
    await launch(() => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sys_write', condition: 'vm == "server"' }] }));
    const [s] = await stops(1);
    const frame = await topFrame(dc, s?.stop.body.threadId ?? 0);
    const regs = await registers(dc, s?.stop.body.threadId ?? 0);
    assert.equal(Number((await evaluate('$sp', 'watch', frame.id)).split(' ')[0]) >>> 0, Number(regs.get('$sp')) >>> 0);
    assert.equal(await evaluate('vm', 'watch', frame.id), '"server"');
    const addr = (await evaluate('syscall', 'watch', frame.id)).split(' ')[0] as string;
    const word = (await evaluate(`*(u32*)${addr}`, 'watch', frame.id)).split(' ')[0] as string;
    const bytes = Buffer.from((await readMemory(addr, 4)).body?.data ?? '', 'base64');
    assert.equal(Number(word) >>> 0, bytes.readUInt32BE(0));
    assert.match(await evaluate('pmap server', 'repl', frame.id), /server/);
    const chain = await evaluate(`translate server ${addr}`, 'repl', frame.id);
    assert.match(chain, /kernel.window/i);
    await assert.rejects(dc.evaluateRequest({ expression: 'pmap nosuchvm', context: 'repl' }), /nosuchvm/);
  });

  it('answers disco/vms, disco/pmap and disco/memmap consistently', async () => {
    await launch(() => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sys_write', condition: 'vm == "worker"' }] }));
    await stops(2);
    const tree = (await dc.customRequest('disco/vms')).body as VmsTree;
    assert.deepEqual(tree.vms.map((v) => v.name), VMS);
    const owners = new Map<number, string[]>();
    const windows = new Map<string, PmapWindow>();
    for (const vm of tree.vms) {
      const w = (await dc.customRequest('disco/pmap', { vm: vm.name, first: 0, count: vm.memoryBytes / 4096 })).body as PmapWindow;
      windows.set(vm.name, w);
      assert.equal(w.pages, vm.memoryBytes / 4096);
      w.machinePage.forEach((mp, i) => {
        if ((w.flags[i] as number) & PMAP_MAPPED) owners.set(mp, [...(owners.get(mp) ?? []), `${vm.name}:0x${i.toString(16)}`]);
      });
    }
    assert.ok(owners.size > 0);
    for (const [mp, users] of owners) {
      if (users.length === 1) continue;
      // A machine page in two places is a shared page, marked so in every pmap that holds it.
      for (const u of users) {
        const [vm, gppn] = u.split(':') as [string, string];
        const w = windows.get(vm) as PmapWindow;
        assert.ok(((w.flags[Number(gppn)] as number) & PMAP_SHARED) !== 0, `machine page ${mp} in ${users.join(', ')} is not marked shared in ${vm}`);
      }
    }
    // The memmap names the same users for a few pages of every VM.
    for (const [vm, w] of windows) {
      const mapped = w.machinePage.flatMap((mp, i) => (((w.flags[i] as number) & PMAP_MAPPED) !== 0 ? [[mp, i] as const] : [])).slice(0, 5);
      assert.ok(mapped.length > 0, `${vm} has mapped pages`);
      for (const [mp, gppn] of mapped) {
        const m = (await dc.customRequest('disco/memmap', { first: mp, count: 1 })).body as MemmapWindow;
        assert.ok(m.users[0]?.some((u) => u.startsWith(`${vm}:`) && Number(u.slice(vm.length + 1)) === gppn), `memmap of machine page ${mp}: ${JSON.stringify(m.users[0])}, expected ${vm}:${gppn}`);
      }
    }
  });

  it('steps back and reverse-continues to exactly the states forward execution had', async () => {
    await launch(() => dc.setBreakpointsRequest({ source: { path: SYSCALL_S }, breakpoints: [{ line: SYSCALL_LINE }] }));
    await stops(1);
    const atFirst = await allRegisters();
    const [second] = await stops(1);
    const atSecond = await allRegisters();
    await stops(1);
    // Back from the third stop to the second, then to the first.
    const back = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.deepEqual(await allRegisters(), atSecond);
    await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.deepEqual(await allRegisters(), atFirst);
    // An instruction step of one thread, then back: every thread as before.
    const id = second?.stop.body.threadId ?? 1;
    const before = await allRegisters();
    await andStop(dc, () => dc.stepInRequest({ threadId: id, granularity: 'instruction' }));
    assert.notDeepEqual(await allRegisters(), before);
    const stepped = await andStop(dc, () => dc.stepBackRequest({ threadId: id, granularity: 'instruction' }));
    assert.equal(stepped.body.reason, 'step');
    assert.deepEqual(await allRegisters(), before);
  });

  it('restarts from a fresh machine and terminates', async () => {
    await launch(() => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sys_write' }] }));
    const atEntry = await allRegisters();
    await stops(2);
    assert.notDeepEqual(await allRegisters(), atEntry);
    const entry = await andStop(dc, () => dc.restartRequest({}));
    assert.equal(entry.body.reason, 'entry');
    assert.deepEqual(await allRegisters(), atEntry);
    const [s] = await stops(1);
    assert.equal(s?.stop.body.reason, 'function breakpoint', 'breakpoints survive a restart');
    const terminated = dc.waitForEvent('terminated');
    await dc.terminateRequest({});
    await terminated;
    await assert.rejects(dc.continueRequest({ threadId: 1 }), /ended/);
  });
});
