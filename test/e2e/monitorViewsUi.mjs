// UI test of the Disco monitor views: the workbench in chromium (playwright, code-server), the
// extension loaded from the repository. Starts debugging examples/multi-vm (F5), lets the guests
// run, pauses, opens the Disco container and waits for the pmap to show machine pages, then opens
// the TLB, machine memory, counters and timeline panels; a screenshot at each step.
// Usage: node monitorViewsUi.mjs REPO_ROOT ARTIFACT_DIR
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startCodeServer } from './lib.mjs';

const [root, artifacts] = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'disco-views-ui-'));
const ws = join(tmp, 'ws');
cpSync(join(root, 'examples'), join(ws, 'examples'), { recursive: true });
cpSync(join(root, 'guest'), join(ws, 'guest'), { recursive: true });
const cs = await startCodeServer({ dataDir: join(tmp, 'data'), extensionsDir: join(tmp, 'ext'), logFile: join(tmp, 'server.log') });
const browser = await launchChromium();
let ok = false;
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const payload = [['extensionDevelopmentPath', `vscode-remote://remote${root.replace(/\/$/, '')}`], ['skipWelcome', 'true']];
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const step = (text) => console.log(`views-ui: ${text}`);

  /** Runs a command from the command palette by its title (and picks a quick-pick row after it when given). */
  const command = async (title, pick) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
    if (pick !== undefined) await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().click();
  };

  /** The frame of a monitor webview (body[data-view=NAME]), once its front end has loaded. */
  const webview = async (name, timeout = 60_000) => {
    const until = Date.now() + timeout;
    for (;;) {
      for (const f of page.frames()) {
        try {
          if (await f.locator(`body[data-view="${name}"]`).count()) return f;
        } catch { /* a frame going away */ }
      }
      if (Date.now() > until) throw new Error(`no ${name} webview`);
      await page.waitForTimeout(500);
    }
  };

  // open the config so F5 debugs it (no launch.json)
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('multi-vm.disco.json');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'multi-vm.disco.json' }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      break;
    } catch (e) {
      if (attempt > 5) throw e; // the file index may still be building
    }
  }
  await page.locator('.tab.active', { hasText: 'multi-vm.disco.json' }).waitFor({ timeout: 30_000 });

  step('start debugging');
  await page.locator('.view-line', { hasText: '"vms"' }).first().click();
  await page.keyboard.press('F5');
  const toolbar = page.locator('.debug-toolbar');
  await toolbar.waitFor({ timeout: 60_000 });
  // stopOnEntry: stopped at the first instruction; continue, run a moment, pause
  await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ timeout: 60_000 });
  await shot('views-1-stopped-on-entry');
  await page.locator('.debug-toolbar .codicon-debug-continue').click();
  await page.locator('.debug-toolbar .codicon-debug-pause').waitFor({ timeout: 30_000 });

  step('open the Disco container while running');
  await page.locator('.activitybar .action-item a[aria-label^="Disco"]').click();
  const pmap = await webview('pmap');
  await page.waitForTimeout(3_000);
  await shot('views-2-disco-running');
  await page.locator('.debug-toolbar .codicon-debug-pause').click();
  await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ timeout: 30_000 });

  step('pmap rows with machine pages');
  const mapped = pmap.locator('.trow span:nth-child(2) a.addr');
  await mapped.first().waitFor({ timeout: 30_000 });
  const text = await mapped.first().textContent();
  if (!/^0x[0-9a-f]{8}$/.test(text ?? '')) throw new Error(`pmap machine page cell reads "${text}"`);
  await page.locator('.pane-header', { hasText: 'Virtual Machines' }).waitFor();
  await page.locator('.monaco-list-row', { hasText: 'server' }).first().waitFor({ timeout: 30_000 });
  await shot('views-3-pmap-and-vms');

  step('filter: copy-on-write pages');
  await pmap.locator('vscode-single-select[aria-label="Show"]').click();
  await pmap.locator('vscode-single-select[aria-label="Show"]').press('End');
  await pmap.locator('vscode-single-select[aria-label="Show"]').press('Enter');
  await page.waitForTimeout(1_000);
  await shot('views-4-pmap-filter');

  step('Disco: Show TLB');
  await command('Disco: Show TLB', 'server vCPU 0');
  const tlb = await webview('tlb');
  await tlb.locator('table.entries tbody tr').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await shot('views-5-tlb');

  step('Disco: Show Machine Memory');
  await command('Disco: Show Machine Memory');
  const memmap = await webview('memmap');
  await memmap.locator('canvas.heatmap').waitFor();
  await page.waitForTimeout(1_500);
  const box = await memmap.locator('canvas.heatmap').boundingBox();
  if (box !== null) await memmap.locator('canvas.heatmap').click({ position: { x: 5, y: 5 } });
  await page.waitForTimeout(1_000);
  await shot('views-6-memmap');

  step('Disco: Show Counters (run a little so there are intervals)');
  await command('Disco: Show Counters');
  const counters = await webview('counters');
  await page.locator('.debug-toolbar .codicon-debug-continue').click();
  await page.waitForTimeout(4_000);
  await page.locator('.debug-toolbar .codicon-debug-pause').click();
  await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ timeout: 30_000 });
  await counters.locator('.uplot').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await shot('views-7-counters');

  step('Disco: Show Timeline');
  await command('Disco: Show Timeline');
  const timeline = await webview('timeline');
  await timeline.locator('.trow').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await shot('views-8-timeline');

  ok = true;
  console.log(`views-ui: screenshots in ${artifacts}`);
} finally {
  await browser.close();
  cs.stop();
  if (ok) rmSync(tmp, { recursive: true, force: true });
  else console.error(`views-ui: failed; server log in ${join(tmp, 'server.log')}`);
}
process.exit(ok ? 0 : 1);
