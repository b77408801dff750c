// End of assembly: resolves every pending field now that all symbols are known (branches within
// a section, absolute values) and turns the rest into relocations the way GNU as writes REL
// objects: local symbols become their section symbol plus offset (except PC-relative ones), the
// addend is also stored in the field, and undefined symbols become global references.

import type { Diagnostic } from '../../util/diagnostic';
import { EF_MIPS_ABI_O32, EF_MIPS_ARCH_32R2, EF_MIPS_NOREORDER } from '../elf/constants';
import type { Fixup, LineRow, ObjSection, ObjSymbol, ObjectFile } from '../object';
import type { AsmContext } from './context';
import { AsmError } from './errors';
import { Evaluator, type Value } from './evaluate';
import { hiHalf } from './expander';
import type { PendingFixup, Section } from './sections';
import { type AsmSymbol, INTERNAL_PREFIX, displayName } from './symbols';

/** Names gas never puts in .symtab (MIPS ELF local label prefixes). */
function isLocalLabelName(name: string): boolean {
  return name.startsWith('.L') || name.startsWith('$') || name.startsWith(INTERNAL_PREFIX);
}

function symtabName(s: AsmSymbol): string {
  return s.name.startsWith(INTERNAL_PREFIX) ? displayName(s.name).replace(/[^A-Za-z0-9_.$]/g, '_') : s.name;
}

export function buildObject(ctx: AsmContext, name: string): ObjectFile {
  const ev = new Evaluator(ctx.symbols, true);
  const referenced = new Set<AsmSymbol>();
  const sections: ObjSection[] = [];
  for (const s of ctx.sections.values()) {
    // ELF sections end padded to their alignment (at most 16), as mips-linux-gnu-as pads them.
    const pad = Math.min(s.align, 16);
    s.appendFill((pad - (s.size % pad)) % pad);
    const fixups: Fixup[] = [];
    for (const f of s.fixups) {
      try {
        const v = ev.eval(f.expr, f.loc);
        if (v.pending) throw new AsmError(`can't resolve value for symbol \`${displayName(v.blocker)}'`, f.loc);
        const r = resolve(ctx, s, f, v);
        if (r) {
          fixups.push(r.fixup);
          if (r.sym) referenced.add(r.sym);
        }
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        ctx.report(e.loc, e.message);
      }
    }
    fixups.sort((a, b) => a.offset - b.offset);
    sections.push({
      name: s.name,
      kind: s.kind,
      flags: { ...s.flags },
      align: s.align,
      data: s.kind === 'nobits' ? new Uint8Array(s.size) : s.contents(),
      fixups,
    });
  }
  const symbols = buildSymbols(ctx, ev, referenced);
  const lines: LineRow[] = [];
  for (const s of ctx.sections.values()) {
    for (const l of [...s.lines].sort((a, b) => a.offset - b.offset)) lines.push({ section: s.name, offset: l.offset, file: l.file, line: l.line });
  }
  // e_flags as mips-linux-gnu-as sets them: MIPS32r2, o32, and NOREORDER after `.set noreorder`.
  const flags = EF_MIPS_ARCH_32R2 | EF_MIPS_ABI_O32 | (ctx.anyNoreorder ? EF_MIPS_NOREORDER : 0);
  return { name, endian: ctx.endian, sections, symbols, lines, flags };
}

function writeField(ctx: AsmContext, s: Section, f: PendingFixup, value: number, mask: number): void {
  if (f.size !== 4) {
    s.writeInt(f.offset, f.size, value, ctx.endian);
    return;
  }
  const w = s.readWord(f.offset, ctx.endian);
  s.writeInt(f.offset, 4, ((w & ~mask) | (value & mask)) >>> 0, ctx.endian);
}

function fieldFor(type: Fixup['type'], a: bigint): { value: number; mask: number } {
  switch (type) {
    case 'R_MIPS_HI16':
      return { value: hiHalf(a), mask: 0xffff };
    case 'R_MIPS_26':
      return { value: Number((BigInt.asUintN(32, a) >> 2n) & 0x3ffffffn), mask: 0x3ffffff };
    case 'R_MIPS_PC16':
      return { value: Number(BigInt.asUintN(16, a >> 2n)), mask: 0xffff };
    case 'R_MIPS_32':
    case 'R_MIPS_GPREL32':
    case 'R_MIPS_REL32':
      return { value: Number(BigInt.asUintN(32, a)), mask: 0xffffffff };
    default:
      return { value: Number(BigInt.asUintN(16, a)), mask: 0xffff };
  }
}

