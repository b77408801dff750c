#!/usr/bin/env node
// A stand-in VS Code executable for @vscode/test-electron (vscodeExecutablePath): it takes Code's
// test arguments (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=,
// --extensions-dir=, a folder), runs the tests in code-server's extension host through headless
// chromium, and exits with their result. extensionTestsEnv reaches it as its environment.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runExtensionTests, startCodeServer } from './lib.mjs';

const devPaths = [];
let testsPath, dataDir, extDir, folder;
for (const a of process.argv.slice(2)) {
  const [k, ...rest] = a.split('=');
  const v = rest.join('=');
  if (k === '--extensionDevelopmentPath') devPaths.push(resolve(v));
  else if (k === '--extensionTestsPath') testsPath = resolve(v);
  else if (k === '--user-data-dir') dataDir = v;
  else if (k === '--extensions-dir') extDir = v;
  else if (!a.startsWith('-') && existsSync(a) && statSync(a).isDirectory()) folder = resolve(a);
}
if (!testsPath) {
  console.error('codeShim: no --extensionTestsPath');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'disco-e2e-'));
const log = join(tmp, 'server.log');
const cs = await startCodeServer({ dataDir: dataDir || join(tmp, 'data'), extensionsDir: extDir || join(tmp, 'ext'), logFile: log });
let code;
try {
  const extEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DISCO_')));
  code = await runExtensionTests({ url: cs.url, folder, devPaths, testsPath, extEnv });
} finally {
  cs.stop();
}
if (code === 0) rmSync(tmp, { recursive: true, force: true });
else console.error(`codeShim: extension host exit ${code}; server log in ${log}`);
process.exit(code === 0 ? 0 : 1);
