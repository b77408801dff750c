// What the TLB panel highlights: the entry the last TLB miss used in each of the three TLBs, and
// which rows to list (valid ones unless asked for all). Plain TypeScript with no DOM, unit-tested.

import type { HardwareTlbRowView, TlbRowView, TlbView } from '../../debug-adapter/debugger/viewModels';

/** Whether an entry maps va (its even/odd page pair). */
export function covers(row: TlbRowView, va: number): boolean {
  const start = row.va >>> 0;
  const u = va >>> 0;
  return u >= start && u < start + 2 * row.pageBytes;
}

/** A row maps nothing (both pages invalid). */
export function isInvalid(row: TlbRowView): boolean {
  return row.pfn[0] < 0 && row.pfn[1] < 0;
}

/** Index (in each table's own numbering) of the entry the last miss used, -1 for none. */
export interface MissMarks {
  readonly virtual: number;
  readonly l2tlb: number;
  readonly hardware: number;
}

export function missMarks(v: TlbView): MissMarks {
  const m = v.lastMiss;
  if (m === undefined) return { virtual: -1, l2tlb: -1, hardware: -1 };
  const e = m.entry;
  const l2 = e === undefined ? undefined
    : v.l2tlb.find((r) => r.entryHi === e.entryHi && r.pageMask === e.pageMask && r.entryLo0 === e.entryLo0 && r.entryLo1 === e.entryLo1);
  const hw = v.hardwareTlb.find((r: HardwareTlbRowView) => r.owner === 'this' && !isInvalid(r) && covers(r, m.va));
  return { virtual: m.virtualTlbIndex, l2tlb: l2?.index ?? -1, hardware: hw?.index ?? -1 };
}

/** The rows a table lists: valid entries, or every slot when all. */
export function listedRows<T extends TlbRowView>(rows: readonly T[], all: boolean): readonly T[] {
  return all ? rows : rows.filter((r) => !isInvalid(r));
}

/** Page size as text (4K, 16K, 1M, …). */
export function sizeText(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes >>> 20}M` : `${bytes >>> 10}K`;
}
