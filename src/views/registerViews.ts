// Wires the monitor views into VS Code: the Disco container's VM tree and pmap view, the TLB,
// machine memory, counters and timeline panels, their commands, and opening memory at an address.

import * as vscode from 'vscode';
import type { VmsTree } from '../../debug-adapter/debugger/viewModels';
import { CountersPanel } from './countersPanel';
import { MemmapPanel } from './memmapPanel';
import { MonitorSource, errorText } from './monitorSource';
import type { ViewEnv } from './monitorWebview';
import { registerOpenMemory } from './openMemory';
import { PMAP_VIEW_ID, PmapViewProvider } from './pmapView';
import { threadChoices, TlbPanel } from './tlbPanel';
import { TimelinePanel } from './timelinePanel';
import { type MonitorNode, VMS_VIEW_ID, VmsTreeProvider } from './vmsTreeView';

/** The thread of a vCPU tree node, else one picked from the session's vCPUs. */
async function pickThread(source: MonitorSource, node: MonitorNode | undefined): Promise<number | undefined> {
  if (node?.kind === 'vcpu') return node.vcpu.threadId;
  const choices = threadChoices(await source.request<VmsTree>('disco/vms'));
  if (choices.length === 1) return choices[0]?.threadId;
  const pick = await vscode.window.showQuickPick(choices.map((c) => ({ label: c.label, threadId: c.threadId })), { placeHolder: 'The vCPU whose TLBs to show' });
  return pick?.threadId;
}

export function registerMonitorViews(context: vscode.ExtensionContext): void {
  const source = new MonitorSource();
  const openMemory = registerOpenMemory(context, (id) => source.sessionById(id));
  const env: ViewEnv = { source, extensionUri: context.extensionUri, openMemory };
  const tree = new VmsTreeProvider(source);
  const treeView = vscode.window.createTreeView(VMS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(treeView);
  const pmap = new PmapViewProvider(env);
  /** Runs a command body; a failure is an error message, never an exception out of the command. */
  const guard = (f: (...args: never[]) => Promise<void> | void) => async (...args: never[]) => {
    try {
      await f(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(`Disco: ${errorText(e)}`);
    }
  };
  const needSession = (): boolean => {
    if (source.session !== undefined) return true;
    void vscode.window.showInformationMessage('Disco: start debugging a guest config (*.disco.json) first.');
    return false;
  };
  context.subscriptions.push(
    source,
    tree,
    treeView,
    vscode.window.registerWebviewViewProvider(PMAP_VIEW_ID, pmap),
    vscode.commands.registerCommand('disco.showTlb', guard(async (node?: MonitorNode) => {
      if (!needSession()) return;
      const thread = await pickThread(source, node);
      if (thread !== undefined) TlbPanel.show(env, thread);
    })),
    vscode.commands.registerCommand('disco.showMemmap', guard(() => MemmapPanel.show(env))),
    vscode.commands.registerCommand('disco.showCounters', guard(() => CountersPanel.show(env))),
    vscode.commands.registerCommand('disco.showTimeline', guard(() => TimelinePanel.show(env))),
    vscode.commands.registerCommand('disco.showPmap', guard(async (node?: MonitorNode) => {
      if (node?.kind === 'vm') pmap.selectVm(node.vm.name);
      await vscode.commands.executeCommand(`${PMAP_VIEW_ID}.focus`);
    })),
  );
}
