// The linker: lays out ObjectFiles with the default layout (like `ld -Ttext= -Tdata=`)
// or a linker script, resolves symbols, applies relocations and returns the linked
// image with final symbols and line rows. Every link error is collected before throwing.

import { DiagnosticError, UserError, formatDiagnostic, type Diagnostic } from '../../util/diagnostic';
import type { ObjectFile } from '../object';
import { EF_MIPS_CPIC, EF_MIPS_NOREORDER, EF_MIPS_PIC } from '../elf/constants';
import { assignSections } from './assign';
import { defaultScript } from './defaultScript';
import type { ImageLine, ImageSection, ImageSymbol, LinkOptions, LinkedImage } from './image';
import { runLayout, type Layout } from './layout';
import { applyRelocation, fixupPlace } from './relocate';
import { SymbolResolver } from './resolve';
import { parseLinkScript } from './scriptParser';

export type { LinkOptions, LinkedImage, ImageSection, ImageSymbol, ImageLine } from './image';

const DEFAULT_TEXT_ADDRESS = 0x00400000;

class LinkErrors {
  readonly diagnostics: Diagnostic[] = [];
  readonly messages: string[] = [];

  throwIfAny(): void {
    if (this.messages.length === 0 && this.diagnostics.length > 0) throw new DiagnosticError(this.diagnostics);
    if (this.messages.length > 0 || this.diagnostics.length > 0) {
      throw new UserError([...this.diagnostics.map(formatDiagnostic), ...this.messages].join('\n'));
    }
  }
}

function buildSections(layout: Layout, resolver: SymbolResolver, little: boolean, errors: LinkErrors): ImageSection[] {
  let gp: number | undefined;
  const gpValue = () => {
    if (gp === undefined) {
      const r = resolver.resolve(-1, '_gp');
      gp = typeof r === 'string' ? 0 : r.value;
    }
    return gp;
  };
  return layout.outputs.map((o) => {
    const data = o.kind === 'nobits' ? new Uint8Array(0) : new Uint8Array(o.size);
    for (const { piece, addr } of o.pieces) {
      const off = addr - o.addr;
      if (o.kind === 'progbits' && piece.section.kind === 'progbits') data.set(piece.section.data, off);
      for (const f of piece.section.fixups) {
        const where = fixupPlace(piece.object.name, piece.section.name, f);
        const report = (message: string) => {
          if (f.loc) errors.diagnostics.push({ loc: f.loc, severity: 'error', message });
          else errors.messages.push(`${where}: ${message}`);
        };
        if (o.kind === 'nobits' || piece.section.kind === 'nobits') {
          report(`relocation in section ${piece.section.name}, which holds no data`);
          continue;
        }
        const s = resolver.resolve(piece.objIndex, f.symbol);
        if (s === 'undefined') report(`undefined reference to '${f.symbol}'`);
        else if (s === 'discarded') report(`'${f.symbol}' is defined in a discarded section`);
        else {
          const msg = applyRelocation(f.type, data, off + f.offset, { little, P: addr + f.offset, S: s.value, A: f.addend, gp: gpValue });
          if (msg) report(msg);
        }
      }
    }
    return { name: o.name, kind: o.kind, flags: o.flags, addr: o.addr, size: o.size, align: o.align, data };
  });
}

function buildSymbols(objects: readonly ObjectFile[], layout: Layout, resolver: SymbolResolver): ImageSymbol[] {
  const out: ImageSymbol[] = [];
  objects.forEach((o, objIndex) => {
    for (const sym of o.symbols) {
      if (sym.type === 'file') {
        out.push({ name: sym.name, value: 0, size: 0, binding: 'local', type: 'file', section: 'abs' });
        continue;
      }
      if (sym.type === 'section' || sym.section === undefined) continue;
      if (sym.binding !== 'local' && (resolver.globals.get(sym.name)?.sym !== sym || layout.symbols.get(sym.name)?.provide === false)) continue;
      const v = resolver.valueOf(objIndex, sym);
      if (v) out.push({ name: sym.name, value: v.value, size: sym.size, binding: sym.binding, type: sym.type, section: v.section });
    }
  });
  for (const [name, s] of layout.symbols) {
    if (s.provide && (!resolver.usedLinkerSymbols.has(name) || resolver.globals.has(name))) continue;
    out.push({ name, value: s.value, size: 0, binding: name === '_gp' ? 'local' : 'global', type: 'notype', section: resolver.sectionAt(s.value, s.section) });
  }
  if (resolver.usedLinkerSymbols.has('_gp') && !layout.symbols.has('_gp')) {
    const gp = resolver.resolve(-1, '_gp');
    if (typeof gp !== 'string') out.push({ name: '_gp', value: gp.value, size: 0, binding: 'local', type: 'notype', section: gp.section });
  }
  return out;
}

