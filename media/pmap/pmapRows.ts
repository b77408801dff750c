// The pmap table's rows from the view model: which guest pages a filter keeps (from the whole-VM
// summary, so filtering never needs the per-page window), the text of each column, and whether
// a page changed since the last stop. Plain TypeScript with no DOM, unit-tested.

import {
  PMAP_COPY_ON_WRITE, PMAP_MAPPED, PMAP_REPLICATED, PMAP_SHARED, PMAP_WRITABLE, type PmapWindow,
} from '../../debug-adapter/debugger/viewModels';

export type PmapFilter = 'all' | 'mapped' | 'shared' | 'cow';

export const PMAP_FILTERS: readonly { readonly id: PmapFilter; readonly label: string }[] = [
  { id: 'all', label: 'All pages' },
  { id: 'mapped', label: 'Touched (mapped)' },
  { id: 'shared', label: 'Shared' },
  { id: 'cow', label: 'Copy-on-write' },
];

const FILTER_BIT: Readonly<Record<Exclude<PmapFilter, 'all'>, number>> = { mapped: PMAP_MAPPED, shared: PMAP_SHARED, cow: PMAP_COPY_ON_WRITE };

/** The guest pages a filter keeps, in order. */
export function filterPages(summary: Uint8Array, filter: PmapFilter): Uint32Array {
  if (filter === 'all') return Uint32Array.from({ length: summary.length }, (_, i) => i);
  const bit = FILTER_BIT[filter];
  let n = 0;
  for (const b of summary) if (b & bit) n++;
  const out = new Uint32Array(n);
  let j = 0;
  for (let p = 0; p < summary.length; p++) if ((summary[p] as number) & bit) out[j++] = p;
  return out;
}

/** Counts of the summary: touched, shared, copy-on-write pages. */
export function summaryCounts(summary: Uint8Array): { mapped: number; shared: number; cow: number } {
  let mapped = 0;
  let shared = 0;
  let cow = 0;
  for (const b of summary) {
    if (b & PMAP_MAPPED) mapped++;
    if (b & PMAP_SHARED) shared++;
    if (b & PMAP_COPY_ON_WRITE) cow++;
  }
  return { mapped, shared, cow };
}

/** Short access text of PMAP_* flags: what a store to the page does. */
export function accessText(flags: number): string {
  if (!(flags & PMAP_MAPPED)) return '—';
  const parts = [flags & PMAP_COPY_ON_WRITE ? 'read-only (COW)' : flags & PMAP_WRITABLE ? 'writable' : 'read-only'];
  if (flags & PMAP_SHARED) parts.push('shared');
  if (flags & PMAP_REPLICATED) parts.push('replicated');
  return parts.join(', ');
}

/** The Store column: rw (writable), cow (read-only copy-on-write), ro, with + when shared; empty when untouched. */
export function storeText(flags: number): string {
  if (!(flags & PMAP_MAPPED)) return '';
  const base = flags & PMAP_COPY_ON_WRITE ? 'cow' : flags & PMAP_WRITABLE ? 'rw' : 'ro';
  return flags & PMAP_SHARED ? `${base}+shared` : base;
}

export interface PmapRow {
  readonly page: number;
  /** Guest-physical address of the page. */
  readonly gpa: number;
  /** Machine page, -1 before its first touch, undefined when the window does not hold it yet. */
  readonly machinePage: number | undefined;
  readonly node: number | undefined;
  readonly flags: number;
  readonly sharedWith: readonly string[];
}

/** The row of guest page `page`: per-page details from the window when it holds the page, flags from the summary always. */
export function pmapRow(w: PmapWindow, summary: Uint8Array, page: number): PmapRow {
  const i = page - w.first;
  const inWindow = i >= 0 && i < w.count;
  return {
    page,
    gpa: page * 4096,
    machinePage: inWindow ? w.machinePage[i] : undefined,
    node: inWindow ? w.node[i] : undefined,
    flags: inWindow ? (w.flags[i] as number) : (summary[page] ?? 0) & 0x1f,
    sharedWith: inWindow ? (w.sharedWith[i] ?? []) : [],
  };
}

/** Whether page lies in one of the [first, end) ranges (flat, sorted). */
export function inRanges(ranges: readonly number[], page: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const a = ranges[2 * mid] as number;
    const b = ranges[2 * mid + 1] as number;
    if (page < a) hi = mid - 1;
    else if (page >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Pages in the ranges, counted. */
export function rangePages(ranges: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < ranges.length; i += 2) n += (ranges[i + 1] as number) - (ranges[i] as number);
  return n;
}
