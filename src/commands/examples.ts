// The Getting Started commands around the shipped examples. **Disco: Open Example** opens a guest
// config of the workspace (the multi-VM one first) or copies the extension's examples and guest
// sources into a folder the user picks and opens it (the config opens once the window has
// reloaded); **Disco: Debug Example** starts debugging the open or the workspace's example config.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE, launchTargetOf } from '../debug/configurationProvider';

/** globalState key: a config to open in the folder the window reloads into. */
const PENDING_KEY = 'disco.openAfterReload';
const FIRST_CHOICE = 'multi-vm.disco.json';

/** The workspace's guest configs, the multi-VM example first. */
async function workspaceConfigs(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/*.disco.json', '**/node_modules/**', 50);
  const rank = (u: vscode.Uri): number => (path.basename(u.fsPath) === FIRST_CHOICE ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b) || a.fsPath.localeCompare(b.fsPath));
}

async function show(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** Copies the shipped examples and guest sources to a folder the user picks, then opens it. */
async function copyExamples(context: vscode.ExtensionContext): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Copy the Disco examples here', title: 'Folder for the Disco examples' });
  const parent = picked?.[0];
  if (parent === undefined) return;
  const dest = path.join(parent.fsPath, 'disco-examples');
  if (fs.existsSync(dest)) {
    void vscode.window.showErrorMessage(`Disco: ${dest} already exists; open it, or pick another folder.`);
    return;
  }
  for (const dir of ['examples', 'guest']) fs.cpSync(path.join(context.extensionPath, dir), path.join(dest, dir), { recursive: true });
  await context.globalState.update(PENDING_KEY, path.join(dest, 'examples', 'multi-vm', FIRST_CHOICE));
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dest));
}

export async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const configs = await workspaceConfigs();
  const first = configs[0];
  if (first === undefined) return copyExamples(context);
  if (configs.length === 1) return show(first);
  const pick = await vscode.window.showQuickPick(
    configs.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri, false), uri })),
    { placeHolder: 'The guest config to open' },
  );
  if (pick !== undefined) await show(pick.uri);
}

/** Opens the config a copy of the examples left for this window, if this window is that folder. */
export async function openPendingExample(context: vscode.ExtensionContext): Promise<void> {
  const pending = context.globalState.get<string>(PENDING_KEY);
  if (pending === undefined) return;
  const inWorkspace = vscode.workspace.workspaceFolders?.some((f) => pending.startsWith(f.uri.fsPath + path.sep)) ?? false;
  if (!inWorkspace) return;
  await context.globalState.update(PENDING_KEY, undefined);
  if (fs.existsSync(pending)) await show(vscode.Uri.file(pending));
}

export async function debugExample(context: vscode.ExtensionContext): Promise<void> {
  const open = launchTargetOf(vscode.window.activeTextEditor?.document);
  const config = open !== undefined && 'config' in open ? open.config : (await workspaceConfigs())[0]?.fsPath;
  if (config === undefined) {
    const choice = await vscode.window.showInformationMessage('Disco: no guest config (*.disco.json) in this workspace.', 'Open Example');
    if (choice === 'Open Example') await openExample(context);
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(config));
  await vscode.debug.startDebugging(folder, { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(config)}`, config, stopOnEntry: true });
}
