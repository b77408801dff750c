// The monitor's tables as Debug Console text: VMs and vCPUs, a window of a pmap, a CPU's
// hardware TLB, a vCPU's virtual TLB and L2TLB, machine pages with their users, the translation
// chain of a guest-virtual address, and the statistics. Built on the view models and the
// translation module, so the console and the webviews show the same facts.

import type { MachineCpu } from '../machine/system/machineCpu';
import { UserError } from '../util/diagnostic';
import type { DebugTarget, DebugThread } from './target';
import { formatTable, hex } from './textTable';
import { hardwareOwner, tlbRow, tlbView } from './tlbView';
import { machinePageUsers, type Mapping, translateVirtual } from './translate';
import { decodePageSummary, MEMMAP_SHARED, PMAP_COPY_ON_WRITE, PMAP_MAPPED, PMAP_SHARED, type TlbRowView } from './viewModels';
import { memmapPage, monitorOf, pmapPage, vmNamed, vmsTree } from './views';

const n = (x: number): string => String(x);

/** Columns of a TLB entry: index, VPN2, page size, ASID, G, the even and odd PFN (with D). */
const TLB_HEADER = ['index', 'va', 'page', 'asid', 'G', 'even pfn', 'odd pfn'];
function tlbCells(r: TlbRowView): string[] {
  const half = (k: 0 | 1): string => (r.pfn[k] < 0 ? '-' : `${hex(r.pfn[k])}${r.dirty[k] ? ' D' : ''}`);
  const size = r.pageBytes >= 1 << 20 ? `${r.pageBytes >>> 20}M` : `${r.pageBytes >>> 10}K`;
  return [n(r.index), hex(r.va, 8), size, n(r.asid), r.global ? 'G' : '', half(0), half(1)];
}

const valid = (r: TlbRowView): boolean => r.pfn[0] >= 0 || r.pfn[1] >= 0;

export function vmsLines(target: DebugTarget): string[] {
  const tree = vmsTree(target);
  const rows = tree.vms.flatMap((vm) => vm.vcpus.map((v) => [
    vm.name, n(v.id), n(v.threadId), `cpu${v.pcpu}`, v.state, target.symbols.formatAddress(v.pc, vm.name), v.mode,
    n(v.counters.instructions), n(v.counters.cycles.user), n(v.counters.cycles.kernel), n(v.counters.cycles.monitor),
  ]));
  const status = tree.vms.map((vm) => `${vm.name}: ${vm.status}, ${vm.memoryBytes >>> 20} MB, home node ${vm.homeNode}, ${vm.pmapPages} pages touched`);
  return [...status, '', ...formatTable(['vm', 'vcpu', 'thread', 'cpu', 'state', 'pc', 'mode', 'instructions', 'user', 'kernel', 'monitor'], rows)];
}

export function pmapLines(target: DebugTarget, vmName: string, firstPage: number, count: number): string[] {
  const w = pmapPage(target, vmName, firstPage, count);
  const mapped = decodePageSummary(w.summary).reduce((a, b) => a + (b & PMAP_MAPPED), 0);
  const rows = w.machinePage.map((m, i) => {
    const f = w.flags[i] as number;
    const g = w.first + i;
    const state = m < 0 ? 'untouched' : `${f & PMAP_COPY_ON_WRITE ? 'read-only cow' : 'writable'}${f & PMAP_SHARED ? ' shared' : ''}`;
    return [hex(g), hex(g * 4096, 8), m < 0 ? '-' : hex(m), m < 0 ? '' : n(w.node[i] as number), state, (w.sharedWith[i] ?? []).join(' ')];
  });
  const end = w.first + w.count;
  const more = end < w.pages ? ` (next: pmap ${w.vm} ${hex(end * 4096)})` : '';
  return [`${w.vm}: ${w.pages} guest pages, ${mapped} with a machine page; pages ${hex(w.first)}..${hex(end - 1)}${more}`, ...formatTable(['gppn', 'guest-physical', 'mppn', 'node', 'state', 'shared with'], rows)];
}

