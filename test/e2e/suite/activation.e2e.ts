// The extension activates in a folder holding a guest config and contributes its commands,
// debugger, languages and settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export function activationSuite(): void {
  describe('activation', () => {
    it('activates and registers Disco: New Guest', async () => {
      const ext = vscode.extensions.getExtension('disco-studio.disco-studio');
      assert.ok(ext, 'extension not found');
      await ext.activate();
      assert.ok(ext.isActive);
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('disco.newGuest'));
      const pkg = ext.packageJSON as { contributes: { debuggers: Array<{ type: string }>; breakpoints: Array<{ language: string }> } };
      assert.deepEqual(pkg.contributes.debuggers.map((d) => d.type), ['disco']);
      assert.deepEqual(pkg.contributes.breakpoints, [{ language: 'mips' }]);
    });
  });
}
