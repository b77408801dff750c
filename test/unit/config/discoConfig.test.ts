import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { analyzeConfig, discoConfigSchema, loadConfig } from '../../../debug-adapter/config/discoConfig';
import { DiagnosticError } from '../../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../../debug-adapter/util/fileAccessor';
import { SCHEMA_PATH, schemaText } from '../../../scripts/generate-schema';

const files = new MemoryFileAccessor({ 'w/kernel.s': '', 'w/disk.img': '', 'w/vmlinux': '', 'w/initrd.cpio': '', 'w/System.map': '', 'w/kernel.json': '' });

function errors(text: string): string[] {
  try {
    loadConfig(text, 'w/c.disco.json', files);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.loc.line}:${d.loc.col} ${d.message}`);
    throw e;
  }
  return [];
}

/** `line:col` of the first occurrence of needle on 1-based line n of text: an oracle independent of the parser. */
function at(text: string, n: number, needle: string): string {
  const col = (text.split('\n')[n - 1] ?? '').indexOf(needle);
  assert.ok(col >= 0, `${needle} not on line ${n}`);
  return `${n}:${col + 1}`;
}

test('a minimal config gets the documented defaults and resolved paths', () => {
  const c = loadConfig('{ "vms": [ { "name": "vm1", "kernel": "kernel.s" } ] }', 'w/c.disco.json', files);
  assert.equal(c.machine.cpus, 1);
  assert.equal(c.machine.tlbEntries, 48);
  assert.equal(c.machine.caches.l2KB, 1024);
  assert.equal(c.machine.localMissNs, 300);
  assert.equal(c.machine.remoteMissNs, 900);
  assert.equal(c.monitor.tlbOnSwitch, 'flush');
  assert.deepEqual(c.monitor.numa, { placement: 'first-touch', migration: false, replication: false, hotThreshold: 128, sharingThreshold: 32, writeThreshold: 1, maxMovesPerPage: 4, maxMovesPerInterval: 64, resetIntervalCycles: 2_000_000 });
  assert.deepEqual(c.monitor.contentSharing, { enabled: false, scanPagesPerInterval: 64, intervalCycles: 1_000_000 });
  assert.deepEqual(c.vms[0], { name: 'vm1', kind: 'disco', kernel: 'w/kernel.s', vcpus: 1, memoryMB: 16, disks: [], network: false, bootArgs: '' });
  assert.equal(c.bare, undefined);
});

test('every problem is reported at once with its JSON path, line and column', () => {
  const text = [
    '{',
    '  "machine": { "cpus": 3, "nodes": 2, "memoryMB": 64, "endain": "big" },',
    '  "vms": [',
    '    { "name": "a", "kernel": "kernel.s", "vcpus": 0 },',
    '    { "name": "a", "kernel": "missing.s", "memoryMB": 128, "disks": [ { "image": "disk.img", "mode": "cow" } ] }',
    '  ]',
    '}',
  ].join('\n');
  assert.deepEqual(errors(text), [
    `${at(text, 2, '"endain"')} machine.endain: unknown property (expected one of cpus, nodes, memoryMB, endian, tlbEntries, mode, clockMHz, caches, localMissNs, remoteMissNs, virtualizationAssist)`,
    `${at(text, 4, '0 }')} vms[0].vcpus: 0 is out of range: must be from 1 to 32`,
    `${at(text, 5, '"cow"')} vms[1].disks[0].mode: must be one of "shared-cow", "private", "persistent"`,
  ]);
  // Cross-field rules run once the fields themselves are valid.
  const text2 = text.replace(', "endain": "big"', '').replace('"vcpus": 0', '"vcpus": 2').replace(', "mode": "cow"', '');
  assert.deepEqual(errors(text2), [
    `${at(text2, 2, '2,')} machine.nodes: 2 nodes do not divide 3 CPUs evenly`,
    `${at(text2, 5, '"a"')} vms[1].name: "a" is used by another VM`,
    `${at(text2, 5, '128')} vms[1].memoryMB: 128 MB is more than the machine's 64 MB`,
    `${at(text2, 5, '"missing.s"')} vms[1].kernel: file not found: missing.s (looked for w/missing.s)`,
  ]);
});

