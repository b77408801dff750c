// Helpers of the extension-host suites: the workspace folder (a user's own folder, outside the
// repository, prepared by test/e2e/e2e.test.ts), opening files, waiting for diagnostics.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function workspaceRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder open');
  return f.uri.fsPath;
}

export async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Waits until `accept` holds for the document's diagnostics from `source`; returns them. */
export async function diagnosticsOf(uri: vscode.Uri, source: string, accept: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === source);
    if (accept(d)) return d;
    if (Date.now() > end) assert.fail(`diagnostics of ${uri.fsPath} never satisfied the test; last: ${JSON.stringify(d.map((x) => `${x.range.start.line}: ${x.message}`))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The position of the `nth` occurrence of `needle` in the document (plus `offset` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = doc.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not in ${doc.uri.fsPath}`);
  return doc.positionAt(at + offset);
}
