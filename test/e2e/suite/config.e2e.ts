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

    it('impossible sizes and a missing kernel become diagnostics on their nodes, and go when fixed', async () => {
      const file = path.join(workspaceRoot(), 'broken.disco.json');
      fs.writeFileSync(file, '{\n  "machine": { "cpus": 2 },\n  "vms": [\n    { "name": "a", "vcpus": 0, "memoryMB": 4, "kernel": "nowhere.S" }\n  ]\n}\n');
      const doc = await open('broken.disco.json');
      const diags = await diagnosticsOf(doc.uri, 'disco', (d) => d.length >= 2);
      const lines = (m: RegExp) => diags.filter((d) => m.test(d.message)).map((d) => doc.getText(d.range));
      assert.deepEqual(lines(/vcpus/), ['0']);
      assert.deepEqual(lines(/nowhere\.S/), ['"nowhere.S"']);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      await editor.edit((e) => {
        e.replace(doc.getWordRangeAtPosition(doc.positionAt(doc.getText().indexOf('"vcpus": 0') + 9)) ?? new vscode.Range(0, 0, 0, 0), '1');
        const k = doc.getText().indexOf('nowhere.S');
        e.replace(new vscode.Range(doc.positionAt(k), doc.positionAt(k + 'nowhere.S'.length)), '../hello-vm/hello.S');
      });
      await diagnosticsOf(doc.uri, 'disco', (d) => d.length === 0);
    });
  });
}
