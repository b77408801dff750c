// Debug Console commands on examples/multi-vm mid-run: each table checked against the monitor's
// own records (pmap, hardware and virtual TLBs, memmap, stats), the translation chain against the
// pmap, one-line errors with usage, completions, and the table layout.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleCompletions, isConsoleCommand, runConsoleCommand } from '../../../debug-adapter/debugger/consoleCommands';
import type { DebugTarget } from '../../../debug-adapter/debugger/target';
import { formatTable } from '../../../debug-adapter/debugger/textTable';
import { ENTRYLO_V } from '../../../debug-adapter/machine/priv/cp0Bits';
import { DISK_CACHE_VM } from '../../../debug-adapter/monitor/diskCache';
import type { DiscoMonitor } from '../../../debug-adapter/monitor/monitor';
import { MONITOR_DATA_VM } from '../../../debug-adapter/monitor/monitorData';
import { monitorTarget } from '../../support/debugTargets';

let target: DebugTarget;
let mon: DiscoMonitor;

before(() => {
  target = monitorTarget('examples/multi-vm/multi-vm.disco.json');
  mon = target.monitor as DiscoMonitor;
  mon.run(700_000);
});

function run(line: string): string[] {
  const r = runConsoleCommand(target, line);
  assert.equal(r.error, false, r.lines.join('\n'));
  return [...r.lines];
}

/** The table rows of a command's output (after the header rule), split into cells. */
const rows = (lines: string[]): string[][] => lines.slice(lines.findIndex((l) => /^-+( +-+)*$/.test(l)) + 1).filter((l) => l !== '').map((l) => l.trim().split(/\s+/));

test('pmap rows name the machine page of each guest page', () => {
  const server = mon.vms[0];
  assert.ok(server !== undefined);
  const r = rows(run('pmap server 0x100000 8'));
  assert.equal(r.length, 8);
  r.forEach((cells, i) => {
    const m = server.pmap.mppn[0x100 + i] as number;
    assert.equal(cells[0], `0x${(0x100 + i).toString(16)}`);
    assert.equal(cells[2], m < 0 ? '-' : `0x${m.toString(16)}`);
  });
  assert.equal(rows(run('pmap client')).length, 32);
});

test('tlb and vtlb list exactly the valid entries', () => {
  for (const cpu of mon.machine.cpus) {
    let valid = 0;
    for (let i = 0; i < cpu.jtlb.size; i++) if (((cpu.jtlb.entryLo0[i] as number) | (cpu.jtlb.entryLo1[i] as number)) & ENTRYLO_V) valid++;
    const out = run(`tlb cpu${cpu.index}`);
    assert.equal(rows(out).length, valid);
    assert.match(out[0] ?? '', new RegExp(`^cpu${cpu.index}: ${valid} of ${cpu.jtlb.size} entries valid`));
  }
  const v = mon.vms[2]?.vcpus[1];
  assert.ok(v !== undefined);
  const valid: string[] = [];
  for (let i = 0; i < v.vtlb.size; i++) {
    const e = v.vtlb.read(i);
    if ((e.entryLo0 | e.entryLo1) & ENTRYLO_V) valid.push(String(i));
  }
  const out = run('vtlb worker.vcpu1');
  assert.deepEqual(rows(out.filter((l) => !/^(last miss|hardware entry)/.test(l))).map((c) => c[0]), valid);
  assert.equal(rows(run('l2tlb worker.vcpu1')).length, v.l2tlb.count);
});

test('translate follows the kernel window and the pmap', () => {
  const server = mon.vms[0];
  assert.ok(server !== undefined);
  const m = server.pmap.mppn[0x100] as number;
  const out = run('translate server _start + 0x10').join('\n');
  assert.match(out, /virtual 0xc0100010 → guest-physical 0x00100010 {2}via the kernel window/);
  assert.ok(out.includes(`→ machine 0x${(m * 4096 + 0x10).toString(16).padStart(8, '0')}  via pmap slot 0x100 → machine page 0x${m.toString(16)}`), out);
  assert.match(run('translate worker.vcpu1 0x10').join('\n'), /not mapped: no guest TLB entry maps 0x10/);
});

test('memmap shows each machine page\'s users', () => {
  const first = 0x100;
  const r = rows(run(`memmap ${first * 4096} 4`));
  assert.equal(r.length, 4);
  r.forEach((cells, i) => {
    const users = mon.core.memmap.usersOf(first + i);
    assert.equal(cells[4], String(users.length));
    assert.deepEqual(cells.slice(5), users.map((u) => `${mon.vms[u.vm]?.name}:0x${u.gppn.toString(16)}`));
  });
});

