// The `disco` command's entry (dist/cli.js): runs the bundled command line (dist/disco.js, built
// from cli.ts) with V8's code cache for it, kept per build and Node version in the host's
// temporary directory. A start then neither parses nor compiles the 1.2 MB bundle again, nor the
// functions the first run compiled before the cache was written (about 20 ms of every command).
// Without a usable cache (none yet, another build, V8 rejects it) the bundle compiles as usual and
// the cache is written once the command's synchronous start has run; any file error just means
// no cache.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'disco.js');

/** CommonJS's module wrapper (Module.wrap), as the bundle expects to run. */
type ModuleBody = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/** Where the cache of this build of the bundle lives. */
function cachePath(bundle: fs.Stats): string {
  return path.join(os.tmpdir(), 'disco-studio-code-cache', `disco-${bundle.size}-${Math.floor(bundle.mtimeMs)}-${process.version}.bin`);
}

/** Writes the cache atomically (other processes may read or write it at the same time). */
function save(file: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
  } catch {
    // A read-only or full temporary directory: the next start compiles again.
  }
}

function start(): void {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const file = cachePath(fs.statSync(BUNDLE));
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const body = script.runInThisContext() as ModuleBody;
  const mod = { exports: {} };
  body.call(mod.exports, mod.exports, createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  if (cachedData === undefined || script.cachedDataRejected === true) save(file, script.createCachedData());
}

start();
