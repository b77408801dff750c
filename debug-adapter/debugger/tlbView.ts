// The TLB view of one vCPU: the virtual TLB the guest wrote (guest-physical PFNs) beside the
// hardware TLB of the physical CPU it runs on or is queued on (machine PFNs) and its L2TLB.
// A hardware entry of this vCPU is checked against the guest's own mapping through the pmap
// (window, special page, L2TLB, virtual TLB, under the entry's guest ASID): a different machine
// page, a missing or invalid guest entry, or D where the guest or the pmap forbid writes is a
// mismatch. A valid virtual TLB entry is marked when the hardware holds its first page pair.

import { ENTRYHI_ASID, ENTRYHI_VPN2, ENTRYLO_D, ENTRYLO_G, ENTRYLO_PFN_SHIFT, ENTRYLO_V } from '../machine/priv/cp0Bits';
import type { TlbEntry } from '../machine/priv/tlb';
import type { MachineCpu } from '../machine/system/machineCpu';
import { GUEST_LAYOUT } from '../monitor/abi';
import type { MonitorCore } from '../monitor/core';
import type { Vcpu } from '../monitor/vcpu';
import type { Vm } from '../monitor/vm';
import { UserError } from '../util/diagnostic';
import type { DebugTarget, DebugThread } from './target';
import { hex } from './textTable';
import { entryPage } from './translate';
import type { HardwareTlbRowView, TlbRowView, TlbView, VirtualTlbRowView } from './viewModels';
import { monitorOf } from './views';

const WINDOW = GUEST_LAYOUT.GUEST_KSEG0_BASE;
const SPECIAL = GUEST_LAYOUT.SPECIAL_PAGE_VADDR;

const pageBytesOf = (pageMask: number): number => ((pageMask >>> 1) | 0xfff) + 1;

