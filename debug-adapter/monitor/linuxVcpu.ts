// A Linux VM's vCPU as the virtualization assist runs it (machine/priv/guestContext.ts): its
// guest CP0 copy is the vCPU's virtual CP0 and its guest TLB the vCPU's virtual TLB, so every
// monitor view, counter and saved state that shows them shows what the assisted guest did. The
// root map is the VM's pmap: a page that is mapped (and writable for a store) is given at once,
// anything else — first touch, copy-on-write, device registers, nothing — is a GPA exit the
// monitor handles (linuxExits.ts). Count/Compare writes and Cause reads are GPSI exits, so the
// monitor's virtual timer (vtime.ts) stays the one source of Count = Compare matches.

import { CP0_CAUSE, CP0_COMPARE, CP0_COUNT, CP0_PRID, EBASE_WRITABLE } from '../machine/priv/cp0Bits';
import { type GuestContext, newGuestCounters } from '../machine/priv/guestContext';
import type { JointTlb } from '../machine/priv/tlb';
import type { MachineCpu } from '../machine/system/machineCpu';
import type { MonitorCore } from './core';
import type { Vcpu } from './vcpu';
import type { VirtualCp0 } from './virtualCp0';
import type { Vm } from './vm';

/** The saved form of a Linux vCPU's counters. */
export interface LinuxVcpuState {
  readonly exits: Readonly<Record<string, number>>;
  readonly exceptions: Readonly<Record<string, number>>;
  readonly assisted: Readonly<Record<string, number>>;
  readonly interrupts: number;
}

/** Makes `to` hold exactly the entries of `from`. */
function replace(to: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const k of Object.keys(to)) delete to[k];
  Object.assign(to, from);
}

export class LinuxVcpuContext implements GuestContext {
  readonly cp0: VirtualCp0;
  readonly tlb: JointTlb;
  readonly counters = newGuestCounters();
  /** Guest exits the monitor handled, by kind ("GPSI MTC0", "GPA page"…). */
  readonly exitCounts: Record<string, number> = {};

  constructor(
    private readonly core: MonitorCore,
    readonly v: Vcpu,
    private readonly vm: Vm,
  ) {
    this.cp0 = v.cp0;
    this.tlb = v.vtlb;
  }

  /** The counters, for the monitor's saved state. */
  save(): LinuxVcpuState {
    return structuredClone({ exits: this.exitCounts, exceptions: this.counters.exceptions, assisted: this.counters.assisted, interrupts: this.counters.interrupts });
  }

  load(s: LinuxVcpuState): void {
    replace(this.exitCounts, s.exits);
    replace(this.counters.exceptions, s.exceptions);
    replace(this.counters.assisted, s.assisted);
    this.counters.interrupts = s.interrupts;
  }

  /** Instructions the vCPU has retired up to now (Random and Wired count over them). */
  private icount(): number {
    const p = this.v.pcpu;
    const cpu = this.core.machine.cpus[p] as MachineCpu;
    return this.v.icount + cpu.state.icount - (this.core.icountAt[p] as number);
  }

  mfc0(reg: number, sel: number): number {
    return this.cp0.read(reg, sel, this.icount());
  }

  mtc0(reg: number, sel: number, value: number): void {
    // EBase as the hardware takes it (kseg0/kseg1 bases: bit 31 set, bit 30 clear), CPUNum fixed.
    if (reg === CP0_PRID && sel === 1) this.cp0.ebase = (this.cp0.ebase & ~EBASE_WRITABLE) | (value & EBASE_WRITABLE);
    else this.cp0.write(reg, sel, value, this.icount());
  }

  exits(reg: number, sel: number, write: boolean): boolean {
    if (sel !== 0) return false;
    return write ? reg === CP0_COUNT || reg === CP0_COMPARE : reg === CP0_CAUSE;
  }

  random(): number {
    return this.cp0.random(this.icount());
  }

  rootPage(gppn: number, store: boolean): number {
    const pmap = this.vm.pmap;
    if (!pmap.contains(gppn)) return -1;
    const m = pmap.mppn[gppn] as number;
    return m < 0 || (store && pmap.cow[gppn] === 1) ? -1 : m;
  }

  rootPeek(gppn: number): number {
    return this.vm.pmap.contains(gppn) ? (this.vm.pmap.mppn[gppn] as number) : -1;
  }
}
