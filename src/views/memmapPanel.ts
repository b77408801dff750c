// The machine memory map panel (webview media/memmap): every machine page as a canvas cell
// (owner VM, shared, special page, free, I/O hole; NUMA nodes), and the users of the pages of
// the window the front end asks for (`disco/memmap`), with the VM tree for names and colours.

import * as vscode from 'vscode';
import type { MemmapWindow, VmsTree } from '../../debug-adapter/debugger/viewModels';
import { createMonitorPanel, MonitorWebview, panelHost, type ViewEnv } from './monitorWebview';
import type { FromWebview } from './protocol';

export class MemmapPanel extends MonitorWebview {
  private static current: MemmapPanel | undefined;
  private first = 0;

  static show(env: ViewEnv): void {
    if (MemmapPanel.current !== undefined) {
      MemmapPanel.current.panel.reveal(undefined, false);
      return;
    }
    const panel = createMonitorPanel('disco.memmap', 'Disco Machine Memory', env.extensionUri);
    MemmapPanel.current = new MemmapPanel(env, panel);
  }

  private constructor(env: ViewEnv, private readonly panel: vscode.WebviewPanel) {
    super(env, panelHost(panel), 'memmap', 'Disco Machine Memory');
    panel.onDidDispose(() => {
      MemmapPanel.current = undefined;
    });
  }

  protected override onMessage(m: FromWebview): void {
    if (m.type !== 'memmapWindow') return;
    this.first = m.first;
    this.refresher.request();
  }

  protected async fetch(session: vscode.DebugSession): Promise<void> {
    const tree = (await session.customRequest('disco/vms')) as VmsTree;
    const window = (await session.customRequest('disco/memmap', { first: this.first, count: 4096 })) as MemmapWindow;
    this.post({ type: 'memmap', window, tree });
  }
}
