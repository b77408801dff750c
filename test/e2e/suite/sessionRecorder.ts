// Helper of the debug-session suites: a DebugAdapterTracker on every disco session that records
// what the adapter sends, and promises for the next message that satisfies a test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export interface DapMessage {
  readonly type: string;
  readonly command?: string;
  readonly event?: string;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: Record<string, unknown>;
}

interface Waiter {
  readonly accept: (m: DapMessage, s: vscode.DebugSession) => boolean;
  readonly resolve: (r: { message: DapMessage; session: vscode.DebugSession }) => void;
}

export class SessionRecorder implements vscode.Disposable {
  private readonly waiters = new Set<Waiter>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory('disco', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: DapMessage) => {
          for (const w of [...this.waiters]) {
            if (!w.accept(m, session)) continue;
            this.waiters.delete(w);
            w.resolve({ message: m, session });
          }
        },
      }),
    });
  }

  /** The next message from any disco adapter that `accept` takes; call it before causing the message. */
  next(what: string, accept: (m: DapMessage, s: vscode.DebugSession) => boolean, timeoutMs = 120_000): Promise<{ message: DapMessage; session: vscode.DebugSession }> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        accept,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new assert.AssertionError({ message: `no ${what} within ${timeoutMs} ms` }));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The next stopped event with `reason`. */
  stopped(reason: string, timeoutMs?: number): Promise<{ message: DapMessage; session: vscode.DebugSession }> {
    return this.next(`stopped event (${reason})`, (m) => m.type === 'event' && m.event === 'stopped' && m.body?.reason === reason, timeoutMs);
  }

  dispose(): void {
    this.registration.dispose();
    this.waiters.clear();
  }
}

/** Stops `session` and waits until VS Code has ended it. */
export async function endSession(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id !== session.id) return;
      sub.dispose();
      resolve();
    });
  });
  await vscode.debug.stopDebugging(session);
  await ended;
}
