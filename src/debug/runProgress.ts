// Progress notifications of a disco debug session, driven by a DebugAdapterTracker (the adapter
// sends no DAP progress events): the launch (adapter start, assembling and booting, breakpoints)
// from the session's start until its first stop, and a run (continue, step, reverse) that has not
// stopped after a second, counting the instructions the adapter's `disco/stateChanged` events
// report. Cancelling the launch stops the session; cancelling a run pauses it.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ProgressNotice, showProgressNotice } from './progressNotice';

/** Requests that set the guest running until some stop. */
const RUN_REQUESTS: ReadonlySet<string> = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue']);
/** A run shows its notification once it has gone on this long without a stop. */
const RUN_NOTICE_DELAY_MS = 1000;

interface DapMessage {
  readonly type?: string;
  readonly command?: string;
  readonly event?: string;
  readonly success?: boolean;
  readonly arguments?: { readonly threadId?: unknown };
  readonly body?: { readonly threadId?: unknown; readonly instructions?: unknown };
}

/** What the session debugs, as the notifications name it: the config's or kernel's file name. */
function targetName(session: vscode.DebugSession): string {
  const c: unknown = session.configuration.config ?? session.configuration.program;
  return typeof c === 'string' && c !== '' ? path.basename(c) : session.name;
}

function instructionsText(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  return n >= 1e3 ? `${(n / 1e3).toFixed(0)} k` : String(n);
}

/** The progress state of one session. */
class SessionProgress implements vscode.DebugAdapterTracker {
  private launch: ProgressNotice | undefined;
  private run: ProgressNotice | undefined;
  private runTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** The thread of the latest stop or run: pause names it. */
  private thread = 1;
  /** Instructions retired when the current run began, and now (from `disco/stateChanged`). */
  private runStart: number | undefined;
  private instructions: number | undefined;

  constructor(private readonly session: vscode.DebugSession) {
    this.launch = showProgressNotice(`Disco: starting ${targetName(session)}`, 'starting the debug adapter…', () => {
      this.launch = undefined;
      void vscode.debug.stopDebugging(session);
    });
  }

  onWillReceiveMessage(m: DapMessage): void {
    if (m.type !== 'request' || m.command === undefined) return;
    if (m.command === 'launch') this.launch?.report('assembling the kernels, booting the machine and the monitor…');
    else if (m.command === 'configurationDone') this.launch?.report('breakpoints set; starting the guests…');
    else if (RUN_REQUESTS.has(m.command)) this.startRun(m.arguments?.threadId);
  }

  onDidSendMessage(m: DapMessage): void {
    if (m.type === 'response') {
      if (m.success === false && m.command === 'launch') this.endAll();
      else if (m.success === false && m.command !== undefined && RUN_REQUESTS.has(m.command)) this.endRun();
      return;
    }
    if (m.type !== 'event') return;
    switch (m.event) {
      case 'stopped':
        if (typeof m.body?.threadId === 'number') this.thread = m.body.threadId;
        this.endAll();
        break;
      case 'continued':
        this.endLaunch();
        this.startRun(m.body?.threadId);
        break;
      case 'terminated':
      case 'exited':
        this.endAll();
        break;
      case 'disco/stateChanged':
        if (typeof m.body?.instructions === 'number') this.instructions = m.body.instructions;
        this.runStart ??= this.instructions;
        this.reportRun();
        break;
    }
  }

  onWillStopSession(): void {
    this.endAll();
  }

  onExit(): void {
    this.endAll();
  }

  private startRun(threadId: unknown): void {
    if (typeof threadId === 'number') this.thread = threadId;
    if (this.running) return;
    this.running = true;
    this.runStart = this.instructions;
    this.runTimer = setTimeout(() => {
      this.runTimer = undefined;
      this.run = showProgressNotice(`Disco: ${targetName(this.session)}`, this.runMessage(), () => {
        this.run = undefined;
        this.session.customRequest('pause', { threadId: this.thread }).then(undefined, () => undefined);
      });
    }, RUN_NOTICE_DELAY_MS);
  }

  private runMessage(): string {
    const n = this.instructions !== undefined && this.runStart !== undefined ? this.instructions - this.runStart : undefined;
    return n === undefined || n <= 0 ? 'Running… (Cancel pauses)' : `Running… ${instructionsText(n)} instructions (Cancel pauses)`;
  }

  private reportRun(): void {
    this.run?.report(this.runMessage());
  }

  private endLaunch(): void {
    this.launch?.end();
    this.launch = undefined;
  }

  private endRun(): void {
    if (this.runTimer !== undefined) clearTimeout(this.runTimer);
    this.runTimer = undefined;
    this.run?.end();
    this.run = undefined;
    this.running = false;
  }

  private endAll(): void {
    this.endLaunch();
    this.endRun();
  }
}

export class RunProgress implements vscode.DebugAdapterTrackerFactory {
  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    return new SessionProgress(session);
  }
}
