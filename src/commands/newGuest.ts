// "Disco: New Guest": a folder with a guest config and a small commented kernel (the hello-vm
// example shipped with the extension) that boots as it is, ready for F5. Inside the open workspace
// the files are opened in the editor; elsewhere the folder is opened.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const KERNEL = 'kernel.S';

function configText(name: string): string {
  return `// ${name}: two virtual machines on a two-CPU machine, each running ${KERNEL} under the Disco
// monitor. Press F5 with this file open to debug it; \`disco run ${name}.disco.json\` runs it headless.
// Hover a field for its documentation; paths are relative to this file.
{
  "machine": { "cpus": 2, "memoryMB": 16 },
  "vms": [
    { "name": "vm0", "vcpus": 1, "memoryMB": 4, "kernel": "${KERNEL}" },
    { "name": "vm1", "vcpus": 2, "memoryMB": 4, "kernel": "${KERNEL}" }
  ]
}
`;
}

function kernelText(extensionPath: string): string {
  const hello = fs.readFileSync(path.join(extensionPath, 'examples', 'hello-vm', 'hello.S'), 'utf8');
  return `# Start here: change the message, set a breakpoint on a line below and press F5 on the config.
# <disco/monitor.h> comes with Disco Studio (the monitor's guest ABI); DISCO_GUEST is defined
# when the monitor builds a VM's kernel.
${hello}`;
}

/** Asks where (unless given), writes the files, opens them; returns the new folder. */
export async function newGuest(extensionPath: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let folder = target;
  if (folder === undefined) {
    const parent = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, openLabel: 'Create the guest here', title: 'Disco: New Guest — choose a parent folder' });
    if (!parent?.[0]) return undefined;
    const name = await vscode.window.showInputBox({
      title: 'Disco: New Guest',
      prompt: 'Name of the guest folder',
      value: 'my-guest',
      validateInput: (v) => (/^[A-Za-z0-9._-]+$/.test(v) ? undefined : 'letters, digits, ".", "_" and "-" only'),
    });
    if (!name) return undefined;
    folder = vscode.Uri.joinPath(parent[0], name);
  }
  const dir = folder.fsPath;
  const name = path.basename(dir);
  const config = path.join(dir, `${name}.disco.json`);
  if (fs.existsSync(config) || fs.existsSync(path.join(dir, KERNEL))) {
    void vscode.window.showErrorMessage(`Disco: ${dir} already holds a guest; choose another folder.`);
    return undefined;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, KERNEL), kernelText(extensionPath));
  fs.writeFileSync(config, configText(name));
  if (vscode.workspace.getWorkspaceFolder(folder) !== undefined) {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, KERNEL)), { preview: false });
    await vscode.window.showTextDocument(vscode.Uri.file(config), { preview: false });
  } else {
    await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: false });
  }
  return folder;
}
