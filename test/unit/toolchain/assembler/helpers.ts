// Helpers for assembler unit tests: assemble in-memory sources and read back words.

import { assemble } from '../../../../debug-adapter/toolchain/assembler/assembler';
import type { ObjectFile } from '../../../../debug-adapter/toolchain/object';
import { DiagnosticError } from '../../../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../../../debug-adapter/util/fileAccessor';

/** Assembles `main` (default name src.s) with extra in-memory files. */
export function asm(main: string, files: Record<string, string> = {}, name = 'src.s', defines?: Map<string, string>): ObjectFile {
  const fs = new MemoryFileAccessor({ [name]: main, ...files });
  return assemble(name, { files: fs, ...(defines && { defines }) }).object;
}

/** Big-endian words of a section. */
export function words(o: ObjectFile, section = '.text'): number[] {
  const s = o.sections.find((x) => x.name === section);
  if (!s) throw new Error(`no section ${section}`);
  const out: number[] = [];
  for (let i = 0; i + 4 <= s.data.length; i += 4) out.push(((s.data[i] as number) << 24 | (s.data[i + 1] as number) << 16 | (s.data[i + 2] as number) << 8 | (s.data[i + 3] as number)) >>> 0);
  return out;
}

/** Words of a section up to the length of `expected`, checking that the rest is zero padding. */
export function leading(all: number[], count: number): number[] {
  if (all.slice(count).some((w) => w !== 0)) throw new Error(`unexpected words after ${count}: ${all.slice(count).join(',')}`);
  return all.slice(0, count);
}

/** The diagnostics of a source that must fail, as "line:col: message". */
export function errors(main: string, files: Record<string, string> = {}, name = 'src.s'): string[] {
  try {
    asm(main, files, name);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
    throw e;
  }
  throw new Error('expected assembly errors');
}

/** The value of `.word EXPR` (big-endian, first word of .data). */
export function wordValue(expr: string, prelude = ''): number {
  return words(asm(`${prelude}\n\t.data\n\t.word ${expr}\n`), '.data')[0] as number;
}
