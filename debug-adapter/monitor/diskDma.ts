// A disk read's data movement into guest-physical memory (Disco §4.2.2). Each guest page the
// request fills is one of: a page-aligned full page of eight unmodified sectors of a shared-cow
// disk — the cached block's machine page is mapped read-only at the DMA target (zero copy; the
// block is brought into the global cache on a miss); anything else — copied through the pmap
// (a copy into a page mapping a cached block breaks the sharing first, as a guest store would).

import { DISK_ABI } from './abi';
import type { MonitorCore } from './core';
import { BLOCK_SECTORS } from './diskCache';
import { guestRangeOk, writeGuest } from './guestMemory';
import type { VirtualDisk } from './vdisk';
import type { Vm } from './vm';

const SECTOR = DISK_ABI.MC_DISK_SECTOR_BYTES;
const PAGE = 4096;

/** Moves `count` sectors from `sector` to guest-physical `gpa`; false when the range is outside the VM or memory ran out. */
export function readIntoGuest(core: MonitorCore, vm: Vm, d: VirtualDisk, sector: number, count: number, gpa: number): boolean {
  const bytes = count * SECTOR;
  if (!guestRangeOk(vm, gpa, bytes)) return false;
  const data = d.read(sector, count);
  const counters = vm.diskCounters;
  let off = 0;
  while (off < bytes) {
    const a = (gpa >>> 0) + off;
    const n = Math.min(bytes - off, PAGE - (a & (PAGE - 1)));
    const first = sector + off / SECTOR;
    if (!(n === PAGE && off % SECTOR === 0 && shareBlock(core, vm, d, first, a >>> 12, data.subarray(off, off + n)))) {
      counters.pagesCopied++;
      if (!writeGuest(core, vm, a, data.subarray(off, off + n))) return false;
    }
    off += n;
  }
  return true;
}

/** Maps the cached block at `first` onto guest page gppn; false when it cannot be shared. */
function shareBlock(core: MonitorCore, vm: Vm, d: VirtualDisk, first: number, gppn: number, block: Uint8Array): boolean {
  const c = d.cached;
  if (c === undefined || !d.unmodified(first, BLOCK_SECTORS)) return false;
  let m = c.cache.lookup(c.image, first);
  if (m !== undefined) vm.diskCounters.cacheHits++;
  else {
    m = c.cache.insert(c.image, first, block, vm.pmap.homeNode);
    if (m < 0) return false;
    vm.diskCounters.cacheMisses++;
  }
  vm.pmap.shareInto(gppn, m);
  vm.diskCounters.pagesShared++;
  const mppn = m;
  core.emit('page-share', vm.vcpus[0], core.machine.cpus[core.inHook]?.cycle ?? 0, () => `guest page 0x${gppn.toString(16)} of ${vm.name} maps cached block ${first} of ${d.name} (machine page 0x${mppn.toString(16)})`);
  return true;
}
