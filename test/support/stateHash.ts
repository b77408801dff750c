// One string for everything that makes a debug target's state: every CPU's registers, CP0 and
// clocks, a hash of machine memory, the monitor's saved state and the position. Two states are
// the same exactly when their strings are equal (reverse-execution tests compare them).

import { saveMonitorState } from '../../debug-adapter/monitor/monitorState';
import type { DebugTarget } from '../../debug-adapter/debugger/target';

export function stateHash(t: DebugTarget): string {
  const m = t.machine;
  let h = 0x811c9dc5;
  const w = m.memory.m32;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ (w[i] as number), 16777619);
  const cpus = m.cpus.map((c) => ({
    gpr: [...c.state.gpr], hi: c.state.hi, lo: c.state.lo, pc: c.state.pc, npc: c.state.npc, ds: c.state.inDelaySlot,
    icount: c.state.icount, cycle: c.cycle, waiting: c.waiting, cp0: c.cp0.save(),
  }));
  const mon = t.monitor === undefined ? undefined : saveMonitorState(t.monitor.core);
  return JSON.stringify({ h, cpus, mon, position: m.position });
}
