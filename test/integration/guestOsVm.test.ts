// The guest OS built with -DDISCO_GUEST=1 under the Disco monitor: each example config prints
// the lines the bare build prints for the same disk image (prefixed with the VM's name), the
// four-vCPU VM on two CPUs included, and two VMs ping each other over the virtual subnet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBareBounded, withConsole } from '../support/boundedRun';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { DiscoMonitor } from '../../debug-adapter/monitor/monitor';
import { pingLine, workloadLines } from './guestOsOracle';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs a config until every VM halted; the console lines of each VM. */
function runVms(config: string): Map<string, string[]> {
  const files = nodeIo().files;
  const path = join(ROOT, config);
  const lines = new Map<string, string[]>();
  const monitor = new DiscoMonitor({
    config: loadConfig(readFileSync(path, 'utf8'), path, files),
    files,
    console: (vm, line) => lines.set(vm, [...(lines.get(vm) ?? []), line]),
  });
  const stop = monitor.run(400_000_000);
  assert.deepEqual(stop, { reason: 'halted' });
  return lines;
}

function runBare(image: string, cpus: number): string[] {
  const disk = new MemoryDiskImage(new Uint8Array(readFileSync(join(ROOT, image))));
  const r = runBareBounded(join(ROOT, 'guest/kernel/kernel.S'), { cpus, memoryMB: 16, disks: [disk] }, { instructions: 400_000_000, wallMs: 120_000 });
  assert.equal(r.status, 0, withConsole('exit status', r.out + r.err));
  return r.out.split('\n').filter((l) => l !== '');
}

test('one VM prints exactly what the bare machine prints', () => {
  const vm = runVms('examples/one-vm/one-vm.disco.json').get('vm');
  assert.deepEqual(vm, runBare('examples/one-vm/guest.img', 2));
  assert.deepEqual(vm?.slice(-5), [...workloadLines(30, 2), 'init: done']);
});

test('four vCPUs on two CPUs print what four bare CPUs print', () => {
  const vm = runVms('examples/overcommit/overcommit.disco.json').get('vm');
  assert.equal(vm?.[0], 'disco-guest: 4 cpus, 16384 KB');
  assert.deepEqual(vm, runBare('examples/overcommit/guest.img', 4));
});

test('three VMs: ping over the virtual subnet and a worker', () => {
  const out = runVms('examples/multi-vm/multi-vm.disco.json');
  assert.deepEqual(out.get('client')?.slice(-2), [pingLine(8), 'init: done']);
  assert.deepEqual(out.get('server')?.slice(-2), ['pong: served', 'init: done']);
  assert.deepEqual(out.get('worker')?.slice(-3), [...workloadLines(10, 2), 'init: done']);
});
