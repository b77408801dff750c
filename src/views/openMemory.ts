// Opens memory at a reference the adapter understands (`gpa:VM:0x…`, `ma:0x…`, `0x…`): in the hex
// editor through VS Code's debug memory file system (`vscode-debug-memory:`) when the Hex Editor
// extension is installed, else as a read-only hex dump document read with DAP readMemory.

import * as vscode from 'vscode';
import { hexDump } from './hexDump';

const HEX_EDITOR = 'ms-vscode.hexeditor';
const DUMP_SCHEME = 'disco-memory';
/** Bytes a hex dump document shows: one page. */
const DUMP_BYTES = 4096;

interface ReadMemoryBody {
  readonly address: string;
  readonly unreadableBytes?: number;
  readonly data?: string;
}

/** The hex dump documents: `disco-memory:/<title>?<session id>#<reference>`. */
class HexDumpProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly sessionById: (id: string) => vscode.DebugSession | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const reference = decodeURIComponent(uri.fragment);
    const session = this.sessionById(uri.query);
    if (session === undefined) return `${reference}: the debug session that showed this address has ended.`;
    const body = (await session.customRequest('readMemory', { memoryReference: reference, offset: 0, count: DUMP_BYTES })) as ReadMemoryBody;
    const bytes = Buffer.from(body.data ?? '', 'base64');
    const start = Number(body.address);
    const header = [
      `// ${reference}: ${bytes.length} bytes read at ${body.address} (a copy at the time it was opened; reopen to refresh)`,
      body.unreadableBytes ? `// ${body.unreadableBytes} bytes could not be read` : undefined,
      `// Install the Hex Editor extension (${HEX_EDITOR}) to browse and edit memory live.`,
    ].filter((l): l is string => l !== undefined);
    return `${header.join('\n')}\n${hexDump(start, new Uint8Array(bytes))}\n`;
  }
}

/** Registers the hex dump documents; returns the command's implementation. */
export function registerOpenMemory(
  context: vscode.ExtensionContext,
  sessionById: (id: string) => vscode.DebugSession | undefined,
): (session: vscode.DebugSession, reference: string, title: string) => Promise<void> {
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DUMP_SCHEME, new HexDumpProvider(sessionById)));
  return async (session, reference, title) => {
    if (vscode.extensions.getExtension(HEX_EDITOR) !== undefined) {
      const uri = vscode.Uri.from({ scheme: 'vscode-debug-memory', authority: session.id, path: `/${encodeURIComponent(reference)}/memory.bin` });
      await vscode.commands.executeCommand('vscode.openWith', uri, 'hexEditor.hexedit', { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    const uri = vscode.Uri.from({ scheme: DUMP_SCHEME, path: `/${title.replace(/[/\\?#]/g, '_')}.hex`, query: session.id, fragment: encodeURIComponent(reference) });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  };
}
