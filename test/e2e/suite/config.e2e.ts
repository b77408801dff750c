// Guest configs in the editor: *.disco.json opens as JSON with comments, and the engine's
// validation problems (impossible sizes, missing kernel files) are diagnostics on their nodes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsOf, open, workspaceRoot } from './workspace';

export function configSuite(): void {
  describe('guest configs', () => {
    it('a *.disco.json is jsonc, and the example with comments has no diagnostics', async () => {
      const doc = await open('hello-vm/hello.disco.json');
      assert.equal(doc.languageId, 'jsonc');
      assert.match(doc.getText(), /^\/\//);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    });

    it('an impossible size, then a missing kernel, become diagnostics on their nodes, and go when fixed', async () => {
      const file = path.join(workspaceRoot(), 'broken.disco.json');
      fs.writeFileSync(file, '{\n  "machine": { "cpus": 2 },\n  "vms": [\n    { "name": "a", "vcpus": 0, "memoryMB": 4, "kernel": "nowhere.S" }\n  ]\n}\n');
      const doc = await open('broken.disco.json');
      const texts = (d: vscode.Diagnostic[], m: RegExp) => d.filter((x) => m.test(x.message)).map((x) => doc.getText(x.range));
      const sizes = await diagnosticsOf(doc.uri, 'disco', (d) => d.length > 0);
      assert.deepEqual(texts(sizes, /vcpus/), ['0']);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const replace = (from: string, to: string) =>
        editor.edit((e) => {
          const k = doc.getText().indexOf(from);
          e.replace(new vscode.Range(doc.positionAt(k), doc.positionAt(k + from.length)), to);
        });
      await replace('"vcpus": 0', '"vcpus": 1');
      const files = await diagnosticsOf(doc.uri, 'disco', (d) => d.some((x) => /nowhere\.S/.test(x.message)));
      assert.deepEqual(texts(files, /nowhere\.S/), ['"nowhere.S"']);
      await replace('nowhere.S', 'hello-vm/hello.S');
      await diagnosticsOf(doc.uri, 'disco', (d) => d.length === 0);
    });
  });
}
