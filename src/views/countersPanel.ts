// The counters dashboard (webview media/counters): a `disco/counters` sample at every state
// change while the panel is visible, kept in a bounded history here so that it survives the
// panel being hidden; the front end gets the whole history when it loads, then each new sample.

import * as vscode from 'vscode';
import type { CounterSample } from '../../debug-adapter/debugger/viewModels';
import { CounterHistory } from './counterHistory';
import { createMonitorPanel, MonitorWebview, panelHost, type ViewEnv } from './monitorWebview';

export class CountersPanel extends MonitorWebview {
  private static current: CountersPanel | undefined;
  private readonly history = new CounterHistory();

  static show(env: ViewEnv): void {
    if (CountersPanel.current !== undefined) {
      CountersPanel.current.panel.reveal(undefined, false);
      return;
    }
    const panel = createMonitorPanel('disco.counters', 'Disco Counters', env.extensionUri);
    CountersPanel.current = new CountersPanel(env, panel);
  }

  private constructor(env: ViewEnv, private readonly panel: vscode.WebviewPanel) {
    super(env, panelHost(panel), 'counters', 'Disco Counters');
    panel.onDidDispose(() => {
      CountersPanel.current = undefined;
    });
  }

  protected override sessionChanged(): void {
    super.sessionChanged();
    this.history.clear();
    this.post({ type: 'counters', samples: [], reset: true }, false);
  }

  protected override replay(): void {
    this.post({ type: 'counters', samples: this.history.all, reset: true }, false);
  }

  protected async fetch(session: vscode.DebugSession): Promise<void> {
    const sample = (await session.customRequest('disco/counters')) as CounterSample;
    const added = this.history.add(sample);
    if (added === 'reset') this.post({ type: 'counters', samples: this.history.all, reset: true }, false);
    else if (added === 'appended') this.post({ type: 'counters', samples: [sample], reset: false }, false);
  }
}