test('cache shapes the timing model cannot build are reported at the cache field', () => {
  const text = '{ "machine": { "caches": { "l2KB": 1000, "lineBytes": 128 } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }';
  assert.deepEqual(errors(text), [
    `${at(text, 1, '1000')} machine.caches.l2KB: 1024000 bytes in 128-byte lines and 2 ways give 4000 sets; the number of sets must be a power of two`,
  ]);
  const line = text.replace('"l2KB": 1000, "lineBytes": 128', '"lineBytes": 96');
  assert.equal(errors(line).length, 3, 'a bad line size spoils all three caches');
});

test('syntax errors are all reported at once, located, next to the problems of the recovered tree', () => {
  const text = ['{', '  "machine": { "cpus": 2 "nodes": 1 },', '  "vms": [ { "name": "v", "kernel": "kernel.s", "vcpus": 99 } ]', '  "bare": x', '}'].join('\n');
  assert.deepEqual(errors(text), [
    `${at(text, 2, '"nodes"')} expected ','`,
    `${at(text, 4, '"bare"')} expected ','`,
    `${at(text, 4, 'x')} unexpected character, expected a value`,
    `${at(text, 5, '}')} expected a value`, // the parser, recovering, still looks for bare's value
    `${at(text, 3, '99')} vms[0].vcpus: 99 is out of range: must be from 1 to 32`,
  ]);
  const unterminated = '{ "vms": [ { "name": "v", "kernel": "kernel.s" } ] /* never closed';
  assert.deepEqual(errors(unterminated), [`${at(unterminated, 1, '/*')} unterminated comment`, `1:${unterminated.length + 1} expected '}'`]);
  assert.deepEqual(errors(''), ['1:1 expected a value']);
});

test('comments and trailing commas are accepted, as in VS Code settings', () => {
  const text = '// two VMs\n{ "vms": [ /* first */ { "name": "x", "kernel": "kernel.s", }, { "name": "y", "kernel": "kernel.s" }, ], }';
  assert.deepEqual(errors(text), []);
  assert.deepEqual(loadConfig(text, 'w/c.disco.json', files).vms.map((v) => v.name), ['x', 'y']);
});

test('analyzeConfig gives the tree with offsets and each problem with the range of its text', () => {
  const text = '{ "machine": { "cpus": 40 },\n  "vms": [ { "name": "v", "kernel": "kernel.s" } ] }';
  const a = analyzeConfig(text, 'w/c.disco.json', files);
  assert.equal(a.config, undefined);
  assert.deepEqual(a.syntaxErrors, []);
  assert.deepEqual(a.problems.map((d) => [d.message, text.slice(d.offset, d.offset + d.length)]), [['machine.cpus: 40 is out of range: must be from 1 to 32', '40']]);
  const tree = a.tree;
  assert.ok(tree !== undefined && tree.type === 'object');
  const vms = tree.children?.[1];
  assert.equal(vms?.children?.[0]?.value, 'vms');
  assert.equal(text.slice(vms?.children?.[1]?.offset, (vms?.children?.[1]?.offset ?? 0) + (vms?.children?.[1]?.length ?? 0)), '[ { "name": "v", "kernel": "kernel.s" } ]');
  const good = analyzeConfig(text.replace('40', '4'), 'w/c.disco.json', files);
  assert.deepEqual([good.syntaxErrors, good.problems], [[], []]);
  assert.equal(good.config?.machine.cpus, 4);
});

test('syntax errors and structural mistakes are located', () => {
  const dup = '{ "vms": [], "vms": [] }';
  assert.deepEqual(errors(dup), [`1:${dup.lastIndexOf('"vms"') + 1} vms: duplicate property`]);
  assert.deepEqual(errors('{ }'), ['1:1 (top level): nothing to run: give "vms" (VMs under the monitor) or "bare" (one kernel on the bare machine)']);
  const both = '// comment\n{ "bare": { "kernel": "vmlinux" }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }';
  assert.deepEqual(errors(both), [
    `${at(both, 2, '{ "kernel"')} bare: a config boots either one bare kernel or VMs under the monitor, not both`,
  ]);
  const bad = '{ "vms": [ { "name": "9lives", "kernel": 5 } ] }';
  assert.deepEqual(errors(bad), [
    `${at(bad, 1, '"9lives"')} vms[0].name: "9lives" must start with a letter and hold at most 32 letters, digits, _ or -`,
    `${at(bad, 1, '5 }')} vms[0].kernel: must be a string`,
  ]);
});

