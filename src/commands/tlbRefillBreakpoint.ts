// **Disco: Break in the TLB Refill Handler**: opens the guest kernel's exception vectors
// (vectors.S, whose code starts at `ebase_vectors`, EBase + 0x000: the TLB refill handler) and
// sets a breakpoint on the handler's first instruction. Under the monitor the guest's refill
// handler runs only for the misses the monitor reflects to it (paper §1.2: an L2TLB miss).

import * as vscode from 'vscode';

const VECTORS_LABEL = /^\s*ebase_vectors:/;

/** The 0-based line of the first instruction after the `ebase_vectors:` label, or undefined. */
function refillHandlerLine(text: string): number | undefined {
  const lines = text.split('\n');
  const label = lines.findIndex((l) => VECTORS_LABEL.test(l));
  if (label < 0) return undefined;
  for (let i = label + 1; i < lines.length; i++) {
    const l = (lines[i] as string).trim();
    if (l === '' || l.startsWith('.') || l.startsWith('/*') || l.startsWith('*') || l.startsWith('#')) continue;
    return i;
  }
  return undefined;
}

export async function breakInTlbRefill(): Promise<void> {
  for (const uri of await vscode.workspace.findFiles('**/vectors.S', '**/node_modules/**', 20)) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = refillHandlerLine(doc.getText());
    if (line === undefined) continue;
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const at = new vscode.Range(line, 0, line, 0);
    editor.selection = new vscode.Selection(at.start, at.start);
    editor.revealRange(at, vscode.TextEditorRevealType.InCenter);
    const present = vscode.debug.breakpoints.some((b) => b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === uri.toString() && b.location.range.start.line === line);
    if (!present) vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(uri, at.start))]);
    const where = `${vscode.workspace.asRelativePath(uri, false)}:${line + 1}`;
    void vscode.window.showInformationMessage(`Disco: breakpoint in the guest's TLB refill handler (${where}). Continue (F5): the next TLB miss the monitor reflects to a guest stops there.`);
    return;
  }
  void vscode.window.showErrorMessage('Disco: no guest kernel vectors.S with ebase_vectors in this workspace; open an example first (Disco: Open Example).');
}
