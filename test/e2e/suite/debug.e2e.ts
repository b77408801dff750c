// Debug sessions in the real VS Code, with the adapter as a separate Node process and inline in the
// extension host: examples/multi-vm stops on entry with a thread per vCPU, a breakpoint in the guest
// kernel's general exception vector is hit with the stack at vectors.S, and the monitor's view
// requests answer; the walkthrough's commands stop in the guest's TLB refill handler; a launch
// whose kernel does not assemble puts the error in the Problems list.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decodePageSummary, PMAP_MAPPED, type PmapWindow, type TlbView, type VmsTree } from '../../../debug-adapter/debugger/viewModels';
import { endSession, SessionRecorder } from './sessionRecorder';
import { workspaceRoot } from './workspace';

interface StackFrame {
  readonly name: string;
  readonly line: number;
  readonly source?: { readonly path?: string };
}

/** The 1-based line of the first instruction of the general exception vector (EBase + 0x180). */
function generalVectorLine(vectors: string): number {
  const lines = vectors.split('\n');
  const comment = lines.findIndex((l) => l.includes('/* +0x180'));
  assert.ok(comment > 0, 'no +0x180 vector in vectors.S');
  return comment + 2;
}

/** A source path from the workbench: in a remote window (code-server) it comes back as a vscode-remote URI. */
function localPath(p: string | undefined): string | undefined {
  return p !== undefined && /^[a-z][a-z0-9+.-]*:\/\//.test(p) ? vscode.Uri.parse(p).path : p;
}