test('the shipped JSON Schema is generated from the same table and agrees with the loader', () => {
  assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), schemaText(), 'schemas/disco.schema.json is stale: run npx tsx scripts/generate-schema.ts');
  const ajv = new Ajv({ strict: true, allErrors: true });
  // VS Code's own keywords: its JSON editor then accepts comments and trailing commas, as the loader does.
  ajv.addKeyword('allowComments').addKeyword('allowTrailingCommas');
  const validate = ajv.compile(discoConfigSchema());
  const cases: [string, boolean][] = [
    ['{ "vms": [ { "name": "vm1", "kernel": "kernel.s" } ] }', true],
    ['{ "machine": { "cpus": 4, "nodes": 2, "memoryMB": 64, "mode": "timing" }, "vms": [ { "name": "v", "kernel": "kernel.s", "vcpus": 2 } ] }', true],
    ['{ "machine": { "cpus": 33 }, "vms": [] }', false],
    ['{ "vms": [ { "name": "v" } ] }', false],
    ['{ "vms": [ { "name": "v", "kernel": "kernel.s", "extra": 1 } ] }', false],
    ['{ "monitor": { "tlbOnSwitch": "retag" }, "vms": [] }', false],
    ['{ "bare": { "kernel": "vmlinux" } }', true],
    ['{ "bare": { "kernel": "vmlinux", "bootArgs": "console=ttyS0" } }', false],
    ['{ "bare": { "board": "disco", "kernel": "vmlinux", "initrd": "initrd.cpio" } }', false],
    ['{ "bare": { "kernel": "vmlinux", "symbols": "System.map" } }', false],
    ['{ "machine": { "endian": "little", "memoryMB": 64 }, "bare": { "board": "linux-generic", "kernel": "vmlinux", "loadAddress": "0x80100000", "entry": "0x80100000", "bootArgs": "console=ttyS0", "initrd": "initrd.cpio", "symbols": "System.map" } }', true],
    ['{ "monitor": { "timeSliceCycles": 5000 }, "bare": { "kernel": "vmlinux" } }', false],
    ['{ "monitor": { "numa": { "migration": false, "replication": false } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', true],
    ['{ "machine": { "mode": "timing" }, "monitor": { "numa": { "migration": true, "replication": true, "hotThreshold": 16, "placement": "home-node" } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', true],
    ['{ "monitor": { "numa": { "placement": "random" } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', false],
    ['{ "monitor": { "numa": { "hotThreshold": 0 } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', false],
    ['{ "monitor": { "contentSharing": { "enabled": true, "scanPagesPerInterval": 8 } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', true],
    ['{ "monitor": { "contentSharing": { "enabled": true, "pages": 8 } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', false],
    ['{ "vms": [ { "name": "v", "kernel": "kernel.s", "disks": [ { "image": "disk.img", "mode": "shared-cow" } ] } ] }', true],
    ['{ "vms": [ { "name": "v", "kernel": "kernel.s", "disks": [ { "image": "disk.img", "mode": "persistent" } ] } ] }', true],
    ['{ "vms": [ { "name": "v", "kernel": "kernel.s", "disks": [ { "image": "disk.img", "mode": "private" } ] } ] }', true],
    ['{ "vms": [ { "name": "v", "kernel": "kernel.s", "bootArgs": "" } ] }', false],
    ['{ "vms": [ { "name": "v", "kind": "disco", "kernel": "kernel.s", "initrd": "initrd.cpio" } ] }', false],
    ['{ "machine": { "endian": "little", "memoryMB": 128, "virtualizationAssist": true }, "vms": [ { "name": "v", "kind": "linux", "memoryMB": 48, "kernel": "kernel.json", "bootArgs": "quiet", "initrd": "initrd.cpio", "symbols": "System.map" } ] }', true],
  ];
  for (const [text, schemaValid] of cases) {
    assert.equal(validate(JSON.parse(text)), schemaValid, text);
    if (!schemaValid) assert.notDeepEqual(errors(text), [], `loader accepted ${text}`);
    else assert.deepEqual(errors(text), [], text);
  }
});

