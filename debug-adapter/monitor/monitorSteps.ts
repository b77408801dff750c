// The steps of the monitor's handlers as the cost model charges them: each function charges one
// step's path length (costModel.ts) and names the monitor data it loads or stores (monitorData.ts),
// which the timing model prices in timing mode (monitorWork.ts). Handlers call these where they
// do the work, so what is charged is what the handler did.

import type { MonitorService } from './costModel';
import { copyInstructions, zeroInstructions } from './costModel';
import type { MonitorCore } from './core';
import { MEMMAP_ENTRY_BYTES, PMAP_ENTRY_BYTES, TLB_ENTRY_BYTES, VCPU_RECORD } from './monitorData';
import { SPECIAL_PAGE_WRITABLE_FIELDS } from './specialPage';
import type { Vcpu } from './vcpu';

/** Fields the monitor writes to the special page on every resume: the writable ones, Cause, pending lines. */
const SPECIAL_PAGE_RESUME_FIELDS = SPECIAL_PAGE_WRITABLE_FIELDS + 2;
/** Registers saved on trap entry and restored on exit. */
const SCRATCH_BYTES = 8 * 4;
/** 31 GPRs, HI, LO, PC. */
const CONTEXT_BYTES = 35 * 4;

const record = (core: MonitorCore, v: Vcpu): number => core.work.data.vcpuRecord[v.globalId] as number;

/** Trap entry: scratch registers saved, the special page's writable fields read back into the record. */
export function trapEntry(core: MonitorCore, p: number, v: Vcpu | undefined): void {
  const w = core.work;
  w.run('trap', core.costs.trapEntry);
  if (v === undefined) {
    w.store('trap', w.data.pcpu[p] as number, SCRATCH_BYTES);
    return;
  }
  w.store('trap', record(core, v) + VCPU_RECORD.GPRS, SCRATCH_BYTES);
  w.run('trap', SPECIAL_PAGE_WRITABLE_FIELDS * core.costs.specialPageField);
  w.load('trap', v.specialMppn * 4096, SPECIAL_PAGE_WRITABLE_FIELDS * 4);
  w.store('trap', record(core, v) + VCPU_RECORD.CP0, SPECIAL_PAGE_WRITABLE_FIELDS * 4);
}

/** Resume: run queue, interrupt check, deadline, special page written, scratch registers restored, ERET. */
export function resumePath(core: MonitorCore, p: number, v: Vcpu | undefined): void {
  const w = core.work;
  const c = core.costs;
  w.run('trap', c.schedule + c.deadline + c.trapExit);
  w.load('trap', w.data.pcpu[p] as number, 8);
  if (v === undefined) return;
  w.run('trap', c.interruptCheck + SPECIAL_PAGE_RESUME_FIELDS * c.specialPageField);
  w.load('trap', record(core, v) + VCPU_RECORD.SCHED, 16);
  w.load('trap', record(core, v) + VCPU_RECORD.CP0, SPECIAL_PAGE_RESUME_FIELDS * 4);
  w.store('trap', v.specialMppn * 4096, SPECIAL_PAGE_RESUME_FIELDS * 4);
  w.load('trap', record(core, v) + VCPU_RECORD.GPRS, SCRATCH_BYTES);
}

/** A CPU switches from `from` to `to`: contexts saved and loaded, the hardware TLB flushed unless retagged. */
export function vcpuSwitch(core: MonitorCore, from: Vcpu | undefined, to: Vcpu, flushedEntries: number): void {
  const w = core.work;
  w.run('switch', core.costs.vcpuSwitch + flushedEntries * core.costs.tlbFlushPerEntry);
  if (from !== undefined) w.store('switch', record(core, from) + VCPU_RECORD.GPRS, CONTEXT_BYTES);
  w.load('switch', record(core, to) + VCPU_RECORD.GPRS, CONTEXT_BYTES);
}

/** Taking v from CPU `from`'s run queue onto CPU `to`. */
export function migration(core: MonitorCore, v: Vcpu, from: number, to: number): void {
  const w = core.work;
  w.run('switch', core.costs.migration);
  w.store('switch', w.data.pcpu[from] as number, 8);
  w.store('switch', w.data.pcpu[to] as number, 8);
  w.store('switch', record(core, v) + VCPU_RECORD.SCHED, 16);
}

/** Loading and decoding the trapped instruction at machine address pa. */
export function decode(core: MonitorCore, service: MonitorService, pa: number): void {
  core.work.run(service, core.costs.decode);
  core.work.load(service, pa);
}

/** One virtual CP0 register read or written. */
export function cp0Access(core: MonitorCore, v: Vcpu, rd: number, write: boolean): void {
  const w = core.work;
  w.run('privileged', core.costs.cp0Access);
  const ma = w.data.cp0Register(v.globalId, rd);
  if (write) w.store('privileged', ma);
  else w.load('privileged', ma);
}

