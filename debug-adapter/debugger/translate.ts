// The translation chain of an address as a thread sees it, computed from the tables alone: it
// never raises an exception, refills a TLB, allocates a page or fills a SoftTlb. Under the
// monitor a guest-virtual address goes through the guest's own mappings (the kernel window at
// GUEST_KSEG0_BASE, the special page, the L2TLB and the virtual TLB) to a guest-physical address,
// then through the VM's pmap to a machine address; the entry the physical CPU's hardware TLB holds
// for it is shown beside. On the bare machine a virtual address goes through the segment map
// (kernel view) and the CPU's TLB. The reverse direction lists a machine page's users (memmap).

import { ENTRYLO_D, ENTRYLO_PFN_SHIFT, ENTRYLO_V, MODE_KERNEL, STATUS_ERL } from '../machine/priv/cp0Bits';
import { SEG_ERROR, SEG_KSEG0, SEG_KSEG1, SEG_MAPPED, segmentOf, unmappedPa } from '../machine/priv/segments';
import type { JointTlb, TlbEntry } from '../machine/priv/tlb';
import type { MachineCpu } from '../machine/system/machineCpu';
import { GUEST_LAYOUT } from '../monitor/abi';
import { SPECIAL_GPPN } from '../monitor/memmap';
import type { Vcpu } from '../monitor/vcpu';
import type { Vm } from '../monitor/vm';
import { isVmUser, userLabel } from './pageUsers';
import type { DebugTarget, DebugThread } from './target';

const WINDOW = GUEST_LAYOUT.GUEST_KSEG0_BASE;
const SPECIAL = GUEST_LAYOUT.SPECIAL_PAGE_VADDR;

/** A TLB entry as plain numbers, with its index when it sits in an indexed TLB. */
export interface TlbEntryView extends TlbEntry {
  readonly index?: number;
}

/** What served one step of a translation. */
export type Mapping =
  /** The monitor's kseg0 replacement: guest-physical = va - GUEST_KSEG0_BASE. */
  | { readonly kind: 'kernel-window' }
  /** The vCPU's special page (a machine page of the monitor, no guest-physical address). */
  | { readonly kind: 'special-page'; readonly mppn: number }
  /** An entry of the vCPU's virtual TLB (guest-physical PFNs). */
  | { readonly kind: 'virtual-tlb'; readonly entry: TlbEntryView }
  /** An entry of the vCPU's L2TLB (evicted from the virtual TLB, or also there at vtlbIndex). */
  | { readonly kind: 'l2tlb'; readonly entry: TlbEntry; readonly vtlbIndex: number | undefined }
  /** The VM's pmap: guest page → machine page. */
  | { readonly kind: 'pmap'; readonly gppn: number; readonly mppn: number; readonly copyOnWrite: boolean }
  /** An unmapped segment of the bare machine. */
  | { readonly kind: 'segment'; readonly segment: 'kseg0' | 'kseg1' | 'kuseg (ERL)' }
  /** An entry of a physical CPU's TLB. */
  | { readonly kind: 'tlb'; readonly cpu: number; readonly entry: TlbEntryView };

/** One step: from an address of one space to an address of the next. */
export interface TranslationStep {
  readonly from: 'virtual' | 'guest-physical';
  readonly to: 'guest-physical' | 'machine';
  readonly address: number;
  readonly via: Mapping;
}

/** The whole chain of one virtual address for one thread. */
export interface Translation {
  readonly thread: number;
  readonly va: number;
  /** The ASID lookups used (the guest's ASID for a vCPU, EntryHi.ASID on the bare machine). */
  readonly asid: number;
  readonly steps: readonly TranslationStep[];
  /** Set when the address has one (a vCPU's window and TLB-mapped addresses). */
  readonly guestPhysical: number | undefined;
  /** The machine address reached, or undefined (see notMapped). */
  readonly machine: number | undefined;
  /** A store through this translation would be allowed by the guest's (or hardware) D bit. */
  readonly writable: boolean;
  /** Why the chain stops, when it does. */
  readonly notMapped: string | undefined;
  /** The entry of the physical CPU's hardware TLB matching va now (a vCPU on a CPU). */
  readonly hardwareTlb: { readonly cpu: number; readonly entry: TlbEntryView; readonly machine: number | undefined } | undefined;
}

/** One user of a machine page. */
export interface MachinePageUser {
  /** The VM's name; undefined for the monitor's own holders (disk cache, subnet queue, kernel image cache, replica, its data). */
  readonly vm: string | undefined;
  /** The guest-physical page, or undefined for a vCPU's special page. */
  readonly gppn: number | undefined;
  /** The vCPU whose special page it is. */
  readonly vcpu: number | undefined;
  /** Readable name (pageUsers.ts): `vm:0xgppn`, `vm:special`, `disk cache (image 0)`, `kernel image cache (0x100)`… */
  readonly label: string;
}

