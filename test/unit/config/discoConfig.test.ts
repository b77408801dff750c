import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { discoConfigSchema, loadConfig } from '../../../debug-adapter/config/discoConfig';
import { DiagnosticError } from '../../../debug-adapter/util/diagnostic';
import { MemoryFileAccessor } from '../../../debug-adapter/util/fileAccessor';
import { SCHEMA_PATH, schemaText } from '../../../scripts/generate-schema';

const files = new MemoryFileAccessor({ 'w/kernel.s': '', 'w/disk.img': '', 'w/vmlinux': '' });

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
  assert.equal(c.monitor.numa.migration, false);
  assert.deepEqual(c.vms[0], { name: 'vm1', kernel: 'w/kernel.s', vcpus: 1, memoryMB: 16, bootArgs: '', disks: [], network: false });
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
    `${at(text, 2, '"endain"')} machine.endain: unknown property (expected one of cpus, nodes, memoryMB, endian, tlbEntries, mode, clockMHz, caches, localMissNs, remoteMissNs)`,
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

test('syntax errors and structural mistakes are located', () => {
  const trailing = '{ "vms": [ { "name": "x", } ] }';
  assert.deepEqual(errors(trailing), [`${at(trailing, 1, '}')} expected a property name in double quotes`]);
  const dup = '{ "vms": [], "vms": [] }';
  assert.deepEqual(errors(dup), [`1:${dup.lastIndexOf('"vms"') + 1} duplicate property "vms"`]);
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
  const validate = new Ajv({ strict: true, allErrors: true }).compile(discoConfigSchema());
  const cases: [string, boolean][] = [
    ['{ "vms": [ { "name": "vm1", "kernel": "kernel.s" } ] }', true],
    ['{ "machine": { "cpus": 4, "nodes": 2, "memoryMB": 64, "mode": "timing" }, "vms": [ { "name": "v", "kernel": "kernel.s", "vcpus": 2 } ] }', true],
    ['{ "machine": { "cpus": 33 }, "vms": [] }', false],
    ['{ "vms": [ { "name": "v" } ] }', false],
    ['{ "vms": [ { "name": "v", "kernel": "kernel.s", "extra": 1 } ] }', false],
    ['{ "monitor": { "tlbOnSwitch": "retag" }, "vms": [] }', false],
    ['{ "bare": { "kernel": "vmlinux", "bootArgs": "console=ttyS0" } }', true],
  ];
  for (const [text, schemaValid] of cases) {
    assert.equal(validate(JSON.parse(text)), schemaValid, text);
    if (!schemaValid) assert.notDeepEqual(errors(text), [], `loader accepted ${text}`);
    else assert.deepEqual(errors(text), [], text);
  }
});
