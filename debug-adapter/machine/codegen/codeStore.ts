// Everything compiled for one machine, shared by all its CPUs: the code environment (helpers and
// memory views), the single-step and region compilers, and the region cache. Code is compiled
// only once an entry address has been entered `hotThreshold` times (cold code, such as start-up
// code run once, is cheaper to interpret than to compile); the counts are per physical word,
// shared by the pages that held the same bytes when they first ran (byContent), and a region
// takes in only the blocks that already ran while cold (a kernel function's error
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
import { Decoded } from '../interpreter';

const WORDS_PER_PAGE = 1024;

/** A count that marks an entry where no region can start (its first instruction is stepper-only). */
const NEVER = 0xffff;
/** Page contents whose decoded page and counts other pages may share (oldest dropped first). */
const MAX_SHARED_CONTENTS = 16384;

/** The index of the Op slot of the word at pa in its decoded page (see decodedPages). */
const opSlot = (pa: number): number => (((pa >>> 2) & (WORDS_PER_PAGE - 1)) << 1) | 1;

/** A hash of the 1024 words of physical page ppn (FNV-1a over words). */
function pageHash(m32: Int32Array, ppn: number): number {
  let h = 0x811c9dc5 | 0;
  const base = ppn << 10;
  for (let i = 0; i < WORDS_PER_PAGE; i++) h = Math.imul(h ^ (m32[base + i] as number), 0x01000193);
  return h;
}

export class CodeStore {
  /** Per physical page (allocated when code there is first dispatched): entry count of each word. */
  private readonly hot: (Uint16Array | undefined)[];
  /**
   * Counted entries into an address before a region is compiled there (1–65534). 1 compiles at
   * every entry at once and keeps every region entry (tests use it to run everything compiled).
   * The interpreter tier counts every block entry and runs cold code well, so it waits long (in
   * timing mode too): 8000 here, which suits Linux user mode's loops; a system machine waits
   * twice as long (Machine: kernels enter most of their code fewer times). The tier before it,
   * stepping cold code through compiled step functions, is given a low threshold (24) where it is
   * used.
   */
  hotThreshold: number;
  readonly env: CodeEnvironment;
  readonly steps: StepCompiler;
  private readonly regions: RegionCompiler;
  readonly cache: CodeCache;
  /**
   * Per physical page (allocated when the interpreter first runs code there): for word k of the
   * page, at 2k the word the interpreter decoded and at 2k + 1 its Op with the block-entry flags
   * (interpreter.ts: Decoded), side by side so that one cache line holds both. Exact without
   * invalidation, as the interpreter redecodes a word that no longer matches; dropped with the
   * page's regions and entry counts.
   */
  private readonly decodedPages: (Int32Array | undefined)[];
  /**
   * Decoded pages and entry counts by a hash of the bytes of the page they were made for, when it
   * first ran. A page first run with the same bytes (the same program loaded again into other
   * physical pages: every process of a guest that copies its text, each VM's kernel) shares them,
   * so entries count toward hotness across all its copies, and its regions, shaped by the same
   * counts, have the sources CodeEnvironment has compiled already. Sharing is exact: the
   * interpreter checks every decoded word against the word it fetched, and a region is looked
   * up by physical address; only which tier runs depends on it.
   */
  private readonly byContent = new Map<number, { readonly decoded: Int32Array; readonly counts: Uint16Array }>();

  /**
   * @param timing set on a machine in timing mode: compile the timing variant (timingEmit.ts)
   * @param cpus how many CPUs the machine has (each takes a SoftTlb from newSoftTlb)
   */
  constructor(
    readonly memory: PhysicalMemory,
    timing?: CodeTiming,
    cpus = 1,
  ) {
    this.env = new CodeEnvironment(memory, timing, cpus);
    this.hotThreshold = 8000;
    this.steps = new StepCompiler(this.env);
    this.regions = new RegionCompiler(this.env);
    this.cache = new CodeCache(memory.size >>> PAGE_SHIFT);
    this.hot = new Array<Uint16Array | undefined>(memory.size >>> PAGE_SHIFT);
    this.decodedPages = new Array<Int32Array | undefined>(memory.size >>> PAGE_SHIFT);
    memory.setCodeWriteListener((ppn) => {
      this.cache.invalidatePage(ppn);
      this.hot[ppn] = undefined;
      this.decodedPages[ppn] = undefined;
    });
  }

  /** A CPU's SoftTlb, in the table compiled code binds (its store entries must skip code pages). */
  newSoftTlb(): SoftTlb {
    return this.env.softTlbs.allocate();
  }

  /**
   * Counts an entry into the code at pa (the stepper tier's dispatches): true once pa has been
   * entered `hotThreshold` times, except where no region can start.
   */
  enter(pa: number): boolean {
    const counts = this.countsOf(pa >>> PAGE_SHIFT);
    const w = (pa >>> 2) & (WORDS_PER_PAGE - 1);
    const k = counts[w] as number;
    if (k === NEVER) return false;
    if (k + 1 < this.hotThreshold) {
      counts[w] = k + 1;
      return false;
    }
    counts[w] = Math.min(this.hotThreshold, NEVER - 1);
    return true;
  }

