// The `disco` debug session the monitor views follow (the active one, else the latest still
// alive), its `disco/stateChanged` and `disco/monitorEvents` events, and typed custom requests.
// A view asks `request` for a view model and re-asks on `onState`; it never talks to VS Code's
// debug API itself.

import * as vscode from 'vscode';
import type { MonitorEventsBody, StateChangedBody } from '../../debug-adapter/debugger/viewModels';
import { DEBUG_TYPE } from '../debug/configurationProvider';
import type { SessionStatus } from './protocol';

export class MonitorSource implements vscode.Disposable {
  private readonly sessions: vscode.DebugSession[] = [];
  private readonly states = new Map<string, StateChangedBody>();
  private readonly stateEmitter = new vscode.EventEmitter<StateChangedBody | undefined>();
  private readonly eventsEmitter = new vscode.EventEmitter<MonitorEventsBody>();
  private readonly disposables: vscode.Disposable[] = [];

  /** The followed session changed state (undefined: it ended or another session is followed now). */
  readonly onState = this.stateEmitter.event;
  /** Monitor events of the followed session. */
  readonly onMonitorEvents = this.eventsEmitter.event;

  constructor() {
    const active = vscode.debug.activeDebugSession;
    if (active?.type === DEBUG_TYPE) this.sessions.push(active);
    this.disposables.push(
      this.stateEmitter,
      this.eventsEmitter,
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.type !== DEBUG_TYPE) return;
        this.sessions.push(s);
        this.stateEmitter.fire(undefined);
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        const i = this.sessions.indexOf(s);
        if (i < 0) return;
        this.sessions.splice(i, 1);
        this.states.delete(s.id);
        this.stateEmitter.fire(undefined);
      }),
      vscode.debug.onDidChangeActiveDebugSession((s) => {
        if (s?.type === DEBUG_TYPE) this.stateEmitter.fire(undefined);
      }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.session.type !== DEBUG_TYPE) return;
        if (e.event === 'disco/stateChanged') {
          this.states.set(e.session.id, e.body as StateChangedBody);
          if (e.session === this.session) this.stateEmitter.fire(e.body as StateChangedBody);
        } else if (e.event === 'disco/monitorEvents' && e.session === this.session) {
          this.eventsEmitter.fire(e.body as MonitorEventsBody);
        }
      }),
    );
  }

  /** The session the views show: the active debug session when it is a disco one, else the latest disco session. */
  get session(): vscode.DebugSession | undefined {
    const active = vscode.debug.activeDebugSession;
    if (active !== undefined && this.sessions.includes(active)) return active;
    return this.sessions[this.sessions.length - 1];
  }

  /** A live disco session by id. */
  sessionById(id: string): vscode.DebugSession | undefined {
    return this.sessions.find((s) => s.id === id);
  }

  /** The followed session's last reported state. */
  get status(): SessionStatus {
    const s = this.session;
    if (s === undefined) return { session: false, running: false, position: 0, inPast: false, message: 'Start debugging a guest config (*.disco.json, F5) to see the monitor.' };
    const st = this.states.get(s.id);
    return { session: true, running: st?.running ?? false, position: st?.position ?? 0, inPast: st?.inPast ?? false };
  }

  /** A `disco/*` request on the followed session. */
  async request<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    const s = this.session;
    if (s === undefined) throw new Error('no Disco debug session');
    return (await s.customRequest(command, args)) as T;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A request error as one line for a view. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
