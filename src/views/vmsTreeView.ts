// The sidebar's tree of the monitor (`disco/vms`): VMs → vCPUs → the physical CPU each runs on or
// waits on, and the physical CPUs with what they run. Refreshed, coalesced, at every state change
// while visible. Selecting a VM shows its pmap; a vCPU's context menu opens its TLB.

import * as vscode from 'vscode';
import type { CountersSummary, PcpuNode, VcpuNode, VmNode, VmsTree } from '../../debug-adapter/debugger/viewModels';
import { Coalescer } from './coalescer';
import { errorText, type MonitorSource } from './monitorSource';

export const VMS_VIEW_ID = 'disco.vms';

export type MonitorNode =
  | { readonly kind: 'vm'; readonly vm: VmNode }
  | { readonly kind: 'vcpu'; readonly vm: VmNode; readonly vcpu: VcpuNode }
  | { readonly kind: 'cpu-of-vcpu'; readonly vcpu: VcpuNode; readonly cpu: PcpuNode | undefined }
  | { readonly kind: 'cpus' }
  | { readonly kind: 'cpu'; readonly cpu: PcpuNode }
  | { readonly kind: 'message'; readonly text: string };

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const mib = (bytes: number): string => `${Math.round(bytes / 1048576)} MiB`;

/** Share of each cycle kind, e.g. `user 41% · kernel 30% · monitor 12%`. */
function cycleShares(c: CountersSummary['cycles']): string {
  const total = c.user + c.kernel + c.monitor + c.idle;
  if (total === 0) return 'no cycles yet';
  const pct = (n: number): string => `${Math.round((100 * n) / total)}%`;
  return `user ${pct(c.user)} · kernel ${pct(c.kernel)} · monitor ${pct(c.monitor)}${c.idle > 0 ? ` · idle ${pct(c.idle)}` : ''}`;
}

function vcpuName(tree: VmsTree, globalId: number): string {
  for (const vm of tree.vms) for (const v of vm.vcpus) if (v.globalId === globalId) return `${vm.name}.vcpu${v.id}`;
  return `vcpu#${globalId}`;
}

const STATE_ICON: Record<VcpuNode['state'], string> = { running: 'play', runnable: 'clock', idle: 'debug-pause', stopped: 'debug-stop' };

