// The state of one assembly: symbols, sections and the location counter, `.set` options, the
// instruction emitter, diagnostics and the statement being assembled. Directive, instruction and
// expansion code all work through this object.

import type { Diagnostic, SourceLocation } from '../../util/diagnostic';
import type { Endian } from '../object';
import { Emitter, type EmitHost } from './emit';
import { AsmError } from './errors';
import { Evaluator, type EvalResult } from './evaluate';
import type { Expr, ExprContext } from './expr';
import { type AssembleOptions, type SetOptions, defaultSetOptions } from './options';
import { Section, defaultSectionAttributes } from './sections';
import type { SourceLine } from './source';
import { type AsmSymbol, displayName, SymbolTable } from './symbols';

/** MIPS gas gives .text, .data and .bss 16-byte alignment in ELF output. */
const DEFAULT_ALIGN: Readonly<Record<string, number>> = { '.text': 16, '.data': 16, '.bss': 16 };

export class AsmContext implements EmitHost, ExprContext {
  readonly endian: Endian;
  readonly symbols = new SymbolTable();
  readonly sections = new Map<string, Section>();
  readonly diags: Diagnostic[] = [];
  readonly emitter: Emitter;
  cur: Section;
  prev: Section;
  readonly sectionStack: Array<readonly [Section, Section]> = [];
  opts: SetOptions = defaultSetOptions();
  readonly optStack: Array<{ opts: SetOptions; noreorder: number }> = [];
  /** -G value: objects up to this size may be addressed off $gp (0 after .abicalls). */
  gpSize = 8;
  /** MIPS auto-alignment of .word/.half/.float/.double; `.align 0` turns it off until the next section change. */
  autoAlign = true;
  /** Labels defined in each section since its last instruction or data (gas' insn label list). */
  private readonly labelsSince = new Map<Section, AsmSymbol[]>();
  /** The line being assembled. */
  line: SourceLine = { text: '', loc: { file: '', line: 0, col: 1 } };
  /** `.file N "name"` table and the current `.loc`, when the source gives them. */
  readonly fileNumbers = new Map<number, string>();
  dotLoc: SourceLocation | undefined;
  /** `.set noreorder` appeared (ELF e_flags EF_MIPS_NOREORDER). */
  anyNoreorder = false;
  /** Symbols referenced by $gp-relaxable sequences before their definition. */
  readonly relaxedRefs = new Set<string>();

  /**
   * @param gpHints symbols a previous pass found in small-data sections: gas decides $gp-relative
   *   addressing of forward references at the end of the file, so a second pass uses this answer.
   */
  constructor(
    readonly options: AssembleOptions,
    readonly gpHints: ReadonlySet<string> = new Set(),
  ) {
    this.endian = options.endian ?? 'big';
    this.emitter = new Emitter(this);
    for (const n of ['.text', '.data', '.bss']) this.getSection(n);
    this.cur = this.getSection('.text');
    this.prev = this.cur;
  }

  // EmitHost
  section(): Section {
    return this.cur;
  }
  hasPendingLabels(s: Section): boolean {
    return (this.labelsSince.get(s)?.length ?? 0) > 0;
  }
  clearPendingLabels(s: Section): void {
    this.labelsSince.delete(s);
  }
  rowLocation(): SourceLocation {
    return this.dotLoc ?? this.line.invokedAt ?? this.line.loc;
  }

  // ExprContext
  dot(): Expr {
    this.noteLabel(undefined);
    return { k: 'dot', section: this.cur.name, offset: this.cur.size };
  }
  localLabel(n: string, forward: boolean): string {
    return this.symbols.localRef(n, forward);
  }

  /** Records a diagnostic. */
  report(loc: SourceLocation, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.diags.push({ loc, severity, message });
  }

  warn(loc: SourceLocation, message: string): void {
    this.report(loc, message, 'warning');
  }

  /** The section called name, created with gas' default attributes if new. */
  getSection(name: string, attrs?: Pick<Section, 'kind' | 'flags'>): Section {
    let s = this.sections.get(name);
    if (!s) {
      const a = attrs ?? defaultSectionAttributes(name);
      s = new Section(name, a.kind, a.flags, DEFAULT_ALIGN[name] ?? 1);
      this.sections.set(name, s);
    }
    return s;
  }

  /** Makes `s` the current section (gas subseg_set + mips_emit_delays + auto-align reset). */
  switchTo(s: Section): void {
    this.emitter.flush();
    if (s !== this.cur) this.prev = this.cur;
    this.cur = s;
    this.autoAlign = true;
  }

  /** Defines a label at the location counter. */
  defineLabel(name: string, loc: SourceLocation): void {
    const sym = this.symbols.ref(name, loc);
    if (sym.def && sym.def.kind !== 'common') throw new AsmError(`symbol \`${displayName(name)}' is already defined`, loc);
    sym.def = { kind: 'label', section: this.cur.name, offset: this.cur.size };
    sym.loc = loc;
    this.noteLabel(sym);
  }

  /** Records a label (or a use of '.') in the current section's pending label list. */
  noteLabel(sym: AsmSymbol | undefined): void {
    const l = this.labelsSince.get(this.cur) ?? [];
    if (sym) l.push(sym);
    else l.push(this.symbols.ref('\u0002dot'));
    this.labelsSince.set(this.cur, l);
  }

  /** Labels pending in the current section, to move along with an alignment. */
  pendingLabels(): AsmSymbol[] {
    return (this.labelsSince.get(this.cur) ?? []).filter((s) => s.def?.kind === 'label');
  }

  /** Evaluates an expression with the symbols known now. */
  evaluate(e: Expr, loc: SourceLocation): EvalResult {
    return new Evaluator(this.symbols, false).eval(e, loc);
  }

  /** The value of an expression that must be absolute now (sizes, counts, alignments). */
  absolute(e: Expr, loc: SourceLocation, what = 'expression'): bigint {
    const v = this.evaluate(e, loc);
    if (v.pending || v.sym) throw new AsmError(`${what} must be an absolute constant`, loc);
    return v.add;
  }

  /**
   * Pads the current section to a multiple of `bytes` (a power of two). gas' mips_align (used by
   * .align and auto-alignment) also pulls the labels just before it down to the aligned address.
   */
  alignTo(bytes: number, fill: number | undefined, max: number | undefined, moveLabels: boolean): void {
    const s = this.cur;
    const labels = moveLabels ? this.pendingLabels() : [];
    this.emitter.flush();
    if (bytes > s.align) s.align = bytes;
    const pad = (bytes - (s.size % bytes)) % bytes;
    if (pad === 0 || (max !== undefined && pad > max)) return;
    s.appendFill(pad, [fill ?? 0]);
    for (const l of labels) {
      const d = l.def;
      if (d && d.kind === 'label' && d.section === s.name) l.def = { ...d, offset: s.size };
    }
  }
}
