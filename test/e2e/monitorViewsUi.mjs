// UI test of the Disco monitor views: the workbench in chromium (playwright, code-server), the
// extension loaded from the repository. Starts debugging examples/multi-vm (F5; its machine split
// into two NUMA nodes, so machine memory shows a node boundary), lets the guests run to a
// breakpoint, opens the Disco container and waits for the pmap to show machine pages, then opens
// the TLB, machine memory, counters and timeline panels; a screenshot at each step.
// Usage: node monitorViewsUi.mjs REPO_ROOT ARTIFACT_DIR
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, quickOpen, startCodeServer } from './lib.mjs';

const [root, artifacts] = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'disco-views-ui-'));
const ws = join(tmp, 'ws');
cpSync(join(root, 'examples'), join(ws, 'examples'), { recursive: true });
cpSync(join(root, 'guest'), join(ws, 'guest'), { recursive: true });
const config = join(ws, 'examples', 'multi-vm', 'multi-vm.disco.json');
const machine = '"machine": { "cpus": 2, "memoryMB": 96 }';
if (!readFileSync(config, 'utf8').includes(machine)) throw new Error(`multi-vm.disco.json has no ${machine}`);
writeFileSync(config, readFileSync(config, 'utf8').replace(machine, '"machine": { "cpus": 2, "nodes": 2, "memoryMB": 96 }'));
const cs = await startCodeServer({ dataDir: join(tmp, 'data'), extensionsDir: join(tmp, 'ext'), logFile: join(tmp, 'server.log') });
const browser = await launchChromium();
let ok = false;
const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
try {
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

  /** Continues and waits for the next stop (the breakpoint). */
  const resume = async () => {
    await page.locator('.debug-toolbar .codicon-debug-continue').click();
    await page.locator('.debug-toolbar .codicon-debug-pause').waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ state: 'visible', timeout: 30_000 });
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

  /** Opens the guest config so F5 debugs it (no launch.json). */
  const openConfig = () => quickOpen(page, 'multi-vm.disco.json');

  // a function breakpoint on the guest kernel's exit system call: the run stops in the middle of
  // the workloads (the example's guests finish within a second, too soon to pause by hand)
  step('function breakpoint on sys_exit');
  const bpInput = page.locator('.debug-breakpoints input');
  // Right after start-up the workbench may drop the command or open the view late: open Run and
  // Debug and ask again until the input shows.
  for (let attempt = 0; ; attempt++) {
    try {
      await page.keyboard.press('Control+Shift+D');
      await command('Add Function Breakpoint');
      await bpInput.waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await bpInput.fill('sys_exit');
  await bpInput.press('Enter');
  await page.locator('.debug-breakpoints .monaco-list-row', { hasText: 'sys_exit' }).waitFor({ timeout: 10_000 });

  step('start debugging');
  await openConfig();
  await page.locator('.view-line', { hasText: '"vms"' }).first().click();
  await page.keyboard.press('F5');
  const toolbar = page.locator('.debug-toolbar');
  await toolbar.waitFor({ timeout: 60_000 });
  // stopOnEntry: stopped at the first instruction
  await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar .action-item a[aria-label^="Disco"]').click();
  // the panels get the room of the (empty) secondary side bar
  if (await page.locator('.part.auxiliarybar').isVisible()) await command('Toggle Secondary Side Bar');
  // a wider sidebar, as a user would drag its edge for the pmap's columns
  const sb = await page.locator('.part.sidebar').boundingBox();
  if (sb === null) throw new Error('no sidebar');
  const edge = sb.x + sb.width;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const b = await sash.boundingBox();
    if (b === null || Math.abs(b.x + b.width / 2 - edge) > 4 || b.height < 200) continue;
    await page.mouse.move(b.x + b.width / 2, b.y + 200);
    await page.mouse.down();
    await page.mouse.move(520, b.y + 200, { steps: 8 });
    await page.mouse.up();
    break;
  }
  // and a taller Guest Memory pane (the tree needs a few rows)
  const pmapHeader = await page.locator('.pane-header', { hasText: 'Guest Memory' }).boundingBox();
  if (pmapHeader === null) throw new Error('no Guest Memory pane');
  for (const sash of await page.locator('.monaco-sash.horizontal').all()) {
    const b = await sash.boundingBox();
    if (b === null || Math.abs(b.y + b.height / 2 - pmapHeader.y) > 4) continue;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, 380, { steps: 8 });
    await page.mouse.up();
    break;
  }
  const pmap = await webview('pmap');
  await pmap.locator('.counts b').first().waitFor({ timeout: 30_000 });
  await shot('views-1-stopped-on-entry');

  step('run to the breakpoint');
  await resume();

  step('pmap rows with machine pages');
  const mapped = pmap.locator('.trow span:nth-child(2) a.addr');
  await mapped.first().waitFor({ timeout: 30_000 });
  await pmap.locator('.tscroll').scrollIntoViewIfNeeded();
  const text = await mapped.first().textContent();
  if (!/^0x[0-9a-f]{5}$/.test(text ?? '')) throw new Error(`pmap machine page cell reads "${text}"`);
  await page.locator('.pane-header', { hasText: 'Virtual Machines' }).waitFor();
  await page.locator('.monaco-list-row', { hasText: 'server' }).first().waitFor({ timeout: 30_000 });
  await shot('views-2-pmap-and-vms');

  step('the worker VM, picked in the tree');
  await page.locator('.monaco-list-row', { hasText: 'worker' }).first().click();
  await pmap.locator('.counts b', { hasText: 'worker' }).waitFor({ timeout: 10_000 });
  await pmap.locator('.counts').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1_000);
  await shot('views-3-pmap-worker');

  step('Disco: Show TLB');
  await command('Disco: Show TLB', 'worker vCPU 0');
  const tlb = await webview('tlb');
  await tlb.locator('table.entries tbody tr').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await shot('views-4-tlb');

  step('Disco: Show Machine Memory');
  await command('Disco: Show Machine Memory');
  const memmap = await webview('memmap');
  await memmap.locator('canvas.heatmap').waitFor();
  await page.waitForTimeout(1_500);
  // the first page (right of the band that labels the NUMA nodes)
  await memmap.locator('canvas.heatmap').click({ position: { x: 65, y: 1 } });
  await memmap.locator('.miss b', { hasText: 'Machine page 0x00000' }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await shot('views-5-memmap');
  await memmap.locator('.miss').evaluate((e) => e.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(500);
  await shot('views-5b-memmap-page');

  step('Disco: Show Counters (run a little so there are intervals)');
  await command('Disco: Show Counters');
  await webview('counters');
  await resume();
  await resume();
  await command('Disco: Show Counters');
  const counters = await webview('counters');
  await counters.locator('.uplot').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await shot('views-6-counters');
  // every chart draws once there are intervals: the TLB and traps charts too, without the empty message
  await counters.locator('.chart .uplot').nth(2).waitFor({ timeout: 10_000 });
  const empty = await counters.locator('.chart .muted').count();
  if (empty > 0) throw new Error(`${empty} counters chart(s) still say there are no samples`);
  await counters.locator('section h3', { hasText: 'TLB misses' }).evaluate((e) => e.scrollIntoView());
  await page.waitForTimeout(500);
  await shot('views-6b-counters-tlb-traps');

  step('Disco: Show Timeline');
  await command('Disco: Show Timeline');
  const timeline = await webview('timeline');
  await timeline.locator('.trow').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await shot('views-7-timeline');

  ok = true;
  console.log(`views-ui: screenshots in ${artifacts}`);
} finally {
  if (!ok) await page.screenshot({ path: join(artifacts, 'views-failure.png') }).catch(() => {});
  await browser.close();
  cs.stop();
  if (ok) rmSync(tmp, { recursive: true, force: true });
  else console.error(`views-ui: failed; server log in ${join(tmp, 'server.log')}`);
}
process.exit(ok ? 0 : 1);
