// Source locations and the errors the engine reports against user input
// (assembly, ELF files, guest configs). Every user mistake becomes a Diagnostic
// printed as `file:line:col: error: message`, never a stack trace.

/** A position in a user's file; line and col are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly loc: SourceLocation;
  readonly severity: Severity;
  readonly message: string;
}

/** `file:line:col: error: message`, the form GNU tools and VS Code problem matchers read. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.loc.file}:${d.loc.line}:${d.loc.col}: ${d.severity}: ${d.message}`;
}

/** Thrown when user input is invalid; carries every diagnostic found, not just the first. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

/** Thrown for a user mistake that has no source position (a bad flag, a missing file). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