export function tlbLines(target: DebugTarget, cpu: MachineCpu): string[] {
  const core = target.monitor?.core;
  const rows: string[][] = [];
  for (let i = 0; i < cpu.jtlb.size; i++) {
    const r = tlbRow(cpu.jtlb.read(i), i);
    if (!valid(r)) continue;
    const o = core === undefined ? undefined : hardwareOwner(core, cpu.index, r.asid);
    rows.push([...tlbCells(r), o === undefined ? '' : `${core?.vmOf(o.vcpu).name}.vcpu${o.vcpu.id}`]);
  }
  const cur = core?.sched.current[cpu.index];
  const running = core === undefined ? '' : cur === undefined ? ', idle' : `, running ${core.vmOf(cur).name}.vcpu${cur.id}`;
  return [`cpu${cpu.index}: ${rows.length} of ${cpu.jtlb.size} entries valid, ASID ${cpu.cp0.asid}${running} (machine PFNs)`, ...formatTable([...TLB_HEADER, 'vcpu'], rows)];
}

export function vtlbLines(target: DebugTarget, thread: DebugThread): string[] {
  const v = tlbView(target, thread);
  const rows = v.virtualTlb.filter(valid).map((r) => [...tlbCells(r), r.inHardware ? 'yes' : '']);
  const lines = [`${v.vm}.vcpu${v.vcpu}: ${rows.length} of ${v.virtualTlb.length} entries valid, guest ASID ${v.guestAsid} (guest-physical PFNs)`, ...formatTable([...TLB_HEADER, 'in hardware'], rows)];
  const m = v.lastMiss;
  if (m !== undefined) {
    const entry = m.entry === undefined ? '' : m.virtualTlbIndex >= 0 ? `, virtual TLB entry ${m.virtualTlbIndex}` : ', an L2TLB entry evicted from the virtual TLB';
    lines.push(`last miss: ${m.store ? 'store' : 'load'} at ${hex(m.va, 8)}, cycle ${m.cycle}: ${m.outcome}${entry}`);
  }
  const bad = v.hardwareTlb.filter((r) => r.mismatch);
  for (const r of bad) lines.push(`hardware entry ${r.index} of cpu${v.cpu} disagrees: ${r.mismatchReason}`);
  return lines;
}

export function l2tlbLines(target: DebugTarget, thread: DebugThread): string[] {
  const v = tlbView(target, thread);
  return [`${v.vm}.vcpu${v.vcpu}: ${v.l2tlb.length} L2TLB entries (guest-physical PFNs; index = slot)`, ...formatTable(TLB_HEADER, v.l2tlb.map(tlbCells))];
}

export function memmapLines(target: DebugTarget, firstPage: number, count: number): string[] {
  const w = memmapPage(target, firstPage, count);
  const rows = w.state.map((s, i) => {
    const p = machinePageUsers(target, w.first + i);
    const what = p.users.length === 0 ? 'free' : s === MEMMAP_SHARED ? (p.copyOnWrite ? 'shared cow' : 'shared') : 'owned';
    return [hex(p.mppn), hex(p.mppn * 4096, 8), n(p.node), what, n(p.refCount), p.users.map((u) => (u.vm !== undefined && u.gppn === undefined ? `${u.vm}.vcpu${u.vcpu ?? '?'} special page` : u.label)).join(' ')];
  });
  return [`${w.usedPages} of ${w.pages} machine pages in use, ${w.sharedPages} shared`, ...formatTable(['mppn', 'machine', 'node', 'state', 'refs', 'users'], rows)];
}

