// The symbol view GNU objdump uses while disassembling: which symbols count, how ties at one
// address are broken, which symbol names an address ("sym+0x10"), so that `disco disasm` picks
// the same labels objdump -d does (binutils objdump.c: remove_useless_symbols, compare_symbols,
// find_symbol_for_address).

/** A symbol as the disassembler sees it. */
export interface DisasmSymbol {
  readonly name: string;
  readonly value: number;
  /** Defining section name, or "*ABS*" for absolute symbols. */
  readonly section: string;
  readonly isFunction: boolean;
  readonly isObject: boolean;
  readonly isLocal: boolean;
  readonly isGlobal: boolean;
}

const isFileName = (n: string): boolean => n.length > 2 && n[n.length - 2] === '.' && (n.endsWith('o') || n.endsWith('a'));
const isCompilerMarker = (n: string): boolean => n.includes('gnu_compiled') || n.includes('gcc2_compiled');

/** -1/1 when exactly one of a, b has the property (the one with it sorts first), else 0. */
function first(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? -1 : 1;
}

function compareSymbols(a: DisasmSymbol, b: DisasmSymbol, section: string): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return (
    first(a.section === section, b.section === section) ||
    first(!isCompilerMarker(a.name), !isCompilerMarker(b.name)) ||
    first(!isFileName(a.name), !isFileName(b.name)) ||
    first(a.isFunction, b.isFunction) ||
    first(a.isObject, b.isObject) ||
    first(!a.isLocal, !b.isLocal) ||
    first(a.isGlobal, b.isGlobal) ||
    first(!a.name.startsWith('.'), !b.name.startsWith('.')) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** Symbols sorted for disassembling one section, with objdump's address-to-symbol lookup. */
export class SectionSymbols {
  readonly sorted: readonly DisasmSymbol[];

  constructor(
    symbols: readonly DisasmSymbol[],
    readonly section: string,
    /** True for relocatable files: addresses inside the section prefer the section's own symbols. */
    private readonly relocatable: boolean,
    private readonly sectionStart: number,
    private readonly sectionEnd: number,
  ) {
    this.sorted = [...symbols].sort((a, b) => compareSymbols(a, b, section));
  }

  /**
   * Index in `sorted` of the symbol objdump names `addr` by, or -1: the last symbol at or below
   * `addr` (the first of equal ones, preferring this section), else the first one above it.
   */
  find(addr: number, requireSection: boolean): number {
    const syms = this.sorted;
    if (syms.length === 0) return -1;
    let lo = 0;
    let hi = syms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((syms[mid]?.value ?? 0) > addr) hi = mid;
      else lo = mid + 1;
    }
    let place = lo > 0 ? lo - 1 : 0;
    const valueAt = (i: number): number => syms[i]?.value ?? 0;
    while (place > 0 && valueAt(place) === valueAt(place - 1)) place--;
    for (let i = place; i < syms.length && valueAt(i) === valueAt(place); i++) {
      if (syms[i]?.section === this.section) return i;
    }
    const want = requireSection || (this.relocatable && addr >= this.sectionStart && addr < this.sectionEnd);
    const ok = (i: number): boolean => !want || syms[i]?.section === this.section;
    if (ok(place)) return place;
    let found = -1;
    for (let i = place - 1; i >= 0; i--) {
      if (!ok(i)) continue;
      if (found >= 0 && valueAt(i) !== valueAt(found)) break;
      found = i;
    }
    if (found < 0) {
      for (let i = place + 1; i < syms.length; i++) {
        if (ok(i)) {
          found = i;
          break;
        }
      }
    }
    return found;
  }

  /** "<name>", "<name+0x10>", "<name-0x4>" or, with no symbol, "<section+0x10>". */
  label(index: number, addr: number, sectionName: string, sectionAddr: number): string {
    const sym = this.sorted[index];
    const [base, name] = sym ? [sym.value, sym.name] : [sectionAddr, sectionName];
    const delta = addr - base;
    const off = delta === 0 ? '' : delta > 0 ? `+0x${delta.toString(16)}` : `-0x${(-delta).toString(16)}`;
    return `<${name}${off}>`;
  }
}
