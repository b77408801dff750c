// The extension's entry (bundled to dist/extension.js): wiring only. The debugger of type `disco`
// (launch configurations, the adapter process, guest consoles, launch problems in the Problems
// list, progress notifications), the MIPS assembly language features, guest-config diagnostics
// and the commands (New Guest; Open Example, Debug Example and Break in the TLB Refill Handler of
// the Getting Started walkthrough).

import * as vscode from 'vscode';
import { debugExample, openExample, openPendingExample } from './commands/examples';
import { newGuest } from './commands/newGuest';
import { breakInTlbRefill } from './commands/tlbRefillBreakpoint';
import { DiscoAdapterFactory } from './debug/adapterFactory';
import { DEBUG_TYPE, DiscoConfigurationProvider } from './debug/configurationProvider';
import { GuestConsoles } from './debug/guestConsoles';
import { LaunchProblems } from './debug/launchProblems';
import { RunProgress } from './debug/runProgress';
import { registerAsmDiagnostics } from './language/asmDiagnostics';
import { registerAsmLanguageFeatures } from './language/asmNavigation';
import { registerConfigDiagnostics } from './language/configDiagnostics';
import { registerMonitorViews } from './views/registerViews';

export function activate(context: vscode.ExtensionContext): void {
  const root = context.extensionPath;
  const consoles = new GuestConsoles();
  const launchProblems = new LaunchProblems();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DiscoConfigurationProvider(root)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new DiscoAdapterFactory(root)),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, consoles),
    consoles,
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, launchProblems),
    launchProblems,
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, new RunProgress()),
    vscode.commands.registerCommand('disco.newGuest', (target?: vscode.Uri) => newGuest(root, target)),
    vscode.commands.registerCommand('disco.openExample', () => openExample(context)),
    vscode.commands.registerCommand('disco.debugExample', () => debugExample(context)),
    vscode.commands.registerCommand('disco.breakInTlbRefill', breakInTlbRefill),
  );
  openPendingExample(context).then(undefined, (e: unknown) => vscode.window.showErrorMessage(`Disco: ${e instanceof Error ? e.message : String(e)}`));
  registerConfigDiagnostics(context);
  registerAsmDiagnostics(context);
  registerAsmLanguageFeatures(context);
  registerMonitorViews(context);
}

export function deactivate(): void {}
