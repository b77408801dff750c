// A launch that fails on the guest's sources (an assembly error, an invalid config) answers the
// `launch` request with lines `file:line:col: severity: message`; a DebugAdapterTracker reads them
// from the failed response and puts them in the Problems list (source `disco launch`). They stay
// until the next disco session starts or their file is edited.

import * as path from 'node:path';
import * as vscode from 'vscode';

export const LAUNCH_PROBLEMS_SOURCE = 'disco launch';

interface LaunchResponse {
  readonly type?: string;
  readonly command?: string;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: { readonly error?: { readonly format?: string } };
}

interface LaunchProblem {
  readonly file: string;
  /** 1-based, as the adapter prints them. */
  readonly line: number;
  readonly col: number;
  readonly severity: string;
  readonly message: string;
}

const LINE = /^(.+?):(\d+):(\d+): (error|warning|note): (.*)$/;

/** The `file:line:col: severity: message` lines of a launch failure; other lines are skipped. */
function parseLaunchProblems(text: string): LaunchProblem[] {
  const out: LaunchProblem[] = [];
  for (const l of text.split('\n')) {
    const m = LINE.exec(l.trim());
    if (m) out.push({ file: m[1] as string, line: Number(m[2]), col: Number(m[3]), severity: m[4] as string, message: m[5] as string });
  }
  return out;
}

function toDiagnostic(p: LaunchProblem): vscode.Diagnostic {
  const at = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.col - 1));
  const severity = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), p.message, severity);
  d.source = LAUNCH_PROBLEMS_SOURCE;
  return d;
}

export class LaunchProblems implements vscode.DebugAdapterTrackerFactory, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(LAUNCH_PROBLEMS_SOURCE);
  private readonly edits = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length > 0 && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
  });

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    this.collection.clear();
    const cwd = typeof session.configuration.cwd === 'string' ? session.configuration.cwd : session.workspaceFolder?.uri.fsPath;
    return {
      onDidSendMessage: (m: LaunchResponse) => {
        if (m.type !== 'response' || m.command !== 'launch' || m.success !== false) return;
        this.show(parseLaunchProblems(m.body?.error?.format ?? m.message ?? ''), cwd);
      },
    };
  }

  private show(problems: readonly LaunchProblem[], cwd: string | undefined): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      const file = path.isAbsolute(p.file) || cwd === undefined ? p.file : path.resolve(cwd, p.file);
      byFile.set(file, [...(byFile.get(file) ?? []), toDiagnostic(p)]);
    }
    for (const [file, diags] of byFile) this.collection.set(vscode.Uri.file(file), diags);
  }

  dispose(): void {
    this.edits.dispose();
    this.collection.dispose();
  }
}
