// Outline, go to definition, find references and hovers for MIPS assembly, over the document and
// the files it includes (the shipped guest headers on the include path), read as the editor shows
// them. The scanning and the documentation live in debug-adapter/toolchain/editor.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hoverAt } from '../../debug-adapter/toolchain/editor/hover';
import { assemblyRoot, findDefinitions, type IndexedFile, indexWithIncludes } from '../../debug-adapter/toolchain/editor/includeGraph';
import { type SourceSpan, type SymbolKind, wordAt } from '../../debug-adapter/toolchain/editor/sourceIndex';
import { editorFiles, guestIncludeDir } from '../files/openDocuments';
import { MIPS_LANGUAGE } from './asmDiagnostics';

const SYMBOL_KINDS: Readonly<Record<SymbolKind, vscode.SymbolKind>> = {
  label: vscode.SymbolKind.Field,
  function: vscode.SymbolKind.Function,
  constant: vscode.SymbolKind.Constant,
  define: vscode.SymbolKind.Constant,
  macro: vscode.SymbolKind.Module,
};

function rangeOf(s: SourceSpan): vscode.Range {
  return new vscode.Range(s.line, s.col, s.line, s.col + s.length);
}

export class AsmLanguageFeatures implements vscode.DocumentSymbolProvider, vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.HoverProvider {
  constructor(private readonly extensionPath: string) {}

  /**
   * The document, then every file of the program it belongs to: its includes, or for a fragment
   * such as `trap.S` the closure of the sibling source that includes it (`kernel.S`).
   */
  private closure(doc: vscode.TextDocument): IndexedFile[] {
    const extra = vscode.workspace.getConfiguration('disco').get<string[]>('includeDirs', []);
    const dirs = [...extra, guestIncludeDir(this.extensionPath)];
    const files = editorFiles();
    const file = doc.uri.fsPath;
    const dir = path.dirname(file);
    const siblings = fs.readdirSync(dir).filter((n) => /\.(s|S|asm)$/.test(n)).sort().map((n) => path.join(dir, n));
    const all = indexWithIncludes(assemblyRoot(file, siblings, files, dirs), files, dirs);
    const own = all.find((f) => f.path === file);
    return own === undefined ? indexWithIncludes(file, files, dirs) : [own, ...all.filter((f) => f !== own)];
  }

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const own = this.closure(doc)[0]?.index;
    if (!own) return [];
    const functions = own.definitions.filter((d) => d.kind === 'function');
    const out: vscode.DocumentSymbol[] = [];
    for (const d of own.definitions) {
      // a function's label is the function itself in the outline
      if (d.kind === 'label' && functions.some((f) => f.name === d.name)) continue;
      const end = d.endLine ?? d.span.line;
      const full = new vscode.Range(d.span.line, 0, end, doc.lineAt(Math.min(end, doc.lineCount - 1)).text.length);
      const detail = own.globals.has(d.name) ? 'global' : (d.value ?? '');
      out.push(new vscode.DocumentSymbol(d.name, detail, SYMBOL_KINDS[d.kind], full, rangeOf(d.span)));
    }
    return out;
  }

  private wordAt(doc: vscode.TextDocument, pos: vscode.Position): string | undefined {
    const w = wordAt(doc.lineAt(pos.line).text, pos.character);
    return w === undefined || w.word.startsWith('$') ? undefined : w.word;
  }

  provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): vscode.Location[] {
    const name = this.wordAt(doc, pos);
    if (name === undefined) return [];
    return findDefinitions(this.closure(doc), name).map((d) => new vscode.Location(vscode.Uri.file(d.path), rangeOf(d.def.span)));
  }

  provideReferences(doc: vscode.TextDocument, pos: vscode.Position, ctx: vscode.ReferenceContext): vscode.Location[] {
    const name = this.wordAt(doc, pos);
    if (name === undefined) return [];
    const closure = this.closure(doc);
    const defs = new Set(findDefinitions(closure, name).map((d) => `${d.path}:${d.def.span.line}:${d.def.span.col}`));
    return closure.flatMap((f) =>
      f.index.references
        .filter((r) => r.name === name && (ctx.includeDeclaration || !defs.has(`${f.path}:${r.span.line}:${r.span.col}`)))
        .map((r) => new vscode.Location(vscode.Uri.file(f.path), rangeOf(r.span))),
    );
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    let closure: IndexedFile[] | undefined;
    const lookup = (name: string) => findDefinitions((closure ??= this.closure(doc)), name)[0];
    const h = hoverAt(doc.lineAt(pos.line).text, pos.character, lookup);
    if (!h) return undefined;
    const relative = (p: string): string => vscode.workspace.asRelativePath(p);
    const md = new vscode.MarkdownString(h.markdown.replace(/(\S+\.(?:h|S|s|asm|inc)):(\d+)/g, (_m, p: string, l: string) => `${relative(p)}:${l}`));
    return new vscode.Hover(md, new vscode.Range(pos.line, h.col, pos.line, h.col + h.length));
  }
}

export function registerAsmLanguageFeatures(context: vscode.ExtensionContext): void {
  const features = new AsmLanguageFeatures(context.extensionPath);
  const selector: vscode.DocumentSelector = { language: MIPS_LANGUAGE, scheme: 'file' };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(selector, features),
    vscode.languages.registerDefinitionProvider(selector, features),
    vscode.languages.registerReferenceProvider(selector, features),
    vscode.languages.registerHoverProvider(selector, features),
  );
}
