// Compiled regions of one machine, found by physical address (and checked against the virtual
// address they were compiled for, since their jump targets are virtual). Regions are dropped per
// physical page when that page is written (PhysicalMemory's code-write listener), and when a
// breakpoint is set or cleared in that page or in a virtual page they were compiled for (a region
// never spans two pages). Entries whose first instruction must be stepped are remembered too.
// A direct-mapped array in front of the per-page maps makes the dispatcher's lookup one load.

import type { Region } from './regionCompiler';

/** Marks an address whose first instruction only the stepper runs. */
export const STEP_HERE = 'step';

const FAST_BITS = 14;
const FAST_MASK = (1 << FAST_BITS) - 1;

export class CodeCache {
  private pages: (Map<number, Region | typeof STEP_HERE> | undefined)[];
  /** Per physical page with entries: the virtual page numbers they were decided for. */
  private vpages: (number[] | undefined)[];
  /** Direct-mapped by pa: a region whose pa (and va) must still be compared. */
  private fast: (Region | undefined)[] = new Array(1 << FAST_BITS).fill(undefined);
  /** Regions compiled so far (statistics). */
  compiled = 0;

  constructor(pageCount: number) {
    this.pages = new Array(pageCount);
    this.vpages = new Array(pageCount);
  }

  /** The region entered at pa for va if it is in the fast array (the dispatcher's first try). */
  quick(pa: number, va: number): Region | undefined {
    const r = this.fast[(pa >>> 2) & FAST_MASK];
    return r !== undefined && r.pa === pa && r.va === va ? r : undefined;
  }

  /** The region entered at physical pa for virtual va, STEP_HERE, or undefined when unknown. */
  lookup(pa: number, va: number): Region | typeof STEP_HERE | undefined {
    const page = this.pages[pa >>> 12];
    if (page === undefined) return undefined;
    const r = page.get(pa);
    if (r === undefined || r === STEP_HERE) return r;
    if (r.va !== va) return undefined;
    this.fast[(pa >>> 2) & FAST_MASK] = r;
    return r;
  }

  /** Records what was decided at pa (entered at va): a newly compiled region's first entry, or STEP_HERE. */
  insert(pa: number, va: number, entry: Region | typeof STEP_HERE): void {
    this.page(pa, va).set(pa, entry);
    if (entry !== STEP_HERE) this.compiled++;
  }

  /** Records another entry of a region just compiled, unless pa already has a region entry. */
  addEntry(entry: Region): void {
    const page = this.page(entry.pa, entry.va);
    const old = page.get(entry.pa);
    if (old === undefined || old === STEP_HERE) page.set(entry.pa, entry);
  }

  private page(pa: number, va: number): Map<number, Region | typeof STEP_HERE> {
    const ppn = pa >>> 12;
    let page = this.pages[ppn];
    if (page === undefined) {
      page = new Map();
      this.pages[ppn] = page;
      this.vpages[ppn] = [];
    }
    const vs = this.vpages[ppn] as number[];
    if (!vs.includes(va >>> 12)) vs.push(va >>> 12);
    return page;
  }

  /** Drops every region compiled from physical page ppn. */
  invalidatePage(ppn: number): void {
    const page = this.pages[ppn];
    if (page === undefined) return;
    for (const [pa, r] of page) if (r !== STEP_HERE && this.fast[(pa >>> 2) & FAST_MASK] === r) this.fast[(pa >>> 2) & FAST_MASK] = undefined;
    this.pages[ppn] = undefined;
    this.vpages[ppn] = undefined;
  }

  /** Drops the pages holding entries decided for a virtual page in `vpns`, and the physical pages `ppns`. */
  invalidatePages(vpns: ReadonlySet<number>, ppns: ReadonlySet<number>): void {
    for (const ppn of ppns) this.invalidatePage(ppn);
    if (vpns.size === 0) return;
    this.vpages.forEach((vs, ppn) => {
      if (vs?.some((v) => vpns.has(v)) === true) this.invalidatePage(ppn);
    });
  }

  /** Drops everything. */
  clear(): void {
    this.pages = new Array(this.pages.length);
    this.vpages = new Array(this.pages.length);
    this.fast = new Array(1 << FAST_BITS).fill(undefined);
  }
}
