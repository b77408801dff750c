// The global disk cache (Disco §4.2.2): blocks of the images of "shared-cow" disks kept in machine
// pages, one copy for every VM. A block is the page (eight sectors) starting at any sector; a
// page-aligned full-page read maps the block's machine page read-only into the guest (pmap
// shareInto), so VMs reading the same block share one machine page until a write breaks the
// sharing with a private copy. The cache is a user of each of its pages in the memmap
// (DISK_CACHE_VM), so a cached page is never written in place and outlives the VMs' mappings.

import type { Memmap } from './memmap';

/** Memmap user code (`vm` field) of the disk cache's own reference to each cached page. */
export const DISK_CACHE_VM = -2;

/** Sectors in one cached block (a 4 KiB page of 512-byte sectors). */
export const BLOCK_SECTORS = 8;

/** The saved form of the cache: [image, first sector, machine page] per block, in that order. */
export interface DiskCacheState {
  readonly blocks: readonly (readonly [number, number, number])[];
}

export class DiskCache {
  /** Base image bytes by image number. */
  private readonly images: Uint8Array[] = [];
  private readonly byPath = new Map<string, number>();
  /** Per image: first sector of a block → machine page. */
  private readonly blocks: Map<number, number>[] = [];
  /** Machine pages held by the cache. */
  private readonly pages = new Set<number>();

  constructor(
    private readonly memmap: Memmap,
    /** Fills machine page mppn with a block's 4 KiB. */
    private readonly fill: (mppn: number, data: Uint8Array) => void,
  ) {}

  /** The number of the image at path, registering its bytes on first use. */
  image(path: string, read: () => Uint8Array): number {
    const known = this.byPath.get(path);
    if (known !== undefined) return known;
    const id = this.images.length;
    this.images.push(read());
    this.blocks.push(new Map());
    this.byPath.set(path, id);
    return id;
  }

  /** The base bytes of an image. */
  base(image: number): Uint8Array {
    const b = this.images[image];
    if (b === undefined) throw new Error(`disk cache: no image ${image}`);
    return b;
  }

  /** The cached machine page of the block at `sector`, or undefined. */
  lookup(image: number, sector: number): number | undefined {
    return this.blocks[image]?.get(sector);
  }

  /**
   * Brings the block at `sector` (its bytes `data`) into a machine page of `node`; -1 when
   * machine memory is full (the read is then copied instead).
   */
  insert(image: number, sector: number, data: Uint8Array, node: number): number {
    const m = this.memmap.allocate({ vm: DISK_CACHE_VM, gppn: image }, node);
    if (m < 0) return -1;
    this.fill(m, data);
    this.blocks[image]?.set(sector, m);
    this.pages.add(m);
    return m;
  }

  /** True when machine page mppn holds a cached block. */
  holds(mppn: number): boolean {
    return this.pages.has(mppn);
  }

  /** Cached blocks in all. */
  get cachedBlocks(): number {
    return this.pages.size;
  }

  /** Guest pages of all VMs that map a cached block right now. */
  get mappings(): number {
    let n = 0;
    for (const m of this.pages) n += this.memmap.refCount(m) - 1;
    return n;
  }

  /** Machine pages not allocated thanks to sharing: every mapping of a block beyond its first. */
  get pagesSaved(): number {
    let n = 0;
    for (const m of this.pages) n += Math.max(0, this.memmap.refCount(m) - 2);
    return n;
  }

  save(): DiskCacheState {
    const out: [number, number, number][] = [];
    this.blocks.forEach((map, image) => {
      for (const [sector, m] of [...map].sort((a, b) => a[0] - b[0])) out.push([image, sector, m]);
    });
    return { blocks: out };
  }

  /** Restores the block maps (the memmap, restored alongside, holds the pages' users). */
  load(s: DiskCacheState): void {
    for (const map of this.blocks) map.clear();
    this.pages.clear();
    for (const [image, sector, m] of s.blocks) {
      this.blocks[image]?.set(sector, m);
      this.pages.add(m);
    }
  }
}
