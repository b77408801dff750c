// The monitor's use of a physical CPU's hardware TLB (MIPS32 PRA Vol. III §4.8): installing a
// translated 4 KiB page pair (replacing a matching entry, else at Random), flushing everything on
// a vCPU switch, and shooting down entries that name a machine page, fall in a guest virtual
// range or carry given ASIDs. Every change drops the emulator's SoftTlb entries it may have made
// stale (an installed pair: those of its pages and of the pair it replaced), so none survives.

import { ENTRYHI_ASID, ENTRYHI_VPN2, ENTRYLO_G, ENTRYLO_PFN_SHIFT, ENTRYLO_V } from '../machine/priv/cp0Bits';
import type { MachineCpu } from '../machine/system/machineCpu';

/** The distinct, never-matching EntryHi the machine puts in entry i at reset (kseg0 VPN2). */
const resetHi = (i: number): number => (0x80000000 + i * 0x2000) | 0;

/** Writes a page pair (4 KiB pages) for entryHi = VPN2 | ASID. */
export function installPair(cpu: MachineCpu, entryHi: number, lo0: number, lo1: number): void {
  const t = cpu.jtlb;
  const va = entryHi & ENTRYHI_VPN2;
  let i = t.find(va, entryHi & ENTRYHI_ASID);
  if (i < 0) i = cpu.cp0.random;
  cpu.mmu.writeEntry(i, entryHi, lo0, lo1, 0);
}

/** Invalidates every entry (the paper's flush on a vCPU switch). */
export function flushAll(cpu: MachineCpu): void {
  cpu.jtlb.reset();
  cpu.mmu.mappingChanged();
}

function invalidate(cpu: MachineCpu, i: number): void {
  cpu.jtlb.write(i, resetHi(i), 0, 0, 0);
}

/** True when EntryLo `lo` is valid and names machine page mppn. */
const names = (lo: number, mppn: number): boolean => (lo & ENTRYLO_V) !== 0 && ((lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff) === mppn;

/** Removes entries whose valid halves name machine page mppn; true if any was removed. */
export function shootDownPage(cpu: MachineCpu, mppn: number): boolean {
  const t = cpu.jtlb;
  let hit = false;
  for (let i = 0; i < t.size; i++) {
    if (names(t.entryLo0[i] as number, mppn) || names(t.entryLo1[i] as number, mppn)) {
      invalidate(cpu, i);
      hit = true;
    }
  }
  if (hit) cpu.mmu.mappingChanged();
  // In guest mode the SoftTlb holds guest-virtual → machine translations through the pmap.
  cpu.guest?.translator.dropMachinePage(mppn);
  return hit;
}

/** Removes entries whose page pair lies in [start, start + bytes) (any ASID). */
export function shootDownRange(cpu: MachineCpu, start: number, bytes: number): void {
  const t = cpu.jtlb;
  const lo = start >>> 0;
  const hi = lo + bytes;
  let hit = false;
  for (let i = 0; i < t.size; i++) {
    const va = (t.entryHi[i] as number) & ENTRYHI_VPN2;
    const a = va >>> 0;
    if (a + 0x2000 > lo && a < hi && (t.entryHi[i] as number) !== resetHi(i)) {
      invalidate(cpu, i);
      hit = true;
    }
  }
  if (hit) cpu.mmu.mappingChanged();
}

/** Removes the non-global entries tagged with one of the given ASIDs. */
export function shootDownAsids(cpu: MachineCpu, asids: ReadonlySet<number>): void {
  const t = cpu.jtlb;
  let hit = false;
  for (let i = 0; i < t.size; i++) {
    const hi = t.entryHi[i] as number;
    if (!((t.entryLo0[i] as number) & ENTRYLO_G) && asids.has(hi & ENTRYHI_ASID) && hi !== resetHi(i)) {
      invalidate(cpu, i);
      hit = true;
    }
  }
  if (hit) cpu.mmu.mappingChanged();
}
