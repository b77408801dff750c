// The TLB panel (webview media/tlb): for one vCPU thread, the virtual TLB its guest wrote beside
// the hardware TLB of the physical CPU it runs on and its L2TLB (`disco/tlb`), with the vCPU
// threads of the session to switch between. One panel; showing another thread reuses it.

import * as vscode from 'vscode';
import type { TlbView, VmsTree } from '../../debug-adapter/debugger/viewModels';
import { createMonitorPanel, MonitorWebview, panelHost, type ViewEnv } from './monitorWebview';
import type { FromWebview, ThreadChoice } from './protocol';

/** The vCPU threads of a tree, labelled `VM vCPU n`. */
export function threadChoices(tree: VmsTree): ThreadChoice[] {
  return tree.vms.flatMap((vm) => vm.vcpus.filter((v) => v.threadId >= 0).map((v) => ({ threadId: v.threadId, label: `${vm.name} vCPU ${v.id}` })));
}

export class TlbPanel extends MonitorWebview {
  private static current: TlbPanel | undefined;

  static show(env: ViewEnv, threadId: number): void {
    if (TlbPanel.current !== undefined) {
      TlbPanel.current.panel.reveal(undefined, false);
      TlbPanel.current.select(threadId);
      return;
    }
    const panel = createMonitorPanel('disco.tlb', 'Disco TLB', env.extensionUri);
    TlbPanel.current = new TlbPanel(env, panel, threadId);
  }

  private constructor(env: ViewEnv, private readonly panel: vscode.WebviewPanel, private threadId: number) {
    super(env, panelHost(panel), 'tlb', 'Disco TLB');
    panel.onDidDispose(() => {
      TlbPanel.current = undefined;
    });
  }

  private select(threadId: number): void {
    this.threadId = threadId;
    this.refresher.request();
  }

  protected override onMessage(m: FromWebview): void {
    if (m.type === 'selectThread') this.select(m.threadId);
  }

  protected async fetch(session: vscode.DebugSession): Promise<void> {
    const threads = threadChoices((await session.customRequest('disco/vms')) as VmsTree);
    if (!threads.some((t) => t.threadId === this.threadId) && threads[0] !== undefined) this.threadId = threads[0].threadId;
    const view = (await session.customRequest('disco/tlb', { threadId: this.threadId })) as TlbView;
    this.panel.title = `TLB: ${view.vm} vCPU ${view.vcpu}`;
    this.post({ type: 'tlb', view, threads });
  }
}
