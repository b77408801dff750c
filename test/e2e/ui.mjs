// UI test: the workbench in chromium, driven by playwright, with the extension loaded from the
// repository. Opens a folder holding the examples and the guest kernel, opens a guest config and
// kernel files, hovers a privileged instruction, and saves a screenshot at each step.
// Usage: node ui.mjs REPO_ROOT ARTIFACT_DIR
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, quickOpen, startCodeServer } from './lib.mjs';

const [root, artifacts] = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'disco-ui-'));
const ws = join(tmp, 'ws');
cpSync(join(root, 'examples'), join(ws, 'examples'), { recursive: true });
cpSync(join(root, 'guest', 'kernel'), join(ws, 'guest', 'kernel'), { recursive: true });
const cs = await startCodeServer({ dataDir: join(tmp, 'data'), extensionsDir: join(tmp, 'ext'), logFile: join(tmp, 'server.log') });
const browser = await launchChromium();
let ok = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const payload = [['extensionDevelopmentPath', `vscode-remote://remote${root.replace(/\/$/, '')}`], ['skipWelcome', 'true']];
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });

  const openFile = (name) => quickOpen(page, name);

  await openFile('hello.disco.json');
  await page.locator('.view-line', { hasText: '"vms"' }).first().waitFor();
  await shot('1-guest-config');

  await openFile('trap.S');
  await page.locator('.view-line', { hasText: 'trap:' }).first().waitFor();
  await shot('2-guest-kernel-trap');

  await openFile('kernel.S');
  const mtc0 = page.locator('.view-line span', { hasText: /^mtc0$/ }).first();
  await mtc0.waitFor();
  // the extension activates on the mips language; hovering before that shows nothing: retry
  const hover = page.locator('.monaco-hover', { hasText: 'In a guest kernel under Disco' });
  for (let attempt = 0; ; attempt++) {
    await page.mouse.move(0, 0);
    await mtc0.hover();
    try {
      await hover.waitFor({ timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt > 8) throw e;
    }
  }
  await shot('3-hover-mtc0');
  ok = true;
  console.log(`ui: screenshots in ${artifacts}`);
} finally {
  await browser.close();
  cs.stop();
  if (ok) rmSync(tmp, { recursive: true, force: true });
  else console.error(`ui: failed; server log in ${join(tmp, 'server.log')}`);
}
process.exit(ok ? 0 : 1);