/** EPC stepped past an emulated instruction. */
export function advance(core: MonitorCore, service: MonitorService): void {
  core.work.run(service, core.costs.advance);
}

/** The L2TLB slot of va probed (nothing when the L2TLB is off). */
export function l2tlbProbe(core: MonitorCore, service: MonitorService, v: Vcpu, va: number): void {
  if (v.l2tlb.size === 0) return;
  core.work.run(service, core.costs.l2tlbProbe);
  core.work.load(service, core.work.data.l2tlbSlot(v.globalId, v.l2tlb.slotIndex(va)), TLB_ENTRY_BYTES);
}

/** A probe of the virtual TLB that examined `examined` entries from entry `first` on. */
export function vtlbProbe(core: MonitorCore, service: MonitorService, v: Vcpu, first: number, examined: number): void {
  core.work.run(service, examined * core.costs.vtlbProbePerEntry);
  core.work.load(service, core.work.data.vtlbEntry(v.globalId, first), examined * TLB_ENTRY_BYTES);
}

/** The pmap entry of guest page gppn of v's VM read. */
export function pmapLookup(core: MonitorCore, service: MonitorService, vm: number, gppn: number): void {
  core.work.run(service, core.costs.pmapLookup);
  core.work.load(service, core.work.data.pmapEntry(vm, gppn), PMAP_ENTRY_BYTES);
}

/** One entry pair written into the local hardware TLB. */
export function hardwareTlbWrite(core: MonitorCore, service: MonitorService): void {
  core.work.run(service, core.costs.hardwareTlbWrite);
}

/** A guest TLB write checked, recorded in the virtual TLB entry i and in the L2TLB slot of va. */
export function guestTlbWrite(core: MonitorCore, v: Vcpu, i: number, va: number): void {
  const w = core.work;
  const c = core.costs;
  w.run('tlbWrite', c.tlbWriteCheck + c.vtlbWrite);
  w.store('tlbWrite', w.data.vtlbEntry(v.globalId, i), TLB_ENTRY_BYTES);
  if (v.l2tlb.size === 0) return;
  w.run('tlbWrite', c.l2tlbWrite);
  w.store('tlbWrite', w.data.l2tlbSlot(v.globalId, v.l2tlb.slotIndex(va)), TLB_ENTRY_BYTES);
}

/** `count` page pairs dropped from a hardware TLB. */
export function shootdown(core: MonitorCore, service: MonitorService, count: number): void {
  core.work.run(service, count * core.costs.shootdown);
}

/** A virtual exception built in v's record. */
export function reflectWork(core: MonitorCore, v: Vcpu): void {
  core.work.run('reflect', core.costs.reflect);
  core.work.store('reflect', record(core, v) + VCPU_RECORD.CP0, 16 * 4);
}

/** A monitor call dispatched, with `buffers` guest buffers checked. */
export function monitorCallWork(core: MonitorCore, buffers: number): void {
  core.work.run('monitorCall', core.costs.monitorCall + buffers * core.costs.bufferCheck);
}

/** The monitor copies `bytes` bytes from machine address src to dst. */
export function copyWork(core: MonitorCore, service: MonitorService, dst: number, src: number, bytes: number): void {
  core.work.run(service, copyInstructions(core.costs, bytes));
  core.work.load(service, src, bytes);
  core.work.store(service, dst, bytes);
}

/** The monitor zeroes `bytes` bytes at machine address ma. */
export function zeroWork(core: MonitorCore, ma: number, bytes: number): void {
  core.work.run('pages', zeroInstructions(core.costs, bytes));
  core.work.store('pages', ma, bytes);
}

/** Machine page mppn allocated to guest page gppn of VM vm (memmap and pmap entries written). */
export function pageAlloc(core: MonitorCore, vm: number, gppn: number, mppn: number): void {
  const w = core.work;
  w.run('pages', core.costs.pageAlloc);
  w.store('pages', w.data.memmapEntry(mppn), MEMMAP_ENTRY_BYTES);
  if (gppn >= 0) w.store('pages', w.data.pmapEntry(vm, gppn), PMAP_ENTRY_BYTES);
}

/** Guest page gppn of VM vm no longer maps machine page mppn. */
export function pageFree(core: MonitorCore, vm: number, gppn: number, mppn: number): void {
  const w = core.work;
  w.run('pages', core.costs.pageFree);
  w.store('pages', w.data.memmapEntry(mppn), MEMMAP_ENTRY_BYTES);
  if (gppn >= 0) w.store('pages', w.data.pmapEntry(vm, gppn), PMAP_ENTRY_BYTES);
}
