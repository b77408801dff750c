// Starts code-server (a real VS Code, Node extension host) from the directory test/e2e/setup.sh
// installs into, and Debian's chromium through playwright-core; runs extension tests inside the
// extension host through the workbench's ?payload= (extensionDevelopmentPath, extensionTestsPath).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

export const E2E_HOME = process.env.DISCO_E2E_HOME || join(homedir(), '.cache/disco-e2e');
const NODE24_BIN = join(E2E_HOME, 'node24/bin');
export const CODE_SERVER = join(E2E_HOME, 'code-server/node_modules/.bin/code-server');
const CHROMIUM = '/usr/bin/chromium';
// workbench console lines that are expected on a machine without internet access
const NOISE = /ERR_NAME_NOT_RESOLVED|Failed to load resource|ENOTFOUND|authentication provider|Creating a socket|connection token|AccountPolicyGate|AgentHost|Service Worker|allow-same-origin|grace time|builtin extensions cache|web worker extension host/;

// Quiet, deterministic user settings: no welcome page, AI panel, gallery or update checks.
const SETTINGS = {
  'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none',
  'workbench.enableExperiments': false, 'security.workspace.trust.enabled': false, 'workbench.tips.enabled': false,
};

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

const serverEnv = () => ({ ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH}` });
const configFile = (dataDir) => {
  mkdirSync(join(dataDir, 'User'), { recursive: true });
  const cfg = join(dataDir, 'cs-config.yaml');
  writeFileSync(cfg, 'auth: none\ncert: false\n'); // an explicit --config: code-server never writes ~/.config
  return cfg;
};

/** Starts code-server on 127.0.0.1:<free port>; resolves to { url, stop() } once it answers. */
export async function startCodeServer({ dataDir, extensionsDir, folder, smokeTestDriver = true, logFile }) {
  const cfg = configFile(dataDir);
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(dataDir, 'User/settings.json'), JSON.stringify(SETTINGS, null, 2));
  const port = await freePort();
  const args = ['--config', cfg, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', dataDir,
    '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
  // the built workbench honours ?payload= (extension development and tests) only with this option
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (folder) args.push(folder);
  const proc = spawn(CODE_SERVER, args, { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = [];
  const sink = (d) => { out.push(d); if (logFile) writeFileSync(logFile, Buffer.concat(out)); };
  proc.stdout.on('data', sink);
  proc.stderr.on('data', sink);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (proc.exitCode !== null || i > 600) throw new Error(`code-server did not start:\n${Buffer.concat(out)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // the server leaves helper processes (file watcher, agent host): stop the whole process group
  const stop = () => { try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ } };
  return { url, stop };
}

/** Installs a .vsix into extensionsDir with code-server's CLI. */
export function installExtension({ dataDir, extensionsDir, vsix }) {
  const cfg = configFile(dataDir);
  return new Promise((res, rej) => {
    const p = spawn(CODE_SERVER, ['--config', cfg, '--user-data-dir', dataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
      { env: serverEnv(), stdio: 'inherit' });
    p.on('exit', (c) => (c === 0 ? res() : rej(new Error(`--install-extension exited with ${c}`))));
  });
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The workbench's remoteAuthority, as code-server writes it into the page. */
async function remoteAuthority(url) {
  const html = await (await fetch(`${url}/`)).text();
  const m = html.match(/id="vscode-workbench-web-configuration" data-settings="([^"]*)"/);
  if (!m) throw new Error('no workbench configuration in the page');
  return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')).remoteAuthority;
}

/**
 * Opens the workbench with extensionDevelopmentPath/extensionTestsPath in its payload, so the
 * remote extension host loads the extension and runs require(testsPath).run(); the workbench calls
 * window.codeAutomationExit with the host's exit code. Resolves to that code, or 'timeout'.
 */
export async function runExtensionTests({ url, folder, devPaths, testsPath, extEnv, timeoutMs = 300000 }) {
  const auth = await remoteAuthority(url);
  const remote = (p) => `vscode-remote://${auth}${p}`;
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)], ['skipWelcome', 'true']];
  if (extEnv && Object.keys(extEnv).length) payload.push(['extensionEnvironment', JSON.stringify(extEnv)]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', async (m) => {
      let t;
      try {
        let parts = await Promise.all(m.args().map((a) => a.jsonValue()));
        let level = '';
        // the workbench logs as ('%c LEVEL', css, fmt, ...args): drop the styling
        if (typeof parts[0] === 'string' && parts[0].startsWith('%c')) { level = `${parts[0].slice(2).trim()} `; parts = parts.slice(2); }
        t = level + format(...parts);
      } catch { t = m.text(); }
      if (t.trim() && !NOISE.test(t)) console.log('  |', t.slice(0, 4000));
    });
    const done = new Promise((r) => page.exposeFunction('codeAutomationExit', (code) => r(code)));
    await page.exposeFunction('codeAutomationLog', () => {});
    const q = folder ? `folder=${encodeURIComponent(folder)}&` : 'ew=true&';
    await page.goto(`${url}/?${q}payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  } finally {
    await browser.close();
  }
}

/** Quick Open (Ctrl+P) on a file name in the workbench of `page`; waits for its editor tab. */
export async function quickOpen(page, name) {
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      break;
    } catch (e) {
      if (attempt > 5) throw e; // the file index may still be building
    }
  }
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}
