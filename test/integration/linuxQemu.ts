// Boots the fetched Debian kernel in QEMU for the integration tests that use it as an oracle,
// with the command line of linuxQemuCommand.ts (the raw image, our device tree and initramfs on
// QEMU's Malta, the board's memory size, a UHI hand-off shim), to the busybox shell.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKernelManifest, type KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { linuxQemuArgs } from './linuxQemuCommand';

const root = new URL('../..', import.meta.url).pathname;
/** Where `disco fetch linux` keeps the kernel for the tests (gitignored). */
export const LINUX_CACHE = join(root, '.cache/linux');

/** Runs `disco fetch linux` into LINUX_CACHE and reads its manifest; fails naming the archive when it cannot. */
export function fetchManifest(): KernelManifest {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'debug-adapter/cli.ts'), 'fetch', 'linux', '--dir', LINUX_CACHE], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `disco fetch linux failed (is the Debian archive reachable?):\n${r.stderr}`);
  return parseKernelManifest(readFileSync(join(LINUX_CACHE, 'kernel.json'), 'utf8'), 'kernel.json');
}

/** Runs QEMU until the shell has answered `command`; resolves with the whole console text. */
function bootToShell(args: readonly string[], command: string, done: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-system-mipsel', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let typed = false;
    const timer = setTimeout(() => finish(new Error(`no shell within ${timeoutMs} ms; console:\n${out.slice(-3000)}`)), timeoutMs);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      q.kill();
      if (err) reject(err);
      else resolve(out);
    };
    q.on('error', (e: NodeJS.ErrnoException) =>
      finish(e.code === 'ENOENT' ? new Error('oracle qemu-system-mipsel is not installed: run scripts/install-oracles.sh (as root)') : e),
    );
    q.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    q.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (!typed && /\/ # /.test(out)) {
        typed = true;
        q.stdin.write(`${command}\n`);
      }
      if (typed && done.test(out)) finish();
    });
  });
}

/**
 * Boots the fetched kernel (`m`, from fetchManifest) with `m.bootargs` to the busybox shell,
 * types `command`, and resolves with the console text once it matches `done`.
 */
export function bootLinuxInQemu(m: KernelManifest, command: string, done: RegExp, timeoutMs: number): Promise<string> {
  return bootToShell(linuxQemuArgs(m, LINUX_CACHE), command, done, timeoutMs);
}
