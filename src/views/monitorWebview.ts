// What every monitor webview (the sidebar pmap view and the panels) shares: its HTML, the
// messages from its front end, a coalesced refresh at every `disco/stateChanged` while it is
// visible, and the replay of its last data when the front end (re)loads after being hidden.
// A subclass says what to fetch and what its own messages do.

import * as vscode from 'vscode';
import type { StateChangedBody } from '../../debug-adapter/debugger/viewModels';
import { Coalescer } from './coalescer';
import { errorText, type MonitorSource } from './monitorSource';
import type { FromWebview, ToWebview } from './protocol';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** What the views need from the extension. */
export interface ViewEnv {
  readonly source: MonitorSource;
  readonly extensionUri: vscode.Uri;
  /** Opens memory at an adapter memory reference (`gpa:VM:0x…`, `ma:0x…`). */
  readonly openMemory: (session: vscode.DebugSession, reference: string, title: string) => Promise<void>;
}

/** A webview panel or a webview view, as far as a monitor view cares. */
export interface WebviewHost {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
  readonly onDidChangeVisible: vscode.Event<unknown>;
  readonly onDidDispose: vscode.Event<void>;
}

/** The open monitor panels: a new one joins their editor group instead of opening yet another beside. */
const openPanels = new Set<vscode.WebviewPanel>();

/** Creates a monitor panel in the group of the other monitor panels, else beside the active editor. */
export function createMonitorPanel(viewType: string, title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
  const column = [...openPanels].map((p) => p.viewColumn).find((c) => c !== undefined) ?? vscode.ViewColumn.Beside;
  const panel = vscode.window.createWebviewPanel(viewType, title, column, {});
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'disco.svg');
  openPanels.add(panel);
  panel.onDidDispose(() => openPanels.delete(panel));
  return panel;
}

export function panelHost(p: vscode.WebviewPanel): WebviewHost {
  return { webview: p.webview, get visible() { return p.visible; }, onDidChangeVisible: p.onDidChangeViewState, onDidDispose: p.onDidDispose };
}

export function viewHost(v: vscode.WebviewView): WebviewHost {
  return { webview: v.webview, get visible() { return v.visible; }, onDidChangeVisible: v.onDidChangeVisibility, onDidDispose: v.onDidDispose };
}

export abstract class MonitorWebview implements vscode.Disposable {
  protected readonly refresher: Coalescer;
  private last: ToWebview | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    protected readonly env: ViewEnv,
    protected readonly host: WebviewHost,
    script: string,
    title: string,
  ) {
    host.webview.options = webviewOptions(env.extensionUri);
    host.webview.html = webviewHtml(host.webview, env.extensionUri, script, title);
    // a request cut short by the session's end is no error: the status says the session ended
    this.refresher = new Coalescer(() => this.refresh(), (e) => this.postStatus(env.source.session === undefined ? undefined : errorText(e)));
    this.refresher.setVisible(host.visible);
    this.disposables.push(
      host.onDidChangeVisible(() => this.refresher.setVisible(host.visible)),
      host.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m)),
      env.source.onState((st) => {
        if (st === undefined) this.sessionChanged();
        else this.stateChanged(st);
        this.postStatus();
        this.refresher.request();
      }),
      host.onDidDispose(() => this.dispose()),
    );
  }

  /** Fetches and posts the view's data (the session exists when called). */
  protected abstract fetch(session: vscode.DebugSession): Promise<void>;

  /** A message of this view's own kinds. */
  protected onMessage(_m: FromWebview): void {}

  /** The followed session reported its state (before the refresh it triggers). */
  protected stateChanged(_st: StateChangedBody): void {}

  /** The followed session changed or ended: forget per-session state. */
  protected sessionChanged(): void {
    this.last = undefined;
  }

  /** The front end (re)loaded: its data again. */
  protected replay(): void {
    if (this.last !== undefined) void this.host.webview.postMessage(this.last);
  }

  /** Posts data, kept for replay when keep. */
  protected post(m: ToWebview, keep = true): void {
    if (keep) this.last = m;
    void this.host.webview.postMessage(m);
  }

  protected postStatus(message?: string): void {
    const status = this.env.source.status;
    void this.host.webview.postMessage({ type: 'status', status: message === undefined ? status : { ...status, message } } satisfies ToWebview);
  }

  dispose(): void {
    this.refresher.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async refresh(): Promise<void> {
    const session = this.env.source.session;
    if (session === undefined) return;
    await this.fetch(session);
  }

  private receive(m: FromWebview): void {
    const session = this.env.source.session;
    switch (m.type) {
      case 'ready':
        this.postStatus();
        this.replay();
        this.refresher.request();
        return;
      case 'openMemory':
        if (session !== undefined) this.env.openMemory(session, m.reference, m.title).catch((e: unknown) => void vscode.window.showErrorMessage(`Disco: ${errorText(e)}`));
        return;
      default:
        this.onMessage(m);
    }
  }
}
