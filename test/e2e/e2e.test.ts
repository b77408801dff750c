// The extension in a real VS Code (code-server, installed by test/e2e/setup.sh): the mocha suites of
// test/e2e/suite run inside its extension host through @vscode/test-electron (pointed at
// codeShim.mjs), on a user's own folder outside the repository; then ui.mjs drives the workbench
// with playwright and leaves screenshots in .tmp/test-artifacts/e2e, and monitorViewsUi.mjs debugs
// the multi-VM example through the Disco monitor views, screenshots in .tmp/test-artifacts/views;
// debugUi.mjs debugs it from F5 to a breakpoint set in the gutter (screenshots with ui.mjs's).
// Needs `npm run build` first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { CODE_SERVER } from './lib.mjs';

const root = new URL('../../', import.meta.url).pathname;
const here = new URL('.', import.meta.url).pathname;
const out = join(root, '.tmp', 'e2e');
const ARTIFACTS = join(root, '.tmp', 'test-artifacts', 'e2e');
const VIEWS_ARTIFACTS = join(root, '.tmp', 'test-artifacts', 'views');

/**
 * A user's folder: the hello-vm and multi-vm examples and the guest kernel, copied out of the
 * repository; multi-vm's config names the kernel where this folder keeps it.
 */
function userFolder(): string {
  const ws = mkdtempSync(join(tmpdir(), 'disco-ws-'));
  cpSync(join(root, 'examples', 'hello-vm'), join(ws, 'hello-vm'), { recursive: true });
  cpSync(join(root, 'examples', 'multi-vm'), join(ws, 'multi-vm'), { recursive: true });
  const multi = join(ws, 'multi-vm', 'multi-vm.disco.json');
  writeFileSync(multi, readFileSync(multi, 'utf8').replaceAll('../../guest/kernel/', '../kernel/'));
  cpSync(join(root, 'guest', 'kernel'), join(ws, 'kernel'), { recursive: true });
  return ws;
}

test('setup and build are in place', () => {
  assert.ok(existsSync(CODE_SERVER), `no code-server at ${CODE_SERVER}: run bash test/e2e/setup.sh`);
  assert.ok(existsSync(join(root, 'dist', 'extension.js')), 'no dist/extension.js: run npm run build');
});

test('extension-host suites in code-server', { timeout: 600_000 }, async () => {
  await esbuild.build({
    entryPoints: [join(here, 'suite', 'index.ts')],
    outfile: join(out, 'suite.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const ws = userFolder();
  try {
    await runTests({
      vscodeExecutablePath: join(here, 'codeShim.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(out, 'suite.js'),
      launchArgs: [ws],
    });
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

/**
 * Runs a playwright UI script against a fresh code-server. A failed run is tried once more (its
 * output stays in the log): right after start-up the workbench sometimes drops the first command
 * or leaves a view collapsed. Failing twice fails the test.
 */
function runUi(script: string, artifacts: string): void {
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync(process.execPath, [join(here, script), root, artifacts], { stdio: 'inherit' });
    if (r.status === 0) return;
    assert.ok(attempt < 2, `${script} failed twice`);
    console.log(`${script} failed (status ${r.status}); trying once more`);
  }
}

test('workbench UI: examples folder, guest kernel, hover (screenshots)', { timeout: 600_000 }, () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  runUi('ui.mjs', ARTIFACTS);
});

test('monitor views UI: pmap, tree, TLB, machine memory, counters, timeline (screenshots)', { timeout: 600_000 }, () => {
  rmSync(VIEWS_ARTIFACTS, { recursive: true, force: true });
  mkdirSync(VIEWS_ARTIFACTS, { recursive: true });
  runUi('monitorViewsUi.mjs', VIEWS_ARTIFACTS);
});

test('workbench UI: a debug session (F5, gutter breakpoint, progress; screenshots)', { timeout: 600_000 }, () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  runUi('debugUi.mjs', ARTIFACTS);
});
