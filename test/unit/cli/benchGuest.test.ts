// `disco bench guest`'s measurement and record: one small guest OS workload bare and under the
// monitor (same console, the monitor's host time only under it, the main thread's CPU time), a run
// that does not end well fails loudly, and the README section replaces only itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBareKernel } from '../../../debug-adapter/cli/bareRun';
import { mainThreadCpu, runBare, runUnderMonitor } from '../../../debug-adapter/cli/benchGuestRun';
import { type GuestBenchResult, type GuestTimes, updateGuestReadme } from '../../../debug-adapter/cli/benchGuestReport';
import { benchMachine } from '../../../debug-adapter/cli/benchRecord';
import { nodeIo } from '../../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../../debug-adapter/config/discoConfig';
import { readGuestKernel } from '../../../debug-adapter/monitor/loader';
import { buildFlatProgram, writeGuestDisk } from '../../../debug-adapter/toolchain/guestDisk';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const GUEST = path.join(ROOT, 'guest');

test('a guest OS workload runs bare and under the monitor with the same console, and only the monitor run spends time in the monitor', () => {
  const io = nodeIo();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-benchguest-'));
  try {
    const kernel = path.join(GUEST, 'kernel', 'kernel.S');
    const vmKernel = path.join(dir, 'guest.elf');
    fs.writeFileSync(vmKernel, readGuestKernel(kernel, { files: io.files, endian: 'big', includeDirs: [path.join(GUEST, 'include')] }).bytes);
    const programs = ['init', 'cc'].map((n) => buildFlatProgram(io.files, path.join(GUEST, 'user', `${n}.S`), path.join(GUEST, 'user', 'user.ld'), 'big', n));
    const disk = writeGuestDisk(programs, { initArgs: [1 << 1, 1, 0, 0], nics: 0, endian: 'big' });
    const image = path.join(dir, 'pmake.img');
    fs.writeFileSync(image, disk);
    const text = JSON.stringify({ machine: { cpus: 2, memoryMB: 64 }, vms: [{ name: 'pmake', vcpus: 2, memoryMB: 16, kernel: vmKernel, disks: [{ image }] }] });
    const config = loadConfig(text, path.join(dir, 'pmake.disco.json'), io.files);
    const bare = runBare(config, loadBareKernel(kernel, undefined, io), disk, [0x60000000]);
    const vm = runUnderMonitor(config, io.files, [0x60000000]);
    assert.match(bare.console, /pmake: 4 jobs, checksum [0-9a-f]{8}\ninit: done/);
    assert.equal(vm.console, bare.console);
    assert.ok(bare.instructions > 100_000 && vm.instructions > 100_000, `${bare.instructions} and ${vm.instructions} instructions`);
    assert.ok(bare.exceptions > 0 && vm.exceptions > 0);
    assert.equal(bare.monitorSeconds, 0);
    assert.ok(vm.monitorSeconds > 0 && vm.monitorSeconds < vm.seconds, `${vm.monitorSeconds} s of ${vm.seconds} s in the monitor`);

    // A guest that powers off with a non-zero code (255: a disk without a program table) is not a measurement.
    const empty = new Uint8Array(4096);
    const bad = path.join(dir, 'empty.img');
    fs.writeFileSync(bad, empty);
    const badConfig = loadConfig(text.replace(image, bad), path.join(dir, 'empty.disco.json'), io.files);
    assert.throws(() => runBare(badConfig, loadBareKernel(kernel, undefined, io), empty, []), /powered off with code 255/);
    assert.throws(() => runUnderMonitor(badConfig, io.files, []), /the VM ended with .*"code":255/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the main thread's CPU time grows with work done on it", () => {
  const c0 = mainThreadCpu();
  if (c0 === null) return; // not Linux: nothing to read
  let x = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 300) x += Math.sqrt(x + 1);
  const c1 = mainThreadCpu();
  assert.ok(c1 !== null && c1 - c0 >= 0.05, `${c0} -> ${c1} (${x})`);
});

function times(median: number): GuestTimes {
  return { instructions: 12_345_678, seconds: [median], median, mips: Number((12.345678 / median).toFixed(1)), cpuSeconds: [median / 2], cpuMedian: median / 2, monitorShare: 0.25, exceptions: 4321 };
}

function result(monitorSeconds: number): GuestBenchResult {
  return {
    benchmark: 'guest OS workloads',
    size: 'small',
    command: 'disco bench guest --size small',
    date: '2030-01-02T03:04:05.000Z',
    machine: { ...benchMachine(), cpu: 'Test CPU', cores: 2, load: 0.5, node: 'v99.0.0' },
    cpus: 2,
    breakpoints: { bare: ['0x60000000'], monitor: ['0x60000000'] },
    workloads: [{ name: 'pmake', mask: 2, scale: 50, bare: times(1), monitor: times(monitorSeconds), bareTiming: null, monitorTiming: null }],
    trap: { traps: 1_000_002, seconds: [2.5], usPerTrap: 2.5, monitorShare: 0.4 },
    figures: [{ name: 'speed under the monitor (bare seconds / monitor seconds)', value: (1 / monitorSeconds).toFixed(2), target: '≥ 0.7', met: 1 / monitorSeconds >= 0.7 }],
  };
}

test('the guest result replaces only its own section of the README', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disco-benchguestrec-'));
  try {
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, '# Benchmarks\n\nbefore\n');
    updateGuestReadme(readme, result(2));
    fs.appendFileSync(readme, '\n## after\n');
    updateGuestReadme(readme, result(1.25));
    const text = fs.readFileSync(readme, 'utf8');
    assert.equal(text.split('<!-- disco bench guest: begin -->').length, 2, 'one section');
    assert.match(text, /^# Benchmarks\n\nbefore\n/);
    assert.match(text, /\n## after\n$/);
    assert.match(text, /node dist\/cli\.js bench guest --size small/);
    assert.match(text, /\| pmake \(scale 50\) \| 12\.3 M \| 1\.00 s \(CPU 0\.50 s\), 12\.3 MIPS \| 12\.3 M \| 1\.25 s \(CPU 0\.63 s\), 9\.9 MIPS \| 0\.80 \| 25\.0 % \| 4321 \|/);
    assert.match(text, /\| speed under the monitor \(bare seconds \/ monitor seconds\) \| 0\.80 \| ≥ 0\.7 \| met \|/);
    assert.match(text, /2\.5 µs, 40\.0 % in the monitor/);
    assert.doesNotMatch(text, /\| 0\.50 \| ≥ 0\.7/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
