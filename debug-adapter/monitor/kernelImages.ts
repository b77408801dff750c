// The kernel image cache: VMs that boot the same kernel share the whole pages of its loaded
// image, as the paper's IRIX VMs shared their kernel text through the copy-on-write disk
// (§4.2.2, Figure 6). A whole page of a loaded segment lives in one machine page, mapped
// read-only into every VM that loads the same bytes at the same guest-physical page (pmap
// shareInto); a store takes the ordinary copy-on-write path and gets a private copy, so kernel
// data splits early and text stays shared. The cache is a user of each of its pages in the
// memmap (KERNEL_IMAGE_VM) and lets a page go once no VM maps it. Partial pages, and every page
// when sharing is off, are written privately.

import type { MonitorCore } from './core';
import { guestRangeOk, writeGuest } from './guestMemory';
import type { Memmap } from './memmap';
import type { Vm } from './vm';

/** Memmap user code (`vm` field) of the cache's own reference to each page; its `gppn` is the image page. */
export const KERNEL_IMAGE_VM = -5;

const PAGE = 4096;

/** The saved form of the cache: [guest page, machine page] per cached page, and its copy count. */
export interface KernelImageState {
  readonly pages: readonly (readonly [number, number])[];
  readonly copies: number;
}

/** Machine memory the cache reads and fills. */
export interface ImagePageStore {
  readPage(mppn: number): Uint8Array;
  fillPage(mppn: number, data: Uint8Array): void;
}

export class KernelImageCache {
  /** Per guest page: the machine pages holding an image's page there (one per distinct content). */
  private readonly byGppn = new Map<number, number[]>();
  /** Guest page of each cached machine page. */
  private readonly gppnOf = new Map<number, number>();
  /** Copy-on-write breaks of cached pages (a VM wrote its kernel image). */
  copies = 0;

  constructor(
    private readonly memmap: Memmap,
    private readonly store: ImagePageStore,
    /** False: every VM gets private copies of its kernel (for comparisons). */
    readonly enabled: boolean,
  ) {}

  /**
   * The machine page holding image page `data` (4096 bytes) at guest page gppn, brought in on
   * node `node` on first use; -1 when machine memory is full.
   */
  pageFor(gppn: number, data: Uint8Array, node: number): number {
    const list = this.byGppn.get(gppn) ?? [];
    for (const m of list) if (equalPages(this.store.readPage(m), data)) return m;
    const m = this.memmap.allocate({ vm: KERNEL_IMAGE_VM, gppn }, node);
    if (m < 0) return -1;
    this.store.fillPage(m, data);
    list.push(m);
    this.byGppn.set(gppn, list);
    this.gppnOf.set(m, gppn);
    return m;
  }

  /** True when machine page mppn is a cached image page. */
  holds(mppn: number): boolean {
    return this.gppnOf.has(mppn);
  }

  /** A VM's write broke the sharing of page `from` with a private copy. */
  copied(from: number): void {
    if (this.holds(from)) this.copies++;
  }

  /** Cached page `from` now lives in machine page `to` (NUMA migration moved its users there). */
  moved(from: number, to: number): void {
    const gppn = this.gppnOf.get(from);
    if (gppn === undefined) return;
    this.gppnOf.delete(from);
    this.gppnOf.set(to, gppn);
    this.byGppn.set(gppn, (this.byGppn.get(gppn) ?? []).map((m) => (m === from ? to : m)));
  }

  /** A VM stopped mapping page mppn: the cache lets it go when it is the last user. */
  unmapped(mppn: number): void {
    const gppn = this.gppnOf.get(mppn);
    if (gppn === undefined || this.memmap.refCount(mppn) !== 1) return;
    this.memmap.release(mppn, { vm: KERNEL_IMAGE_VM, gppn });
    this.gppnOf.delete(mppn);
    const list = this.byGppn.get(gppn)?.filter((m) => m !== mppn) ?? [];
    if (list.length === 0) this.byGppn.delete(gppn);
    else this.byGppn.set(gppn, list);
  }

  /** Machine pages the cache holds. */
  get cachedPages(): number {
    return this.gppnOf.size;
  }

  /** Guest pages of all VMs that map a cached page. */
  get mappings(): number {
    let n = 0;
    for (const m of this.gppnOf.keys()) n += this.vmUsers(m);
    return n;
  }

  /** Machine pages not allocated thanks to sharing: every mapping of a page beyond its first. */
  get pagesSaved(): number {
    let n = 0;
    for (const m of this.gppnOf.keys()) n += Math.max(0, this.vmUsers(m) - 1);
    return n;
  }

  private vmUsers(mppn: number): number {
    return this.memmap.usersOf(mppn).filter((u) => u.vm >= 0).length;
  }

  save(): KernelImageState {
    return { pages: [...this.gppnOf].map(([m, g]) => [g, m] as const).sort((a, b) => a[1] - b[1]), copies: this.copies };
  }

  /** Restores the page lists (the memmap, restored alongside, holds the pages' users). */
  load(s: KernelImageState): void {
    this.byGppn.clear();
    this.gppnOf.clear();
    for (const [g, m] of s.pages) {
      this.byGppn.set(g, [...(this.byGppn.get(g) ?? []), m]);
      this.gppnOf.set(m, g);
    }
    this.copies = s.copies;
  }
}

function equalPages(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < PAGE; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Loads kernel image bytes at guest-physical gpa of vm: whole pages the VM has not touched yet
 * come from the kernel image cache (shared read-only), the rest is written privately. False when
 * the range is outside the VM or machine memory ran out. Any loader of a kernel (guest OS, Linux)
 * calls this for the image's loaded segments.
 */
export function loadKernelImage(core: MonitorCore, vm: Vm, gpa: number, data: Uint8Array): boolean {
  const cache = core.kernelImages;
  if (!cache.enabled || !guestRangeOk(vm, gpa, data.length)) return writeGuest(core, vm, gpa, data);
  const start = gpa >>> 0;
  const end = start + data.length;
  const firstWhole = Math.ceil(start / PAGE);
  const endWhole = Math.max(firstWhole, Math.floor(end / PAGE));
  const at = (a: number): number => a - start;
  if (!writeGuest(core, vm, start, data.subarray(0, Math.min(data.length, at(firstWhole * PAGE))))) return false;
  for (let g = firstWhole; g < endWhole; g++) {
    const page = data.subarray(at(g * PAGE), at((g + 1) * PAGE));
    const m = vm.pmap.mppn[g] === -1 ? cache.pageFor(g, page, vm.pmap.homeNode) : -1;
    if (m >= 0) vm.pmap.shareInto(g, m);
    else if (!writeGuest(core, vm, g * PAGE, page)) return false;
  }
  return endWhole * PAGE >= end || writeGuest(core, vm, endWhole * PAGE, data.subarray(at(endWhole * PAGE)));
}
