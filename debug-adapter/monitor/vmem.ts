// Memory virtualization on the trap path (Disco §1.2). Hardware TLB misses: the kseg0
// replacement window and the special page are filled from the pmap by the monitor itself; other
// addresses are looked up in the L2TLB and the virtual TLB, translated through the pmap and
// installed, or reflected to the guest (refill vector while virtual EXL = 0). TLB Modified
// faults break copy-on-write sharing (or collapse replicas). Every installed page names the
// replica of the CPU's NUMA node when it has one. Guest TLBWI/TLBWR are checked (no guest-physical page
// outside the VM), recorded in the virtual TLB and L2TLB, and stale hardware entries dropped.

import { EXC_ADEL, EXC_ADES, EXC_MOD, EXC_TLBS } from '../machine/exceptions';
import { ENTRYHI_ASID, ENTRYHI_VPN2, ENTRYLO_D, ENTRYLO_G, ENTRYLO_PFN_SHIFT, ENTRYLO_V, INDEX_P } from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import type { TlbEntry } from '../machine/priv/tlb';
import type { MachineCpu } from '../machine/system/machineCpu';
import { GUEST_LAYOUT } from './abi';
import type { MonitorCore } from './core';
import type { MonitorService } from './costModel';
import { guestTlbWrite, hardwareTlbWrite, l2tlbProbe, pmapLookup, shootdown, vtlbProbe } from './monitorSteps';
import { installPair, shootDownRange } from './hwTlb';
import { EXC_MCHECK, fromMachine, reflect } from './reflect';
import type { TlbMissOutcome, Vcpu } from './vcpu';
import type { Vm } from './vm';
import { endVm } from './vmControl';

const WINDOW = GUEST_LAYOUT.GUEST_KSEG0_BASE;
const SPECIAL = GUEST_LAYOUT.SPECIAL_PAGE_VADDR;
const CACHEABLE = 3 << 3;

const pageBytesOf = (pageMask: number): number => ((pageMask >>> 1) | 0xfff) + 1;

/** True when va lies in a range the monitor maps itself (window, special page pair). */
export function inMonitorRange(vm: Vm, va: number): boolean {
  const u = va >>> 0;
  return (u >= WINDOW && u < WINDOW + vm.memoryBytes) || u >= GUEST_LAYOUT.GUEST_MAPPED_LIMIT;
}

function install(core: MonitorCore, service: MonitorService, v: Vcpu, cpu: MachineCpu, va: number, lo0: number, lo1: number, global: boolean): void {
  hardwareTlbWrite(core, service);
  const g = global && !core.retag ? ENTRYLO_G : 0;
  installPair(cpu, (va & ENTRYHI_VPN2) | core.hardwareAsid(cpu, v), core.numa.local(cpu, lo0) | g, core.numa.local(cpu, lo1) | g);
}

function outOfMemory(core: MonitorCore, v: Vcpu, cpu: MachineCpu): void {
  endVm(core, core.vmOf(v), { kind: 'stopped', message: 'machine memory is exhausted' }, cpu.cycle);
}

/** The hardware EntryLo of guest page g for the window (allocated on first touch), or -1 when machine memory is exhausted. */
function windowLo(core: MonitorCore, vm: Vm, g: number, write: boolean): number {
  pmapLookup(core, 'tlbRefill', vm.id, g);
  return vm.pmap.translate(g, write) < 0 ? -1 : (vm.pmap.entryLo[g] as number);
}

/** Fills a miss in the window or on the special page; false when va is elsewhere. */
function fillMonitorRange(core: MonitorCore, v: Vcpu, cpu: MachineCpu, va: number, store: boolean): boolean {
  const vm = core.vmOf(v);
  const u = va >>> 0;
  if (u >= WINDOW && u < WINDOW + vm.memoryBytes) {
    const even = ((u - WINDOW) >>> 13) << 1;
    const odd = (u & 0x1000) !== 0;
    const lo0 = windowLo(core, vm, even, store && !odd);
    const lo1 = windowLo(core, vm, even + 1, store && odd);
    if (lo0 < 0 || lo1 < 0) outOfMemory(core, v, cpu);
    else install(core, 'tlbRefill', v, cpu, u, lo0, lo1, true);
    return true;
  }
  if (u >= SPECIAL && u < SPECIAL + GUEST_LAYOUT.SPECIAL_PAGE_SIZE) {
    install(core, 'tlbRefill', v, cpu, u, 0, (v.specialMppn << ENTRYLO_PFN_SHIFT) | CACHEABLE | ENTRYLO_D | ENTRYLO_V, true);
    return true;
  }
  return false;
}