function resolve(ctx: AsmContext, s: Section, f: PendingFixup, v: Value): { fixup: Fixup; sym: AsmSymbol | undefined } | undefined {
  const sym = v.sym;
  const def = sym?.def;
  if (f.type === 'R_MIPS_PC16') {
    if (!sym) throw new AsmError('branch to an absolute address is not supported; use a label', f.loc);
    if (def && def.kind === 'label' && def.section === s.name && sym.binding === 'local') {
      const disp = BigInt(def.offset) + v.add - BigInt(f.offset + 4);
      if ((disp & 3n) !== 0n) throw new AsmError(`branch to misaligned address (0x${BigInt.asUintN(32, disp).toString(16)})`, f.loc);
      if (disp < -0x20000n || disp > 0x1fffcn) throw new AsmError('branch out of range', f.loc);
      writeField(ctx, s, f, Number(BigInt.asUintN(16, disp >> 2n)), 0xffff);
      return undefined;
    }
    if (!def && sym.name.startsWith(INTERNAL_PREFIX)) throw new AsmError(`undefined ${displayName(sym.name)}`, f.loc);
    sym.keepInSymtab = true;
    const { value, mask } = fieldFor(f.type, v.add - 4n);
    writeField(ctx, s, f, value, mask);
    return { fixup: { offset: f.offset, type: f.type, symbol: symtabName(sym), addend: Number(v.add - 4n), loc: f.loc }, sym };
  }
  if (!sym) {
    if (f.size === 4 || f.type !== 'R_MIPS_16') {
      const { value, mask } = fieldFor(f.type, v.add);
      writeField(ctx, s, f, value, mask);
    } else writeField(ctx, s, f, Number(BigInt.asUintN(16, v.add)), 0xffff);
    return undefined;
  }
  if (!def && sym.name.startsWith(INTERNAL_PREFIX)) throw new AsmError(`undefined ${displayName(sym.name)}`, f.loc);
  const local = def !== undefined && def.kind === 'label' && sym.binding === 'local' && f.type !== 'R_MIPS_GOT16' && f.type !== 'R_MIPS_CALL16';
  const target = local ? (def as { section: string }).section : symtabName(sym);
  const addend = local ? BigInt((def as { offset: number }).offset) + v.add : v.add;
  if (f.size === 2) writeField(ctx, s, f, Number(BigInt.asUintN(16, addend)), 0xffff);
  else {
    const { value, mask } = fieldFor(f.type, addend);
    writeField(ctx, s, f, value, mask);
  }
  return { fixup: { offset: f.offset, type: f.type, symbol: target, addend: Number(addend), loc: f.loc }, sym: local ? undefined : sym };
}

function buildSymbols(ctx: AsmContext, ev: Evaluator, referenced: ReadonlySet<AsmSymbol>): ObjSymbol[] {
  const out: ObjSymbol[] = [];
  for (const s of ctx.sections.values()) out.push({ name: s.name, section: s.name, value: 0, size: 0, binding: 'local', type: 'section' });
  const sizeOf = (s: AsmSymbol): number => {
    if (!s.size) return 0;
    try {
      const v = ev.eval(s.size, s.loc ?? { file: '', line: 0, col: 1 });
      return v.pending || v.sym ? 0 : Number(v.add);
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      ctx.report(e.loc, e.message);
      return 0;
    }
  };
  for (const s of ctx.symbols.all()) {
    if (s.name.startsWith(INTERNAL_PREFIX) && !s.keepInSymtab) continue;
    const d = s.def;
    const name = symtabName(s);
    if (!d) {
      if (referenced.has(s) || s.binding !== 'local') out.push({ name, section: undefined, value: 0, size: 0, binding: s.binding === 'weak' ? 'weak' : 'global', type: s.type });
      continue;
    }
    if (s.binding === 'local' && isLocalLabelName(s.name) && !s.keepInSymtab) continue;
    if (d.kind === 'label') {
      out.push({ name, section: d.section, value: d.offset, size: sizeOf(s), binding: s.binding, type: s.type });
    } else if (d.kind === 'equ') {
      let v: Value;
      try {
        const r = ev.eval(d.expr, s.loc ?? { file: '', line: 0, col: 1 });
        if (r.pending) continue;
        v = r;
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        ctx.report(e.loc, e.message);
        continue;
      }
      const ld = v.sym?.def;
      if (!v.sym) out.push({ name, section: 'abs', value: Number(BigInt.asUintN(32, v.add)), size: sizeOf(s), binding: s.binding, type: s.type });
      else if (ld && ld.kind === 'label') out.push({ name, section: ld.section, value: ld.offset + Number(v.add), size: sizeOf(s), binding: s.binding, type: s.type });
    }
  }
  return out;
}

/** Diagnostics in file order (stable for different files). */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => (a.loc.file === b.loc.file ? a.loc.line - b.loc.line || a.loc.col - b.loc.col : 0));
}
