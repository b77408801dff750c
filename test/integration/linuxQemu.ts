// Boots the fetched Debian kernel in QEMU for the integration tests that use it as an oracle,
// with the command line of linuxQemuCommand.ts (the raw image, our device tree and initramfs on
// QEMU's Malta, the board's memory size, a UHI hand-off shim), to the busybox shell.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKernelManifest, type KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { linuxQemuArgs } from '../../debug-adapter/cli/linuxQemuCommand';
import { runChild, withConsole } from '../support/boundedRun';

const root = new URL('../..', import.meta.url).pathname;
/** Where `disco fetch linux` keeps the kernel for the tests (gitignored). */
export const LINUX_CACHE = join(root, '.cache/linux');

/** Wall time a test allows `disco fetch linux` (a first fetch downloads the packages). */
export const LINUX_FETCH_MS = 300_000;

/** Runs `disco fetch linux` into LINUX_CACHE and reads its manifest; fails naming the archive when it cannot. */
export function fetchManifest(): KernelManifest {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'debug-adapter/cli.ts'), 'fetch', 'linux', '--dir', LINUX_CACHE], { cwd: root, encoding: 'utf8', timeout: LINUX_FETCH_MS, killSignal: 'SIGKILL' });
  assert.equal(r.status, 0, `disco fetch linux failed (is the Debian archive reachable?):\n${r.stderr}`);
  return parseKernelManifest(readFileSync(join(LINUX_CACHE, 'kernel.json'), 'utf8'), 'kernel.json');
}

/** Runs QEMU until the shell has answered `command`; resolves with the whole console text (QEMU is killed at `timeoutMs`). */
async function bootToShell(args: readonly string[], command: string, done: RegExp, timeoutMs: number): Promise<string> {
  let typed = false;
  const r = await runChild('qemu-system-mipsel', args, {
    wallMs: timeoutMs,
    onOutput: (s) => {
      if (typed || !/\/ # /.test(s.output)) return;
      typed = true;
      s.write(`${command}\n`);
    },
    done: (out) => typed && done.test(out.slice(out.search(/\/ # /))),
  });
  assert.ok(typed, withConsole(`QEMU exited (status ${r.status}) before the shell prompt`, r.output));
  assert.match(r.output, done, withConsole(`QEMU exited (status ${r.status}) before the shell answered ${command}`, r.output));
  return r.output;
}

/**
 * Boots the fetched kernel (`m`, from fetchManifest) with `m.bootargs` to the busybox shell,
 * types `command`, and resolves with the console text once it matches `done`.
 */
export function bootLinuxInQemu(m: KernelManifest, command: string, done: RegExp, timeoutMs: number): Promise<string> {
  return bootToShell(linuxQemuArgs(m, LINUX_CACHE), command, done, timeoutMs);
}
