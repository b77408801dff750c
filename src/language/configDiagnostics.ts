// Problems of the open `*.disco.json` guest configs as editor diagnostics: syntax errors and what
// the engine's analyzeConfig finds (unknown fields, impossible sizes, missing kernel or disk files),
// each on the range of the JSON node it is about. The JSON Schema gives completion and hovers.

import * as vscode from 'vscode';
import { analyzeConfig } from '../../debug-adapter/config/discoConfig';
import type { ConfigDiagnostic } from '../../debug-adapter/config/jsonTree';
import { editorFiles } from '../files/openDocuments';
import { Debouncer } from './debounce';

export function isGuestConfig(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && doc.uri.fsPath.endsWith('.disco.json');
}

function toDiagnostic(doc: vscode.TextDocument, d: ConfigDiagnostic): vscode.Diagnostic {
  const start = doc.positionAt(d.offset);
  const end = doc.positionAt(d.offset + Math.max(d.length, 1));
  const diag = new vscode.Diagnostic(new vscode.Range(start, end), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diag.source = 'disco';
  return diag;
}

/** The diagnostics of one config document. */
export function configDiagnostics(doc: vscode.TextDocument): vscode.Diagnostic[] {
  try {
    const a = analyzeConfig(doc.getText(), doc.uri.fsPath, editorFiles());
    return [...a.syntaxErrors, ...a.problems].map((d) => toDiagnostic(doc, d));
  } catch (e) {
    // the checker failing is a bug, but it must show up in the editor, not take the extension down
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), `disco: the config could not be checked: ${e instanceof Error ? e.message : String(e)}`);
    d.source = 'disco';
    return [d];
  }
}

/** Keeps a DiagnosticCollection in step with the open configs (debounced while typing). */
export function registerConfigDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('disco-config');
  const debounce = new Debouncer(300);
  const check = (doc: vscode.TextDocument): void => {
    if (!isGuestConfig(doc) || doc.isClosed) return;
    collection.set(doc.uri, configDiagnostics(doc));
  };
  // a saved kernel or disk file can make a config valid: recheck the open configs
  const recheckAll = (): void => vscode.workspace.textDocuments.filter(isGuestConfig).forEach(check);
  context.subscriptions.push(
    collection,
    debounce,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => isGuestConfig(e.document) && debounce.schedule(e.document, () => check(e.document))),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.workspace.onDidSaveTextDocument(recheckAll),
    vscode.workspace.onDidCreateFiles(recheckAll),
    vscode.workspace.onDidDeleteFiles(recheckAll),
  );
  recheckAll();
}