/** Waits until the workbench focuses a stack frame of `threadId` (the Call Stack view and the editor follow it). */
async function focusedFrameOf(threadId: number, timeoutMs = 10_000): Promise<vscode.DebugStackFrame> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const item = vscode.debug.activeStackItem;
    if (item instanceof vscode.DebugStackFrame && item.threadId === threadId) return item;
    if (Date.now() > end) assert.fail(`thread ${threadId} never focused; active item: ${JSON.stringify(item)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Command lines of this extension host's child processes. */
function childCommands(): string {
  return execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
}

async function setInline(inline: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('disco').update('debugAdapter.inline', inline, vscode.ConfigurationTarget.Global);
}

function sessionSuite(inline: boolean): void {
  describe(`debug session, ${inline ? 'inline' : 'executable'} adapter`, () => {
    let rec: SessionRecorder;
    let session: vscode.DebugSession | undefined;
    let stoppedThread = 0;

    before(async () => {
      const ext = vscode.extensions.getExtension('disco-studio.disco-studio');
      assert.ok(ext);
      await ext.activate();
      await setInline(inline);
      rec = new SessionRecorder();
    });

    after(async () => {
      if (session !== undefined) await endSession(session);
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      rec.dispose();
      await setInline(undefined);
    });

    it('starts examples/multi-vm stopped on entry, a thread per vCPU', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      const entry = rec.stopped('entry');
      const started = await vscode.debug.startDebugging(folder, {
        type: 'disco',
        request: 'launch',
        name: `multi-vm (${inline ? 'inline' : 'executable'})`,
        config: path.join(workspaceRoot(), 'multi-vm', 'multi-vm.disco.json'),
      });
      assert.ok(started, 'startDebugging failed');
      const stop = await entry;
      session = stop.session;
      assert.equal(stop.message.body?.allThreadsStopped, true);
      const adapters = childCommands().split('\n').filter((l) => l.includes('debugAdapter.js'));
      assert.equal(adapters.length, inline ? 0 : 1, `adapter processes: ${JSON.stringify(adapters)}`);
      const { threads } = (await session.customRequest('threads')) as { threads: Array<{ id: number; name: string }> };
      assert.deepEqual(threads.map((t) => t.name), ['server · vcpu0', 'client · vcpu0', 'worker · vcpu0', 'worker · vcpu1']);
    });

    it('hits a breakpoint in the exception vector, the top frame at vectors.S', async () => {
      assert.ok(session);
      const vectors = path.join(workspaceRoot(), 'kernel', 'vectors.S');
      const doc = await vscode.workspace.openTextDocument(vectors);
      const line = generalVectorLine(doc.getText());
      const bound = rec.next('breakpoint verified', (m) => m.type === 'response' && m.command === 'setBreakpoints' && m.success === true);
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(line - 1, 0)))]);
      const { message: set } = await bound;
      assert.deepEqual((set.body?.breakpoints as Array<{ verified: boolean; line: number }>).map((b) => [b.verified, b.line]), [[true, line]]);
      const hit = rec.stopped('breakpoint');
      await session.customRequest('continue', { threadId: 1 });
      const { message } = await hit;
      stoppedThread = message.body?.threadId as number;
      const { stackFrames } = (await session.customRequest('stackTrace', { threadId: stoppedThread, startFrame: 0, levels: 20 })) as { stackFrames: StackFrame[] };
      const top = stackFrames[0];
      assert.ok(top, 'no stack frames');
      assert.equal(localPath(top.source?.path), vectors);
      assert.equal(top.line, line);
      assert.match(top.name, /^ebase_vectors\+0x180/);
      await focusedFrameOf(stoppedThread);
    });

    it('answers disco/vms, disco/pmap and disco/tlb for the views', async () => {
      assert.ok(session);
      const tree = (await session.customRequest('disco/vms')) as VmsTree;
      assert.deepEqual(tree.vms.map((v) => [v.name, v.vcpus.length]), [['server', 1], ['client', 1], ['worker', 2]]);
      assert.equal(tree.cpus.length, 2);
      const vcpu = tree.vms.flatMap((v) => v.vcpus.map((c) => ({ vm: v.name, c }))).find((x) => x.c.threadId === stoppedThread);
      assert.ok(vcpu, `no vCPU with thread ${stoppedThread}`);
      assert.ok(vcpu.c.counters.instructions > 0);

      const pmap = (await session.customRequest('disco/pmap', { vm: vcpu.vm, first: 0, count: 4096 })) as PmapWindow;
      assert.equal(pmap.vm, vcpu.vm);
      assert.equal(pmap.pages, 4096, 'a 16 MB VM has 4096 guest pages');
      const mapped = pmap.flags.flatMap((f, i) => ((f & PMAP_MAPPED) !== 0 ? [i] : []));
      assert.ok(mapped.length > 0, 'the booted kernel has touched no guest page');
      for (const i of mapped) assert.ok((pmap.machinePage[i] as number) >= 0, `guest page ${i} mapped without a machine page`);
      const summary = decodePageSummary(pmap.summary);
      assert.equal(summary.length, pmap.pages);
      assert.equal(summary.filter((b) => (b & PMAP_MAPPED) !== 0).length, mapped.length);

      const tlb = (await session.customRequest('disco/tlb', { threadId: stoppedThread })) as TlbView;
      assert.equal(tlb.threadId, stoppedThread);
      assert.equal(tlb.vm, vcpu.vm);
      assert.ok(tlb.hardwareTlb.length > 0, 'no hardware TLB rows');
      assert.ok(tlb.hardwareTlb.some((r) => r.owner !== 'invalid'), 'the CPU holds no valid TLB entry after a trap from user mode');
      assert.ok(tlb.hardwareTlb.every((r) => !r.mismatch), 'a hardware entry disagrees with the guest mapping');
    });
  });
}

export function debugSuite(): void {
  sessionSuite(false);
  sessionSuite(true);

  describe('Getting Started walkthrough', () => {
    it("every step's command exists; Debug Example and Break in the TLB Refill Handler stop in the refill vector", async () => {
      const ext = vscode.extensions.getExtension('disco-studio.disco-studio');
      assert.ok(ext);
      const pkg = ext.packageJSON as { contributes: { walkthroughs: Array<{ steps: Array<{ description: string }> }> } };
      const linked = pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((st) => [...st.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] as string)));
      assert.ok(linked.length >= 5, `step commands: ${linked.join(', ')}`);
      const commands = await vscode.commands.getCommands(true);
      for (const c of linked) assert.ok(commands.includes(c), `${c} is not a command`);

      const vectors = path.join(workspaceRoot(), 'kernel', 'vectors.S');
      const lines = (await vscode.workspace.openTextDocument(vectors)).getText().split('\n');
      const refill = lines.findIndex((l) => l.includes('/* +0x000: TLB refill')) + 1; // 0-based line of its first instruction
      assert.ok(refill > 0);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'multi-vm', 'multi-vm.disco.json')));
      const rec = new SessionRecorder();
      try {
        await vscode.commands.executeCommand('disco.breakInTlbRefill');
        const set = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint);
        assert.deepEqual(set.map((b) => [b.location.uri.fsPath, b.location.range.start.line]), [[vectors, refill]]);
        const entry = rec.stopped('entry');
        await vscode.commands.executeCommand('disco.debugExample');
        const { session, message } = await entry;
        const hit = rec.stopped('breakpoint');
        await session.customRequest('continue', { threadId: message.body?.threadId });
        const stop = await hit;
        const { stackFrames } = (await session.customRequest('stackTrace', { threadId: stop.message.body?.threadId, startFrame: 0, levels: 1 })) as { stackFrames: StackFrame[] };
        assert.equal(localPath(stackFrames[0]?.source?.path), vectors);
        assert.equal(stackFrames[0]?.line, refill + 1);
        await endSession(session);
      } finally {
        vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
        rec.dispose();
      }
    });
  });

  describe('launch problems', () => {
    it('an assembly error at launch fails it and lands in the Problems list at file:line:col', async () => {
      const kernel = path.join(workspaceRoot(), 'broken-kernel.S');
      writeFileSync(kernel, '\t.text\n\t.globl _start\n_start:\n\taddiu\t$t0, $t0\n\tnop\n');
      const rec = new SessionRecorder();
      try {
        const failed = rec.next('failed launch response', (m) => m.type === 'response' && m.command === 'launch' && m.success === false);
        void vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], { type: 'disco', request: 'launch', name: 'broken kernel', program: kernel });
        const { message } = await failed;
        assert.match(message.message ?? '', /broken-kernel\.S:4:\d+: error: /);
        const uri = vscode.Uri.file(kernel);
        const end = Date.now() + 10_000;
        let d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'disco launch');
        while (d.length === 0 && Date.now() < end) {
          await new Promise((r) => setTimeout(r, 100));
          d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'disco launch');
        }
        assert.equal(d.length, 1, 'the launch error is not in the Problems list');
        const [problem] = d;
        assert.ok(problem);
        assert.equal(problem.range.start.line, 3);
        assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
        assert.match(problem.message, /operand 3 must be an immediate/);
      } finally {
        rec.dispose();
      }
    });
  });
}
