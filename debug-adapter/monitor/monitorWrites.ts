// Machine memory the monitor writes itself (page zeroing, copy-on-write and NUMA copies, disk
// and network DMA through the pmap): like the board's DMA, such a write is coherent — every
// CPU's cached copies of the lines are dropped from the timing model — and it is recorded for
// watchpoints, snapshots and compiled code.

import type { Machine } from '../machine/system/machine';

/** Writes `data` at machine address pa as the monitor. */
export function monitorWrite(machine: Machine, pa: number, data: Uint8Array): void {
  machine.memory.writeBytes(pa, data);
  noteMonitorWrite(machine, pa, data.length);
}

/** Records that the monitor wrote [pa, pa + len) by other means (fill, copy). */
export function noteMonitorWrite(machine: Machine, pa: number, len: number): void {
  machine.timing?.invalidateRange(pa, len);
  machine.noteMemoryWritten(pa, len);
}
