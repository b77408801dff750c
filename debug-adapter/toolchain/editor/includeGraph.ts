// A source file and every file it includes, each indexed, for go-to-definition and find-references
// across `#include`/`.include`. Includes resolve as the assembler resolves them: `"…"` and `.include`
// against the including file's folder first, then the include directories; `<…>` only the latter.

import type { FileAccessor } from '../../util/fileAccessor';
import { indexSource, type SourceIndex, type SymbolDefinition } from './sourceIndex';

export interface IndexedFile {
  readonly path: string;
  readonly index: SourceIndex;
}

/** The file an include names, or undefined when no candidate exists. */
export function resolveInclude(from: string, inc: { readonly path: string; readonly system: boolean }, files: FileAccessor, includeDirs: readonly string[]): string | undefined {
  const candidates = [...(inc.system ? [] : [files.resolve(from, inc.path)]), ...includeDirs.map((d) => files.resolve(`${d}/.`, inc.path))];
  return candidates.find((c) => files.exists(c));
}

/** `root` and its transitive includes (each once, root first); unreadable includes are skipped. */
export function indexWithIncludes(root: string, files: FileAccessor, includeDirs: readonly string[]): IndexedFile[] {
  const out: IndexedFile[] = [];
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    let text: string;
    try {
      text = new TextDecoder().decode(files.readFile(path));
    } catch {
      return;
    }
    const index = indexSource(text);
    out.push({ path, index });
    for (const inc of index.includes) {
      const target = resolveInclude(path, inc, files, includeDirs);
      if (target !== undefined) visit(target);
    }
  };
  visit(root);
  return out;
}

/** Definitions of `name` in the indexed files, the root's first; a function's label stands for its `.ent`. */
export function findDefinitions(indexed: readonly IndexedFile[], name: string): Array<{ path: string; def: SymbolDefinition }> {
  return indexed.flatMap((f) => {
    const defs = f.index.definitions.filter((d) => d.name === name);
    const labelled = defs.some((d) => d.kind === 'label');
    return defs.filter((d) => !(labelled && d.kind === 'function')).map((def) => ({ path: f.path, def }));
  });
}

/**
 * The file to assemble for diagnostics on `file`: the first candidate (e.g. its folder's other
 * sources) that includes it, directly or not, so a fragment like `trap.S` is checked in the context
 * of the kernel that includes it; `file` itself when none does.
 */
export function assemblyRoot(file: string, candidates: readonly string[], files: FileAccessor, includeDirs: readonly string[]): string {
  for (const c of candidates) {
    if (c === file) continue;
    const closure = indexWithIncludes(c, files, includeDirs);
    if (closure.some((f) => f.path === file)) return c;
  }
  return file;
}
