// Monitor calls (guest ABI §4, Disco §1.4): `syscall MC_SYSCALL_CODE` in virtual kernel mode
// with the call number in $v0 and arguments in $a0..$a3; results in $v0/$v1. One handler per
// call in a table. Every guest-physical buffer is checked against the VM's memory before any
// data moves (MC_E_FAULT otherwise); bad arguments get MC_E_INVAL, unknown numbers MC_E_NOSYS.

import type { MachineException } from '../machine/priv/exceptionEntry';
import type { MachineCpu } from '../machine/system/machineCpu';
import { ACKABLE_LINES, DISK_ABI, MC_RESULTS as R, MONITOR_CALLS as MC, VIRTUAL_IP, vipBit } from './abi';
import type { MonitorCore } from './core';
import { copyInstructions } from './costModel';
import { bump } from './counters';
import { advance } from './emulate';
import { guestRangeOk, readGuest, writeGuest } from './guestMemory';
import { monitorCallWork } from './monitorSteps';
import type { Vcpu } from './vcpu';
import { consoleWrite, startDisk, updateConsoleLine, updateDiskLine } from './vdevices';
import { netReceive, netSendFrame, netSendVector } from './vnet';
import type { Vm } from './vm';
import { endVm } from './vmControl';

/** What a call sees: the monitor, the calling vCPU and its VM, the CPU, the arguments $a0..$a3. */
interface CallContext {
  readonly core: MonitorCore;
  readonly v: Vcpu;
  readonly vm: Vm;
  readonly cpu: MachineCpu;
  readonly a: readonly [number, number, number, number];
}

/** $v0 (and $v1) of a call. */
type CallResult = number | readonly [number, number];

const pageAligned = (gpa: number): boolean => (gpa & 0xfff) === 0;

function copyIn(c: CallContext, gpa: number, len: number): Uint8Array | undefined {
  c.core.work.run('monitorCall', copyInstructions(c.core.costs, len));
  return readGuest(c.core, c.vm, gpa, len);
}

function copyOut(c: CallContext, gpa: number, data: Uint8Array): boolean {
  c.core.work.run('monitorCall', copyInstructions(c.core.costs, data.length));
  return writeGuest(c.core, c.vm, gpa, data);
}

/** A guest page argument: its page number, or a result code when it is misaligned or outside. */
function guestPage(c: CallContext, gpa: number): number | CallResult {
  if (!pageAligned(gpa)) return R.MC_E_INVAL;
  if (!guestRangeOk(c.vm, gpa, 4096)) return R.MC_E_FAULT;
  return gpa >>> 12;
}

