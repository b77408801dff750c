// Live assembler diagnostics for MIPS sources: a change (debounced) sends the document and the
// other open documents' texts to a worker thread running the project's assembler with the shipped
// guest headers on the include path and DISCO_GUEST defined, as the monitor's loader builds guest
// kernels; the errors land on the files they are in (an included header included).

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../debug-adapter/util/diagnostic';
import { guestIncludeDir, openDocumentTexts } from '../files/openDocuments';
import type { AssembleJob, AssembleReply } from './asmWorkerProtocol';
import { Debouncer } from './debounce';

export const MIPS_LANGUAGE = 'mips';

function toDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const line = Math.max(0, d.loc.line - 1);
  const col = Math.max(0, d.loc.col - 1);
  const diag = new vscode.Diagnostic(new vscode.Range(line, col, line, Number.MAX_SAFE_INTEGER), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diag.source = 'disco as';
  return diag;
}

/** The worker and the jobs waiting for its replies. */
class AssemblerWorker implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (d: readonly Diagnostic[]) => void>();

  constructor(private readonly script: string) {}

  assemble(job: Omit<AssembleJob, 'id'>): Promise<readonly Diagnostic[]> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      w.postMessage({ ...job, id } satisfies AssembleJob);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.on('message', (r: AssembleReply) => {
      this.pending.get(r.id)?.(r.diagnostics);
      this.pending.delete(r.id);
    });
    const fail = (message: string): void => {
      // a dead worker answers every waiting job with its failure; the next job starts a new one
      for (const [, resolve] of this.pending) resolve([{ loc: { file: '', line: 1, col: 1 }, severity: 'error', message }]);
      this.pending.clear();
      this.worker = undefined;
    };
    w.on('error', (e) => fail(`assembler worker failed: ${e.message}`));
    w.on('exit', (code) => code !== 0 && fail(`assembler worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

export function registerAsmDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('disco-asm');
  const worker = new AssemblerWorker(path.join(context.extensionPath, 'dist', 'asmWorker.js'));
  const debounce = new Debouncer(400);
  /** Files each document's last run put diagnostics on, so the next run can clear them. */
  const touched = new Map<string, vscode.Uri[]>();
  const generation = new Map<string, number>();

  const check = async (doc: vscode.TextDocument): Promise<void> => {
    if (doc.languageId !== MIPS_LANGUAGE || doc.uri.scheme !== 'file' || doc.isClosed) return;
    const key = doc.uri.toString();
    const gen = (generation.get(key) ?? 0) + 1;
    generation.set(key, gen);
    const extra = vscode.workspace.getConfiguration('disco').get<string[]>('includeDirs', []);
    const diags = await worker.assemble({
      file: doc.uri.fsPath,
      overlay: [...openDocumentTexts()],
      includeDirs: [...extra, guestIncludeDir(context.extensionPath)],
      defines: [['DISCO_GUEST', '1']],
    });
    if (generation.get(key) !== gen || doc.isClosed) return; // a newer run is under way
    const byFile = new Map<string, vscode.Diagnostic[]>([[doc.uri.fsPath, []]]);
    for (const d of diags) {
      const file = d.loc.file === '' ? doc.uri.fsPath : d.loc.file;
      byFile.set(file, [...(byFile.get(file) ?? []), toDiagnostic(d)]);
    }
    for (const uri of touched.get(key) ?? []) if (!byFile.has(uri.fsPath)) collection.delete(uri);
    const uris = [...byFile.keys()].map((f) => vscode.Uri.file(f));
    uris.forEach((u) => collection.set(u, byFile.get(u.fsPath)));
    touched.set(key, uris);
  };
  const schedule = (doc: vscode.TextDocument): void => {
    if (doc.languageId === MIPS_LANGUAGE) debounce.schedule(doc, () => void check(doc));
  };
  context.subscriptions.push(
    collection,
    worker,
    debounce,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      for (const uri of touched.get(doc.uri.toString()) ?? []) collection.delete(uri);
      touched.delete(doc.uri.toString());
    }),
  );
  vscode.workspace.textDocuments.forEach(schedule);
}
