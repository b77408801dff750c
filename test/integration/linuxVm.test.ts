// Debian's unmodified Linux as virtual machines under the Disco monitor, on the virtualization
// assist (docs/linux-vm.md), with the kernel and busybox of `disco fetch linux`:
// - one Linux VM boots to the shell, answers `uname -a` (the fetched release and version) and
//   /proc/cpuinfo (the board, the 24K CPU, the TLB size, BogoMIPS = the clock), and `poweroff -f`
//   halts it with status 0; the monitor's counters show guest exits and the assist's work;
// - examples/linux-vm (two Linux VMs and a guest OS worker on two CPUs): every VM ends, each one
//   prints what it prints alone (timestamps and the delay-loop calibration aside, which depend on
//   when the VM had a CPU), and the two kernels share their identical pages (kernel image cache,
//   content sharing);
// - a hostile Linux VM (a busy loop, writes to /dev/mem over its device window and its whole
//   memory, a fork bomb) cannot reach another VM: the worker beside it prints what it prints
//   alone, and every machine page the hostile VM maps is its own or a shared read-only image page.
// Fetching needs the Debian archive: without it this test fails (it never skips).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchLinux } from '../../debug-adapter/cli/fetch/linuxFetch';
import type { KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { testTimeout, withConsole } from '../support/boundedRun';
import { consoleOf, runVmSession, typedAt, type VmSession } from '../support/linuxVmSession';
import { LINUX_FETCH_MS } from './linuxQemu';

const root = new URL('../..', import.meta.url).pathname;
const EXAMPLE = join(root, 'examples/linux-vm/linux-vm.disco.json');
const KERNEL = join(root, '.cache/linux/kernel.json');
const MACHINE = { cpus: 2, memoryMB: 128, endian: 'little', virtualizationAssist: true };
const COMMANDS = ['uname -a', 'cat /proc/cpuinfo', 'poweroff -f'];
/** One Linux boot and session takes under 0.6 G instructions; three VMs together under 2 G. */
const ONE = { instructions: 1_500_000_000, wallMs: 300_000 };
const ALL = { instructions: 3_000_000_000, wallMs: 600_000 };

async function fetched(): Promise<KernelManifest> {
  try {
    return (await fetchLinux({ dir: join(root, '.cache/linux'), log: () => undefined })).manifest;
  } catch (e) {
    throw new Error(`the Linux guest could not be fetched (is the Debian archive reachable?): ${(e as Error).message}`);
  }
}

/** A config of the example's machine with the given VMs (paths absolute). */
function configWith(vms: readonly object[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'disco-linux-vm-')), 'c.disco.json');
  writeFileSync(path, JSON.stringify({ machine: MACHINE, vms }));
  return path;
}

const linuxVm = (name: string): object => ({ name, kind: 'linux', memoryMB: 48, kernel: KERNEL });
const WORKER = { name: 'worker', memoryMB: 16, kernel: join(root, 'guest/kernel/kernel.S'), disks: [{ image: join(root, 'examples/linux-vm/worker.img'), mode: 'shared-cow' }] };

/**
 * A Linux VM's console with what depends on when it had a CPU taken out: timestamps, the
 * delay-loop calibration, and the lines of kernel threads that print whenever they get to run
 * (the RNG's readiness, kauditd's first record).
 */
function untimed(lines: readonly string[]): string[] {
  return lines
    .filter((l) => !/random: crng init done|audit: type=2000 /.test(l))
    .map((l) => l.replace(/^\[ *\d+\.\d+\] /, '').replace(/\d+\.\d+ BogoMIPS \(lpj=\d+\)/, 'BogoMIPS').replace(/^BogoMIPS\s*: .*/, 'BogoMIPS'));
}

function ended(s: VmSession, vm: string): void {
  const end = s.monitor.vms.find((v) => v.name === vm)?.end;
  assert.deepEqual(end, { kind: 'halt', code: 0 }, withConsole(`${vm} halts with status 0 (run stopped: ${JSON.stringify(s.stop)})`, consoleOf(s, vm)));
}

let alone: VmSession | undefined;

