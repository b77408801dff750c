// Symbol resolution across objects (System V gABI "Symbol Table": local, global and
// weak binding): one definition per global name, weak ones yielding to strong ones,
// script assignments and PROVIDEd symbols, and _gp placed as GNU ld places it.

import type { ObjSection, ObjSymbol, ObjectFile } from '../object';
import type { Layout } from './layout';

interface Definition {
  readonly objIndex: number;
  readonly sym: ObjSymbol;
}

export interface SymbolValue {
  readonly value: number;
  /** Output section holding the symbol, or 'abs'. */
  readonly section: string | 'abs';
}

export class SymbolResolver {
  readonly globals = new Map<string, Definition>();
  readonly errors: string[] = [];
  private readonly locals: Map<string, ObjSymbol>[];
  private readonly sectionsByName: Map<string, ObjSection>[];
  private readonly outputOf = new Map<ObjSection, string>();
  /** Names looked up through PROVIDE or the automatic _gp, to be listed in the output. */
  readonly usedLinkerSymbols = new Set<string>();

  constructor(
    readonly objects: readonly ObjectFile[],
    readonly layout: Layout,
  ) {
    for (const o of layout.outputs) for (const p of o.pieces) this.outputOf.set(p.piece.section, o.name);
    this.locals = objects.map((o) => new Map(o.symbols.filter((s) => s.binding === 'local' && s.type !== 'file').map((s) => [s.name, s])));
    this.sectionsByName = objects.map((o) => new Map(o.sections.map((s) => [s.name, s])));
    objects.forEach((o, objIndex) => {
      for (const sym of o.symbols) {
        if (sym.binding === 'local' || sym.section === undefined) continue;
        const prev = this.globals.get(sym.name);
        if (!prev || (prev.sym.binding === 'weak' && sym.binding === 'global')) this.globals.set(sym.name, { objIndex, sym });
        else if (prev.sym.binding === 'global' && sym.binding === 'global') {
          this.errors.push(`multiple definition of '${sym.name}': first defined in ${objects[prev.objIndex]?.name}, again in ${o.name}`);
        }
      }
    });
  }

  /** Where an object's symbol ended up; undefined if its section was discarded. */
  valueOf(objIndex: number, sym: ObjSymbol): SymbolValue | undefined {
    if (sym.section === 'abs') return { value: sym.value, section: 'abs' };
    if (sym.section === undefined) return undefined;
    const sec = this.sectionsByName[objIndex]?.get(sym.section);
    const base = sec && this.layout.addressOf.get(sec);
    const out = sec && this.outputOf.get(sec);
    if (base === undefined || out === undefined) return undefined;
    return { value: (base + sym.value) >>> 0, section: out };
  }

  /** Which output section contains `addr` (or ends exactly there), for script-defined symbols. */
  sectionAt(addr: number, hint: string | undefined): string | 'abs' {
    if (hint !== undefined && this.layout.outputs.some((o) => o.name === hint)) return hint;
    const o = this.layout.outputs.find((x) => addr >= x.addr && addr <= x.addr + x.size);
    return o ? o.name : 'abs';
  }

  /** _gp as ld sets it without a script definition: the small-data sections' start + 0x7ff0. */
  private autoGp(): SymbolValue {
    const small = this.layout.outputs.find((o) => o.pieces.some((p) => /^\.(sdata|sbss|lit[48]|srdata)/.test(p.piece.section.name)));
    const base = small ?? this.layout.outputs.find((o) => o.flags.write) ?? this.layout.outputs[0];
    return { value: ((base?.addr ?? 0) + 0x7ff0) >>> 0, section: base?.name ?? 'abs' };
  }

  private script(name: string, includeProvide: boolean): SymbolValue | undefined {
    const s = this.layout.symbols.get(name);
    if (!s || (s.provide && !includeProvide)) return undefined;
    if (s.provide) this.usedLinkerSymbols.add(name);
    return { value: s.value, section: this.sectionAt(s.value, s.section) };
  }

  /**
   * Resolves `name` as seen from object `objIndex`: its local symbols and sections,
   * then script assignments, globals, PROVIDEd symbols and _gp. 'weak-undefined' resolves to 0.
   */
  resolve(objIndex: number, name: string): SymbolValue | 'undefined' | 'discarded' {
    const local = this.locals[objIndex]?.get(name);
    if (local) return this.valueOf(objIndex, local) ?? 'discarded';
    const sec = this.sectionsByName[objIndex]?.get(name);
    if (sec) return this.valueOf(objIndex, { name, section: name, value: 0, size: 0, binding: 'local', type: 'section' }) ?? 'discarded';
    const assigned = this.script(name, false);
    if (assigned) return assigned;
    const g = this.globals.get(name);
    if (g) return this.valueOf(g.objIndex, g.sym) ?? 'discarded';
    const provided = this.script(name, true);
    if (provided) return provided;
    if (name === '_gp') {
      this.usedLinkerSymbols.add(name);
      return this.autoGp();
    }
    const weakRef = this.objects[objIndex]?.symbols.some((s) => s.name === name && s.binding === 'weak' && s.section === undefined);
    return weakRef ? { value: 0, section: 'abs' } : 'undefined';
  }
}