/** The guest's entry for va as the monitor's refill path finds it, charging the probes it makes. */
function probeGuest(core: MonitorCore, service: MonitorService, v: Vcpu, va: number): TlbEntry | undefined {
  const asid = v.cp0.asid;
  l2tlbProbe(core, service, v, va);
  const e = v.l2tlb.lookup(va, asid);
  if (e !== undefined) return e;
  const i = v.vtlb.find(va, asid);
  vtlbProbe(core, service, v, 0, i < 0 ? v.vtlb.size : i + 1);
  return i < 0 ? undefined : v.vtlb.read(i);
}

/** The hardware EntryLo for the 4 KiB page at va inside guest entry e (0 when invalid). */
function machineLo(core: MonitorCore, service: MonitorService, vm: Vm, e: TlbEntry, va: number, write: boolean): number {
  const pageBytes = pageBytesOf(e.pageMask);
  const lo = va & pageBytes ? e.entryLo1 : e.entryLo0;
  if (!(lo & ENTRYLO_V)) return 0;
  const pfn = (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff;
  const base = pfn * 4096 - ((pfn * 4096) % pageBytes);
  const gppn = Math.floor((base + ((va >>> 0) % pageBytes)) / 4096);
  if (vm.pmap.contains(gppn)) pmapLookup(core, service, vm.id, gppn);
  if (!vm.pmap.contains(gppn) || vm.pmap.translate(gppn, write && (lo & ENTRYLO_D) !== 0) < 0) return 0;
  const hw = vm.pmap.entryLo[gppn] as number;
  return lo & ENTRYLO_D ? hw : hw & ~ENTRYLO_D;
}

/** Installs the page pair of va from guest entry e; `store` breaks copy-on-write on va's page. */
function installGuest(core: MonitorCore, service: MonitorService, v: Vcpu, cpu: MachineCpu, e: TlbEntry, va: number, store: boolean): void {
  const vm = core.vmOf(v);
  const pair = va & ~0x1fff;
  const odd = (va & 0x1000) !== 0;
  const lo0 = machineLo(core, service, vm, e, pair, store && !odd);
  const lo1 = machineLo(core, service, vm, e, pair + 0x1000, store && odd);
  install(core, service, v, cpu, pair, lo0, lo1, (e.entryLo0 & ENTRYLO_G) !== 0);
}

/** Records how a miss was answered, for the debugger (in place: no allocation). */
function noteMiss(v: Vcpu, cpu: MachineCpu, va: number, store: boolean, outcome: TlbMissOutcome, entry: TlbEntry | undefined): void {
  const m = v.lastMiss;
  m.va = va;
  m.store = store;
  m.cycle = cpu.cycle;
  m.outcome = outcome;
  m.entry = entry;
}

/** TLBL/TLBS: the monitor's refill handler. */
export function handleTlbMiss(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException): void {
  const va = exc.badVAddr ?? 0;
  const store = exc.excCode === EXC_TLBS;
  const t = v.counters.tlb;
  t.hardwareMisses++;
  if (fillMonitorRange(core, v, cpu, va, store)) {
    noteMiss(v, cpu, va, store, 'window-fill', undefined);
    t.windowFills++;
    cpu.state.jumpTo(exc.epc);
    return;
  }
  const vm = core.vmOf(v);
  if (inMonitorRange(vm, va)) {
    noteMiss(v, cpu, va, store, 'address-error', undefined);
    reflect(core, v, cpu, fromMachine(exc, store ? EXC_ADES : EXC_ADEL, false));
    return;
  }
  const e = probeGuest(core, 'tlbRefill', v, va);
  if (e === undefined) {
    noteMiss(v, cpu, va, store, 'reflected-refill', undefined);
    t.reflected++;
    reflect(core, v, cpu, fromMachine(exc, exc.excCode, true));
    return;
  }
  const lo = va & pageBytesOf(e.pageMask) ? e.entryLo1 : e.entryLo0;
  if (!(lo & ENTRYLO_V)) {
    noteMiss(v, cpu, va, store, 'reflected-invalid', e);
    t.reflected++;
    reflect(core, v, cpu, fromMachine(exc, exc.excCode, false));
    return;
  }
  if (store && !(lo & ENTRYLO_D)) {
    noteMiss(v, cpu, va, store, 'reflected-mod', e);
    reflect(core, v, cpu, fromMachine(exc, EXC_MOD, false));
    return;
  }
  noteMiss(v, cpu, va, store, 'guest-entry-fill', e);
  t.l2tlbHits++;
  installGuest(core, 'tlbRefill', v, cpu, e, va, store);
  cpu.state.jumpTo(exc.epc);
}

/** Mod: a store to a page mapped read-only by the monitor (copy-on-write) or by the guest. */
export function handleTlbMod(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException): void {
  const va = exc.badVAddr ?? 0;
  if (fillMonitorRange(core, v, cpu, va, true)) {
    cpu.state.jumpTo(exc.epc);
    return;
  }
  const e = probeGuest(core, 'pages', v, va);
  const lo = e === undefined ? 0 : va & pageBytesOf(e.pageMask) ? e.entryLo1 : e.entryLo0;
  if (e !== undefined && lo & ENTRYLO_V && lo & ENTRYLO_D) {
    installGuest(core, 'pages', v, cpu, e, va, true);
    cpu.state.jumpTo(exc.epc);
    return;
  }
  reflect(core, v, cpu, fromMachine(exc));
}

/** The first guest-physical byte of the page entry half `lo` names when it is valid and ends beyond the VM's memory, else -1. */
function beyondVm(vm: Vm, lo: number, pageBytes: number): number {
  if (!(lo & ENTRYLO_V)) return -1;
  const pfn = (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff;
  const base = pfn * 4096 - ((pfn * 4096) % pageBytes);
  return base + pageBytes > vm.memoryBytes ? base : -1;
}

/** Drops the hardware TLB entries in guest entry e's range (unless the monitor maps that range itself). */
function dropStale(core: MonitorCore, vm: Vm, cpu: MachineCpu, e: TlbEntry): void {
  if (inMonitorRange(vm, e.entryHi)) return;
  const bytes = 2 * pageBytesOf(e.pageMask);
  shootdown(core, 'tlbWrite', Math.max(1, bytes >>> 13));
  shootDownRange(cpu, e.entryHi & ENTRYHI_VPN2, bytes);
}

/**
 * TLBWI/TLBWR: checks the entry against the VM's memory (a machine check instead when it names
 * a page the VM lacks), writes the virtual TLB, updates the L2TLB and the hardware TLB. Returns
 * false when the guest got a machine check.
 */
export function emulateTlbWrite(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException, random: boolean): boolean {
  const c = v.cp0;
  const vm = core.vmOf(v);
  const pageBytes = pageBytesOf(c.pageMask);
  const bad0 = beyondVm(vm, c.entryLo0, pageBytes);
  const bad = bad0 >= 0 ? bad0 : beyondVm(vm, c.entryLo1, pageBytes);
  if (bad >= 0) {
    core.emit('isolation', v, cpu.cycle, () => `TLB entry for 0x${((c.entryHi & ENTRYHI_VPN2) >>> 0).toString(16)} names guest-physical 0x${bad.toString(16)} beyond the VM's ${vm.memoryBytes} bytes: machine check`);
    reflect(core, v, cpu, { excCode: EXC_MCHECK, refill: false, epc: exc.epc, inDelaySlot: exc.inDelaySlot });
    return false;
  }
  const i = random ? c.random(v.icount) : (c.index & ~INDEX_P) % v.vtlb.size;
  guestTlbWrite(core, v, i, c.entryHi);
  const old = v.vtlb.read(i);
  v.vtlb.write(i, c.entryHi, c.entryLo0, c.entryLo1, c.pageMask);
  const neu = v.vtlb.read(i);
  if (!random) {
    v.l2tlb.drop(old);
    if (!((neu.entryLo0 | neu.entryLo1) & ENTRYLO_V)) v.l2tlb.clear();
  }
  if ((neu.entryLo0 | neu.entryLo1) & ENTRYLO_V) v.l2tlb.insert(neu);
  else v.l2tlb.drop(neu);
  if (!random) dropStale(core, vm, cpu, old);
  dropStale(core, vm, cpu, neu);
  const current = (neu.entryLo0 & ENTRYLO_G) !== 0 || (neu.entryHi & ENTRYHI_ASID) === c.asid;
  if (neu.pageMask === 0 && current && !inMonitorRange(vm, neu.entryHi) && (neu.entryLo0 | neu.entryLo1) & ENTRYLO_V) {
    installGuest(core, 'tlbWrite', v, cpu, neu, neu.entryHi, false);
  }
  return true;
}

/** TLBP against the virtual TLB; a miss also drops matching L2TLB entries (the guest flushes). */
export function emulateTlbp(core: MonitorCore, v: Vcpu): void {
  const c = v.cp0;
  const i = v.vtlb.find(c.entryHi, c.asid);
  vtlbProbe(core, 'privileged', v, 0, i < 0 ? v.vtlb.size : i + 1);
  if (i < 0) {
    c.index = INDEX_P | (c.index & ~INDEX_P);
    l2tlbProbe(core, 'privileged', v, c.entryHi);
    v.l2tlb.dropMatching(c.entryHi, c.asid);
  } else c.index = i;
}

/** TLBR from the virtual TLB (guest-physical PFNs, as the guest wrote them). */
export function emulateTlbr(core: MonitorCore, v: Vcpu): void {
  const c = v.cp0;
  const i = (c.index & ~INDEX_P) % v.vtlb.size;
  vtlbProbe(core, 'privileged', v, i, 1);
  const e = v.vtlb.read(i);
  c.entryHi = e.entryHi;
  c.entryLo0 = e.entryLo0;
  c.entryLo1 = e.entryLo1;
  c.pageMask = e.pageMask;
}