/** A machine page and who uses it. */
export interface MachinePageInfo {
  readonly mppn: number;
  readonly node: number;
  readonly refCount: number;
  /** Shared read-only by several users until a write breaks the sharing. */
  readonly copyOnWrite: boolean;
  readonly users: readonly MachinePageUser[];
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function view(e: TlbEntry, index?: number): TlbEntryView {
  const v = { entryHi: e.entryHi, entryLo0: e.entryLo0, entryLo1: e.entryLo1, pageMask: e.pageMask };
  return index === undefined ? v : { index, ...v };
}

/** The EntryLo half of e that maps va, and the address it gives (undefined when V = 0). */
export function entryPage(e: TlbEntry, va: number): { readonly lo: number; readonly address: number | undefined } {
  const pageBytes = ((e.pageMask >>> 1) | 0xfff) + 1;
  const lo = va & pageBytes ? e.entryLo1 : e.entryLo0;
  if (!(lo & ENTRYLO_V)) return { lo, address: undefined };
  const pfn = (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff;
  const base = pfn * 4096 - ((pfn * 4096) % pageBytes);
  return { lo, address: base + ((va >>> 0) % pageBytes) };
}

function tlbHit(tlb: JointTlb, va: number, asid: number): TlbEntryView | undefined {
  const i = tlb.find(va, asid);
  return i < 0 ? undefined : view(tlb.read(i), i);
}

/** The machine address of a guest-physical address of vm, or why there is none. Never allocates. */
export function guestPhysicalToMachine(vm: Vm, gpa: number): { step: TranslationStep | undefined; machine: number | undefined; notMapped: string | undefined } {
  const a = gpa >>> 0;
  const gppn = Math.floor(a / 4096);
  if (!vm.pmap.contains(gppn)) return { step: undefined, machine: undefined, notMapped: `guest-physical ${hex(a)} is beyond ${vm.name}'s ${vm.memoryBytes / 1048576} MB` };
  const mppn = vm.pmap.mppn[gppn] as number;
  if (mppn < 0) return { step: undefined, machine: undefined, notMapped: `guest-physical page ${hex(gppn * 4096)} of ${vm.name} was never touched (no machine page yet)` };
  const machine = mppn * 4096 + (a & 0xfff);
  const via: Mapping = { kind: 'pmap', gppn, mppn, copyOnWrite: vm.pmap.cow[gppn] === 1 };
  return { step: { from: 'guest-physical', to: 'machine', address: machine, via }, machine, notMapped: undefined };
}

/** The guest's own mapping of va (window, special page, L2TLB, virtual TLB). */
function guestStep(vm: Vm, v: Vcpu, va: number): { step?: TranslationStep; lo?: number; notMapped?: string } {
  const u = va >>> 0;
  if (u >= WINDOW && u < WINDOW + vm.memoryBytes) {
    return { step: { from: 'virtual', to: 'guest-physical', address: u - WINDOW, via: { kind: 'kernel-window' } }, lo: ENTRYLO_D | ENTRYLO_V };
  }
  if (u >= SPECIAL && u < SPECIAL + GUEST_LAYOUT.SPECIAL_PAGE_SIZE) {
    const machine = v.specialMppn * 4096 + (u - SPECIAL);
    return { step: { from: 'virtual', to: 'machine', address: machine, via: { kind: 'special-page', mppn: v.specialMppn } }, lo: ENTRYLO_D | ENTRYLO_V };
  }
  if (u >= WINDOW) return { notMapped: `${hex(u)} is reserved by the monitor (the kernel window covers ${hex(WINDOW)}..${hex(WINDOW + vm.memoryBytes)}, the special page ${hex(SPECIAL)})` };
  if (u >= 0x80000000) return { notMapped: `${hex(u)} is in kseg0/kseg1, which a guest kernel (supervisor mode) cannot use` };
  const asid = v.cp0.asid;
  const vi = v.vtlb.find(va, asid);
  const l2 = v.l2tlb.lookup(va, asid);
  const via: Mapping | undefined = l2 !== undefined ? { kind: 'l2tlb', entry: view(l2), vtlbIndex: vi < 0 ? undefined : vi } : vi >= 0 ? { kind: 'virtual-tlb', entry: view(v.vtlb.read(vi), vi) } : undefined;
  if (via === undefined) return { notMapped: `no guest TLB entry maps ${hex(u)} under ASID ${asid} (a refill would be reflected)` };
  const page = entryPage(l2 ?? v.vtlb.read(vi), va);
  if (page.address === undefined) return { notMapped: `the guest TLB entry for ${hex(u)} is invalid (V = 0)` };
  return { step: { from: 'virtual', to: 'guest-physical', address: page.address, via }, lo: page.lo };
}

function vcpuTranslation(target: DebugTarget, t: DebugThread, vm: Vm, v: Vcpu, va: number): Translation {
  const cpu = target.cpuOf(t);
  let hardwareTlb: Translation['hardwareTlb'];
  if (cpu !== undefined) {
    const e = tlbHit(cpu.jtlb, va, cpu.cp0.asid);
    if (e !== undefined) hardwareTlb = { cpu: cpu.index, entry: e, machine: entryPage(e, va).address };
  }
  const base = { thread: t.id, va: va >>> 0, asid: v.cp0.asid, hardwareTlb };
  const g = guestStep(vm, v, va);
  if (g.step === undefined) return { ...base, steps: [], guestPhysical: undefined, machine: undefined, writable: false, notMapped: g.notMapped };
  const writable = ((g.lo ?? 0) & ENTRYLO_D) !== 0;
  if (g.step.to === 'machine') return { ...base, steps: [g.step], guestPhysical: undefined, machine: g.step.address, writable, notMapped: undefined };
  const m = guestPhysicalToMachine(vm, g.step.address);
  const steps = m.step === undefined ? [g.step] : [g.step, m.step];
  return { ...base, steps, guestPhysical: g.step.address, machine: m.machine, writable, notMapped: m.notMapped };
}

function cpuTranslation(t: DebugThread, cpu: MachineCpu, va: number): Translation {
  const asid = cpu.cp0.asid;
  const base = { thread: t.id, va: va >>> 0, asid, guestPhysical: undefined, hardwareTlb: undefined };
  const seg = segmentOf(va, MODE_KERNEL, (cpu.cp0.status & STATUS_ERL) !== 0);
  if (seg === SEG_ERROR) return { ...base, steps: [], machine: undefined, writable: false, notMapped: `${hex(va)} is not a valid address` };
  if (seg !== SEG_MAPPED) {
    const pa = unmappedPa(va, seg);
    const segment = seg === SEG_KSEG0 ? 'kseg0' : seg === SEG_KSEG1 ? 'kseg1' : 'kuseg (ERL)';
    return { ...base, steps: [{ from: 'virtual', to: 'machine', address: pa, via: { kind: 'segment', segment } }], machine: pa, writable: true, notMapped: undefined };
  }
  const e = tlbHit(cpu.jtlb, va, asid);
  if (e === undefined) return { ...base, steps: [], machine: undefined, writable: false, notMapped: `no TLB entry of CPU ${cpu.index} maps ${hex(va)} under ASID ${asid} (TLB refill)` };
  const page = entryPage(e, va);
  if (page.address === undefined) return { ...base, steps: [], machine: undefined, writable: false, notMapped: `TLB entry ${e.index ?? -1} of CPU ${cpu.index} is invalid for ${hex(va)} (V = 0)` };
  const step: TranslationStep = { from: 'virtual', to: 'machine', address: page.address, via: { kind: 'tlb', cpu: cpu.index, entry: e } };
  return { ...base, steps: [step], machine: page.address, writable: (page.lo & ENTRYLO_D) !== 0, notMapped: undefined };
}

/** The translation chain of virtual address va as thread t sees it now. */
export function translateVirtual(target: DebugTarget, t: DebugThread, va: number): Translation {
  if (t.vm !== undefined && t.vcpu !== undefined) return vcpuTranslation(target, t, t.vm, t.vcpu, va | 0);
  const cpu = target.machine.cpus[t.cpu];
  if (cpu === undefined) throw new RangeError(`thread ${t.id} has no CPU`);
  return cpuTranslation(t, cpu, va | 0);
}

/** Who uses machine page mppn: (VM, guest page) pairs and special pages, from the memmap. */
export function machinePageUsers(target: DebugTarget, mppn: number): MachinePageInfo {
  const m = target.machine;
  if (!Number.isInteger(mppn) || mppn < 0 || mppn >= m.memory.size / 4096) throw new RangeError(`machine page ${mppn} is outside the machine's ${m.memory.size / 1048576} MB`);
  const node = m.nodeOf(mppn * 4096);
  const mon = target.monitor;
  if (mon === undefined) return { mppn, node, refCount: 0, copyOnWrite: false, users: [] };
  const users = mon.core.memmap.usersOf(mppn).map((u): MachinePageUser => {
    const label = userLabel(mon, u);
    const vm = isVmUser(u) ? mon.vms[u.vm] : undefined;
    if (vm === undefined) return { vm: undefined, gppn: undefined, vcpu: undefined, label };
    if (u.gppn !== SPECIAL_GPPN) return { vm: vm.name, gppn: u.gppn, vcpu: undefined, label };
    return { vm: vm.name, gppn: undefined, vcpu: vm.vcpus.find((v) => v.specialMppn === mppn)?.id, label };
  });
  const copyOnWrite = mon.core.memmap.usersOf(mppn).some((u) => u.gppn !== SPECIAL_GPPN && mon.vms[u.vm]?.pmap.cow[u.gppn] === 1);
  return { mppn, node, refCount: users.length, copyOnWrite, users };
}
