// The guest OS built little-endian (--EL): the disk builder writes the program table in the
// machine's byte order, and the bare kernel and the kernel under the Disco monitor (a config
// with "endian": "little") print exactly the lines of the big-endian build for the same
// workloads: system calls, console input, every workload, the NIC ping and the virtual subnet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBareBounded, withConsole } from '../support/boundedRun';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { DiscoMonitor } from '../../debug-adapter/monitor/monitor';
import type { Endian } from '../../debug-adapter/toolchain/object';
import { buildGuestDisk, GUEST_PROGRAMS } from '../../guest/tools/guestDisk';
import { pingLine, workloadLines } from './guestOsOracle';

const GUEST = join(import.meta.dirname, '..', '..', 'guest');
const KERNEL = join(GUEST, 'kernel', 'kernel.S');
const ENDIANS = ['big', 'little'] as const;

function disk(endian: Endian, mask: number, scale: number, nics = 0): Uint8Array {
  return buildGuestDisk(nodeIo().files, {
    programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(GUEST, p.source) })),
    linkScript: join(GUEST, 'user', 'user.ld'),
    initArgs: [mask, scale, 0, 0],
    nics,
    endian,
  });
}

function bare(endian: Endian, cpus: number, image: Uint8Array, extra: { nics?: number; input?: string } = {}): string[] {
  const endianOption = { endian, source: 'this test' };
  const r = runBareBounded(KERNEL, { cpus, memoryMB: 16, endian: endianOption, disks: [new MemoryDiskImage(image)], ...extra }, { instructions: 400_000_000, wallMs: 120_000 });
  assert.equal(r.err, '');
  assert.equal(r.status, 0, withConsole(`${endian}: exit status`, r.out));
  return r.out.split('\n').filter((l) => l !== '');
}

test('the program table is written in the machine\'s byte order', () => {
  for (const endian of ENDIANS) {
    const view = new DataView(disk(endian, 1, 1).buffer);
    const little = endian === 'little';
    assert.equal(view.getUint32(0, little), 0x44505247, `${endian}: magic "DPRG"`);
    assert.equal(view.getUint32(8, little), GUEST_PROGRAMS.length, `${endian}: program count`);
    assert.equal(new TextDecoder().decode(new Uint8Array(view.buffer, 64, 4)), 'init', `${endian}: first name`);
  }
});

test('bare little-endian kernel prints the big-endian lines', () => {
  const runs: [number, number, number, { nics?: number; input?: string }][] = [
    [1 | 256, 1, 1, { input: 'hello disco\n' }],
    [2 | 4 | 8 | 16, 1, 2, {}],
    [32, 1, 1, { nics: 2 }],
  ];
  for (const [mask, scale, cpus, extra] of runs) {
    const [be, le] = ENDIANS.map((e) => bare(e, cpus, disk(e, mask, scale, extra.nics ?? 0), extra));
    assert.deepEqual(le, be, `mask ${mask}`);
  }
  const le = bare('little', 2, disk('little', 30, 1));
  assert.deepEqual(le.slice(-5), [...workloadLines(30, 1), 'init: done']);
});

test('little-endian VMs under the monitor print the big-endian lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-el-'));
  try {
    const out = ENDIANS.map((endian) => {
      const vms = [['worker', 31, 2], ['server', 64, 1], ['client', 128, 1]] as const;
      for (const [name, mask] of vms) writeFileSync(join(dir, `${endian}-${name}.img`), disk(endian, mask, 1, name === 'worker' ? 0 : 1));
      const cfg = {
        machine: { cpus: 2, memoryMB: 64, endian },
        vms: vms.map(([name, , vcpus]) => ({ name, vcpus, memoryMB: 16, network: name !== 'worker', kernel: KERNEL, disks: [{ image: `${endian}-${name}.img`, mode: 'shared-cow' }] })),
      };
      const lines = new Map<string, string[]>();
      const files = nodeIo().files;
      const m = new DiscoMonitor({ config: loadConfig(JSON.stringify(cfg), join(dir, `${endian}.disco.json`), files), files, console: (vm, l) => lines.set(vm, [...(lines.get(vm) ?? []), l]) });
      assert.deepEqual(m.run(400_000_000), { reason: 'halted' });
      return lines;
    });
    const [be, le] = out as [Map<string, string[]>, Map<string, string[]>];
    for (const vm of ['worker', 'server', 'client']) assert.deepEqual(le.get(vm), be.get(vm), vm);
    assert.deepEqual(le.get('worker')?.slice(-5), [...workloadLines(30, 1), 'init: done']);
    assert.deepEqual(le.get('client')?.slice(-2), [pingLine(8), 'init: done']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
