// Checks of the monitor's NUMA and sharing state against the hardware, for tests that move pages:
// every valid hardware TLB half on every CPU names a page that is in use and belongs where it is
// (a replica only on its own node, never a master that has a replica on the CPU's node, nothing
// writable that is replicated or shared copy-on-write); every SoftTlb entry agrees with a probe of
// that CPU's hardware TLB; every replica holds its master's bytes; every page the kernel image
// cache uses is one the cache lists (a migrated image page is followed). Returns the problems found.

import { ENTRYLO_D, ENTRYLO_PFN_SHIFT, ENTRYLO_V } from '../../debug-adapter/machine/priv/cp0Bits';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, SOFT_TLB_SIZE } from '../../debug-adapter/machine/softTlb';
import { KERNEL_IMAGE_VM } from '../../debug-adapter/monitor/kernelImages';
import { REPLICA_VM } from '../../debug-adapter/monitor/memmap';
import type { DiscoMonitor } from '../../debug-adapter/monitor/monitor';

const WORDS = 1024;

/** Every violation of the invariants above, as text (empty when none). */
export function numaProblems(m: DiscoMonitor): string[] {
  const out: string[] = [];
  const core = m.core;
  const memmap = core.memmap;
  for (const cpu of m.machine.cpus) {
    const node = m.machine.cpuNode(cpu.index);
    const t = cpu.jtlb;
    for (let i = 0; i < t.size; i++) {
      for (const lo of [t.entryLo0[i] as number, t.entryLo1[i] as number]) {
        if (!(lo & ENTRYLO_V)) continue;
        const page = (lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff;
        const where = `CPU ${cpu.index} TLB[${i}] names page 0x${page.toString(16)}`;
        const users = memmap.usersOf(page);
        const first = users[0];
        if (first === undefined) out.push(`${where}, which is free`);
        else if (first.vm === REPLICA_VM) {
          if (memmap.nodeOf(page) !== node || memmap.numa.replicaOn(first.gppn, node) !== page) out.push(`${where}, a replica that is not this node's`);
          if (lo & ENTRYLO_D) out.push(`${where}, a replica, writable`);
        } else if (memmap.numa.hasReplicas(page)) {
          if (memmap.numa.replicaOn(page, node) >= 0) out.push(`${where}, a master whose replica on node ${node} should be used`);
          if (lo & ENTRYLO_D) out.push(`${where}, replicated, writable`);
        } else if (lo & ENTRYLO_D && users.some((u) => u.vm >= 0 && u.gppn >= 0 && m.vms[u.vm]?.pmap.cow[u.gppn] === 1)) {
          out.push(`${where}, shared copy-on-write, writable`);
        }
        if (first !== undefined && first.vm >= 0 && first.gppn >= 0 && !users.some((u) => m.vms[u.vm]?.pmap.mppn[u.gppn] === page)) out.push(`${where}, which no pmap maps`);
      }
    }
    const soft = cpu.tlb;
    for (const [access, tags, adds] of [[ACCESS_LOAD, soft.loadTag, soft.loadAdd], [ACCESS_STORE, soft.storeTag, soft.storeAdd], [ACCESS_FETCH, soft.fetchTag, soft.fetchAdd]] as const) {
      for (let i = 0; i < SOFT_TLB_SIZE; i++) {
        const tag = tags[i] as number;
        if (tag === 1) continue;
        const pa = (tag + (adds[i] as number)) | 0;
        const probed = cpu.mmu.probe(tag, access);
        if (probed !== pa) out.push(`CPU ${cpu.index} SoftTlb (access ${access}) maps 0x${(tag >>> 0).toString(16)} to 0x${(pa >>> 0).toString(16)}, its TLB to ${probed}`);
      }
    }
  }
  const w = m.machine.memory.m32;
  for (const master of memmap.numa.masters()) {
    for (const r of memmap.numa.replicasOf(master)) {
      for (let k = 0; k < WORDS; k++) {
        if (w[master * WORDS + k] !== w[r * WORDS + k]) {
          out.push(`replica 0x${r.toString(16)} differs from master 0x${master.toString(16)} at word ${k}`);
          break;
        }
      }
    }
  }
  for (const [page, users] of memmap.entries()) {
    if (users.some((u) => u.vm === KERNEL_IMAGE_VM) && !core.kernelImages.holds(page)) out.push(`page 0x${page.toString(16)} is used by the kernel image cache, which does not list it`);
  }
  return out;
}
