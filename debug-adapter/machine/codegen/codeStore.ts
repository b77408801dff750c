// Everything compiled for one machine, shared by all its CPUs: the code environment (helpers and
// memory views), the single-step and region compilers, and the region cache. Code is compiled
// only once an entry address has been dispatched `hotThreshold` times (cold code, such as start-up
// code run once, is cheaper to step than to compile); the counts are exact, per physical word,
// and a region takes in only the blocks that already ran while cold (a kernel function's error
// paths stay out of it, and leave to the dispatcher if they ever run). An entry inside code
// compiled already (after a region left mid-block for a slow path) gets only the rest of its
// block, so regions do not pile up copies of the same code (timing mode keeps each region a
// function of its entry alone: its fetch charges must not depend on the run's history). It listens for
// writes to pages holding compiled code and drops their regions; when a page first gets compiled
// code it removes that page from every CPU's SoftTlb store entries, so the next store to it takes
// the slow path; that path invalidates only when the store hits the span of a compiled region
// (data sharing a page with code does not throw the code away).

import { PAGE_SHIFT, type PhysicalMemory } from '../physicalMemory';
import type { SoftTlb } from '../softTlb';
import { CodeCache, STEP_HERE } from './codeCache';
import { CodeEnvironment } from './codeEnvironment';
import { type Region, RegionCompiler } from './regionCompiler';
import { StepCompiler } from './stepCompiler';
import type { CodeTiming } from './timingEmit';

const WORDS_PER_PAGE = 1024;

export class CodeStore {
  /** Per physical page (allocated when code there is first dispatched): dispatch count of each word. */
  private readonly hot: (Uint8Array | undefined)[];
  /** Dispatches of an address before a region is compiled there (1–255; 1 compiles at once). */
  hotThreshold = 24;
  readonly env: CodeEnvironment;
  readonly steps: StepCompiler;
  private readonly regions: RegionCompiler;
  readonly cache: CodeCache;
  private readonly tlbs: SoftTlb[] = [];

  /** @param timing set on a machine in timing mode: compile the timing variant (timingEmit.ts) */
  constructor(
    readonly memory: PhysicalMemory,
    timing?: CodeTiming,
  ) {
    this.env = new CodeEnvironment(memory, timing);
    this.steps = new StepCompiler(this.env);
    this.regions = new RegionCompiler(this.env);
    this.cache = new CodeCache(memory.size >>> PAGE_SHIFT);
    this.hot = new Array<Uint8Array | undefined>(memory.size >>> PAGE_SHIFT);
    memory.setCodeWriteListener((ppn) => this.cache.invalidatePage(ppn));
  }

  /** Registers a CPU's SoftTlb (its store entries must skip code pages). */
  attach(tlb: SoftTlb): void {
    this.tlbs.push(tlb);
  }

  /**
   * The region entered at va/pa, compiling it on first use; STEP_HERE when the stepper must run
   * the instruction there.
   */
  region(va: number, pa: number, isBreakpoint: (va: number) => boolean): Region | typeof STEP_HERE {
    const hit = this.cache.lookup(pa, va);
    if (hit !== undefined) return hit;
    const ppn = pa >>> PAGE_SHIFT;
    let counts = this.hot[ppn];
    if (counts === undefined) {
      counts = new Uint8Array(WORDS_PER_PAGE);
      this.hot[ppn] = counts;
    }
    const w = (pa >>> 2) & (WORDS_PER_PAGE - 1);
    const n = (counts[w] as number) + 1;
    if (n < this.hotThreshold) {
      counts[w] = n;
      return STEP_HERE;
    }
    if (!this.memory.codePages[ppn]) {
      this.memory.markCode(ppn);
      for (const t of this.tlbs) t.dropStoresTo(ppn);
    }
    const base = (pa & ~0xfff) - (va & ~0xfff);
    const m32 = this.memory.m32;
    // Shaped by what ran, unless in timing mode, where a region's blocks (and so its fetch
    // charges) must depend on its entry alone, not on the history of the run.
    const shaped = this.hotThreshold > 1 && this.env.timing === undefined;
    const ran = counts;
    const seen = shaped ? (a: number): boolean => ran[(a >>> 2) & (WORDS_PER_PAGE - 1)] !== 0 : undefined;
    // Inside code compiled already (a region left mid-block for its slow path there): just the rest of that block.
    const inside = shaped && this.memory.isCodeWord(pa);
    const compiled = this.regions.compile(va, pa, (a) => m32[(base + a) >>> 2] as number, isBreakpoint, seen, inside);
    if (compiled === undefined) {
      this.cache.insert(pa, va, STEP_HERE);
      return STEP_HERE;
    }
    const entry = compiled[0] as Region;
    this.cache.insert(pa, va, entry);
    for (const e of compiled) {
      this.memory.markCodeSpan(e.pa, e.bytes);
      if (e !== entry && shaped) this.cache.addEntry(e);
    }
    return entry;
  }
}
