// The texts of the editor's open (possibly unsaved) documents by file path, and the folders the
// extension ships guest sources in: what every language feature reads files through.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileAccessor } from '../../debug-adapter/util/fileAccessor';
import { overlayFiles } from './overlayFiles';

/** Open file documents' texts by absolute path. */
export function openDocumentTexts(): Map<string, string> {
  const m = new Map<string, string>();
  for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === 'file') m.set(d.uri.fsPath, d.getText());
  return m;
}

/** Files as the editor shows them: open documents first, then the disk. */
export function editorFiles(): FileAccessor {
  return overlayFiles(openDocumentTexts());
}

/** The guest headers shipped with the extension (`#include <disco/monitor.h>`). */
export function guestIncludeDir(extensionPath: string): string {
  return path.join(extensionPath, 'guest', 'include');
}