test('memmap names the monitor\'s own users', () => {
  const text = mon.vms[0]?.pmap.mppn[0x100] as number;
  assert.match(run(`memmap ${text * 4096} 1`).at(-1) ?? '', /kernel image cache \(0x100\) server:0x100 client:0x100 worker:0x100$/);
  const held = (vm: number): number | undefined => mon.snapshot().memmap.find((e) => e.users[0]?.vm === vm)?.mppn;
  const data = held(MONITOR_DATA_VM);
  const cached = held(DISK_CACHE_VM);
  assert.ok(data !== undefined && cached !== undefined);
  assert.match(run(`memmap ${data * 4096} 1`).at(-1) ?? '', /monitor data$/);
  assert.match(run(`memmap ${cached * 4096} 1`).at(-1) ?? '', /disk cache \(image \d+\)( \w+:0x[0-9a-f]+)*$/);
});

test('stats and vms agree with monitor.stats()', () => {
  const stats = mon.stats();
  const r = rows(run('stats'));
  for (const vm of stats.vms) {
    const row = r.find((c) => c[0] === vm.name);
    assert.deepEqual(row?.slice(1, 4), [vm.counters.cycles.user, vm.counters.cycles.kernel, vm.counters.cycles.monitor].map(String));
  }
  const cpu0 = r.find((c) => c[0] === 'cpu0');
  assert.equal(cpu0?.[5], String(mon.machine.cpus[0]?.cycle));
  const vms = rows(run('vms'));
  assert.deepEqual(vms.map((c) => `${c[0]}.${c[1]}`), ['server.0', 'client.0', 'worker.0', 'worker.1']);
  assert.deepEqual(vms.map((c) => c[3]), mon.vms.flatMap((vm) => vm.vcpus.map((v) => `cpu${v.pcpu}`)));
});

test('mistakes give one line with the usage', () => {
  const cases: [string, RegExp][] = [
    ['pmap', /^pmap: missing VM — usage: pmap VM \[GPA\] \[PAGES\]$/],
    ['pmap nobody', /^pmap: no VM named 'nobody' \(VMs: server, client, worker\) — usage: pmap/],
    ['tlb cpu7', /^tlb: no CPU 'cpu7' \(cpu0\.\.cpu1\) — usage: tlb cpuN$/],
    ['vtlb worker.vcpu5', /^vtlb: worker has no vcpu5 \(it has 2\) — usage: vtlb VM\.vcpuN$/],
    ['translate server 1 +', /^translate: address '1 \+': column 4: missing operand — usage/],
    ['stats now', /^stats: unexpected 'now' — usage: stats$/],
    ['frob 1', /^unknown command 'frob' \(help lists the commands\)$/],
  ];
  for (const [line, re] of cases) {
    const r = runConsoleCommand(target, line);
    assert.equal(r.error, true, line);
    assert.equal(r.lines.length, 1, line);
    assert.match(r.lines[0] ?? '', re);
  }
  assert.equal(isConsoleCommand('  pmap server'), true);
  assert.equal(isConsoleCommand('$a0 + 1'), false);
  assert.equal(isConsoleCommand('toString'), false);
});

test('completions: commands, VMs, vCPUs, CPUs and expression names', () => {
  const labels = (line: string, col = line.length): string[] => consoleCompletions(target, line, col).map((c) => c.label);
  assert.deepEqual(labels('vt'), ['vtlb']);
  assert.deepEqual(labels('pmap c'), ['client']);
  assert.deepEqual(labels('vtlb w'), ['worker.vcpu0', 'worker.vcpu1']);
  assert.deepEqual(labels('tlb '), ['cpu0', 'cpu1']);
  assert.deepEqual(labels('help st'), ['stats']);
  assert.deepEqual(labels('stats '), []);
  assert.ok(labels('$a0 + kput').includes('kputs'));
  const c = consoleCompletions(target, '$a0 + kput', 10)[0];
  assert.deepEqual([c?.start, c?.length], [6, 4]);
  assert.deepEqual(labels('$a'), ['$at', '$a0', '$a1', '$a2', '$a3']);
});

test('tables align columns, numbers to the right', () => {
  const t = formatTable(['name', 'n'], [['a', '5'], ['long', '123']]);
  assert.deepEqual(t, ['name    n', '----  ---', 'a       5', 'long  123']);
});