test('a Linux VM boots under the monitor, answers uname and /proc/cpuinfo, and powers off', testTimeout(LINUX_FETCH_MS + ONE.wallMs), async (t) => {
  const m = await fetched();
  const s = runVmSession(configWith([linuxVm('linux1')]), { linux1: COMMANDS }, ONE);
  alone = s;
  t.diagnostic(`boot + session: ${s.seconds.toFixed(1)} s wall, ${(s.monitor.machine.retired / 1e6).toFixed(0)} M instructions`);
  const c = consoleOf(s, 'linux1');
  assert.match(c, /Linux version 6\.1\./, withConsole('the kernel banner', c));
  ended(s, 'linux1');
  const lines = s.lines.get('linux1') ?? [];
  const uname = lines[typedAt(lines, 'uname -a') + 1] ?? '';
  assert.ok(uname.startsWith('Linux ') && uname.includes(` ${m.kernel.release} `) && uname.includes(`#1 SMP Debian ${m.kernel.version} `), withConsole(`uname -a: ${uname}`, c));
  assert.match(uname, / mips GNU\/Linux$/);
  const field = (name: string): string => {
    const f = new RegExp(`^${name}\\s*: (.*)$`, 'm').exec(c);
    assert.ok(f?.[1] !== undefined, withConsole(`no "${name}" line`, c));
    return f[1];
  };
  assert.match(field('system type'), /^Disco Studio linux-generic/);
  assert.match(field('cpu model'), /^MIPS 24K[cf] V0\.0 {2}FPU V0\.0$/);
  assert.equal(field('tlb_entries'), '48');
  assert.equal(field('BogoMIPS'), '199.68', 'alone, the delay loop sees the 200 MHz clock as on the bare board');
  assert.match(c, /reboot: System halted/);
  const st = s.monitor.stats().vms[0];
  const linux = st?.linux?.[0];
  assert.ok(linux !== undefined, 'Linux counters in the stats');
  for (const k of ['GPSI MTC0', 'GPSI MFC0', 'GPSI WAIT', 'GPA page', 'GPA device']) assert.ok((linux.exits[k] ?? 0) > 0, `${k} exits: ${JSON.stringify(linux.exits)}`);
  for (const k of ['MFC0', 'MTC0', 'TLBWR', 'TLBWI', 'ERET', 'DI', 'EI', 'CACHE']) assert.ok((linux.assisted[k] ?? 0) > 0, `assisted ${k}: ${JSON.stringify(linux.assisted)}`);
  for (const k of ['TLBL', 'TLBS', 'Sys']) assert.ok((linux.exceptions[k] ?? 0) > 0, `guest ${k} exceptions: ${JSON.stringify(linux.exceptions)}`);
  assert.ok(linux.interrupts > 0);
  assert.ok((st?.pmapPages ?? 0) > 4096, `pmap pages ${st?.pmapPages}`);
});

test('two Linux VMs and a guest OS VM together: each prints what it prints alone, and the kernels share their image', testTimeout(LINUX_FETCH_MS + ALL.wallMs + ONE.wallMs), async (t) => {
  await fetched();
  const one = alone ?? runVmSession(configWith([linuxVm('linux1')]), { linux1: COMMANDS }, ONE);
  const worker = runVmSession(configWith([WORKER]), {}, ONE);
  ended(worker, 'worker');
  const s = runVmSession(EXAMPLE, { linux1: COMMANDS, linux2: COMMANDS }, ALL);
  t.diagnostic(`three VMs: ${s.seconds.toFixed(1)} s wall, ${(s.monitor.machine.retired / 1e6).toFixed(0)} M instructions`);
  for (const vm of ['linux1', 'linux2', 'worker']) ended(s, vm);
  const expected = untimed(one.lines.get('linux1') ?? []);
  for (const vm of ['linux1', 'linux2']) assert.deepEqual(untimed(s.lines.get(vm) ?? []), expected, `${vm} prints what a Linux VM prints alone`);
  assert.deepEqual(s.lines.get('worker'), worker.lines.get('worker'), 'the worker prints what it prints alone');
  const stats = s.monitor.stats();
  t.diagnostic(`kernel image pages shared: ${stats.kernelImages.pagesSaved} machine pages (${(stats.kernelImages.bytesSaved / 1048576).toFixed(1)} MB) saved`);
  // Most text pages are written at boot (ftrace turns every function's mcount call into a nop), so they split;
  // content sharing (on in the example) merges the identically patched pages again.
  t.diagnostic(`content sharing: ${stats.contentSharing.pagesSaved} machine pages (${(stats.contentSharing.bytesSaved / 1048576).toFixed(1)} MB) saved`);
  assert.ok(stats.kernelImages.pagesSaved > 500, `the second kernel maps the first one's image pages: ${JSON.stringify(stats.kernelImages)}`);
  assert.ok(stats.contentSharing.pagesSaved > 1000, `identical pages merged: ${JSON.stringify(stats.contentSharing)}`);
});

test('a hostile Linux VM cannot reach the VM beside it', testTimeout(LINUX_FETCH_MS + ALL.wallMs), async () => {
  await fetched();
  const hostile = [
    'while :; do :; done &',
    'dd if=/dev/zero of=/dev/mem bs=4096 seek=126976 count=1',
    'dd if=/dev/zero of=/dev/mem bs=4096 seek=131072 count=16',
    'f() { f | f & }; f',
    'cat /dev/zero > /dev/mem',
  ];
  const worker = runVmSession(configWith([WORKER]), {}, ONE);
  // Ends once the worker has ended and the hostile VM had 100 M instructions after its last command.
  const s = runVmSession(configWith([linuxVm('hostile'), WORKER]), { hostile }, ONE, (m, since) => m.vms[1]?.live === false && since > 100_000_000);
  ended(s, 'worker');
  assert.deepEqual(s.lines.get('worker'), worker.lines.get('worker'), 'the worker prints what it prints alone');
  const c = consoleOf(s, 'hostile');
  assert.ok(typedAt(s.lines.get('hostile') ?? [], hostile[4] as string) >= 0, withConsole('the hostile VM ran its /dev/mem writes and its fork bomb', c));
  const vm = s.monitor.vms.find((v) => v.name === 'hostile');
  assert.ok(vm !== undefined);
  for (const [mppn, users] of s.monitor.core.memmap.entries()) {
    if (!users.some((u) => u.vm === vm.id)) continue;
    const others = users.filter((u) => u.vm !== vm.id && u.vm >= 0).map((u) => u.vm);
    assert.deepEqual(others, [], `machine page 0x${mppn.toString(16)} of the hostile VM is mapped by another VM`);
  }
});
