// Matches input sections to output-section statements (first match in script order,
// as GNU ld does) and places the unmatched "orphan" sections after the output
// section of the same kind, as ld's orphan placement does.

import type { ObjSection, ObjectFile } from '../object';
import { METADATA_SECTIONS } from './defaultScript';
import type { InputSpec, OutputSectionStmt, Statement } from './scriptAst';

export interface InputPiece {
  readonly objIndex: number;
  readonly object: ObjectFile;
  readonly section: ObjSection;
}

/** Converts a glob (`*`, `?`, `[...]`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function specMatches(spec: InputSpec, piece: InputPiece, cache: Map<string, RegExp>): boolean {
  const re = (g: string) => {
    let r = cache.get(g);
    if (!r) cache.set(g, (r = globToRegExp(g)));
    return r;
  };
  const fileRe = re(spec.filePattern);
  if (spec.filePattern !== '*' && !fileRe.test(piece.object.name) && !fileRe.test(baseName(piece.object.name))) return false;
  // COMMON names the common symbols, which the object reader places in .bss.
  return spec.sectionPatterns.some((p) => re(p).test(piece.section.name));
}

type Kind = 'text' | 'rodata' | 'data' | 'bss';
const kindOf = (s: ObjSection): Kind => (s.flags.exec ? 'text' : s.kind === 'nobits' ? 'bss' : s.flags.write ? 'data' : 'rodata');
/** Where an orphan of each kind may go, most preferred first. */
const FOLLOWS: Readonly<Record<Kind, readonly Kind[]>> = {
  text: ['text'],
  rodata: ['rodata', 'text'],
  data: ['data', 'rodata', 'text'],
  bss: ['bss', 'data', 'rodata', 'text'],
};

/** Index after the last output statement of the nearest kind in FOLLOWS, or the end. */
function orphanPosition(out: readonly Statement[], kindOfStmt: ReadonlyMap<OutputSectionStmt, Kind>, kind: Kind): number {
  for (const k of FOLLOWS[kind]) {
    for (let i = out.length - 1; i >= 0; i--) {
      const s = out[i];
      if (s?.kind === 'output' && kindOfStmt.get(s) === k) return i + 1;
    }
  }
  return out.length;
}

export interface SectionAssignment {
  /** Statements with orphan output sections inserted. */
  readonly statements: readonly Statement[];
  /** Input pieces of each input spec, in placement order. */
  readonly piecesOf: ReadonlyMap<InputSpec, readonly InputPiece[]>;
}

/** Assigns every allocated input piece to exactly one input spec (or to a discard). */
export function assignSections(objects: readonly ObjectFile[], statements: readonly Statement[]): SectionAssignment {
  const pieces: InputPiece[] = objects.flatMap((object, objIndex) => object.sections.filter((s) => s.flags.alloc).map((section) => ({ objIndex, object, section })));
  const cache = new Map<string, RegExp>();
  const specs = statements.flatMap((st) => (st.kind === 'output' ? st.items.filter((i): i is InputSpec => i.kind === 'input').map((spec) => ({ st, spec })) : []));
  const owner = new Map<InputPiece, { st: OutputSectionStmt; spec: InputSpec }>();
  for (const p of pieces) {
    const hit = specs.find(({ spec }) => specMatches(spec, p, cache));
    if (hit) owner.set(p, hit);
  }
  const piecesOf = new Map<InputSpec, InputPiece[]>();
  // ld fills one spec file by file, and within a file in section order.
  for (const { spec } of specs) piecesOf.set(spec, pieces.filter((p) => owner.get(p)?.spec === spec));

  const metadata = METADATA_SECTIONS.map(globToRegExp);
  const orphans = pieces.filter((p) => !owner.has(p) && !metadata.some((re) => re.test(p.section.name)));
  const out: Statement[] = [...statements];
  const kindOfStmt = new Map<OutputSectionStmt, Kind>();
  for (const [p, { st }] of owner) {
    if (st.name === '/DISCARD/') continue;
    const k = kindOf(p.section);
    const prev = kindOfStmt.get(st);
    // A statement holding code is text; one holding any file data is not bss.
    if (!prev || k === 'text' || (prev === 'bss' && k !== 'bss') || (prev === 'rodata' && k === 'data')) kindOfStmt.set(st, k);
  }
  const orphanSpecs = new Map<string, InputSpec>();
  for (const p of orphans) {
    // ld gathers orphaned common symbols into .bss.
    const name = p.section.name === 'COMMON' ? '.bss' : p.section.name;
    let spec = orphanSpecs.get(name);
    if (!spec) {
      spec = { kind: 'input', filePattern: '*', sectionPatterns: [], loc: { file: '<orphan>', line: 1, col: 1 } };
      orphanSpecs.set(name, spec);
      piecesOf.set(spec, []);
      const existing = out.findIndex((s) => s.kind === 'output' && s.name === name);
      const target = out[existing];
      if (target?.kind === 'output') {
        out[existing] = { ...target, items: [...target.items, spec] };
      } else {
        const st: OutputSectionStmt = { kind: 'output', name, address: undefined, align: undefined, items: [spec], loc: spec.loc };
        const kind = kindOf(p.section);
        out.splice(orphanPosition(out, kindOfStmt, kind), 0, st);
        kindOfStmt.set(st, kind);
      }
    }
    piecesOf.get(spec)?.push(p);
  }
  return { statements: out, piecesOf };
}
