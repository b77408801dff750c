// The assembler's symbol table: labels (section + offset), equates (`.set`, `=`, `.equ`, `.equiv`),
// common symbols and plain references, with the binding and type that `.globl`, `.weak`, `.type`
// and `.size` give them. Numbered local labels (`1:`) get unique internal names here.

import type { SourceLocation } from '../../util/diagnostic';
import type { SymbolBinding, SymbolType } from '../object';
import type { Expr } from './expr';

export type SymbolDef =
  | { readonly kind: 'label'; readonly section: string; readonly offset: number }
  | { readonly kind: 'equ'; readonly expr: Expr }
  | { readonly kind: 'common'; readonly size: number; readonly align: number };

export interface AsmSymbol {
  readonly name: string;
  def: SymbolDef | undefined;
  binding: SymbolBinding;
  type: SymbolType;
  size: Expr | undefined;
  /** Set by `.equiv`: redefinition is an error. */
  equiv: boolean;
  /** Where it was defined (labels, equates) or first referenced. */
  loc: SourceLocation | undefined;
  /** A relocation names this symbol itself (not its section), so it must appear in .symtab. */
  keepInSymtab: boolean;
  /** Value was being evaluated: guards against `a = b`, `b = a` cycles. */
  evaluating: boolean;
}

/** Prefix of internal names: numbered local labels and temporaries that never reach .symtab. */
export const INTERNAL_PREFIX = '\u0002';

export class SymbolTable {
  private readonly byName = new Map<string, AsmSymbol>();
  private readonly localCounts = new Map<string, number>();

  get(name: string): AsmSymbol | undefined {
    return this.byName.get(name);
  }

  /** The symbol called name, created as an undefined reference if new. */
  ref(name: string, loc?: SourceLocation): AsmSymbol {
    let s = this.byName.get(name);
    if (!s) {
      s = { name, def: undefined, binding: 'local', type: 'notype', size: undefined, equiv: false, loc, keepInSymtab: false, evaluating: false };
      this.byName.set(name, s);
    }
    return s;
  }

  all(): IterableIterator<AsmSymbol> {
    return this.byName.values();
  }

  /** Internal name of the next instance of numbered local label n, recording its definition. */
  defineLocal(n: string): string {
    const count = (this.localCounts.get(n) ?? 0) + 1;
    this.localCounts.set(n, count);
    return localName(n, count);
  }

  /** Internal name that `nb` (backward) or `nf` (forward) refers to now. */
  localRef(n: string, forward: boolean): string {
    const count = this.localCounts.get(n) ?? 0;
    return localName(n, forward ? count + 1 : count);
  }
}

function localName(n: string, count: number): string {
  return `${INTERNAL_PREFIX}L${n}${INTERNAL_PREFIX}${count}`;
}

/** The name to show the user for a symbol (numbered local labels print as `1b`-style `1`). */
export function displayName(name: string): string {
  if (!name.startsWith(INTERNAL_PREFIX)) return name;
  const m = /^\u0002L([0-9]+)\u0002/.exec(name);
  return m ? `local label ${m[1]}` : name.slice(1);
}
