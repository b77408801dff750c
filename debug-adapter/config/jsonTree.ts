// A guest config's text as a jsonc-parser tree (the parser VS Code uses for settings.json and
// launch.json): comments and trailing commas are allowed, the parser recovers from syntax
// errors and reports each of them, and every node keeps its offset and length so that a problem
// can be shown as `file:line:col` on the command line and as a range in an editor.

import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../util/diagnostic';

export type { Node as JsonNode } from 'jsonc-parser';

/** A diagnostic with the span of text it is about (UTF-16 offsets into the config's text). */
export interface ConfigDiagnostic extends Diagnostic {
  readonly offset: number;
  readonly length: number;
}

/** A parsed config text: its tree (undefined for empty text), syntax errors, and offset → line:col. */
export interface JsonSource {
  readonly tree: Node | undefined;
  readonly syntaxErrors: readonly ConfigDiagnostic[];
  locate(offset: number): SourceLocation;
}

const SYNTAX_MESSAGES: Readonly<Record<ReturnType<typeof printParseErrorCode>, string>> = {
  InvalidSymbol: 'unexpected character, expected a value',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected text after the end of the JSON document',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in string',
  InvalidEscapeCharacter: 'invalid escape in string',
  InvalidCharacter: 'control character in string',
  '<unknown ParseErrorCode>': 'syntax error',
};

/** Parses a config's text (JSON with comments and trailing commas), recovering from every error. */
export function parseJsonSource(text: string, file: string): JsonSource {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const locate = (offset: number): SourceLocation => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - (lineStarts[lo] as number) + 1 };
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  const syntaxErrors = errors.map((e) => ({ loc: locate(e.offset), severity: 'error' as const, message: SYNTAX_MESSAGES[printParseErrorCode(e.error)], offset: e.offset, length: e.length }));
  return { tree, syntaxErrors, locate };
}

/** The member nodes of an object node: key text, key node and value node (absent after a syntax error). */
export function members(object: Node): { key: string; keyNode: Node; value: Node | undefined }[] {
  return (object.children ?? []).flatMap((p) => {
    const keyNode = p.children?.[0];
    return keyNode === undefined ? [] : [{ key: String(keyNode.value), keyNode, value: p.children?.[1] }];
  });
}

/** The node at a JSON path, or the deepest node on the way there that exists. */
export function nodeAt(root: Node, path: readonly (string | number)[]): Node {
  let node = root;
  for (const k of path) {
    const next = typeof k === 'string' ? (node.type === 'object' ? members(node).find((m) => m.key === k)?.value : undefined) : node.type === 'array' ? node.children?.[k] : undefined;
    if (next === undefined) break;
    node = next;
  }
  return node;
}
