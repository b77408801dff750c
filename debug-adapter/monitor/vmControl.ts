// Ending VMs: MC_HALT with an exit code, or a stop with a message when the VM broke an
// isolation rule or the machine ran out of memory for it. The VM's vCPUs leave the scheduler;
// the CPUs running them are interrupted so they switch at once; the other VMs run on. When no
// VM is left the machine is powered off, which ends the run.

import type { MonitorCore } from './core';
import type { Vm, VmEnd } from './vm';

/** Ends vm (first end wins) and stops the machine when it was the last one running. */
export function endVm(core: MonitorCore, vm: Vm, end: VmEnd, cycle: number): void {
  if (vm.end !== undefined) return;
  vm.end = end;
  for (const v of vm.vcpus) {
    v.run = 'stopped';
    core.poke(v.pcpu);
  }
  if (vm.consoleLine !== '') {
    core.console(vm, vm.consoleLine);
    vm.consoleLine = '';
  }
  const v0 = vm.vcpus[0];
  core.emit(end.kind === 'halt' ? 'halt' : 'isolation', v0, cycle, () => (end.kind === 'halt' ? `${vm.name} halted with code ${end.code}` : `${vm.name} stopped: ${end.message}`));
  if (core.vms.every((x) => !x.live)) core.machine.powerOff(0);
}
