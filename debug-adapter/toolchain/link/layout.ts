// Runs the (default or user) linker script over the assigned input sections: moves
// the location counter, aligns and places each input piece, sizes the output
// sections and evaluates symbol assignments (GNU ld manual, "SECTIONS Command").

import { DiagnosticError } from '../../util/diagnostic';
import type { ObjSection } from '../object';
import type { InputPiece, SectionAssignment } from './assign';
import { alignUp, evalExpr, type ExprScope } from './evalExpr';
import type { Assignment, OutputSectionStmt } from './scriptAst';

export interface OutputSection {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  readonly kind: 'progbits' | 'nobits';
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly pieces: readonly { readonly piece: InputPiece; readonly addr: number }[];
}

export interface ScriptSymbol {
  readonly value: number;
  /** The output section the assignment was made in, if any. */
  readonly section: string | undefined;
  readonly provide: boolean;
}

export interface Layout {
  readonly outputs: readonly OutputSection[];
  /** Final address of each placed input section. */
  readonly addressOf: ReadonlyMap<ObjSection, number>;
  /** Input sections that were placed; the others were discarded (/DISCARD/ or object metadata). */
  readonly placed: ReadonlySet<ObjSection>;
  readonly symbols: ReadonlyMap<string, ScriptSymbol>;
}

/** Largest file-backed output section, so a stray `. = . + huge` cannot exhaust memory. */
const MAX_SECTION_BYTES = 0x10000000;

function sizeOf(s: ObjSection): number {
  return s.data.length;
}

export function runLayout(assignment: SectionAssignment): Layout {
  const outputs: OutputSection[] = [];
  const addressOf = new Map<ObjSection, number>();
  const symbols = new Map<string, ScriptSymbol>();
  let dot = 0;
  const scope = (): ExprScope => ({
    dot,
    symbol: (name) => symbols.get(name)?.value,
    section: (name) => outputs.find((o) => o.name === name),
  });
  const assign = (a: Assignment, section: string | undefined) => {
    const current = a.target === '.' ? dot : symbols.get(a.target)?.value;
    let v = evalExpr(a.expr, scope());
    if (a.op !== '=') {
      if (current === undefined) throw new DiagnosticError([{ loc: a.loc, severity: 'error', message: `'${a.target}' is not defined before '${a.op}'` }]);
      v = evalExpr({ kind: 'binary', op: a.op.slice(0, -1), left: { kind: 'num', value: current }, right: { kind: 'num', value: v }, loc: a.loc }, scope());
    }
    if (a.target === '.') {
      if (section !== undefined && v < dot) {
        throw new DiagnosticError([{ loc: a.loc, severity: 'error', message: `cannot move the location counter backwards inside ${section} (from 0x${dot.toString(16)} to 0x${v.toString(16)})` }]);
      }
      dot = v;
    } else {
      symbols.set(a.target, { value: v, section, provide: a.provide });
    }
  };
  const place = (st: OutputSectionStmt) => {
    const discard = st.name === '/DISCARD/';
    const inputs = st.items.flatMap((i) => (i.kind === 'input' ? (assignment.piecesOf.get(i) ?? []) : []));
    const maxAlign = Math.max(1, ...inputs.map((p) => p.section.align));
    if (discard) return;
    const explicitAlign = st.align ? evalExpr(st.align, scope()) : 1;
    dot = st.address ? evalExpr(st.address, scope()) : alignUp(dot, Math.max(maxAlign, explicitAlign));
    const start = dot;
    const placedPieces: { piece: InputPiece; addr: number }[] = [];
    for (const item of st.items) {
      if (item.kind === 'assign') {
        assign(item, st.name);
        continue;
      }
      for (const p of assignment.piecesOf.get(item) ?? []) {
        dot = alignUp(dot, p.section.align);
        placedPieces.push({ piece: p, addr: dot });
        addressOf.set(p.section, dot);
        dot += sizeOf(p.section);
      }
    }
    if (dot > 0x100000000) throw new DiagnosticError([{ loc: st.loc, severity: 'error', message: `output section ${st.name} ends past the 4 GiB address space` }]);
    const secs = placedPieces.map((p) => p.piece.section);
    const nobits = secs.length > 0 && secs.every((s) => s.kind === 'nobits');
    if (!nobits && dot - start > MAX_SECTION_BYTES) {
      throw new DiagnosticError([{ loc: st.loc, severity: 'error', message: `output section ${st.name} would be 0x${(dot - start).toString(16)} bytes; at most 0x${MAX_SECTION_BYTES.toString(16)} are supported` }]);
    }
    outputs.push({
      name: st.name,
      addr: start,
      size: dot - start,
      align: Math.max(maxAlign, explicitAlign),
      kind: nobits ? 'nobits' : 'progbits',
      flags: { alloc: true, write: secs.some((s) => s.flags.write), exec: secs.some((s) => s.flags.exec) },
      pieces: placedPieces,
    });
  };
  for (const st of assignment.statements) {
    if (st.kind === 'assign') assign(st, undefined);
    else place(st);
  }
  return { outputs: outputs.filter((o) => o.size > 0).sort((a, b) => a.addr - b.addr), addressOf, placed: new Set(addressOf.keys()), symbols };
}
