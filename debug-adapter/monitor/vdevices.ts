// The virtual devices' time-driven side and their interrupt lines: MC_TIMER_SET periods (IP5),
// virtual Count/Compare matches (IP7), disk completions (data moves at completion, diskDma.ts; IP3), console
// input (IP2, level); the virtual subnet's line (IP4) is in vnet.ts.
// Completion and delivery interrupt vCPU 0 of the VM; timers and Compare the vCPU that set them.

import { DISK_SECTOR_CYCLES, DISK_SEEK_CYCLES } from '../machine/devices/disk';
import { DISK_ABI, VIRTUAL_IP, vipBit } from './abi';
import type { MonitorCore } from './core';
import { readIntoGuest } from './diskDma';
import { readGuest } from './guestMemory';
import type { DiskRequest, VirtualDisk } from './vdisk';
import type { Vm } from './vm';
import { nextCompareCycle } from './vtime';

const IP_CONSOLE = vipBit(VIRTUAL_IP.VIP_CONSOLE);
const IP_DISK = vipBit(VIRTUAL_IP.VIP_DISK);

/** Fires every virtual timer, Compare match and disk completion due at `now`. */
export function processDue(core: MonitorCore, now: number): void {
  for (const vm of core.vms) {
    if (!vm.live) continue;
    for (const v of vm.vcpus) {
      if (v.timerPeriod > 0 && now >= v.timerNext) {
        v.timerNext += v.timerPeriod * (Math.floor((now - v.timerNext) / v.timerPeriod) + 1);
        core.raise(v, vipBit(VIRTUAL_IP.VIP_TIMER));
      }
      if (now >= v.compareAt) {
        v.compareAt = nextCompareCycle(v, now);
        core.raise(v, vipBit(VIRTUAL_IP.VIP_COMPARE));
      }
    }
    for (const d of vm.disks) if (d.pending !== undefined && now >= d.pending.doneAt) completeDisk(core, vm, d, d.pending);
  }
}

/** Starts a disk request; it completes after the board disk's seek + per-sector latency. */
export function startDisk(d: VirtualDisk, op: number, sector: number, count: number, gpa: number, now: number): void {
  const sectors = op === DISK_ABI.MC_DISK_FLUSH ? 0 : count;
  d.pending = { op, sector, count, gpa, doneAt: now + DISK_SEEK_CYCLES + sectors * DISK_SECTOR_CYCLES };
  d.status = DISK_ABI.MC_DISK_ST_BUSY;
}

function completeDisk(core: MonitorCore, vm: Vm, d: VirtualDisk, r: DiskRequest): void {
  d.pending = undefined;
  let ok = true;
  const bytes = r.count * DISK_ABI.MC_DISK_SECTOR_BYTES;
  if (r.op === DISK_ABI.MC_DISK_READ) ok = readIntoGuest(core, vm, d, r.sector, r.count, r.gpa);
  else if (r.op === DISK_ABI.MC_DISK_WRITE) {
    const data = readGuest(core, vm, r.gpa, bytes);
    ok = data !== undefined && writeDisk(d, r.sector, data);
  }
  d.status = ok ? DISK_ABI.MC_DISK_ST_DONE : DISK_ABI.MC_DISK_ST_ERROR;
  const v0 = vm.vcpus[0];
  if (v0 !== undefined) core.raise(v0, IP_DISK);
}

/** A write as the guest will be told of it: false when a persistent disk's overlay could not be written. */
function writeDisk(d: VirtualDisk, sector: number, data: Uint8Array): boolean {
  try {
    d.write(sector, data);
    return true;
  } catch {
    return false;
  }
}

/** Lowers IP3 once no disk of the VM has a completion left to acknowledge. */
export function updateDiskLine(core: MonitorCore, vm: Vm): void {
  const v0 = vm.vcpus[0];
  if (v0 === undefined) return;
  const done = DISK_ABI.MC_DISK_ST_DONE | DISK_ABI.MC_DISK_ST_ERROR;
  if (vm.disks.some((d) => (d.status & done) !== 0)) core.raise(v0, IP_DISK);
  else core.lower(v0, IP_DISK);
}

/** Queues console input for a VM (IP2 while unread). */
export function feedConsole(core: MonitorCore, vm: Vm, bytes: Uint8Array): void {
  vm.consoleInput.push(...bytes);
  updateConsoleLine(core, vm);
}

export function updateConsoleLine(core: MonitorCore, vm: Vm): void {
  const v0 = vm.vcpus[0];
  if (v0 === undefined) return;
  if (vm.consoleInput.length > 0) core.raise(v0, IP_CONSOLE);
  else core.lower(v0, IP_CONSOLE);
}

/** Console output: complete lines go to the console sink, the rest waits for its newline. */
export function consoleWrite(core: MonitorCore, vm: Vm, bytes: Uint8Array): void {
  let text = vm.consoleLine;
  for (const b of bytes) text += String.fromCharCode(b);
  const lines = text.split('\n');
  vm.consoleLine = lines.pop() ?? '';
  for (const line of lines) core.console(vm, line);
}
