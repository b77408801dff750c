// UI test of a debug session: the workbench in chromium (playwright, code-server), the extension
// loaded from the repository. Opens the examples folder and examples/multi-vm's config, presses F5
// (the launch progress shows until the entry stop, the Call Stack lists the vCPUs), opens the guest
// kernel's exception vectors, clicks the gutter beside the general vector to set a breakpoint,
// continues to it; then debugs a kernel of its own that never stops on the bare machine until the
// "Running…" progress shows, and cancels it to pause. A screenshot at each step.
// Usage: node debugUi.mjs REPO_ROOT ARTIFACT_DIR
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, quickOpen, startCodeServer } from './lib.mjs';

const [root, artifacts] = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'disco-debug-ui-'));
const ws = join(tmp, 'ws');
cpSync(join(root, 'examples'), join(ws, 'examples'), { recursive: true });
cpSync(join(root, 'guest', 'kernel'), join(ws, 'guest', 'kernel'), { recursive: true });
// a kernel of the user's for the bare machine that counts forever
writeFileSync(join(ws, 'spin.S'), '\t.text\n\t.globl\t_start\n_start:\n\tli\t$t0, 0\n1:\taddiu\t$t0, $t0, 1\n\tb\t1b\n\tnop\n');
// the general exception vector's first instruction: the line after the "+0x180" comment
const vectorLine = readFileSync(join(root, 'guest', 'kernel', 'vectors.S'), 'utf8').split('\n').findIndex((l) => l.includes('/* +0x180')) + 2;
const cs = await startCodeServer({ dataDir: join(tmp, 'data'), extensionsDir: join(tmp, 'ext'), logFile: join(tmp, 'server.log') });
const browser = await launchChromium();
let ok = false;
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
const step = (text) => console.log(`debug-ui: ${text}`);
try {
  const payload = [['extensionDevelopmentPath', `vscode-remote://remote${root.replace(/\/$/, '')}`], ['skipWelcome', 'true']];
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  const openFile = (name) => quickOpen(page, name);
  const callStack = page.locator('.debug-call-stack');
  const notification = (text) => page.locator('.notifications-center .monaco-list-row', { hasText: text });
  /** Runs a command from the command palette by its title. */
  const command = async (title) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
  };

  step('F5 on the multi-vm config');
  await openFile('multi-vm.disco.json');
  await page.locator('.view-line', { hasText: '"vms"' }).first().click();
  // with the smoke-test driver (needed for the extension's payload) the workbench shows no toasts:
  // progress notifications are read in the notification center
  await command('Notifications: Show Notifications');
  await page.locator('.notifications-center').waitFor();
  await page.locator('.view-line', { hasText: '"vms"' }).first().click();
  await page.keyboard.press('F5');
  await notification('Disco: starting').waitFor({ timeout: 30_000 });
  await shot('debug-1-launch-progress');
  await page.keyboard.press('Control+Shift+D');
  for (const name of ['server · vcpu0', 'client · vcpu0', 'worker · vcpu0', 'worker · vcpu1']) await callStack.getByText(name).first().waitFor({ timeout: 60_000 });
  await notification('Disco: starting').waitFor({ state: 'hidden', timeout: 10_000 });
  /** Waits for the Registers scope's $zero, expanding the scope if the workbench left it collapsed. */
  const registers = async () => {
    const zero = page.locator('.debug-variables').getByText('$zero').first();
    for (let attempt = 0; ; attempt++) {
      try {
        await zero.waitFor({ timeout: 10_000 });
        return;
      } catch (e) {
        if (attempt === 3) throw e;
        const scope = page.locator('.debug-variables .monaco-list-row', { hasText: 'Registers' }).first();
        if ((await scope.getAttribute('aria-expanded')) === 'false') await scope.click();
      }
    }
  };
  await registers();
  await shot('debug-2-stopped-on-entry');

  step(`breakpoint by a click in the gutter of vectors.S:${vectorLine}`);
  await openFile('vectors.S');
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${vectorLine}`);
  await page.keyboard.press('Enter');
  const lineNumber = page.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^${vectorLine}$`) });
  await lineNumber.waitFor();
  const box = await lineNumber.boundingBox();
  // the breakpoint gutter is the glyph margin, just left of the line numbers
  await page.mouse.click(box.x - 8, box.y + box.height / 2);
  await page.locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
  await page.mouse.move(700, 400);
  await shot('debug-3-breakpoint-set');

  step('continue to the breakpoint');
  await page.keyboard.press('F5');
  await callStack.getByText('ebase_vectors+0x180').first().waitFor({ timeout: 60_000 });
  await page.locator('.debug-top-stack-frame-line').first().waitFor({ timeout: 10_000 });
  await page.locator('.monaco-editor [class*="codicon-debug-stackframe"]').first().waitFor({ timeout: 10_000 });
  await registers();
  await shot('debug-4-breakpoint-hit');

  await page.keyboard.press('Shift+F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });

  step('a kernel that never stops: the run shows its progress, whose Cancel pauses');
  await openFile('spin.S');
  await page.locator('.view-line', { hasText: '_start:' }).first().click();
  await command('Notifications: Show Notifications');
  await page.keyboard.press('F5');
  await callStack.getByText('spin.S').first().waitFor({ timeout: 60_000 });
  await command('Notifications: Show Notifications');
  await page.keyboard.press('F5');
  const running = notification('Running…');
  await running.waitFor({ timeout: 30_000 });
  await shot('debug-5-running-progress');
  await running.getByRole('button', { name: 'Cancel' }).click();
  await running.waitFor({ state: 'hidden', timeout: 10_000 });
  // one thread: the Call Stack's header says why it stopped
  await page.locator('.pane-header', { hasText: /paused on pause/i }).waitFor({ timeout: 30_000 });
  await registers();
  await shot('debug-6-paused');

  await page.keyboard.press('Shift+F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  ok = true;
  console.log(`debug-ui: screenshots in ${artifacts}`);
} catch (e) {
  await shot('debug-failure').catch(() => {});
  throw e;
} finally {
  await browser.close();
  cs.stop();
  if (ok) rmSync(tmp, { recursive: true, force: true });
  else console.error(`debug-ui: failed; server log in ${join(tmp, 'server.log')}`);
}
process.exit(ok ? 0 : 1);
