// The symbol service: address ⇄ `symbol+offset` and address ⇄ `file:line` over one
// or more images (a kernel and user programs), each optionally tagged with an
// address space. Lookups are binary searches over tables sorted once per image.

import type { LineRange, SymbolEntry, SymbolImage } from './symbolImage';

export type { SymbolEntry, SymbolImage, LineRange, SymbolKind } from './symbolImage';
export { imageFromElf, imageFromLinked } from './symbolImage';
export { parseSystemMap } from './systemMap';

export interface SymbolMatch {
  readonly name: string;
  readonly offset: number;
  readonly symbol: SymbolEntry;
  readonly image: string;
}

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
}

/** Index of the last element with key ≤ value, or -1. */
function lastAtOrBelow<T>(items: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && key(item) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Higher is a better name for an address: sized, then functions/objects over labels, then globals. */
function rank(s: SymbolEntry): number {
  return (s.size > 0 ? 4 : 0) + (s.kind !== 'label' ? 2 : 0) + (s.global ? 1 : 0);
}

const normalize = (p: string) => p.replace(/\\/g, '/').replace(/\/\.\//g, '/').replace(/^\.\//, '');

/** Whether two paths name the same file: equal, or one ends with the other at a '/' boundary. */
export function samePath(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  if (x === y) return true;
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  return long.endsWith(short) && long[long.length - short.length - 1] === '/';
}

class IndexedImage {
  readonly byAddress: SymbolEntry[];
  readonly byName = new Map<string, SymbolEntry>();
  readonly maxSize: number;
  readonly lines: LineRange[];
  readonly linesByBase = new Map<string, LineRange[]>();

  constructor(readonly image: SymbolImage) {
    this.byAddress = [...image.symbols].sort((a, b) => a.address - b.address || rank(b) - rank(a));
    for (const s of this.byAddress) {
      const prev = this.byName.get(s.name);
      if (!prev || (s.global && !prev.global)) this.byName.set(s.name, s);
    }
    this.maxSize = Math.max(0, ...image.symbols.map((s) => s.size));
    this.lines = image.lines.filter((l) => l.end > l.address).sort((a, b) => a.address - b.address);
    for (const l of image.lines) {
      const base = l.file.slice(l.file.lastIndexOf('/') + 1);
      const list = this.linesByBase.get(base) ?? [];
      list.push(l);
      this.linesByBase.set(base, list);
    }
  }

  lookup(address: number): SymbolMatch | undefined {
    const i = lastAtOrBelow(this.byAddress, address, (s) => s.address);
    if (i < 0) return undefined;
    // Innermost sized symbol containing the address.
    let best: SymbolEntry | undefined;
    for (let j = i; j >= 0; j--) {
      const s = this.byAddress[j];
      if (!s || s.address + this.maxSize <= address) break;
      if (s.size > 0 && address < s.address + s.size && (!best || s.address > best.address || (s.address === best.address && rank(s) > rank(best)))) best = s;
    }
    if (!best) {
      // Otherwise the nearest preceding symbol; at equal addresses the best-ranked sorts first.
      const top = this.byAddress[i]?.address;
      let j = i;
      while (j > 0 && this.byAddress[j - 1]?.address === top) j--;
      best = this.byAddress[j];
    }
    if (!best || (best.limit !== undefined && address >= best.limit)) return undefined;
    return { name: best.name, offset: address - best.address, symbol: best, image: this.image.name };
  }

  lineFor(address: number): SourcePosition | undefined {
    const i = lastAtOrBelow(this.lines, address, (l) => l.address);
    const l = this.lines[i];
    return l && address < l.end ? { file: l.file, line: l.line } : undefined;
  }

  rowsFor(file: string): LineRange[] {
    const base = normalize(file).slice(normalize(file).lastIndexOf('/') + 1);
    return (this.linesByBase.get(base) ?? []).filter((l) => samePath(l.file, file));
  }
}

/** Address ⇄ symbol and address ⇄ source line over several images. */
export class SymbolService {
  private readonly images: IndexedImage[] = [];

  /** Adds an image; later images are searched after earlier ones. */
  add(image: SymbolImage): void {
    this.images.push(new IndexedImage(image));
  }

  /** Every source file named by a line table, once. */
  sourceFiles(): string[] {
    const files = new Set<string>();
    for (const img of this.images) for (const l of img.lines) files.add(l.file);
    return [...files];
  }

  /** Images a query in `space` sees: those tagged with it and the untagged ones (all images when space is undefined). */
  private visible(space: string | undefined): IndexedImage[] {
    if (space === undefined) return this.images;
    return [...this.images.filter((i) => i.image.space === space), ...this.images.filter((i) => i.image.space === undefined)];
  }

  /** The symbol an address belongs to: the innermost sized symbol containing it, else the nearest preceding label. */
  lookup(address: number, space?: string): SymbolMatch | undefined {
    let best: SymbolMatch | undefined;
    for (const img of this.visible(space)) {
      const m = img.lookup(address >>> 0);
      if (m && (!best || m.offset < best.offset)) best = m;
    }
    return best;
  }

  /** A symbol's address (globals preferred over locals of the same name). */
  addressOf(name: string, space?: string): number | undefined {
    for (const img of this.visible(space)) {
      const s = img.byName.get(name);
      if (s) return s.address;
    }
    return undefined;
  }

  /** `name`, `name+0x10`, or `0x80001234` when no symbol covers the address. */
  formatAddress(address: number, space?: string): string {
    const m = this.lookup(address, space);
    if (!m) return `0x${(address >>> 0).toString(16).padStart(8, '0')}`;
    return m.offset === 0 ? m.name : `${m.name}+0x${m.offset.toString(16)}`;
  }

  /** The source line of the instruction at `address`. */
  lineFor(address: number, space?: string): SourcePosition | undefined {
    for (const img of this.visible(space)) {
      const p = img.lineFor(address >>> 0);
      if (p) return p;
    }
    return undefined;
  }

  /** Every address whose line row starts a statement at file:line, ascending. */
  addressesFor(file: string, line: number, space?: string): number[] {
    const out = new Set<number>();
    for (const img of this.visible(space)) for (const l of img.rowsFor(file)) if (l.line === line && l.isStmt) out.add(l.address);
    return [...out].sort((a, b) => a - b);
  }

  /**
   * Where a breakpoint requested at file:line lands: that line, or the first later line
   * of the file that has statement addresses (as debuggers move breakpoints on blank lines).
   */
  resolveBreakpoint(file: string, line: number, space?: string): { line: number; addresses: number[] } | undefined {
    let next: number | undefined;
    for (const img of this.visible(space)) {
      for (const l of img.rowsFor(file)) if (l.isStmt && l.line >= line && (next === undefined || l.line < next)) next = l.line;
    }
    return next === undefined ? undefined : { line: next, addresses: this.addressesFor(file, next, space) };
  }
}
