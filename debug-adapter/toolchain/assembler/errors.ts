// The assembler's error type: a message at a source location. Statement handlers throw it;
// the driver catches it per statement, records a Diagnostic and carries on with the next line,
// so every mistake in a file is reported in one run.

import type { SourceLocation } from '../../util/diagnostic';

/** A user mistake found while assembling one statement. */
export class AsmError extends Error {
  constructor(
    message: string,
    readonly loc: SourceLocation,
  ) {
    super(message);
    this.name = 'AsmError';
  }
}
