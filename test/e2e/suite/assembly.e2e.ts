// MIPS assembly in a user's own folder (outside the repository): the kernel finds the shipped
// <disco/monitor.h>, the assembler's errors appear as you type, and outline, definitions,
// references and hovers work across the kernel's includes. Also Disco: New Guest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsOf, open, positionOf, workspaceRoot } from './workspace';

type Hovers = vscode.Hover[];
const hoverText = (h: Hovers): string => h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

export function assemblySuite(): void {
  describe('MIPS assembly', () => {
    it('a copied kernel including <disco/monitor.h> assembles clean; an error shows while typing and goes when undone', async () => {
      const doc = await open('hello-vm/hello.S');
      assert.equal(doc.languageId, 'mips');
      await diagnosticsOf(doc.uri, 'disco as', (d) => d.length === 0);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const at = positionOf(doc, 'lw\t$s0');
      await editor.edit((e) => e.insert(at, 'addiu $t0, $t0, $t9, $t8\n\t'));
      const diags = await diagnosticsOf(doc.uri, 'disco as', (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
      assert.equal(diags[0]?.range.start.line, at.line);
      await vscode.commands.executeCommand('undo');
      await diagnosticsOf(doc.uri, 'disco as', (d) => d.length === 0);
    });

    it('an error in a fragment of the guest kernel is reported in the fragment, assembled through kernel.S', async () => {
      const doc = await open('kernel/trap.S');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const at = positionOf(doc, 'addiu\t$sp, $sp, -32');
      await editor.edit((e) => e.insert(at, 'frobnicate $t0\n\t'));
      const diags = await diagnosticsOf(doc.uri, 'disco as', (d) => d.length > 0);
      assert.deepEqual(diags.map((d) => d.range.start.line), [at.line]);
      assert.match(diags[0]?.message ?? '', /frobnicate/);
      await vscode.commands.executeCommand('undo');
      await diagnosticsOf(doc.uri, 'disco as', (d) => d.length === 0);
    });

    it('outline: .ent functions, labels and constants of kernel.S', async () => {
      const doc = await open('kernel/kernel.S');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      const kinds = new Map(symbols.map((s) => [s.name, s.kind]));
      assert.equal(kinds.get('kmain_boot'), vscode.SymbolKind.Function);
      assert.equal(kinds.get('cpu_init'), vscode.SymbolKind.Function);
      assert.equal(kinds.get('msg_banner'), vscode.SymbolKind.Field);
    });

    it('go to definition: a function in an included file, a #define in the shipped guest headers', async () => {
      const doc = await open('kernel/trap.S');
      const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'jal\tyield', 5));
      assert.equal(defs.length, 1);
      assert.equal(path.basename(defs[0]?.uri.fsPath ?? ''), 'proc.S');
      const target = await vscode.workspace.openTextDocument(defs[0]!.uri);
      assert.equal(target.lineAt(defs[0]!.range.start.line).text.trim(), 'yield:');
      const kernel = await open('kernel/kernel.S');
      const mc = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', kernel.uri, positionOf(kernel, 'CP0_STATUS', 2));
      assert.equal(path.basename(mc[0]?.uri.fsPath ?? ''), 'hal.h');
    });

    it('find references of a label across the kernel and its includes', async () => {
      const doc = await open('kernel/proc.S');
      const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, 'yield:', 1));
      const files = new Set(refs.map((r) => path.basename(r.uri.fsPath)));
      assert.ok(files.has('trap.S') && files.has('proc.S'), [...files].join(' '));
    });

    it('hovers: a privileged instruction with what the monitor does, a register, a CP0 register through its #define', async () => {
      const doc = await open('kernel/kernel.S');
      const insn = await vscode.commands.executeCommand<Hovers>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'mtc0', 1));
      assert.match(hoverText(insn), /mtc0 rt, rd, sel[\s\S]*Coprocessor Unusable[\s\S]*In a guest kernel under Disco/);
      const reg = await vscode.commands.executeCommand<Hovers>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '$t0', 1));
      assert.match(hoverText(reg), /general register 8/);
      const cp0 = await vscode.commands.executeCommand<Hovers>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'CP0_STATUS', 3));
      assert.match(hoverText(cp0), /#define CP0_STATUS \$12, 0[\s\S]*Status/);
    });

    it('Disco: New Guest writes a config and a kernel that check clean, and opens them', async () => {
      const folder = vscode.Uri.file(path.join(workspaceRoot(), 'fresh-guest'));
      await vscode.commands.executeCommand('disco.newGuest', folder);
      const config = path.join(folder.fsPath, 'fresh-guest.disco.json');
      assert.ok(fs.existsSync(config) && fs.existsSync(path.join(folder.fsPath, 'kernel.S')));
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, config);
      const kernel = await vscode.workspace.openTextDocument(path.join(folder.fsPath, 'kernel.S'));
      await diagnosticsOf(kernel.uri, 'disco as', (d) => d.length === 0);
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(config)).map((d) => d.message), []);
    });
  });
}
