// Launch configurations of the `disco` debug type: F5 with no launch.json debugs the open
// `*.disco.json` (or kernel `.s`/`.S` on the bare machine) stopping on entry, and every launch
// gets the extension's guest headers on its include path, so a kernel outside this repository
// finds `<disco/monitor.h>` as the examples do.

import * as vscode from 'vscode';
import { guestIncludeDir } from '../files/openDocuments';

export const DEBUG_TYPE = 'disco';

/** The file F5 would debug in `editor`, as a launch attribute, or undefined when it is neither a config nor a kernel. */
export function launchTargetOf(doc: vscode.TextDocument | undefined): { config: string } | { program: string } | undefined {
  if (doc === undefined || doc.uri.scheme !== 'file') return undefined;
  const p = doc.uri.fsPath;
  if (p.endsWith('.disco.json')) return { config: p };
  if (/\.(s|S)$/.test(p)) return { program: p };
  return undefined;
}

export class DiscoConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly extensionPath: string) {}

  /** The launch.json F5 generates: one configuration per guest config in the folder. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const found = folder === undefined ? [] : await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.disco.json'), '**/node_modules/**', 20);
    const configs = found
      .map((u) => vscode.workspace.asRelativePath(u, false))
      .sort()
      .map((rel) => ({ type: DEBUG_TYPE, request: 'launch', name: `Debug ${rel}`, config: `\${workspaceFolder}/${rel}`, stopOnEntry: true }));
    return configs.length > 0 ? configs : [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug guest config', config: '${file}', stopOnEntry: true }];
  }

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    if (!config.type && !config.request && !config.name) {
      const target = launchTargetOf(vscode.window.activeTextEditor?.document);
      if (target === undefined) {
        return vscode.window.showInformationMessage('Open a *.disco.json guest config or a kernel .s/.S file to debug it.').then(() => undefined);
      }
      const name = 'config' in target ? 'Debug guest config' : 'Debug kernel on the bare machine';
      config = { type: DEBUG_TYPE, request: 'launch', name, stopOnEntry: true, ...target };
    }
    if (config.config === undefined && config.program === undefined) {
      return vscode.window.showErrorMessage('Disco: the launch configuration needs "config" (a *.disco.json) or "program" (a kernel .s/.S/.elf).').then(() => undefined);
    }
    const includeDirs: unknown = config.includeDirs;
    const dirs = Array.isArray(includeDirs) ? includeDirs.filter((d): d is string => typeof d === 'string') : [];
    const guest = guestIncludeDir(this.extensionPath);
    return {
      ...config,
      stopOnEntry: config.stopOnEntry ?? true,
      ...(config.cwd === undefined && folder !== undefined ? { cwd: folder.uri.fsPath } : {}),
      includeDirs: dirs.includes(guest) ? dirs : [...dirs, guest],
    };
  }
}
