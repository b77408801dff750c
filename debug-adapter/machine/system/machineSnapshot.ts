// Save and restore of a whole Machine as plain data (numbers, booleans, strings, arrays, typed
// arrays — structured-clone safe): every CPU's architectural state, CP0 and TLB, the scheduler
// position, the board through its saveState, and memory as the list of its non-zero 4 KiB pages.
// Saving is incremental: a page not written since the previous snapshot (or restore) shares its
// word array with that snapshot, so only written pages are scanned and copied; snapshots must
// therefore be treated as immutable. Every save drops the SoftTlbs' store entries so that the
// first store to each page after it is seen again (loads and fetches keep theirs). Restoring drops every emulator cache (SoftTlbs, compiled
// code) so execution continues exactly as it would have from the saved point.

import { PAGE_SHIFT } from '../physicalMemory';
import type { Cp0Snapshot } from '../priv/cp0';
import type { TlbSnapshot } from '../priv/tlb';
import type { DeviceState } from '../devices/device';
import type { Machine } from './machine';
import type { TimingState } from '../timing/timingModel';

export interface CpuSnapshot {
  readonly gpr: Int32Array;
  readonly hi: number;
  readonly lo: number;
  readonly pc: number;
  readonly npc: number;
  readonly inDelaySlot: boolean;
  readonly icount: number;
  /** Exceptions entered since reset (the CPU's progress is icount plus these). */
  readonly exceptions?: number;
  /** A reported breakpoint pc the next resume executes instead of reporting it again. */
  readonly resumeAt?: number;
  readonly fpr: Int32Array;
  readonly fcr31: number;
  readonly llAddr: number;
  readonly llValue: number;
  readonly llPa: number;
  readonly cycleBias: number;
  readonly timerAt: number;
  readonly waiting: boolean;
  readonly online: boolean;
  readonly cp0: Cp0Snapshot;
  readonly tlb: TlbSnapshot;
}

export interface MachineSnapshot {
  readonly format: 'disco-machine-1';
  readonly memorySize: number;
  readonly now: number;
  readonly roundEnd: number;
  readonly roundCpu: number;
  readonly cpus: readonly CpuSnapshot[];
  /** Non-zero pages: page number and its words in host order. */
  readonly pages: readonly { readonly ppn: number; readonly words: Int32Array }[];
  /** Timing mode: the caches, statistics and miss counters (docs/timing.md). */
  readonly timing?: TimingState;
  /** The board: scheduler, devices, interrupt lines. */
  readonly board: DeviceState;
}

const WORDS_PER_PAGE = 1 << (PAGE_SHIFT - 2);

/** The words of page ppn if any is non-zero (a copy), else undefined. */
function pageCopy(m32: Int32Array, ppn: number): Int32Array | undefined {
  const base = ppn * WORDS_PER_PAGE;
  for (let i = base; i < base + WORDS_PER_PAGE; i++) if (m32[i] !== 0) return m32.slice(base, base + WORDS_PER_PAGE);
  return undefined;
}

/** The non-zero pages now: the previous snapshot's pages with the written ones rescanned. */
function currentPages(m: Machine): Map<number, Int32Array> {
  const m32 = m.memory.m32;
  const previous = m.snapshotPages;
  const written = m.takeDirtyPages();
  const pages = new Map<number, Int32Array>(previous ?? []);
  const scan = previous === undefined ? Array.from({ length: m32.length / WORDS_PER_PAGE }, (_, i) => i) : written;
  for (const ppn of scan) {
    const words = pageCopy(m32, ppn);
    if (words === undefined) pages.delete(ppn);
    else pages.set(ppn, words);
  }
  return pages;
}

/** Captures the whole machine. */
export function saveMachine(m: Machine): MachineSnapshot {
  const map = currentPages(m);
  m.snapshotPages = map;
  for (const c of m.cpus) c.tlb.dropStores();
  const pages = [...map].sort((a, b) => a[0] - b[0]).map(([ppn, words]) => ({ ppn, words }));
  return {
    format: 'disco-machine-1',
    memorySize: m.memory.size,
    now: m.now,
    roundEnd: m.roundEnd,
    roundCpu: m.roundCpu,
    cpus: m.cpus.map((c, i) => {
      const s = c.state;
      const resumeAt = m.resumeAt[i];
      return {
        gpr: s.gpr.slice(),
        hi: s.hi,
        lo: s.lo,
        pc: s.pc,
        npc: s.npc,
        inDelaySlot: s.inDelaySlot,
        icount: s.icount,
        exceptions: m.exceptionsTaken[i] as number,
        ...(resumeAt === undefined ? {} : { resumeAt }),
        fpr: s.fpr.slice(),
        fcr31: s.fcr31,
        llAddr: s.llAddr,
        llValue: s.llValue,
        llPa: c.llPa,
        cycleBias: c.cycleBias,
        timerAt: c.timerAt,
        waiting: c.waiting,
        online: c.online,
        cp0: c.cp0.save(),
        tlb: c.jtlb.save(),
      };
    }),
    pages,
    ...(m.timing === undefined ? {} : { timing: m.timing.saveState() }),
    board: m.board.saveState(),
  };
}

/** Puts a machine (built with the same options) back into a saved state. */
export function restoreMachine(m: Machine, snap: MachineSnapshot): void {
  if (snap.format !== 'disco-machine-1') throw new Error(`unknown machine snapshot format ${String(snap.format)}`);
  if (snap.memorySize !== m.memory.size || snap.cpus.length !== m.cpus.length) throw new Error('snapshot is of a machine with a different memory size or CPU count');
  m.memory.noteWrite(0, m.memory.size);
  m.memory.m32.fill(0);
  for (const p of snap.pages) m.memory.m32.set(p.words, p.ppn * WORDS_PER_PAGE);
  m.takeDirtyPages();
  m.snapshotPages = new Map(snap.pages.map((p) => [p.ppn, p.words]));
  m.code.cache.clear();
  m.now = snap.now;
  m.roundEnd = snap.roundEnd;
  m.roundCpu = snap.roundCpu;
  snap.cpus.forEach((c, i) => {
    const cpu = m.cpus[i];
    if (cpu === undefined) return;
    const s = cpu.state;
    s.gpr.set(c.gpr);
    s.hi = c.hi;
    s.lo = c.lo;
    s.pc = c.pc;
    s.npc = c.npc;
    s.inDelaySlot = c.inDelaySlot;
    s.icount = c.icount;
    s.fpr.set(c.fpr);
    s.fcr31 = c.fcr31;
    s.llAddr = c.llAddr;
    s.llValue = c.llValue;
    cpu.llPa = c.llPa;
    cpu.cycleBias = c.cycleBias;
    cpu.waiting = c.waiting;
    cpu.online = c.online;
    cpu.cp0.load(c.cp0);
    cpu.jtlb.load(c.tlb);
    cpu.timerAt = c.timerAt;
    cpu.resume();
    cpu.mmu.flush();
  });
  m.resetEmulatorCaches();
  snap.cpus.forEach((c, i) => {
    m.exceptionsTaken[i] = c.exceptions ?? 0;
    m.resumeAt[i] = c.resumeAt;
  });
  if (m.timing !== undefined) {
    if (snap.timing === undefined) throw new Error('snapshot of a fast-mode machine cannot restore a machine in timing mode');
    m.timing.loadState(snap.timing);
  }
  m.board.loadState(snap.board);
}
