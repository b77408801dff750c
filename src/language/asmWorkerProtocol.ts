// Messages between the extension host and the assembler worker (asmWorker.ts).

import type { Diagnostic } from '../../debug-adapter/util/diagnostic';

export interface AssembleJob {
  readonly id: number;
  /** Absolute path of the file to assemble. */
  readonly file: string;
  /** Unsaved texts of open documents by absolute path (the file itself among them). */
  readonly overlay: ReadonlyArray<readonly [string, string]>;
  readonly includeDirs: readonly string[];
  readonly defines: ReadonlyArray<readonly [string, string]>;
}

export interface AssembleReply {
  readonly id: number;
  /** Errors and warnings with their files; the worker's own failure becomes one error on the file. */
  readonly diagnostics: readonly Diagnostic[];
}
