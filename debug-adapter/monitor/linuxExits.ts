// Guest exits of Linux VMs (ExcCode GE, machine/priv/guestContext.ts), the only way an
// assisted guest enters the monitor besides root interrupts:
// - GPSI: the guest privileged sensitive instructions — Count/Compare writes and Cause reads
//   are emulated against the virtual CP0 and the monitor's virtual timer (with Cause.TI, which a
//   Release 2 kernel polls, mirroring virtual IP7), WAIT deschedules the vCPU; a WAIT with every
//   interrupt masked (Linux's final halt) ends the VM with status 0;
// - GPA: a guest-physical page the pmap did not give — allocated on first touch or copied on a
//   write to a shared page, then the instruction restarts; a register of the board's devices
//   (linuxDevices.ts), whose load or store the monitor performs; or nothing, which is the
//   bare board's bus error (DBE, or IBE for a fetch) at the guest's vector.

import { EXC_DBE, EXC_IBE } from '../machine/exceptions';
import { CAUSE_TI, CP0_CAUSE, STATUS_IM } from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import { GEXC_GPSI } from '../machine/priv/guestContext';
import type { GuestMode } from '../machine/priv/guestMode';
import { ACCESS_FETCH, ACCESS_STORE } from '../machine/softTlb';
import type { MachineCpu } from '../machine/system/machineCpu';
import { VIRTUAL_IP, vipBit } from './abi';
import type { MonitorCore } from './core';
import { emulatePrivileged, privilegedName } from './emulate';
import type { LinuxBoardDevices } from './linuxDevices';
import type { LinuxVcpuContext } from './linuxVcpu';
import { processDue } from './vdevices';
import type { Vcpu } from './vcpu';
import { endVm } from './vmControl';

/** Loads and stores by opcode: access size, and for loads whether the value is sign-extended. */
const LOADS: Readonly<Record<number, readonly [1 | 2 | 4, boolean]>> = { 0x20: [1, true], 0x24: [1, false], 0x21: [2, true], 0x25: [2, false], 0x23: [4, false] };
const STORES: Readonly<Record<number, 1 | 2 | 4>> = { 0x28: 1, 0x29: 2, 0x2b: 4 };

/** What a guest exit needs: the vCPU's context and its VM's devices. */
export interface LinuxExitTarget {
  readonly ctx: LinuxVcpuContext;
  readonly devices: LinuxBoardDevices;
}

function note(ctx: LinuxVcpuContext, kind: string): void {
  ctx.exitCounts[kind] = (ctx.exitCounts[kind] ?? 0) + 1;
}

/** The instruction word at pc through the guest's translation, or undefined. */
function guestWord(core: MonitorCore, gm: GuestMode, pc: number): number | undefined {
  const pa = gm.translator.probe(pc, ACCESS_FETCH);
  return pa >= 0 && core.machine.memory.isRam(pa, 4) ? core.machine.memory.read32(pa) : undefined;
}

/** Continues after the instruction that exited (the branch target when it sat in a delay slot). */
function next(cpu: MachineCpu, exc: MachineException): void {
  cpu.state.jumpTo(exc.inDelaySlot ? exc.nextPc : (exc.pc + 4) | 0);
}

/** Handles one guest exit of a Linux vCPU. */
export function linuxExit(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException, gm: GuestMode, t: LinuxExitTarget): void {
  const w = guestWord(core, gm, exc.pc);
  if (gm.exit.code === GEXC_GPSI && w !== undefined) gpsi(core, v, cpu, exc, w, t.ctx);
  else if (gm.exit.code !== GEXC_GPSI) gpa(core, v, cpu, exc, gm, w, t);
}

function gpsi(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException, w: number, ctx: LinuxVcpuContext): void {
  const name = privilegedName(w) ?? 'RI';
  note(ctx, `GPSI ${name}`);
  processDue(core, cpu.cycle);
  if (name === 'WAIT' && (v.cp0.status & STATUS_IM) === 0) {
    endVm(core, core.vmOf(v), { kind: 'halt', code: 0 }, cpu.cycle);
    return;
  }
  emulatePrivileged(core, v, cpu, exc, w);
  const rt = (w >>> 16) & 31;
  if (name === 'MFC0' && ((w >>> 11) & 31) === CP0_CAUSE && rt !== 0 && v.lines & vipBit(VIRTUAL_IP.VIP_COMPARE)) cpu.state.gpr[rt] = (cpu.state.gpr[rt] as number) | CAUSE_TI;
}

function gpa(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException, gm: GuestMode, w: number | undefined, t: LinuxExitTarget): void {
  const vm = core.vmOf(v);
  const { gpa: address, access } = gm.exit;
  const gppn = Math.floor(address / 4096);
  if (vm.pmap.contains(gppn)) {
    note(t.ctx, 'GPA page');
    if (vm.pmap.translate(gppn, access === ACCESS_STORE) < 0) endVm(core, vm, { kind: 'stopped', message: 'machine memory is exhausted' }, cpu.cycle);
    else cpu.state.jumpTo(exc.epc);
    return;
  }
  if (access !== ACCESS_FETCH && w !== undefined && t.devices.claims(address) && device(cpu, exc, w, address, t.devices)) {
    note(t.ctx, 'GPA device');
    v.icount++;
    return;
  }
  note(t.ctx, 'GPA bus error');
  gm.deliver({ ...exc, excCode: access === ACCESS_FETCH ? EXC_IBE : EXC_DBE });
}

/** Performs the load or store w on a device register; false when the device answers with a bus error. */
function device(cpu: MachineCpu, exc: MachineException, w: number, address: number, devices: LinuxBoardDevices): boolean {
  const op = w >>> 26;
  const rt = (w >>> 16) & 31;
  const load = LOADS[op];
  if (load !== undefined) {
    const [size, signed] = load;
    const value = devices.read(address, size, cpu.index);
    if (value === undefined) return false;
    const shift = 32 - 8 * size;
    if (rt !== 0) cpu.state.gpr[rt] = signed ? (value << shift) >> shift : value;
    next(cpu, exc);
    return true;
  }
  const size = STORES[op];
  if (size === undefined) return false;
  const value = (cpu.state.gpr[rt] as number) & (size === 4 ? -1 : (1 << (8 * size)) - 1);
  if (!devices.write(address, size, value, cpu.index)) return false;
  next(cpu, exc);
  return true;
}
