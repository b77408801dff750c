// The monitor event timeline (webview media/timeline): the recorded history's events with their
// positions. At each stop (and when the front end loads) the adapter's list is fetched whole
// (`disco/timeline`); while the guest runs, `disco/monitorEvents` batches are appended. Clicking
// an event sends `disco/goto` with its position (reverse execution).

import * as vscode from 'vscode';
import type { MonitorEventsBody, StateChangedBody, TimelineView } from '../../debug-adapter/debugger/viewModels';
import { errorText } from './monitorSource';
import { createMonitorPanel, MonitorWebview, panelHost, type ViewEnv } from './monitorWebview';
import type { FromWebview } from './protocol';

/** Events fetched and kept at most. */
const EVENTS_MAX = 5000;

export class TimelinePanel extends MonitorWebview {
  private static current: TimelinePanel | undefined;
  private running = false;
  private view: TimelineView | undefined;

  static show(env: ViewEnv): void {
    if (TimelinePanel.current !== undefined) {
      TimelinePanel.current.panel.reveal(undefined, false);
      return;
    }
    const panel = createMonitorPanel('disco.timeline', 'Disco Timeline', env.extensionUri);
    TimelinePanel.current = new TimelinePanel(env, panel);
  }

  private constructor(env: ViewEnv, private readonly panel: vscode.WebviewPanel) {
    super(env, panelHost(panel), 'timeline', 'Disco Timeline');
    const sub = env.source.onMonitorEvents((b) => this.append(b));
    panel.onDidDispose(() => {
      sub.dispose();
      TimelinePanel.current = undefined;
    });
  }

  protected override stateChanged(st: StateChangedBody): void {
    this.running = st.running;
    if (this.view !== undefined) this.view = { ...this.view, position: st.position, furthest: Math.max(this.view.furthest, st.position) };
  }

  protected override sessionChanged(): void {
    super.sessionChanged();
    this.view = undefined;
  }

  protected override replay(): void {
    if (this.view !== undefined) this.post({ type: 'timeline', ...this.view, reset: true }, false);
  }

  protected override onMessage(m: FromWebview): void {
    if (m.type !== 'goto') return;
    this.env.source.request('disco/goto', { position: m.position }).catch((e: unknown) => this.postStatus(errorText(e)));
  }

  protected async fetch(session: vscode.DebugSession): Promise<void> {
    if (this.running && this.view !== undefined) return; // batches keep it current
    this.view = (await session.customRequest('disco/timeline', { max: EVENTS_MAX })) as TimelineView;
    this.replay();
  }

  private append(b: MonitorEventsBody): void {
    if (this.view === undefined || b.events.length === 0) return;
    const events = [...this.view.events, ...b.events].slice(-EVENTS_MAX);
    const last = b.events[b.events.length - 1] as MonitorEventsBody['events'][number];
    this.view = { ...this.view, events, furthest: Math.max(this.view.furthest, last.position), position: last.position };
    if (this.host.visible) this.post({ type: 'timeline', ...this.view, events: b.events, reset: false }, false);
  }
}
