// The assembler's entry point: reads a `.s` file (or runs the C preprocessor over a `.S` file),
// assembles every statement and returns the relocatable object with its line table. Compatible
// with `mips-linux-gnu-as -march=mips32r2` for non-PIC code (see docs/assembler.md).

import { type Diagnostic, DiagnosticError } from '../../util/diagnostic';
import type { ObjectFile } from '../object';
import { AsmContext } from './context';
import { preprocess } from './cpp';
import { Driver } from './driver';
import { buildObject, sortDiagnostics } from './finish';
import type { AssembleOptions } from './options';
import { isSmallDataSection } from './sections';
import { type SourceLine, splitLines, stripComments } from './source';

export type { AssembleOptions } from './options';

export interface AssembleResult {
  readonly object: ObjectFile;
  /** Warnings (errors are thrown). */
  readonly warnings: readonly Diagnostic[];
}

/** Predefined macros of the `.S` preprocessor, as mips-linux-gnu-gcc defines the common ones. */
function predefined(options: AssembleOptions): Map<string, string> {
  const little = options.endian === 'little';
  const m = new Map<string, string>([
    ['__ASSEMBLER__', '1'],
    ['__mips__', '1'],
    ['__mips', '32'],
    ['_mips', '1'],
    ['__mips_isa_rev', '2'],
    ['_MIPS_ISA', '_MIPS_ISA_MIPS32'],
    ['_MIPS_SIM', '_ABIO32'],
    ['_ABIO32', '1'],
    ['_MIPS_SZPTR', '32'],
    ['_MIPS_SZINT', '32'],
    ['_MIPS_SZLONG', '32'],
    [little ? '__MIPSEL__' : '__MIPSEB__', '1'],
    [little ? '_MIPSEL' : '_MIPSEB', '1'],
  ]);
  for (const [k, v] of options.defines ?? []) m.set(k, v);
  return m;
}

function pass(lines: readonly SourceLine[], options: AssembleOptions, gpHints: ReadonlySet<string>): AsmContext {
  const ctx = new AsmContext(options, gpHints);
  new Driver(ctx).run(lines);
  return ctx;
}

function smallDataSymbols(ctx: AsmContext): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.symbols.all()) if (s.def?.kind === 'label' && isSmallDataSection(s.def.section)) out.add(s.name);
  return out;
}

/**
 * Assembles the file at `path`. Throws DiagnosticError listing every error (each with
 * file:line:col) when the source has mistakes.
 */
export function assemble(path: string, options: AssembleOptions): AssembleResult {
  const cppDiags: Diagnostic[] = [];
  const lines = stripComments(
    path.endsWith('.S')
      ? preprocess(path, options.files, { includeDirs: options.includeDirs ?? [], defines: predefined(options) }, cppDiags)
      : splitLines(path, new TextDecoder().decode(options.files.readFile(path))),
  );
  let ctx = pass(lines, options, new Set());
  const small = smallDataSymbols(ctx);
  if ([...ctx.relaxedRefs].some((n) => small.has(n))) ctx = pass(lines, options, small);
  ctx.diags.unshift(...cppDiags);
  const object = buildObject(ctx, path);
  const diags = sortDiagnostics(ctx.diags);
  if (diags.some((d) => d.severity === 'error')) throw new DiagnosticError(diags);
  return { object, warnings: diags };
}
