// How VS Code reaches the debug adapter: by default a separate Node process running the bundled
// adapter (DAP on stdio); with the setting `disco.debugAdapter.inline` the DAP session runs inside
// the extension host (for tests and for debugging the adapter itself).

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';

type SessionClass = new () => vscode.DebugAdapter;

/** The adapter bundle's session class (a DebugSession with a zero-argument constructor), through Node's CommonJS interop. */
async function loadSessionClass(bundle: string): Promise<SessionClass> {
  const mod = (await import(pathToFileURL(bundle).href)) as { DiscoSession?: SessionClass; default?: { DiscoSession?: SessionClass } };
  const cls = mod.DiscoSession ?? mod.default?.DiscoSession;
  if (cls === undefined) throw new Error(`${bundle} does not export DiscoSession`);
  return cls;
}

export class DiscoAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  async createDebugAdapterDescriptor(): Promise<vscode.DebugAdapterDescriptor> {
    const bundle = path.join(this.extensionPath, 'dist', 'debugAdapter.js');
    if (vscode.workspace.getConfiguration('disco').get<boolean>('debugAdapter.inline', false)) {
      // loaded at run time: the adapter stays its own bundle, not part of extension.js
      const DiscoSession = await loadSessionClass(bundle);
      return new vscode.DebugAdapterInlineImplementation(new DiscoSession());
    }
    return new vscode.DebugAdapterExecutable(process.execPath, [bundle], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }
}
