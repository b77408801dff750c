// Everything compiled for one machine, shared by all its CPUs: the code environment (helpers and
// memory views), the single-step and region compilers, and the region cache. Code is compiled
// only once an entry address has been dispatched `hotThreshold` times (cold code, such as start-up
// code run once, is cheaper to step than to compile). It listens for
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

const HOT_MASK = 0xffff;

export class CodeStore {
  /** Dispatch counts of not-yet-compiled entries, hashed by physical address. */
  private readonly hot = new Uint8Array(HOT_MASK + 1);
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
    const h = (pa >>> 2) & HOT_MASK;
    const n = (this.hot[h] as number) + 1;
    if (n < this.hotThreshold) {
      this.hot[h] = n;
      return STEP_HERE;
    }
    this.hot[h] = 0;
    const ppn = pa >>> PAGE_SHIFT;
    if (!this.memory.codePages[ppn]) {
      this.memory.markCode(ppn);
      for (const t of this.tlbs) t.dropStoresTo(ppn);
    }
    const base = (pa & ~0xfff) - (va & ~0xfff);
    const m32 = this.memory.m32;
    const compiled = this.regions.compile(va, pa, (a) => m32[(base + a) >>> 2] as number, isBreakpoint);
    if (compiled) this.memory.markCodeSpan((pa & ~0xfff) + compiled.spanStart, compiled.spanEnd - compiled.spanStart);
    const entry = compiled ?? STEP_HERE;
    this.cache.insert(pa, entry);
    return entry;
  }
}