function buildLines(objects: readonly ObjectFile[], layout: Layout): ImageLine[] {
  const lines: ImageLine[] = [];
  for (const o of objects) {
    const byName = new Map(o.sections.map((s) => [s.name, s]));
    for (const r of o.lines) {
      const sec = byName.get(r.section);
      const base = sec && layout.addressOf.get(sec);
      if (base !== undefined) lines.push({ address: (base + r.offset) >>> 0, file: r.file, line: r.line });
    }
  }
  return lines.sort((a, b) => a.address - b.address);
}

function chooseEntry(objects: readonly ObjectFile[], options: LinkOptions, scriptEntry: { name: string; loc: Diagnostic['loc'] } | undefined, resolver: SymbolResolver, sections: readonly ImageSection[], errors: LinkErrors): number {
  if (typeof options.entry === 'number') return options.entry >>> 0;
  const requested = options.entry ?? scriptEntry?.name ?? objects.find((o) => o.entry !== undefined)?.entry;
  const candidates = requested !== undefined ? [requested] : ['__start', '_start'];
  for (const name of candidates) {
    const r = resolver.resolve(-1, name);
    if (typeof r !== 'string') return r.value;
  }
  if (requested !== undefined) {
    const message = `entry symbol '${requested}' is not defined`;
    if (scriptEntry && options.entry === undefined) errors.diagnostics.push({ loc: scriptEntry.loc, severity: 'error', message });
    else errors.messages.push(message);
    return 0;
  }
  return (sections.find((s) => s.name === '.text') ?? sections.find((s) => s.flags.exec))?.addr ?? 0;
}

/**
 * e_flags like GNU ld: the first input's architecture and ABI, EF_MIPS_NOREORDER if any
 * input sets it, EF_MIPS_PIC and EF_MIPS_CPIC only if every input sets them.
 */
function mergeFlags(objects: readonly ObjectFile[]): number | undefined {
  const withFlags = objects.flatMap((o) => (o.flags === undefined ? [] : [o.flags]));
  const first = withFlags[0];
  if (first === undefined) return undefined;
  const any = (bit: number) => (withFlags.some((f) => f & bit) ? bit : 0);
  const all = (bit: number) => (withFlags.every((f) => f & bit) ? bit : 0);
  return ((first & ~(EF_MIPS_NOREORDER | EF_MIPS_PIC | EF_MIPS_CPIC)) | any(EF_MIPS_NOREORDER) | all(EF_MIPS_PIC) | all(EF_MIPS_CPIC)) >>> 0;
}

/** Links relocatable objects into an executable image; throws DiagnosticError/UserError listing every problem. */
export function link(objects: readonly ObjectFile[], options: LinkOptions = {}): LinkedImage {
  const first = objects[0];
  if (!first) throw new UserError('no input objects to link');
  const endian = options.endian ?? first.endian;
  const mismatched = objects.filter((o) => o.endian !== endian);
  if (mismatched.length > 0) throw new UserError(mismatched.map((o) => `${o.name}: ${o.endian}-endian object cannot be linked into a ${endian}-endian image`).join('\n'));
  const script = options.script ? parseLinkScript(options.script.text, options.script.fileName) : defaultScript(options.textAddress ?? DEFAULT_TEXT_ADDRESS, options.dataAddress);
  const layout = runLayout(assignSections(objects, script.statements));
  const resolver = new SymbolResolver(objects, layout);
  const errors = new LinkErrors();
  errors.messages.push(...resolver.errors);
  const little = endian === 'little';
  const sections = buildSections(layout, resolver, little, errors);
  const entry = chooseEntry(objects, options, script.entry, resolver, sections, errors);
  errors.throwIfAny();
  const flags = mergeFlags(objects);
  return { endian, entry, ...(flags !== undefined && { flags }), sections, symbols: buildSymbols(objects, layout, resolver), lines: buildLines(objects, layout) };
}
