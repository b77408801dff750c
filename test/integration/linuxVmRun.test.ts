// `disco run` with a Linux VM beside a guest OS VM (in process, through the CLI command): every
// console line carries its VM's name, the Linux VM's prompt shows before its line ends, the
// keyboard (here piped input given at once, which disco run types a line per prompt) goes to the VM
// `--console` names, `--stats` writes the Linux VM's guest exits and the assist's counters, and the run ends with
// status 0 once both VMs have halted. Needs `disco fetch linux` (.cache/linux).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, HostTerminal } from '../../debug-adapter/cli/command';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { runCommand } from '../../debug-adapter/cli/runCommand';
import type { MonitorStats } from '../../debug-adapter/monitor/stats';
import { runCommandBounded, testTimeout, withConsole } from '../support/boundedRun';

const root = new URL('../..', import.meta.url).pathname;
const BUDGET = { instructions: 2_000_000_000, wallMs: 400_000 };

test('disco run: named lines, the Linux VM typed into through --console, stats, and the end once every VM halted', testTimeout(BUDGET.wallMs), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-linux-vm-run-'));
  const config = join(dir, 'c.disco.json');
  writeFileSync(config, JSON.stringify({
    machine: { cpus: 2, memoryMB: 96, endian: 'little', virtualizationAssist: true },
    vms: [
      { name: 'worker', memoryMB: 16, kernel: join(root, 'guest/kernel/kernel.S'), disks: [{ image: join(root, 'examples/linux-vm/worker.img'), mode: 'shared-cow' }] },
      { name: 'tux', kind: 'linux', memoryMB: 48, kernel: join(root, '.cache/linux/kernel.json') },
    ],
  }));
  // Piped all at once, as `printf … | disco run`: disco run types each line at the next prompt.
  const terminal: HostTerminal = {
    isTTY: false,
    open(onData) {
      onData(new TextEncoder().encode('echo hello from $(uname -s)\npoweroff -f\n'));
      return { close: () => undefined };
    },
  };
  const stats = join(dir, 'stats.json');
  // The bounded runner's io keeps files to itself; --stats must reach the disk.
  const run: Command = { ...runCommand, run: (args, io) => runCommand.run(args, { ...io, writeFile: nodeIo().writeFile }) };
  const r = await runCommandBounded(run, [config, '--console', 'tux', '--stats', stats], BUDGET, { terminal });
  const c = r.console.replace(/\r/g, '');
  assert.equal(r.status, 0, withConsole('both VMs halted with 0', c));
  const lines = c.split('\n').filter((l) => l !== '');
  assert.deepEqual(lines.filter((l) => !/^\[(tux|worker)\] /.test(l)), [], 'every line carries its VM');
  assert.ok(lines.includes('[tux] hello from Linux'), withConsole('the command typed into tux ran there', c));
  assert.ok(lines.includes('[worker] init: done'), withConsole('the worker ran beside it', c));
  const s = JSON.parse(readFileSync(stats, 'utf8')) as MonitorStats;
  const tux = s.vms.find((v) => v.name === 'tux');
  assert.deepEqual(tux?.end, { kind: 'halt', code: 0 });
  assert.ok((tux?.linux?.[0]?.exits['GPA device'] ?? 0) > 0 && (tux?.linux?.[0]?.assisted.ERET ?? 0) > 0, JSON.stringify(tux?.linux));
  assert.ok((tux?.counters.traps.GE ?? 0) > 0, `guest exits among the traps by kind: ${JSON.stringify(tux?.counters.traps)}`);
  assert.equal(s.vms.find((v) => v.name === 'worker')?.linux, undefined);
});
