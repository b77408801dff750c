// What each page of a heat map means and which theme colour shows it: pmap summary bytes
// (flags and NUMA node, viewModels.ts) and memmap summary codes (free, I/O hole, special page,
// shared, a VM's own). Colours are VS Code theme variables, resolved by the canvas code.
// Plain TypeScript with no DOM, unit-tested.

import {
  MEMMAP_FREE, MEMMAP_HOLE, MEMMAP_SHARED, MEMMAP_SPECIAL, MEMMAP_VM, PMAP_COPY_ON_WRITE, PMAP_MAPPED, PMAP_NODE_SHIFT,
  PMAP_REPLICATED, PMAP_SHARED, PMAP_WRITABLE,
} from '../../debug-adapter/debugger/viewModels';

/** What a guest page is, in rising order of interest. */
export const PmapKind = { Unmapped: 0, Writable: 1, ReadOnly: 2, Shared: 3, CopyOnWrite: 4, Replicated: 5 } as const;
export type PmapKind = (typeof PmapKind)[keyof typeof PmapKind];

export function pmapKind(flags: number): PmapKind {
  if (!(flags & PMAP_MAPPED)) return PmapKind.Unmapped;
  if (flags & PMAP_REPLICATED) return PmapKind.Replicated;
  if (flags & PMAP_COPY_ON_WRITE) return PmapKind.CopyOnWrite;
  if (flags & PMAP_SHARED) return PmapKind.Shared;
  return flags & PMAP_WRITABLE ? PmapKind.Writable : PmapKind.ReadOnly;
}

/** The NUMA node in a pmap summary byte, -1 when unmapped. */
export function summaryNode(b: number): number {
  return b & PMAP_MAPPED ? b >> PMAP_NODE_SHIFT : -1;
}

/** Legend text of each pmap kind. */
export const PMAP_KIND_LABEL: Readonly<Record<PmapKind, string>> = {
  [PmapKind.Unmapped]: 'not touched yet',
  [PmapKind.Writable]: 'private, writable',
  [PmapKind.ReadOnly]: 'private, read-only',
  [PmapKind.Shared]: 'shared (writable)',
  [PmapKind.CopyOnWrite]: 'shared copy-on-write',
  [PmapKind.Replicated]: 'replicated',
};

/** Theme colour variable of each pmap kind. */
export const PMAP_KIND_COLOUR: Readonly<Record<PmapKind, string>> = {
  [PmapKind.Unmapped]: '--vscode-list-hoverBackground',
  [PmapKind.Writable]: '--vscode-charts-blue',
  [PmapKind.ReadOnly]: '--vscode-charts-green',
  [PmapKind.Shared]: '--vscode-charts-purple',
  [PmapKind.CopyOnWrite]: '--vscode-charts-orange',
  [PmapKind.Replicated]: '--vscode-charts-red',
};

/** Theme colours for NUMA nodes and for VMs, in order (reused cyclically). */
export const SERIES_COLOURS: readonly string[] = [
  '--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red',
  '--vscode-terminal-ansiCyan', '--vscode-charts-yellow', '--vscode-terminal-ansiMagenta', '--vscode-charts-orange',
];

export const seriesColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length] as string;

/** Colour of a pmap summary byte: by kind, or by NUMA node. */
export function pmapColour(b: number, by: 'kind' | 'node'): string {
  const kind = pmapKind(b);
  if (by === 'kind' || kind === PmapKind.Unmapped) return PMAP_KIND_COLOUR[kind];
  return seriesColour(summaryNode(b));
}

/** Rank of a memmap code for aggregation: shared pages first, then special pages, VMs' pages, the hole, free pages. */
export function memmapRank(code: number): number {
  if (code === MEMMAP_SHARED) return 4;
  if (code === MEMMAP_SPECIAL) return 3;
  if (code >= MEMMAP_VM) return 2;
  return code === MEMMAP_HOLE ? 1 : 0;
}

/** Colour of a memmap code; VM i takes the i-th series colour. */
export function memmapColour(code: number): string {
  if (code === MEMMAP_FREE) return '--vscode-list-hoverBackground';
  if (code === MEMMAP_HOLE) return '--vscode-disabledForeground';
  if (code === MEMMAP_SPECIAL) return '--vscode-charts-yellow';
  if (code === MEMMAP_SHARED) return '--vscode-charts-orange';
  return seriesColour(code - MEMMAP_VM);
}

/** What a memmap code means, with VM names. */
export function memmapLabel(code: number, vmNames: readonly string[]): string {
  if (code === MEMMAP_FREE) return 'free';
  if (code === MEMMAP_HOLE) return 'not RAM (I/O hole)';
  if (code === MEMMAP_SPECIAL) return 'the monitor\'s (a vCPU\'s special page, or held by the monitor alone)';
  if (code === MEMMAP_SHARED) return 'shared by several users';
  return `owned by ${vmNames[code - MEMMAP_VM] ?? `VM ${code - MEMMAP_VM}`}`;
}