/** A TLB entry decoded for display. */
export function tlbRow(e: TlbEntry, index: number): TlbRowView {
  const pfn = (lo: number): number => (lo & ENTRYLO_V ? (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff : -1);
  return {
    index,
    entryHi: e.entryHi >>> 0,
    entryLo0: e.entryLo0 >>> 0,
    entryLo1: e.entryLo1 >>> 0,
    pageMask: e.pageMask >>> 0,
    va: (e.entryHi & ENTRYHI_VPN2) >>> 0,
    pageBytes: pageBytesOf(e.pageMask),
    asid: e.entryHi & ENTRYHI_ASID,
    global: (e.entryLo0 & ENTRYLO_G) !== 0,
    pfn: [pfn(e.entryLo0), pfn(e.entryLo1)],
    dirty: [(e.entryLo0 & ENTRYLO_D) !== 0, (e.entryLo1 & ENTRYLO_D) !== 0],
  };
}

/**
 * The vCPU and guest ASID a hardware ASID of a CPU stands for: in flush mode the CPU's current
 * vCPU (the TLB is flushed when another one starts), in asid-retag mode the CPU's ASID map.
 */
export function hardwareOwner(core: MonitorCore, cpu: number, hwAsid: number): { vcpu: Vcpu; asid: number } | undefined {
  if (!core.retag) {
    const v = core.sched.current[cpu];
    return v === undefined ? undefined : { vcpu: v, asid: hwAsid };
  }
  for (const [key, hw] of core.asidMaps[cpu] ?? []) if (hw === hwAsid) return { vcpu: core.vcpus[Math.floor(key / 256)] as Vcpu, asid: key % 256 };
  return undefined;
}

/** Hardware ASID → guest ASID of vCPU v on a CPU, or undefined when the ASID is not v's. */
function guestAsidOf(core: MonitorCore, cpu: number, v: Vcpu, hwAsid: number): number | undefined {
  const o = hardwareOwner(core, cpu, hwAsid);
  return o?.vcpu === v ? o.asid : undefined;
}

/** The hardware ASID of v's guest ASID `asid` on a CPU, or undefined when it has none there. */
function hardwareAsidOf(core: MonitorCore, cpu: number, v: Vcpu, asid: number): number | undefined {
  if (!core.retag) return core.sched.current[cpu] === v ? asid : undefined;
  return core.asidMaps[cpu]?.get(v.globalId * 256 + asid);
}

/** What the guest's mapping gives for va under a guest ASID: machine page and whether writes are allowed, or why none. */
function expected(vm: Vm, v: Vcpu, va: number, asid: number): { mppn: number; writable: boolean } | string {
  const u = va >>> 0;
  if (u >= SPECIAL && u < SPECIAL + GUEST_LAYOUT.SPECIAL_PAGE_SIZE) return { mppn: v.specialMppn, writable: true };
  let gpa: number;
  let guestD = true;
  if (u >= WINDOW && u < WINDOW + vm.memoryBytes) gpa = u - WINDOW;
  else {
    const i = v.vtlb.find(va, asid);
    const e = v.l2tlb.lookup(va, asid) ?? (i < 0 ? undefined : v.vtlb.read(i));
    if (e === undefined) return `no guest entry maps ${hex(u)} under ASID ${asid}`;
    const page = entryPage(e, va);
    if (page.address === undefined) return `the guest entry for ${hex(u)} is invalid`;
    gpa = page.address;
    guestD = (page.lo & ENTRYLO_D) !== 0;
  }
  const g = Math.floor(gpa / 4096);
  const mppn = vm.pmap.contains(g) ? (vm.pmap.mppn[g] as number) : -1;
  if (mppn < 0) return `guest-physical ${hex(gpa)} has no machine page`;
  return { mppn, writable: guestD && vm.pmap.cow[g] === 0 };
}

/** Why a hardware entry of v disagrees with the guest's mapping, or undefined when it agrees. */
function mismatch(vm: Vm, v: Vcpu, e: TlbEntry, asid: number): string | undefined {
  const bytes = pageBytesOf(e.pageMask);
  const base = e.entryHi & ENTRYHI_VPN2;
  for (const [k, lo] of [[0, e.entryLo0], [1, e.entryLo1]] as const) {
    if (!(lo & ENTRYLO_V)) continue;
    const va = (base + k * bytes) | 0;
    const want = expected(vm, v, va, asid);
    const pfn = (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff;
    if (typeof want === 'string') return `${hex(va)} → machine page ${hex(pfn)} in hardware, but ${want}`;
    if (want.mppn !== pfn) return `${hex(va)} → machine page ${hex(pfn)} in hardware, ${hex(want.mppn)} through the guest's entry and the pmap`;
    if (lo & ENTRYLO_D && !want.writable) return `${hex(va)} is writable in hardware but read-only for the guest or copy-on-write`;
  }
  return undefined;
}

function hardwareRows(core: MonitorCore, cpu: MachineCpu, vm: Vm, v: Vcpu): HardwareTlbRowView[] {
  const rows: HardwareTlbRowView[] = [];
  for (let i = 0; i < cpu.jtlb.size; i++) {
    const e = cpu.jtlb.read(i);
    const row = tlbRow(e, i);
    if (!((e.entryLo0 | e.entryLo1) & ENTRYLO_V)) {
      rows.push({ ...row, owner: 'invalid', mismatch: false, mismatchReason: undefined });
      continue;
    }
    const asid = guestAsidOf(core, cpu.index, v, row.asid);
    if (asid === undefined) {
      rows.push({ ...row, owner: 'other', mismatch: false, mismatchReason: undefined });
      continue;
    }
    const why = mismatch(vm, v, e, asid);
    rows.push({ ...row, owner: 'this', mismatch: why !== undefined, mismatchReason: why });
  }
  return rows;
}

/** The virtual TLB, hardware TLB and L2TLB of a vCPU thread, with mismatches and the last miss. */
export function tlbView(target: DebugTarget, thread: DebugThread): TlbView {
  const core = monitorOf(target).core;
  const { vm, vcpu: v } = thread;
  if (vm === undefined || v === undefined) throw new UserError(`${thread.name} is a CPU of the bare machine: it has no virtual TLB`);
  const cpu = target.machine.cpus[v.pcpu] as MachineCpu;
  const guestAsid = v.cp0.asid;
  const virtualTlb: VirtualTlbRowView[] = [];
  for (let i = 0; i < v.vtlb.size; i++) {
    const e = v.vtlb.read(i);
    const row = tlbRow(e, i);
    let inHardware = false;
    if ((e.entryLo0 | e.entryLo1) & ENTRYLO_V) {
      const hw = hardwareAsidOf(core, cpu.index, v, row.asid);
      inHardware = hw !== undefined && cpu.jtlb.find(e.entryHi, hw) >= 0;
    }
    virtualTlb.push({ ...row, inHardware });
  }
  const l2 = v.l2tlb.save();
  const l2tlb = [
    ...l2.slots.flatMap((e, i) => (e === null ? [] : [tlbRow(e, i)])),
    ...l2.large.map((e, i) => tlbRow(e, l2.slots.length + i)),
  ];
  const m = v.lastMiss;
  const same = (e: TlbEntry) => (i: number): boolean => {
    const x = v.vtlb.read(i);
    return x.entryHi === e.entryHi && x.entryLo0 === e.entryLo0 && x.entryLo1 === e.entryLo1 && x.pageMask === e.pageMask;
  };
  return {
    threadId: thread.id,
    vm: vm.name,
    vcpu: v.id,
    cpu: cpu.index,
    onCpu: target.cpuOf(thread) !== undefined,
    guestAsid,
    hardwareAsid: hardwareAsidOf(core, cpu.index, v, guestAsid) ?? -1,
    virtualTlb,
    hardwareTlb: hardwareRows(core, cpu, vm, v),
    l2tlb,
    lastMiss: m.outcome === undefined ? undefined : {
      va: m.va >>> 0,
      store: m.store,
      cycle: m.cycle,
      outcome: m.outcome,
      entry: m.entry === undefined ? undefined : tlbRow(m.entry, -1),
      virtualTlbIndex: m.entry === undefined ? -1 : Array.from({ length: v.vtlb.size }, (_, i) => i).findIndex(same(m.entry)),
    },
  };
}