export class VmsTreeProvider implements vscode.TreeDataProvider<MonitorNode>, vscode.Disposable {
  private tree: VmsTree | undefined;
  private message: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refresher: Coalescer;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly source: MonitorSource) {
    this.refresher = new Coalescer(() => this.fetch(), (e) => this.show(undefined, errorText(e)));
    this.disposables.push(this.changed, source.onState(() => this.refresher.request()));
  }

  /** Follows the tree view's visibility (a hidden tree fetches nothing). */
  attach(view: vscode.TreeView<MonitorNode>): void {
    this.refresher.setVisible(view.visible);
    this.disposables.push(view.onDidChangeVisibility((e) => this.refresher.setVisible(e.visible)));
    this.refresher.request();
  }

  /** The last tree fetched. */
  get current(): VmsTree | undefined {
    return this.tree;
  }

  getChildren(node?: MonitorNode): MonitorNode[] {
    const t = this.tree;
    if (node === undefined) {
      if (t === undefined) return this.message === undefined ? [] : [{ kind: 'message', text: this.message }];
      return [...t.vms.map((vm) => ({ kind: 'vm', vm }) as const), { kind: 'cpus' }];
    }
    if (t === undefined) return [];
    switch (node.kind) {
      case 'vm':
        return node.vm.vcpus.map((vcpu) => ({ kind: 'vcpu', vm: node.vm, vcpu }));
      case 'vcpu':
        return [{ kind: 'cpu-of-vcpu', vcpu: node.vcpu, cpu: t.cpus.find((c) => c.cpu === node.vcpu.pcpu) }];
      case 'cpus':
        return t.cpus.map((cpu) => ({ kind: 'cpu', cpu }));
      default:
        return [];
    }
  }

  getTreeItem(node: MonitorNode): vscode.TreeItem {
    const t = this.tree;
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text, C.None);
      case 'vm': {
        const vm = node.vm;
        const item = new vscode.TreeItem(vm.name, C.Expanded);
        item.id = `vm:${vm.name}`;
        item.description = `${vm.status} · ${mib(vm.memoryBytes)} · ${vm.pmapPages} pages touched`;
        item.tooltip = new vscode.MarkdownString(
          `**${vm.name}**: ${vm.status}\n\n${mib(vm.memoryBytes)} of guest-physical memory, home NUMA node ${vm.homeNode}, ${vm.pmapPages} pages touched (mapped in its pmap).\n\n` +
            `Cycles: ${cycleShares(vm.counters.cycles)}\n\nTraps ${vm.counters.traps}, TLB misses ${vm.counters.tlbMisses}, reflected exceptions ${vm.counters.reflectedExceptions}, monitor calls ${vm.counters.monitorCalls}\n\nSelect to show its pmap.`,
        );
        item.iconPath = new vscode.ThemeIcon('vm');
        item.contextValue = 'vm';
        item.command = { command: 'disco.showPmap', title: 'Show pmap', arguments: [node] };
        return item;
      }
      case 'vcpu': {
        const v = node.vcpu;
        const item = new vscode.TreeItem(`vCPU ${v.id}`, C.Collapsed);
        item.id = `vcpu:${node.vm.name}:${v.id}`;
        item.description = `${v.state} on CPU ${v.pcpu} · ${v.mode} · pc ${hex(v.pc)}`;
        item.tooltip = new vscode.MarkdownString(
          `**${node.vm.name} vCPU ${v.id}** (thread ${v.threadId}): ${v.state} ${v.state === 'running' ? 'on' : 'queued on'} physical CPU ${v.pcpu}` +
            `${v.state === 'running' ? '' : ` (queue position ${v.queuePosition})`}, guest ${v.mode} mode, pc ${hex(v.pc)}\n\n` +
            `${v.counters.instructions} instructions; cycles: ${cycleShares(v.counters.cycles)}\n\nTraps ${v.counters.traps}, TLB misses ${v.counters.tlbMisses}, migrations ${v.counters.migrations}`,
        );
        item.iconPath = new vscode.ThemeIcon(STATE_ICON[v.state]);
        item.contextValue = 'vcpu';
        return item;
      }
      case 'cpu-of-vcpu': {
        const c = node.cpu;
        const running = node.vcpu.state === 'running';
        const item = new vscode.TreeItem(`CPU ${node.vcpu.pcpu}`, C.None);
        item.description = `${running ? 'runs it now' : `queued (position ${node.vcpu.queuePosition})`}${c === undefined ? '' : ` · NUMA node ${c.node}`}`;
        item.iconPath = new vscode.ThemeIcon('circuit-board');
        return item;
      }
      case 'cpus': {
        const item = new vscode.TreeItem('Physical CPUs', C.Expanded);
        item.iconPath = new vscode.ThemeIcon('server');
        item.description = t === undefined ? '' : `${t.cpus.length}`;
        return item;
      }
      case 'cpu': {
        const c = node.cpu;
        const item = new vscode.TreeItem(`CPU ${c.cpu}`, C.None);
        const runs = c.running < 0 || t === undefined ? 'idle' : `runs ${vcpuName(t, c.running)}`;
        const queue = t === undefined ? [] : c.queued.filter((g) => g !== c.running).map((g) => vcpuName(t, g));
        item.description = `node ${c.node} · ${runs}${queue.length > 0 ? ` · queue ${queue.join(', ')}` : ''}`;
        item.tooltip = `CPU ${c.cpu} on NUMA node ${c.node}: ${runs}. Cycles: ${cycleShares(c.cycles)}`;
        item.iconPath = new vscode.ThemeIcon('circuit-board');
        return item;
      }
    }
  }

  dispose(): void {
    this.refresher.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async fetch(): Promise<void> {
    const session = this.source.session;
    if (session === undefined) return this.show(undefined, undefined);
    this.show((await session.customRequest('disco/vms')) as VmsTree, undefined);
  }

  private show(tree: VmsTree | undefined, message: string | undefined): void {
    this.tree = tree;
    this.message = message;
    this.changed.fire();
  }
}
