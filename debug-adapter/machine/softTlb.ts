// The software TLB: an emulator lookup cache, never guest-visible state (unlike the CP0 TLB).
// Three direct-mapped tables (load, store, fetch) of SOFT_TLB_SIZE entries, indexed by
// VPN mod size, each holding the page's virtual base as tag and `pa - va` as addend. The tag
// of an entry is compared with `va & (~PAGE_MASK | alignMask)`, so one compare also rejects a
// misaligned access (TinyEMU's trick). Invalid entries hold tag 1, which no masked address
// equals. An entry is only filled for plain RAM that the translation allows; MMIO, watched
// pages and (for stores) pages holding compiled code are left out so that they take the slow
// path. The guest's address map changes (TLB writes, ASID, mode, munmap) flush it.
// The six tables of a CPU lie side by side in one slot of its machine's SoftTlbTable, which
// compiled code holds as a constant: it indexes the slot at `base` instead of loading six arrays
// from the CPU (TurboFan then checks none of them per loop iteration).

import { PAGE_MASK, PAGE_SHIFT } from './physicalMemory';

export const SOFT_TLB_BITS = 12;
export const SOFT_TLB_SIZE = 1 << SOFT_TLB_BITS;
export const SOFT_TLB_INDEX_MASK = SOFT_TLB_SIZE - 1;
const INVALID_TAG = 1;

/** The kind of a memory access, as the translation hook sees it. */
export type Access = 0 | 1 | 2;
export const ACCESS_LOAD = 0;
export const ACCESS_STORE = 1;
export const ACCESS_FETCH = 2;

/** Where each table starts in a SoftTlb's slot (Int32 elements from `base`). */
export const LOAD_TAG = 0;
export const LOAD_ADD = SOFT_TLB_SIZE;
export const STORE_TAG = 2 * SOFT_TLB_SIZE;
export const STORE_ADD = 3 * SOFT_TLB_SIZE;
export const FETCH_TAG = 4 * SOFT_TLB_SIZE;
export const FETCH_ADD = 5 * SOFT_TLB_SIZE;
const SLOT_SIZE = 6 * SOFT_TLB_SIZE;

export class SoftTlb {
  readonly loadTag: Int32Array;
  readonly loadAdd: Int32Array;
  readonly storeTag: Int32Array;
  readonly storeAdd: Int32Array;
  readonly fetchTag: Int32Array;
  readonly fetchAdd: Int32Array;

  /** @param base the first element of this SoftTlb's slot in `table` */
  constructor(
    table: Int32Array,
    readonly base: number,
  ) {
    const view = (at: number): Int32Array => table.subarray(base + at, base + at + SOFT_TLB_SIZE);
    this.loadTag = view(LOAD_TAG);
    this.loadAdd = view(LOAD_ADD);
    this.storeTag = view(STORE_TAG);
    this.storeAdd = view(STORE_ADD);
    this.fetchTag = view(FETCH_TAG);
    this.fetchAdd = view(FETCH_ADD);
    this.flush();
  }

  /** Caches the translation va → pa (page granular) for one access kind. */
  fill(access: Access, va: number, pa: number): void {
    const i = (va >>> PAGE_SHIFT) & SOFT_TLB_INDEX_MASK;
    const tag = va & ~PAGE_MASK;
    const add = ((pa & ~PAGE_MASK) - tag) | 0;
    if (access === ACCESS_LOAD) {
      this.loadTag[i] = tag;
      this.loadAdd[i] = add;
    } else if (access === ACCESS_STORE) {
      this.storeTag[i] = tag;
      this.storeAdd[i] = add;
    } else {
      this.fetchTag[i] = tag;
      this.fetchAdd[i] = add;
    }
  }

  /** Drops every cached translation. */
  flush(): void {
    this.loadTag.fill(INVALID_TAG);
    this.storeTag.fill(INVALID_TAG);
    this.fetchTag.fill(INVALID_TAG);
  }

  /** Drops every store entry (the next store to each page takes the slow path once). */
  dropStores(): void {
    this.storeTag.fill(INVALID_TAG);
  }

  /** Drops the store entries that reach physical page ppn (it now holds compiled code). */
  dropStoresTo(ppn: number): void {
    const t = this.storeTag;
    const a = this.storeAdd;
    for (let i = 0; i < SOFT_TLB_SIZE; i++) {
      if (t[i] !== INVALID_TAG && ((((t[i] as number) + (a[i] as number)) | 0) >>> PAGE_SHIFT) === ppn) t[i] = INVALID_TAG;
    }
  }

  /** Drops every entry whose virtual page is vpn. */
  dropPage(vpn: number): void {
    const i = vpn & SOFT_TLB_INDEX_MASK;
    const tag = (vpn << PAGE_SHIFT) | 0;
    if (this.loadTag[i] === tag) this.loadTag[i] = INVALID_TAG;
    if (this.storeTag[i] === tag) this.storeTag[i] = INVALID_TAG;
    if (this.fetchTag[i] === tag) this.fetchTag[i] = INVALID_TAG;
  }
}

/** The SoftTlbs of one machine's CPUs, in one array that compiled code binds once. */
export class SoftTlbTable {
  readonly table: Int32Array;
  /** The SoftTlbs handed out, slot by slot. */
  readonly allocated: SoftTlb[] = [];

  constructor(readonly capacity: number) {
    this.table = new Int32Array(capacity * SLOT_SIZE);
  }

  /** The next free slot's SoftTlb. */
  allocate(): SoftTlb {
    const n = this.allocated.length;
    if (n === this.capacity) throw new RangeError(`the SoftTlb table holds ${this.capacity} CPUs; this machine was made for no more`);
    const tlb = new SoftTlb(this.table, n * SLOT_SIZE);
    this.allocated.push(tlb);
    return tlb;
  }
}