const HANDLERS: Readonly<Record<number, (c: CallContext) => CallResult>> = {
  [MC.MC_CONSOLE_WRITE]: (c) => {
    const [gpa, len] = c.a;
    const data = copyIn(c, gpa, len);
    if (data === undefined) return R.MC_E_FAULT;
    consoleWrite(c.core, c.vm, data);
    return len;
  },
  [MC.MC_CONSOLE_READ]: (c) => {
    const [gpa, max] = c.a;
    if (!guestRangeOk(c.vm, gpa, max)) return R.MC_E_FAULT;
    const data = Uint8Array.from(c.vm.consoleInput.slice(0, max));
    if (!copyOut(c, gpa, data)) return R.MC_E_FAULT;
    c.vm.consoleInput.splice(0, data.length);
    updateConsoleLine(c.core, c.vm);
    return data.length;
  },
  [MC.MC_TIMER_SET]: (c) => {
    const period = c.a[0] >>> 0;
    if (period !== 0 && period < 100) return R.MC_E_INVAL;
    c.v.timerPeriod = period;
    c.v.timerNext = c.cpu.cycle + period;
    c.core.lower(c.v, vipBit(VIRTUAL_IP.VIP_TIMER));
    return R.MC_OK;
  },
  [MC.MC_CLOCK_READ]: (c) => {
    const ns = Math.floor((c.cpu.cycle * 1e9) / c.core.clockHz);
    return [ns % 0x100000000 | 0, Math.floor(ns / 0x100000000) | 0];
  },
  [MC.MC_DISK_IO]: (c) => {
    const [packed, sector, gpa] = c.a;
    const disk = c.vm.disks[packed & 0xff];
    const op = (packed >>> DISK_ABI.MC_DISK_OP_SHIFT) & 0xff;
    const count = packed >>> DISK_ABI.MC_DISK_COUNT_SHIFT;
    if (disk === undefined) return R.MC_E_NODEV;
    if (disk.pending !== undefined) return R.MC_E_BUSY;
    if (op > DISK_ABI.MC_DISK_FLUSH) return R.MC_E_INVAL;
    if (op !== DISK_ABI.MC_DISK_FLUSH) {
      if (count < 1 || count > DISK_ABI.MC_DISK_MAX_SECTORS || (sector >>> 0) + count > disk.sectors) return R.MC_E_INVAL;
      if (!guestRangeOk(c.vm, gpa, count * DISK_ABI.MC_DISK_SECTOR_BYTES)) return R.MC_E_FAULT;
    }
    startDisk(disk, op, sector >>> 0, count, gpa >>> 0, c.cpu.cycle);
    return R.MC_OK;
  },
  [MC.MC_DISK_STATUS]: (c) => {
    const disk = c.vm.disks[c.a[0] >>> 0];
    if (disk === undefined) return R.MC_E_NODEV;
    const status = disk.status;
    disk.status &= DISK_ABI.MC_DISK_ST_BUSY;
    updateDiskLine(c.core, c.vm);
    return [status, disk.sectors];
  },
  [MC.MC_NET_SEND]: (c) => (c.vm.config.network ? netSendFrame(c.core, c.vm, c.a[0], c.a[1], c.cpu.cycle) : R.MC_E_NODEV),
  [MC.MC_NET_SENDV]: (c) => (c.vm.config.network ? netSendVector(c.core, c.vm, c.a[0], c.a[1], c.cpu.cycle) : R.MC_E_NODEV),
  [MC.MC_NET_RECV]: (c) => (c.vm.config.network ? netReceive(c.core, c.vm, c.a[0], c.a[1], c.cpu.cycle) : R.MC_E_NODEV),
  [MC.MC_ZERO_PAGE]: (c) => {
    const g = guestPage(c, c.a[0]);
    if (typeof g !== 'number' || g < 0) return g;
    c.vm.pmap.free(g);
    return c.vm.pmap.translate(g, true) < 0 ? R.MC_E_BUSY : R.MC_OK;
  },
  [MC.MC_FREE_PAGE]: (c) => {
    const g = guestPage(c, c.a[0]);
    if (typeof g !== 'number' || g < 0) return g;
    c.vm.pmap.free(g);
    return R.MC_OK;
  },
  [MC.MC_REMAP]: (c) => {
    const dst = guestPage(c, c.a[0]);
    const src = guestPage(c, c.a[1]);
    if (typeof dst !== 'number' || dst < 0) return dst;
    if (typeof src !== 'number' || src < 0) return src;
    if (dst === src) return R.MC_OK;
    const m = c.vm.pmap.translate(src, false);
    if (m < 0) return R.MC_E_BUSY;
    c.vm.pmap.makeReadOnly(src);
    c.vm.pmap.shareInto(dst, m);
    c.core.emit('page-share', c.v, c.cpu.cycle, () => `guest page 0x${dst.toString(16)} shares machine page 0x${m.toString(16)} with 0x${src.toString(16)}`);
    return R.MC_OK;
  },
  [MC.MC_IPI]: (c) => {
    const target = c.vm.vcpus[c.a[0] >>> 0];
    if (target === undefined) return R.MC_E_INVAL;
    c.core.raise(target, vipBit(VIRTUAL_IP.VIP_IPI));
    return R.MC_OK;
  },
  [MC.MC_HALT]: (c) => {
    endVm(c.core, c.vm, { kind: 'halt', code: c.a[0] | 0 }, c.cpu.cycle);
    return R.MC_OK;
  },
  [MC.MC_INTR_CHECK]: () => R.MC_OK,
  [MC.MC_INTR_ACK]: (c) => {
    c.core.lower(c.v, c.a[0] & ACKABLE_LINES);
    return R.MC_OK;
  },
};

const NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(MC).map(([k, n]) => [n, k]));

/** Runs the monitor call that trapped at exc.pc and continues after the syscall. */
export function monitorCall(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException): void {
  const g = cpu.state.gpr;
  const n = g[2] as number;
  const name = NAMES[n] ?? `unknown(${n})`;
  bump(v.counters.monitorCalls, name);
  monitorCallWork(core, 0);
  const handler = HANDLERS[n];
  const c: CallContext = { core, v, vm: core.vmOf(v), cpu, a: [g[4] as number, g[5] as number, g[6] as number, g[7] as number] };
  const r = handler === undefined ? R.MC_E_NOSYS : handler(c);
  core.emit('monitor-call', v, cpu.cycle, () => `${name} → ${String(r)}`, -1, name);
  if (typeof r === 'number') g[2] = r | 0;
  else {
    g[2] = r[0] | 0;
    g[3] = r[1] | 0;
  }
  v.icount++;
  advance(core, 'monitorCall', cpu, exc);
}
