// Guest-physical memory as the monitor's virtual devices reach it (the paper's DMA through the
// pmap): every buffer is checked to lie inside the VM's memory before anything moves, then
// copied page by page through the pmap (allocating on first touch, breaking copy-on-write for
// writes). Writes are coherent DMA (monitorWrites.ts): cached copies are dropped, snapshots
// and compiled code see them.

import type { MonitorCore } from './core';
import { monitorWrite } from './monitorWrites';
import type { Vm } from './vm';

/** True when [gpa, gpa+len) lies inside vm's guest-physical memory. */
export function guestRangeOk(vm: Vm, gpa: number, len: number): boolean {
  const a = gpa >>> 0;
  return Number.isInteger(len) && len >= 0 && a + len <= vm.memoryBytes;
}

/** Reads guest-physical bytes; undefined when the range is outside the VM or memory ran out. */
export function readGuest(core: MonitorCore, vm: Vm, gpa: number, len: number): Uint8Array | undefined {
  if (!guestRangeOk(vm, gpa, len)) return undefined;
  const out = new Uint8Array(len);
  let a = gpa >>> 0;
  let done = 0;
  while (done < len) {
    const n = Math.min(len - done, 4096 - (a & 4095));
    const m = vm.pmap.translate(a >>> 12, false);
    if (m < 0) return undefined;
    out.set(core.machine.memory.readBytes(m * 4096 + (a & 4095), n), done);
    done += n;
    a += n;
  }
  return out;
}

/** Writes guest-physical bytes; false when the range is outside the VM or memory ran out. */
export function writeGuest(core: MonitorCore, vm: Vm, gpa: number, data: Uint8Array): boolean {
  if (!guestRangeOk(vm, gpa, data.length)) return false;
  let a = gpa >>> 0;
  let done = 0;
  while (done < data.length) {
    const n = Math.min(data.length - done, 4096 - (a & 4095));
    const m = vm.pmap.translate(a >>> 12, true);
    if (m < 0) return false;
    monitorWrite(core.machine, m * 4096 + (a & 4095), data.subarray(done, done + n));
    done += n;
    a += n;
  }
  return true;
}