function via(m: Mapping): string {
  const e = (x: { index?: number; entryHi: number; entryLo0: number; entryLo1: number }): string =>
    `${x.index === undefined ? '' : `${x.index} `}(EntryHi ${hex(x.entryHi, 8)}, EntryLo0 ${hex(x.entryLo0, 8)}, EntryLo1 ${hex(x.entryLo1, 8)})`;
  switch (m.kind) {
    case 'kernel-window': return 'the kernel window (guest-physical = va - 0xc0000000)';
    case 'special-page': return `the vCPU's special page (machine page ${hex(m.mppn)})`;
    case 'virtual-tlb': return `virtual TLB entry ${e(m.entry)}`;
    case 'l2tlb': return `L2TLB entry ${e(m.entry)}${m.vtlbIndex === undefined ? ', evicted from the virtual TLB' : `, also virtual TLB entry ${m.vtlbIndex}`}`;
    case 'pmap': return `pmap slot ${hex(m.gppn)} → machine page ${hex(m.mppn)}${m.copyOnWrite ? ' (copy-on-write)' : ''}`;
    case 'segment': return `unmapped segment ${m.segment}`;
    case 'tlb': return `cpu${m.cpu} TLB entry ${e(m.entry)}`;
  }
}

export function translateLines(target: DebugTarget, thread: DebugThread, va: number): string[] {
  const t = translateVirtual(target, thread, va);
  const lines = [`${thread.name}: virtual ${hex(t.va, 8)}, ASID ${t.asid}`];
  let from = `virtual ${hex(t.va, 8)}`;
  for (const s of t.steps) {
    const to = `${s.to} ${hex(s.address, 8)}`;
    lines.push(`  ${from} → ${to}  via ${via(s.via)}`);
    from = to;
  }
  if (t.notMapped !== undefined) lines.push(`  not mapped: ${t.notMapped}`);
  else lines.push(`  ${t.writable ? 'writable' : 'read-only'}`);
  const hw = t.hardwareTlb;
  lines.push(hw === undefined ? '  hardware TLB: no entry now' : `  hardware TLB: cpu${hw.cpu} entry ${via({ kind: 'tlb', cpu: hw.cpu, entry: hw.entry }).replace(/^cpu\d+ TLB entry /, '')} → ${hw.machine === undefined ? 'invalid' : `machine ${hex(hw.machine, 8)}`}`);
  return lines;
}

export function statsLines(target: DebugTarget): string[] {
  const stats = monitorOf(target).stats();
  const sum = (t: Record<string, number>): number => Object.values(t).reduce((a, b) => a + b, 0);
  const vmRows = stats.vms.map((vm) => {
    const c = vm.counters;
    return [vm.name, n(c.cycles.user), n(c.cycles.kernel), n(c.cycles.monitor), n(sum(c.traps)), n(sum(c.emulated)), n(c.tlb.hardwareMisses), n(c.tlb.windowFills), n(c.tlb.l2tlbHits), n(c.tlb.reflected), n(sum(c.monitorCalls)), n(c.reflectedExceptions), n(c.migrations), n(vm.pmapPages)];
  });
  const cpuRows = stats.pcpus.map((p) => [`cpu${p.cpu}`, n(p.cycles.user), n(p.cycles.kernel), n(p.cycles.monitor), n(p.cycles.idle), n(p.totalCycles), n(p.switches), n(p.migrationsIn)]);
  const traps = new Map<string, number>();
  for (const vm of stats.vms) for (const [k, v] of Object.entries(vm.counters.traps)) traps.set(k, (traps.get(k) ?? 0) + v);
  return [
    ...formatTable(['vm', 'user', 'kernel', 'monitor', 'traps', 'emulated', 'tlb misses', 'window', 'l2tlb', 'reflected', 'monitor calls', 'exceptions', 'migrations', 'pages'], vmRows),
    '',
    ...formatTable(['cpu', 'user', 'kernel', 'monitor', 'idle', 'total', 'switches', 'taken'], cpuRows),
    '',
    `traps: ${[...traps].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `machine pages in use: ${stats.machinePagesInUse}`,
  ];
}

/** The thread of `VM.vcpuN` (or `VM`: its vCPU 0). */
export function vcpuThread(target: DebugTarget, spec: string): DebugThread {
  const m = /^(.+?)(?:\.vcpu([0-9]+))?$/.exec(spec);
  const vm = vmNamed(target, m?.[1] ?? spec);
  const id = Number(m?.[2] ?? 0);
  const t = target.threads.find((x) => x.vm === vm && x.vcpu?.id === id);
  if (t === undefined) throw new UserError(`${vm.name} has no vcpu${id} (it has ${vm.vcpus.length})`);
  return t;
}