test('a guest OS VM refuses the Linux VM fields; a Linux VM needs the assist, a little-endian machine, one vCPU and the kernel.json', () => {
  const boot = '{ "vms": [ { "name": "v", "kernel": "kernel.s", "bootArgs": "quiet" } ] }';
  assert.deepEqual(errors(boot), [
    `${at(boot, 1, '"quiet"')} vms[0].bootArgs: the monitor's guest ABI has no place to hand a command line to the guest OS (only kind "linux" takes one)`,
  ]);
  const linux = '{ "vms": [ { "name": "v", "kind": "linux", "vcpus": 2, "kernel": "vmlinux", "network": true } ] }';
  assert.deepEqual(errors(linux), [
    `${at(linux, 1, '"linux"')} vms[0].kind: a Linux VM runs on the virtualization assist: set machine.virtualizationAssist to true`,
    `${at(linux, 1, '"linux"')} vms[0].kind: Debian's MIPS kernels are little-endian: set machine.endian to "little"`,
    `${at(linux, 1, '2,')} vms[0].vcpus: a Linux VM has one vCPU (its kernel runs uniprocessor on this board)`,
    `${at(linux, 1, '{ "name"')} vms[0].memoryMB: Linux needs at least 32 MB`,
    `${at(linux, 1, '"vmlinux"')} vms[0].kernel: a Linux VM boots the kernel.json of 'disco fetch linux'`,
    `${at(linux, 1, 'true')} vms[0].network: a Linux VM has no virtual network device yet`,
  ]);
});

test('NUMA migration and replication need the timing model\'s miss counters', () => {
  const numa = '{ "monitor": { "numa": { "migration": true, "replication": true } }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }';
  const why = 'is driven by the timing model\'s cache-miss counters: needs machine.mode "timing"';
  assert.deepEqual(errors(numa), [`${at(numa, 1, 'true')} monitor.numa.migration: ${why}`, `${at(numa, 1, 'true }')} monitor.numa.replication: ${why}`]);
  assert.deepEqual(errors(numa.replaceAll('true', 'false')), []);
  assert.deepEqual(errors(`{ "machine": { "mode": "timing" }, ${numa.slice(1)}`), []);
});

test('a persistent disk belongs to one VM: no other disk may name its image', () => {
  const two = (m0: string, m1: string): string =>
    `{ "vms": [ { "name": "a", "kernel": "kernel.s", "disks": [ { "image": "disk.img", "mode": "${m0}" } ] }, { "name": "b", "kernel": "kernel.s", "disks": [ { "image": "disk.img", "mode": "${m1}" } ] } ] }`;
  const text = two('persistent', 'shared-cow');
  assert.deepEqual(errors(text), [`${at(text, 1, '"persistent"')} vms[0].disks[0].mode: a persistent disk belongs to one VM: no other disk may name its image`]);
  assert.deepEqual(errors(two('shared-cow', 'shared-cow')), []);
  assert.deepEqual(errors(two('private', 'shared-cow')), []);
});

test('a bare kernel on the disco board takes none of the linux-generic hand-over fields, and no monitor settings', () => {
  const text = '{ "monitor": { "l2tlbEntries": 64 }, "bare": { "kernel": "vmlinux", "bootArgs": "", "initrd": "initrd.cpio", "symbols": "System.map" } }';
  assert.deepEqual(errors(text), [
    `${at(text, 1, '{ "l2tlbEntries"')} monitor: a bare kernel runs without the monitor, so monitor settings would do nothing`,
    `${at(text, 1, '""')} bare.bootArgs: the disco board has no way to hand a command line to its kernel yet (only linux-generic takes one)`,
    `${at(text, 1, '"initrd.cpio"')} bare.initrd: the disco board has no way to hand an initial RAM disk to its kernel yet (only linux-generic takes one)`,
    `${at(text, 1, '"System.map"')} bare.symbols: a System.map serves --break, which only the linux-generic board offers`,
  ]);
  const linux = '{ "machine": { "endian": "little", "memoryMB": 64 }, "bare": { "board": "linux-generic", "kernel": "vmlinux", "loadAddress": "0x80100000", "entry": "0x80100000", "bootArgs": "quiet", "initrd": "initrd.cpio", "symbols": "System.map" } }';
  assert.deepEqual(errors(linux), []);
});
