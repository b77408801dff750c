// The sidebar's pmap view: one VM's guest-physical pages → machine pages (webview media/pmap).
// The front end asks for the window of pages it shows; each refresh fetches that window and the
// whole-VM summary, and the pages whose summary byte changed since the last stop (at a stop:
// between the previous stop and this one) are sent for highlighting.

import type * as vscode from 'vscode';
import { changedPages, type PmapWindow, type StateChangedBody, type VmsTree } from '../../debug-adapter/debugger/viewModels';
import { MonitorWebview, viewHost, type ViewEnv } from './monitorWebview';
import type { FromWebview } from './protocol';

export const PMAP_VIEW_ID = 'disco.pmap';

/** Summaries per VM: at the last stop, and at the stop before it. */
interface Baseline {
  lastStop: string | undefined;
  previousStop: string | undefined;
}

class PmapFeed extends MonitorWebview {
  private vm: string | undefined;
  private first = 0;
  private stopped = true;
  private readonly baselines = new Map<string, Baseline>();

  constructor(env: ViewEnv, view: vscode.WebviewView) {
    super(env, viewHost(view), 'pmap', 'Disco pmap');
  }

  protected override stateChanged(st: StateChangedBody): void {
    this.stopped = !st.running;
  }

  selectVm(name: string): void {
    if (name === this.vm) return;
    this.vm = name;
    this.first = 0;
    this.refresher.request();
  }

  protected override onMessage(m: FromWebview): void {
    if (m.type !== 'pmapWindow') return;
    if (m.vm !== this.vm) this.first = 0;
    this.vm = m.vm;
    this.first = m.first;
    this.refresher.request();
  }

  protected override sessionChanged(): void {
    super.sessionChanged();
    this.baselines.clear();
    this.vm = undefined;
    this.first = 0;
  }

  protected async fetch(session: vscode.DebugSession): Promise<void> {
    const tree = (await session.customRequest('disco/vms')) as VmsTree;
    const vms = tree.vms.map((v) => v.name);
    const vm = this.vm !== undefined && vms.includes(this.vm) ? this.vm : vms[0];
    if (vm === undefined) return;
    this.vm = vm;
    const window = (await session.customRequest('disco/pmap', { vm, first: this.first, count: 4096 })) as PmapWindow;
    const b = this.baselines.get(vm) ?? { lastStop: undefined, previousStop: undefined };
    this.baselines.set(vm, b);
    if (this.stopped && b.lastStop !== window.summary) {
      b.previousStop = b.lastStop;
      b.lastStop = window.summary;
    }
    const since = this.stopped ? b.previousStop : b.lastStop;
    this.post({ type: 'pmap', vms, window, changed: since === undefined ? [] : changedPages(since, window.summary) });
  }
}

/** The webview view provider of the sidebar's pmap view. */
export class PmapViewProvider implements vscode.WebviewViewProvider {
  private feed: PmapFeed | undefined;
  private pendingVm: string | undefined;

  constructor(private readonly env: ViewEnv) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.feed?.dispose();
    this.feed = new PmapFeed(this.env, view);
    if (this.pendingVm !== undefined) this.feed.selectVm(this.pendingVm);
    view.onDidDispose(() => {
      this.feed = undefined;
    });
  }

  /** Shows a VM's pmap (from the tree). */
  selectVm(name: string): void {
    this.pendingVm = name;
    this.feed?.selectVm(name);
  }
}
