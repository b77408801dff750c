// The Linux VMs of a monitor (docs/linux-vm.md): for each, the unmodified kernel, initramfs and
// device tree of the linux-generic board placed in guest-physical memory as the bare board
// places them in RAM (image and initramfs through the kernel image cache, so identical pages are
// shared between VMs), its vCPU started with the UHI hand-off in the guest's reset state, its
// board devices, and the virtualization assist's context per vCPU. `place` puts a physical CPU
// into guest mode for a Linux vCPU (and out of it for anything else) each time the monitor
// resumes it; `exit` handles the guest exits those vCPUs take.

import { placeLinux, uhiHandOff } from '../machine/boards/linuxGeneric';
import { STATUS_BEV, STATUS_ERL } from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import { GuestMode } from '../machine/priv/guestMode';
import type { MachineCpu } from '../machine/system/machineCpu';
import { readLinuxGuest } from '../toolchain/linuxGuestFiles';
import type { SymbolImage } from '../toolchain/symbols/symbolService';
import { UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import type { MonitorCore } from './core';
import { writeGuest } from './guestMemory';
import { loadKernelImage } from './kernelImages';
import { LinuxBoardDevices, type LinuxDevicesState } from './linuxDevices';
import { linuxExit } from './linuxExits';
import { LinuxVcpuContext, type LinuxVcpuState } from './linuxVcpu';
import type { Vcpu } from './vcpu';
import type { Vm } from './vm';

/** EBase at reset: kseg0 0x80000000 with the CPU number. */
const EBASE_RESET = 0x80000000 | 0;

/** The saved form of the Linux VMs. */
export interface LinuxGuestsState {
  readonly devices: readonly LinuxDevicesState[];
  readonly vcpus: readonly LinuxVcpuState[];
}

/** One Linux VM: its devices and its kernel's symbols (System.map, in the VM's address space). */
export interface LinuxVm {
  readonly devices: LinuxBoardDevices;
  readonly systemMaps: readonly SymbolImage[];
}

export class LinuxGuests {
  /** The assist of each physical CPU. */
  private readonly modes: GuestMode[];
  private readonly contexts = new Map<Vcpu, LinuxVcpuContext>();
  private readonly vms = new Map<Vm, LinuxVm>();

  /** Loads every Linux VM of the core's configuration into its guest-physical memory. */
  constructor(
    private readonly core: MonitorCore,
    files: FileAccessor,
  ) {
    this.modes = core.machine.cpus.map((cpu) => new GuestMode(cpu));
    core.vms.forEach((vm, i) => {
      const c = vm.config;
      if (c.kind !== 'linux') return;
      const guest = readLinuxGuest({ kernel: c.kernel, bootArgs: c.bootArgs, ...(c.initrd === undefined ? {} : { initrd: c.initrd }), ...(c.symbols === undefined ? {} : { symbols: c.symbols }) }, files, `vms[${i}]`, vm.name);
      const layout = placeLinux(guest.boot, vm.memoryBytes, core.clockHz);
      // The image and the initramfs through the kernel image cache: VMs booting the same bytes share their pages.
      const put = (gpa: number, bytes: Uint8Array, load: typeof writeGuest): void => {
        if (!load(core, vm, gpa, bytes)) throw new UserError(`${c.kernel}: machine memory is too small to load ${vm.name}'s kernel`);
      };
      put(layout.imageStart, guest.boot.image, loadKernelImage);
      if (layout.initrdStart !== undefined && guest.boot.initrd !== undefined) put(layout.initrdStart, guest.boot.initrd, loadKernelImage);
      put(layout.dtbStart, layout.dtb, writeGuest);
      const uhi = uhiHandOff(layout);
      for (const v of vm.vcpus) {
        v.cp0.status = STATUS_BEV | STATUS_ERL;
        v.cp0.ebase = (EBASE_RESET | v.id) | 0;
        v.pc = guest.boot.entry;
        if (v.id === 0) {
          v.gpr[4] = uhi.a0;
          v.gpr[5] = uhi.a1;
        }
        this.contexts.set(v, new LinuxVcpuContext(core, v, vm));
      }
      this.vms.set(vm, { devices: new LinuxBoardDevices(core, vm), systemMaps: guest.systemMaps });
    });
  }

  /** The Linux VM vm, or undefined for a guest OS VM. */
  of(vm: Vm): LinuxVm | undefined {
    return this.vms.get(vm);
  }

  /** The assist's context of a Linux vCPU, or undefined. */
  context(v: Vcpu): LinuxVcpuContext | undefined {
    return this.contexts.get(v);
  }

  /** True for a vCPU of a Linux VM. */
  has(v: Vcpu): boolean {
    return this.contexts.has(v);
  }

  /** Puts cpu into guest mode for `next` when it is a Linux vCPU, else into root mode. */
  place(cpu: MachineCpu, next: Vcpu | undefined): void {
    const gm = this.modes[cpu.index] as GuestMode;
    const ctx = next === undefined ? undefined : this.contexts.get(next);
    if (ctx === undefined) gm.leave();
    else gm.enter(ctx);
  }

  /** A guest exit of Linux vCPU v; false when v is not one (the caller reflects it). */
  exit(v: Vcpu, cpu: MachineCpu, exc: MachineException): boolean {
    const ctx = this.contexts.get(v);
    const lv = this.vms.get(this.core.vmOf(v));
    const gm = cpu.guest;
    if (ctx === undefined || lv === undefined || gm === undefined) return false;
    linuxExit(this.core, v, cpu, exc, gm, { ctx, devices: lv.devices });
    return true;
  }

  /** Devices and counters of every Linux VM (configuration order), for the monitor's saved state. */
  save(): LinuxGuestsState {
    return {
      devices: [...this.vms.values()].map((lv) => lv.devices.save()),
      vcpus: [...this.contexts.values()].map((c) => c.save()),
    };
  }

  load(s: LinuxGuestsState): void {
    [...this.vms.values()].forEach((lv, i) => {
      const d = s.devices[i];
      if (d !== undefined) lv.devices.load(d);
    });
    [...this.contexts.values()].forEach((c, i) => {
      const v = s.vcpus[i];
      if (v !== undefined) c.load(v);
    });
  }

  /** Console input for a Linux VM (through its UART); false for a guest OS VM. */
  feed(vm: Vm, bytes: Uint8Array): boolean {
    const lv = this.vms.get(vm);
    lv?.devices.feed(bytes);
    return lv !== undefined;
  }
}
