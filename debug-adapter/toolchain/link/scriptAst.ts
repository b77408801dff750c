// The linker-script subset the linker understands (GNU ld manual, "Linker Scripts"):
// ENTRY, SECTIONS with location-counter and symbol assignments, output sections with
// input-section patterns, KEEP, /DISCARD/, and expressions with ALIGN/ADDR/SIZEOF.

import type { SourceLocation } from '../../util/diagnostic';

export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'dot'; readonly loc: SourceLocation }
  | { readonly kind: 'sym'; readonly name: string; readonly loc: SourceLocation }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly loc: SourceLocation }
  | { readonly kind: 'unary'; readonly op: '-' | '~' | '!'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly loc: SourceLocation };

/** `sym = expr;`, `. = expr;`, `sym += expr;`, or a PROVIDE(...) of one. */
export interface Assignment {
  readonly kind: 'assign';
  /** '.' for the location counter. */
  readonly target: string;
  readonly op: string;
  readonly expr: Expr;
  readonly provide: boolean;
  readonly loc: SourceLocation;
}

/** `filePattern(sectionPattern …)`, optionally inside KEEP(). */
export interface InputSpec {
  readonly kind: 'input';
  readonly filePattern: string;
  readonly sectionPatterns: readonly string[];
  readonly loc: SourceLocation;
}

export type SectionItem = Assignment | InputSpec;

export interface OutputSectionStmt {
  readonly kind: 'output';
  /** Output section name; '/DISCARD/' drops what it matches. */
  readonly name: string;
  readonly address: Expr | undefined;
  readonly align: Expr | undefined;
  readonly items: readonly SectionItem[];
  readonly loc: SourceLocation;
}

export type Statement = Assignment | OutputSectionStmt;

export interface LinkScript {
  readonly fileName: string;
  readonly entry: { readonly name: string; readonly loc: SourceLocation } | undefined;
  readonly statements: readonly Statement[];
}