  /**
   * The interpreter tier's count of an entry into the code at pa (a block start it reached, or
   * an address the dispatcher found no region at): kept in the Op slot of its decoded word
   * (Decoded.Count, so that the interpreter counts inline and calls here only for an entry's
   * first count and at the threshold). True once pa has been entered `hotThreshold` times,
   * except where no region can start (the count then starts over).
   */
  countEntry(pa: number): boolean {
    const dp = this.decoded(pa >>> PAGE_SHIFT);
    const k = opSlot(pa);
    const d = ((dp[k] as number) + Decoded.Count) | 0;
    dp[k] = d;
    return this.entered(pa, dp, k);
  }

  /**
   * After the count of an entry in decoded page `dp` (Op slot k) went up: marks its first count
   * (the block has run, which shapes regions) and says whether it is hot (see countEntry).
   */
  entered(pa: number, dp: Int32Array, k: number): boolean {
    let d = dp[k] as number;
    const counts = this.countsOf(pa >>> PAGE_SHIFT);
    const w = (pa >>> 2) & (WORDS_PER_PAGE - 1);
    if ((d & Decoded.Entered) === 0) {
      d |= Decoded.Entered;
      dp[k] = d;
      if (counts[w] === 0) counts[w] = 1;
    }
    if (d < this.hotThreshold * Decoded.Count) return false;
    if (counts[w] !== NEVER) {
      counts[w] = Math.min(this.hotThreshold, NEVER - 1);
      return true;
    }
    dp[k] = d & ~Decoded.CountMask;
    return false;
  }

  /**
   * The region entered at va/pa, compiling it on first use; STEP_HERE when the stepper must run
   * the instruction there (counting the entry while the address is cold).
   */
  region(va: number, pa: number, isBreakpoint: (va: number) => boolean): Region | typeof STEP_HERE {
    const hit = this.cache.lookup(pa, va);
    if (hit !== undefined) return hit;
    return this.enter(pa) ? this.compile(va, pa, isBreakpoint) : STEP_HERE;
  }

  /**
   * The interpreter tier's lookup: the region entered at va/pa if there is one or the interpreter
   * found the address hot (then compiled now), else undefined.
   */
  hotRegion(va: number, pa: number, isBreakpoint: (va: number) => boolean): Region | undefined {
    const hit = this.cache.lookup(pa, va);
    if (hit !== undefined) return hit === STEP_HERE ? undefined : hit;
    const k = this.hot[pa >>> PAGE_SHIFT]?.[(pa >>> 2) & (WORDS_PER_PAGE - 1)] ?? 0;
    if (this.hotThreshold > 1 && (k < this.hotThreshold || k === NEVER)) return undefined;
    const r = this.compile(va, pa, isBreakpoint);
    if (r !== STEP_HERE) return r;
    this.countsOf(pa >>> PAGE_SHIFT)[(pa >>> 2) & (WORDS_PER_PAGE - 1)] = NEVER;
    return undefined;
  }

  /** The interpreter's decoded words of physical page ppn (see decodedPages, byContent). */
  decoded(ppn: number): Int32Array {
    const page = this.decodedPages[ppn];
    return page !== undefined ? page : this.firstDecoded(ppn);
  }

  /** A decoded page for ppn, which has none: shared with the pages that had its bytes when they first ran (byContent). */
  private firstDecoded(ppn: number): Int32Array {
    const hash = pageHash(this.memory.m32, ppn);
    let shared = this.hot[ppn] === undefined ? this.byContent.get(hash) : undefined;
    if (shared === undefined) {
      shared = { decoded: new Int32Array(2 * WORDS_PER_PAGE), counts: this.countsOf(ppn) };
      if (this.byContent.size >= MAX_SHARED_CONTENTS) this.byContent.delete(this.byContent.keys().next().value as number);
      this.byContent.set(hash, shared);
    }
    this.decodedPages[ppn] = shared.decoded;
    this.hot[ppn] = shared.counts;
    return shared.decoded;
  }

  /** The entry counts of physical page ppn (allocated on first use). */
  private countsOf(ppn: number): Uint16Array {
    let counts = this.hot[ppn];
    if (counts === undefined) {
      counts = new Uint16Array(WORDS_PER_PAGE);
      this.hot[ppn] = counts;
    }
    return counts;
  }

  private compile(va: number, pa: number, isBreakpoint: (va: number) => boolean): Region | typeof STEP_HERE {
    const ppn = pa >>> PAGE_SHIFT;
    const counts = this.countsOf(ppn);
    if (!this.memory.codePages[ppn]) {
      this.memory.markCode(ppn);
      for (const t of this.env.softTlbs.allocated) t.dropStoresTo(ppn);
    }
    const base = (pa & ~0xfff) - (va & ~0xfff);
    const m32 = this.memory.m32;
    // Shaped by what ran, unless in timing mode, where a region's blocks (and so its fetch
    // charges) must depend on its entry alone, not on the history of the run.
    const shaped = this.hotThreshold > 1 && this.env.timing === undefined;
    const seen = shaped ? (a: number): boolean => counts[(a >>> 2) & (WORDS_PER_PAGE - 1)] !== 0 : undefined;
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
      const k = opSlot(e.pa);
      const decoded = this.decoded(ppn);
      decoded[k] = (decoded[k] as number) | Decoded.Region;
      if (e !== entry && shaped) this.cache.addEntry(e);
    }
    return entry;
  }
}
