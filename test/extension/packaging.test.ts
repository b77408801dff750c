// `npm run package` builds an installable .vsix holding only what the installed extension uses:
// the bundles, grammar, schema, examples and guest sources, the walkthrough's pages; no sources,
// tests, caches or node_modules (everything is bundled), and well under 10 MB. Its README is the
// extension page's (marketplace/README.md), with screenshots linked from the repository.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const root = new URL('../../', import.meta.url).pathname;
const VSIX = `${root}.tmp/disco-studio.vsix`;

/** File names in a zip, read from its central directory (no unzip tool needed). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const nameLen = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

/** The text of one file in a zip, stored or deflated. */
function zipText(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const nameLen = zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const method = zip.readUInt16LE(at + 10);
      const size = zip.readUInt32LE(at + 20);
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  assert.fail(`${name} is not in the zip`);
}

test('npm run package produces a small .vsix with the bundles, languages and guest sources only', { timeout: 240_000 }, () => {
  rmSync(VSIX, { force: true });
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const size = statSync(VSIX).size;
  assert.ok(size < 10 * 1024 * 1024, `${size} bytes`);
  const files = zipEntries(readFileSync(VSIX)).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
  for (const f of [
    'package.json',
    'dist/extension.js',
    'dist/asmWorker.js',
    'dist/debugAdapter.js',
    'dist/cli.js',
    'dist/disco.js',
    'syntaxes/mips.tmLanguage.json',
    'syntaxes/language-configuration.json',
    'schemas/disco.schema.json',
    'examples/hello-vm/hello.S',
    'examples/hello-vm/hello.disco.json',
    'guest/include/disco/monitor.h',
    'guest/include/disco/board.h',
    'guest/kernel/kernel.S',
    'readme.md',
    'media/walkthrough/open-example.md',
    'media/walkthrough/pmap.md',
    'media/walkthrough/tlb.md',
  ]) {
    assert.ok(files.includes(f), `${f} missing from the .vsix`);
  }
  const unwanted = files.filter((f) => /^(node_modules|src|test|debug-adapter|scripts|bench|docs|marketplace|\.cache|\.tmp|\.ci)\//.test(f) || /\.(ts|map)$/.test(f) || f === 'README.md');
  assert.deepEqual(unwanted, []);
  // the extension page is marketplace/README.md, its screenshots linked from the repository
  const readme = zipText(readFileSync(VSIX), 'extension/readme.md');
  assert.match(readme, /^# Disco Studio\n/);
  for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.match(m[1] as string, /^https:\/\/github\.com\/disco-studio\/disco-studio\/raw\/HEAD\/media\/screenshots\/[\w-]+\.png$/);
  // what package.json points at is inside
  const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string; contributes: { debuggers: Array<{ program: string }> } };
  for (const p of [manifest.main, ...manifest.contributes.debuggers.map((d) => d.program)]) assert.ok(files.includes(p.replace(/^\.\//, '')), `${p} not packaged`);
});
