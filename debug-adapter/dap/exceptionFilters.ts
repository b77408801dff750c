// The exception breakpoint filters the adapter offers: every MIPS exception kind (the guest's
// view: under the monitor, the exception the monitor reflects to the guest; on the bare machine,
// the exception the CPU takes) and the monitor's events. Each filter can take a condition.

import type { DebugProtocol } from '@vscode/debugprotocol';
import * as X from '../machine/exceptions';
import type { MonitorEvent } from '../monitor/core';

export interface ExceptionFilter {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** MIPS ExcCodes the filter stops on. */
  readonly excCodes?: readonly number[];
  /** Monitor event kinds the filter stops on. */
  readonly events?: readonly MonitorEvent['kind'][];
}

export const EXCEPTION_FILTERS: readonly ExceptionFilter[] = [
  { id: 'tlb-miss', label: 'TLB miss (refill or invalid)', description: 'TLBL/TLBS: a load, store or fetch found no valid TLB entry', excCodes: [X.EXC_TLBL, X.EXC_TLBS] },
  { id: 'tlb-modified', label: 'TLB modified', description: 'Mod: a store through a valid entry whose D bit is clear', excCodes: [X.EXC_MOD] },
  { id: 'address-error', label: 'Address error', description: 'AdEL/AdES: misaligned access or a kernel address from user mode', excCodes: [X.EXC_ADEL, X.EXC_ADES] },
  { id: 'bus-error', label: 'Bus error', description: 'IBE/DBE: nothing answers at the physical address', excCodes: [X.EXC_IBE, X.EXC_DBE] },
  { id: 'syscall', label: 'System call', description: 'Sys: a SYSCALL instruction', excCodes: [X.EXC_SYS] },
  { id: 'break', label: 'Breakpoint instruction', description: 'Bp: a BREAK instruction', excCodes: [X.EXC_BP] },
  { id: 'reserved-instruction', label: 'Reserved instruction', description: 'RI: an undefined or unsupported instruction', excCodes: [X.EXC_RI] },
  { id: 'coprocessor-unusable', label: 'Coprocessor unusable', description: 'CpU: a coprocessor instruction with Status.CUn clear', excCodes: [X.EXC_CPU] },
  { id: 'overflow-trap', label: 'Overflow and trap', description: 'Ov/Tr/FPE: integer overflow, trap instructions, floating-point exceptions', excCodes: [X.EXC_OV, X.EXC_TR, X.EXC_FPE] },
  { id: 'interrupt', label: 'Interrupt', description: 'Int: a timer, device or inter-processor interrupt is taken', excCodes: [X.EXC_INT] },
  { id: 'monitor-emulate', label: 'Monitor: privileged instruction emulated', description: 'the monitor emulated a guest kernel\'s privileged instruction', events: ['emulate'] },
  { id: 'monitor-reflect', label: 'Monitor: exception reflected to the guest', description: 'a miss or fault the monitor passed to the guest kernel\'s vector', events: ['reflect'] },
  { id: 'monitor-call', label: 'Monitor: monitor call', description: 'a guest asked the monitor for a service (console, disk, network, timer, pages)', events: ['monitor-call'] },
  { id: 'monitor-halt', label: 'Monitor: VM halted', description: 'a VM halted or was stopped (isolation)', events: ['halt', 'isolation'] },
  { id: 'monitor-pages', label: 'Monitor: page allocated or shared', description: 'the pmap gave a guest page a machine page, or shared one', events: ['page-alloc', 'page-share'] },
  { id: 'monitor-schedule', label: 'Monitor: vCPU switched or migrated', description: 'a physical CPU changed vCPU, or a vCPU moved to another CPU', events: ['switch', 'migrate'] },
];

/** The filters as `initialize` announces them. */
export function filterCapabilities(): DebugProtocol.ExceptionBreakpointsFilter[] {
  return EXCEPTION_FILTERS.map((f) => ({ filter: f.id, label: f.label, description: f.description, default: false, supportsCondition: true, conditionDescription: 'an expression, e.g. vm == "server"' }));
}

/** The filter that stops on a MIPS exception or a monitor event. */
export function filterOf(excCode: number | undefined, event: MonitorEvent['kind'] | undefined): ExceptionFilter | undefined {
  return EXCEPTION_FILTERS.find((f) => (excCode !== undefined && f.excCodes?.includes(excCode)) || (event !== undefined && f.events?.includes(event)));
}
