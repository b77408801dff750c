// Content-based page sharing, beyond Disco (as in VMware ESX, Waldspurger OSDI '02): every
// intervalCycles the CPU that enters the monitor hashes the next scanPagesPerInterval guest pages
// (all VMs in turn, a cursor that wraps). A page whose hash matches a page seen before is compared
// byte for byte with it; when equal, both guest pages map one machine page read-only (the pmap's
// copy-on-write: a write gets a private copy again) and the scanned page's machine page is freed.
// The table of hashes keeps one hint per hash (ESX's hint frames); a stale hint is replaced.

import type { ContentSharingConfig } from '../config/discoConfig';
import type { MachineCpu } from '../machine/system/machineCpu';
import type { MonitorCore } from './core';
import { chargePageWork } from './pageWork';
import type { Vm } from './vm';

const PAGE = 4096;
const WORDS = PAGE / 4;

/** What the scanner did (`--stats` and the snapshot). */
export interface ContentShareCounters {
  /** Guest pages hashed. */
  scanned: number;
  /** Guest pages that were merged onto an identical machine page. */
  merged: number;
  /** Writes that broke the sharing of such a page (copy-on-write). */
  cowBreaks: number;
}

/** A page seen with a hash: the guest page and the machine page it mapped then. */
type Hint = readonly [vm: number, gppn: number, mppn: number];

/** The saved form. */
export interface ContentShareState {
  readonly nextScan: number;
  readonly cursor: readonly [number, number];
  readonly hints: readonly (readonly [number, Hint])[];
  readonly pages: readonly number[];
  readonly counters: ContentShareCounters;
}

const newCounters = (): ContentShareCounters => ({ scanned: 0, merged: 0, cowBreaks: 0 });

export class ContentShare {
  counters: ContentShareCounters = newCounters();
  private nextScan: number;
  private cursorVm = 0;
  private cursorPage = 0;
  private hints = new Map<number, Hint>();
  /** Machine pages that merging made shared. */
  private pages = new Set<number>();

  constructor(
    private readonly core: MonitorCore,
    readonly config: ContentSharingConfig,
  ) {
    this.nextScan = config.intervalCycles;
  }

  /** On entry to the monitor: scans when the interval has passed. */
  poll(cpu: MachineCpu): void {
    if (!this.config.enabled || cpu.cycle < this.nextScan) return;
    this.nextScan = cpu.cycle + this.config.intervalCycles;
    for (const m of [...this.pages]) if (this.core.memmap.refCount(m) < 2) this.pages.delete(m);
    let hashed = 0;
    for (let k = 0; k < this.config.scanPagesPerInterval; k++) {
      const next = this.advance();
      if (next === undefined) break;
      if (this.consider(next[0], next[1])) hashed++;
    }
    chargePageWork(this.core, hashed * PAGE, 0);
  }

  /** A write broke the sharing of machine page `from` with a private copy. */
  copied(from: number): void {
    if (this.pages.has(from)) this.counters.cowBreaks++;
  }

  /** Machine pages saved: every guest mapping of a merged page beyond the first. */
  get pagesSaved(): number {
    let n = 0;
    for (const m of this.pages) n += Math.max(0, this.core.memmap.refCount(m) - 1);
    return n;
  }

  /** True when merging made machine page m shared. */
  holds(m: number): boolean {
    return this.pages.has(m);
  }

  /** The next guest page of a live VM at the cursor, or undefined when no VM is live. */
  private advance(): [Vm, number] | undefined {
    const vms = this.core.vms;
    for (let tries = 0; tries <= vms.length; tries++) {
      const vm = vms[this.cursorVm];
      if (vm !== undefined && vm.live && this.cursorPage < vm.pmap.pages) return [vm, this.cursorPage++];
      this.cursorVm = (this.cursorVm + 1) % vms.length;
      this.cursorPage = 0;
    }
    return undefined;
  }

  /** Hashes guest page g of vm and merges it with an identical page; false when it is not a candidate. */
  private consider(vm: Vm, g: number): boolean {
    const memmap = this.core.memmap;
    const m = vm.pmap.mppn[g] as number;
    if (m < 0 || memmap.refCount(m) !== 1 || memmap.numa.hasReplicas(m)) return false;
    this.counters.scanned++;
    const h = this.hash(m);
    const hint = this.hints.get(h);
    if (hint !== undefined && this.mergeable(hint, m)) this.merge(vm, g, m, hint);
    else this.hints.set(h, [vm.id, g, m]);
    return true;
  }

  /** The hint still maps its machine page, another one than m, unreplicated, with m's bytes. */
  private mergeable([hv, hg, hm]: Hint, m: number): boolean {
    const owner = this.core.vms[hv];
    if (owner === undefined || !owner.live || owner.pmap.mppn[hg] !== hm || hm === m || this.core.memmap.numa.hasReplicas(hm)) return false;
    const w = this.core.machine.memory.m32;
    for (let i = 0, a = hm * WORDS, b = m * WORDS; i < WORDS; i++) if (w[a + i] !== w[b + i]) return false;
    return true;
  }

  /** Guest page g of vm (machine page m) maps the hint's page read-only; m is freed. */
  private merge(vm: Vm, g: number, m: number, [hv, hg, hm]: Hint): void {
    const owner = this.core.vms[hv] as Vm;
    owner.pmap.makeReadOnly(hg);
    vm.pmap.shareInto(g, hm);
    this.pages.add(hm);
    this.counters.merged++;
    chargePageWork(this.core, PAGE, 0);
    this.core.emit('page-share', vm.vcpus[0], this.core.machine.cpus[this.core.inHook]?.cycle ?? 0, () => `guest page 0x${g.toString(16)} of ${vm.name} has the contents of 0x${hg.toString(16)} of ${owner.name}: both map machine page 0x${hm.toString(16)}, 0x${m.toString(16)} is free`);
  }

  /** FNV-1a over the page's words. */
  private hash(m: number): number {
    const w = this.core.machine.memory.m32;
    let h = 0x811c9dc5;
    for (let i = m * WORDS, end = i + WORDS; i < end; i++) h = Math.imul(h ^ (w[i] as number), 16777619);
    return h >>> 0;
  }

  save(): ContentShareState {
    return {
      nextScan: this.nextScan,
      cursor: [this.cursorVm, this.cursorPage],
      hints: [...this.hints],
      pages: [...this.pages].sort((a, b) => a - b),
      counters: { ...this.counters },
    };
  }

  load(s: ContentShareState): void {
    this.nextScan = s.nextScan;
    [this.cursorVm, this.cursorPage] = s.cursor;
    this.hints = new Map(s.hints);
    this.pages = new Set(s.pages);
    this.counters = { ...s.counters };
  }
}
