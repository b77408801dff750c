// The exit-handler table (like KVM/MIPS's kvm_mips_callbacks): one handler per ExcCode taken
// while a guest runs. Coprocessor Unusable in virtual kernel mode is emulated; a SYSCALL with
// the monitor-call code in virtual kernel mode is a monitor call; TLB misses and Mod go to the
// memory virtualization; physical interrupts only bring the CPU into the monitor; everything
// else (and CpU/SYSCALL from guest user mode) is reflected to the guest kernel unchanged.

import { EXC_CPU, EXC_GE, EXC_INT, EXC_MOD, EXC_SYS, EXC_TLBL, EXC_TLBS } from '../machine/exceptions';
import { MODE_KERNEL } from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import type { MachineCpu } from '../machine/system/machineCpu';
import { ACCESS_FETCH } from '../machine/softTlb';
import { MC_SYSCALL_CODE } from './abi';
import type { MonitorCore } from './core';
import type { MonitorService } from './costModel';
import { emulatePrivileged } from './emulate';
import { monitorCall } from './monitorCalls';
import { decode } from './monitorSteps';
import { fromMachine, reflect } from './reflect';
import type { Vcpu } from './vcpu';
import { handleTlbMiss, handleTlbMod } from './vmem';

/** Handles one exit; leaves the CPU where the vCPU continues. */
export type ExitHandler = (core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException) => void;

/** Reflects the exception to the guest as the machine raised it. */
export const reflectAsIs: ExitHandler = (core, v, cpu, exc) => reflect(core, v, cpu, fromMachine(exc));

/** The instruction word at pc (as the CPU fetched it; the monitor loads and decodes it), or undefined. */
function fetchWord(core: MonitorCore, service: MonitorService, cpu: MachineCpu, pc: number): number | undefined {
  const pa = cpu.mmu.probe(pc, ACCESS_FETCH);
  if (!core.machine.memory.isRam(pa, 4)) return undefined;
  decode(core, service, pa);
  return core.machine.memory.read32(pa);
}

const copUnusable: ExitHandler = (core, v, cpu, exc) => {
  const w = exc.coprocessor === 0 && v.cp0.mode === MODE_KERNEL ? fetchWord(core, 'privileged', cpu, exc.pc) : undefined;
  if (w === undefined) reflectAsIs(core, v, cpu, exc);
  else emulatePrivileged(core, v, cpu, exc, w);
};

const syscall: ExitHandler = (core, v, cpu, exc) => {
  const w = v.cp0.mode === MODE_KERNEL ? fetchWord(core, 'monitorCall', cpu, exc.pc) : undefined;
  if (w !== undefined && ((w >>> 6) & 0xfffff) === MC_SYSCALL_CODE) monitorCall(core, v, cpu, exc);
  else reflectAsIs(core, v, cpu, exc);
};

/** Handlers by Cause.ExcCode; codes not listed are reflected. */
export const EXIT_HANDLERS: Readonly<Partial<Record<number, ExitHandler>>> = {
  [EXC_INT]: () => {},
  [EXC_CPU]: copUnusable,
  [EXC_SYS]: syscall,
  [EXC_TLBL]: handleTlbMiss,
  [EXC_TLBS]: handleTlbMiss,
  [EXC_MOD]: handleTlbMod,
  [EXC_GE]: (core, v, cpu, exc) => {
    if (core.linux?.exit(v, cpu, exc) !== true) reflectAsIs(core, v, cpu, exc);
  },
};
