// Where the monitor's own data structures live in machine memory (docs/monitor.md "Cost model"):
// a region claimed in the memmap at boot from the top of each NUMA node, never handed to a VM, so
// no guest can map it. Each structure sits on the node that uses it: a VM's pmap, its vCPUs'
// records and L2TLBs on the VM's home node; the memmap entries of a node's pages and the records
// of its CPUs on that node. The contents live in the monitor's TypeScript objects; these addresses
// are what the timing model sees when a handler touches them (monitorWork.ts).

import type { Memmap } from './memmap';

/** Memmap owner code of the monitor's reserved pages. */
export const MONITOR_DATA_VM = -4;

/** Bytes per pmap entry (machine page and flags, precomputed EntryLo). */
export const PMAP_ENTRY_BYTES = 8;
/** Bytes per memmap entry (reference count, owner, backmap head, free-list link). */
export const MEMMAP_ENTRY_BYTES = 16;
/** Bytes per L2TLB slot and per virtual TLB entry (EntryHi, EntryLo0, EntryLo1, PageMask). */
export const TLB_ENTRY_BYTES = 16;
/** Bytes per physical CPU record (run queue head, current vCPU, deadline). */
export const PCPU_RECORD_BYTES = 128;

/** Offsets inside a vCPU record (one 4 KiB page). */
export const VCPU_RECORD = {
  /** 32 GPRs, then HI, LO, PC. */
  GPRS: 0x000,
  HI_LO_PC: 0x080,
  /** Virtual CP0 registers, one word per register number. */
  CP0: 0x100,
  /** Run state, pending lines, timer deadlines. */
  SCHED: 0x180,
  /** The virtual TLB. */
  VTLB: 0x200,
} as const;

const PAGE = 4096;

/** What the layout needs to know of a VM. */
export interface DataVm {
  readonly homeNode: number;
  readonly guestPages: number;
  /** Global ids of its vCPUs and their L2TLB slots. */
  readonly vcpus: readonly { readonly globalId: number; readonly l2tlbEntries: number }[];
}

export class MonitorData {
  /** Machine address of each vCPU record, by global id. */
  readonly vcpuRecord: number[] = [];
  /** Machine address of each vCPU's L2TLB slots, by global id. */
  readonly l2tlb: number[] = [];
  /** Machine address of each VM's pmap. */
  readonly pmap: number[] = [];
  /** Machine address of each physical CPU's record. */
  readonly pcpu: number[] = [];
  /** Machine address of each node's memmap entries (for the node's own pages). */
  private readonly memmapBase: number[] = [];
  /** Pages claimed. */
  readonly pages: number;

  /**
   * Claims the region. Throws a RangeError when a node has too little memory for its share.
   * @param cpuNode the node of each physical CPU
   */
  constructor(
    private readonly memmap: Memmap,
    vms: readonly DataVm[],
    cpuNode: readonly number[],
  ) {
    let claimed = 0;
    for (let n = 0; n < memmap.nodes; n++) {
      const [first, end] = memmap.nodeRange(n);
      let next = end;
      const take = (bytes: number): number => {
        const count = Math.ceil(bytes / PAGE);
        let got = 0;
        while (got < count) {
          next--;
          if (next < first || memmap.refCount(next) !== 0) throw new RangeError(`node ${n} has too little memory for the monitor's data`);
          if (!memmap.isRam(next)) {
            got = 0; // a structure is contiguous RAM: start again below the hole
            continue;
          }
          memmap.claim(next, { vm: MONITOR_DATA_VM, gppn: claimed++ });
          got++;
        }
        // Claimed top-down; a structure spans consecutive RAM pages from `next` upwards.
        return next * PAGE;
      };
      this.memmapBase[n] = take((end - first) * MEMMAP_ENTRY_BYTES);
      const cpus = cpuNode.flatMap((node, p) => (node === n ? [p] : []));
      if (cpus.length > 0) {
        const base = take(cpus.length * PCPU_RECORD_BYTES);
        cpus.forEach((p, k) => (this.pcpu[p] = base + k * PCPU_RECORD_BYTES));
      }
      vms.forEach((vm, i) => {
        if (vm.homeNode !== n) return;
        this.pmap[i] = take(vm.guestPages * PMAP_ENTRY_BYTES);
        for (const v of vm.vcpus) {
          this.vcpuRecord[v.globalId] = take(PAGE);
          this.l2tlb[v.globalId] = take(Math.max(1, v.l2tlbEntries) * TLB_ENTRY_BYTES);
        }
      });
    }
    this.pages = claimed;
  }

  /** The memmap entry of machine page mppn. */
  memmapEntry(mppn: number): number {
    const n = this.memmap.nodeOf(mppn);
    return (this.memmapBase[n] as number) + (mppn - this.memmap.nodeRange(n)[0]) * MEMMAP_ENTRY_BYTES;
  }

  /** The pmap entry of guest page gppn of VM vm. */
  pmapEntry(vm: number, gppn: number): number {
    return (this.pmap[vm] as number) + gppn * PMAP_ENTRY_BYTES;
  }

  /** The L2TLB slot `slot` of vCPU globalId. */
  l2tlbSlot(globalId: number, slot: number): number {
    return (this.l2tlb[globalId] as number) + slot * TLB_ENTRY_BYTES;
  }

  /** The virtual TLB entry i of vCPU globalId. */
  vtlbEntry(globalId: number, i: number): number {
    return (this.vcpuRecord[globalId] as number) + VCPU_RECORD.VTLB + i * TLB_ENTRY_BYTES;
  }

  /** The word of virtual CP0 register rd in vCPU globalId's record. */
  cp0Register(globalId: number, rd: number): number {
    return (this.vcpuRecord[globalId] as number) + VCPU_RECORD.CP0 + (rd & 31) * 4;
  }
}
