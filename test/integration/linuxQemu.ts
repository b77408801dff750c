// Boots the fetched Debian kernel in QEMU for the integration tests that use it as an oracle:
// the raw image, our device tree (linuxGenericDeviceTree) and our initramfs on QEMU's Malta,
// whose CBUS 16550 sits at 0x1f000900 on CPU line IP4. A GNU-as shim does the UHI hand-off
// (a0 = -2, a1 = DTB, jump to kernel_entry), as docs/linux-guest.md describes.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKernelManifest, type KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { linuxGenericDeviceTree } from '../../debug-adapter/toolchain/linuxDeviceTree';
import { oracle, scratchDir, writeText } from '../differential/elfOracle';

const root = new URL('../..', import.meta.url).pathname;
/** Where `disco fetch linux` keeps the kernel for the tests (gitignored). */
export const LINUX_CACHE = join(root, '.cache/linux');
const KSEG0 = 0x80000000;
const INITRD_PA = 0x04000000;
const DTB_PA = 0x05000000;
const SHIM_PA = 0x01400000;

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
  assert.ok(KSEG0 + SHIM_PA >= m.image.bssEnd, 'the shim lies above the kernel and its .bss');
  const dir = scratchDir('qemu-linux');
  const dtb = join(dir, 'board.dtb');
  writeFileSync(
    dtb,
    linuxGenericDeviceTree({
      memoryBytes: 256 << 20,
      uartBase: 0x1f000900,
      uartIrq: 4,
      cpuHz: 200_000_000,
      bootargs: m.bootargs,
      initrdStart: INITRD_PA,
      initrdEnd: INITRD_PA + m.initramfs.size,
    }),
  );
  const shimSource = [
    '.set noreorder',
    '.globl start',
    'start:',
    'li $a0, -2',
    `li $a1, 0x${(KSEG0 + DTB_PA).toString(16)}`,
    'move $a2, $zero',
    'move $a3, $zero',
    `li $t9, 0x${m.image.entry.toString(16)}`,
    'jr $t9',
    'nop',
  ].join('\n');
  oracle('mipsel-linux-gnu-as', ['-mips32r2', '-o', join(dir, 'shim.o'), writeText(dir, 'shim.s', `${shimSource}\n`)]);
  oracle('mipsel-linux-gnu-ld', ['-N', `-Ttext=0x${(KSEG0 + SHIM_PA).toString(16)}`, '-e', 'start', '-o', join(dir, 'shim.elf'), join(dir, 'shim.o')]);
  const load = (file: string, pa: number): string[] => ['-device', `loader,file=${file},addr=0x${pa.toString(16)},force-raw=on`];
  return bootToShell(
    [
      ...['-M', 'malta', '-cpu', '24Kf', '-m', '256', '-display', 'none', '-monitor', 'none', '-nic', 'none', '-vga', 'none'],
      // Malta's third serial port is the CBUS UART at 0x1f000900.
      ...['-serial', 'null', '-serial', 'null', '-serial', 'stdio'],
      ...['-kernel', join(dir, 'shim.elf')],
      ...load(join(LINUX_CACHE, m.image.file), m.image.loadAddress - KSEG0),
      ...load(join(LINUX_CACHE, m.initramfs.file), INITRD_PA),
      ...load(dtb, DTB_PA),
    ],
    command,
    done,
    timeoutMs,
  );
}
