// The initramfs the Linux guest boots into: a static busybox, the directories the kernel
// and busybox expect, /dev/console for the kernel's first open, and an /init script that
// mounts proc/sysfs/devtmpfs, installs the applet links, prints a banner and runs a shell
// on the console. Built as an uncompressed newc archive (the kernel unpacks it directly).

import { writeCpioNewc, type CpioEntry } from './cpio';

/** The /init script; `banner` is printed once the file systems are mounted. */
export function initScript(banner: string): string {
  const quoted = banner.replace(/'/g, `'\\''`);
  return [
    '#!/bin/sh',
    '# First process of the Disco Studio Linux guest.',
    '/bin/busybox mount -t proc proc /proc',
    '/bin/busybox --install -s',
    'mount -t sysfs sysfs /sys',
    'mount -t devtmpfs devtmpfs /dev',
    'hostname disco',
    `echo '${quoted}'`,
    'echo "Linux $(uname -r) on $(uname -m), $(grep MemTotal /proc/meminfo)"',
    'cd /',
    'exec setsid cttyhack /bin/sh',
    '',
  ].join('\n');
}

/** Character device numbers (Documentation/admin-guide/devices.txt). */
const TTYAUX_MAJOR = 5;
const CONSOLE_MINOR = 1;
const MEM_MAJOR = 1;
const NULL_MINOR = 3;

/** The archive members, in the order they are written. */
export function busyboxInitramfsEntries(busybox: Uint8Array, banner: string): CpioEntry[] {
  const dirs = ['bin', 'dev', 'etc', 'proc', 'root', 'sbin', 'sys', 'usr', 'usr/bin', 'usr/sbin'];
  return [
    ...dirs.map((path): CpioEntry => ({ kind: 'dir', path, mode: path === 'root' ? 0o700 : 0o755 })),
    { kind: 'dir', path: 'tmp', mode: 0o1777 },
    { kind: 'file', path: 'bin/busybox', data: busybox, mode: 0o755 },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    { kind: 'char', path: 'dev/console', major: TTYAUX_MAJOR, minor: CONSOLE_MINOR, mode: 0o600 },
    { kind: 'char', path: 'dev/null', major: MEM_MAJOR, minor: NULL_MINOR, mode: 0o666 },
    { kind: 'file', path: 'init', data: new TextEncoder().encode(initScript(banner)), mode: 0o755 },
  ];
}

/** The initramfs as an uncompressed newc cpio archive. */
export function busyboxInitramfs(busybox: Uint8Array, banner = 'Disco Studio: busybox initramfs, shell on the console'): Uint8Array {
  return writeCpioNewc(busyboxInitramfsEntries(busybox, banner));
}
