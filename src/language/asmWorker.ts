// Worker-thread entry (bundled to dist/asmWorker.js): assembles a source with the project's own
// assembler, off the extension host's thread, over the editor's unsaved texts, and replies with
// every error and warning. A fragment that a sibling source includes is assembled through it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import { assemblyRoot } from '../../debug-adapter/toolchain/editor/includeGraph';
import { type Diagnostic, DiagnosticError } from '../../debug-adapter/util/diagnostic';
import { overlayFiles } from '../files/overlayFiles';
import type { AssembleJob, AssembleReply } from './asmWorkerProtocol';

function run(job: AssembleJob): readonly Diagnostic[] {
  try {
    const files = overlayFiles(new Map(job.overlay));
    const dir = path.dirname(job.file);
    const siblings = fs.readdirSync(dir).filter((n) => /\.(s|S|asm)$/.test(n)).sort().map((n) => path.join(dir, n));
    const root = assemblyRoot(job.file, siblings, files, job.includeDirs);
    return assemble(root, { files, includeDirs: job.includeDirs, defines: new Map(job.defines) }).warnings;
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    return [{ loc: { file: job.file, line: 1, col: 1 }, severity: 'error', message: e instanceof Error ? e.message : String(e) }];
  }
}

parentPort?.on('message', (job: AssembleJob) => {
  const reply: AssembleReply = { id: job.id, diagnostics: run(job) };
  parentPort?.postMessage(reply);
});
