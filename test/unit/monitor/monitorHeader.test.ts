// guest/include/disco/monitor.h: generated text is current, every constant is documented in
// docs/guest-abi.md, and GNU as and the project's assembler read the same values (and the same
// MONITOR_CALL encoding) through cpp #include and through plain .include.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MONITOR_HEADER_PATH } from '../../../scripts/generate-monitor-header';
import { monitorHeaderGroups, monitorHeaderText } from '../../../debug-adapter/monitor/monitorHeader';
import { MC_SYSCALL_CODE } from '../../../debug-adapter/monitor/abi';
import { assemble } from '../../../debug-adapter/toolchain/assembler/assembler';
import { MemoryFileAccessor } from '../../../debug-adapter/util/fileAccessor';

const entries = monitorHeaderGroups().flatMap((g) => g.entries);
const words = entries.map(([name]) => `\t.word ${name}`).join('\n');
const body = `\t.text\n${words}\n\tMONITOR_CALL\n`;
const SYSCALL_WORD = ((MC_SYSCALL_CODE << 6) | 0x0c) >>> 0;

function expectedText(): Buffer {
  const expected = Buffer.alloc(entries.length * 4 + 4);
  entries.forEach(([, v], i) => expected.writeUInt32BE(v >>> 0, i * 4));
  expected.writeUInt32BE(SYSCALL_WORD, entries.length * 4);
  return expected;
}

test('guest/include/disco/monitor.h is the generated text', () => {
  assert.equal(readFileSync(MONITOR_HEADER_PATH, 'utf8'), monitorHeaderText(), 'monitor.h is stale: run npx tsx scripts/generate-monitor-header.ts');
});

test('docs/guest-abi.md names every constant of monitor.h', () => {
  const doc = readFileSync(new URL('../../../docs/guest-abi.md', import.meta.url), 'utf8');
  const missing = entries.map(([name]) => name).filter((name) => !new RegExp(`\\b${name}\\b`).test(doc));
  assert.deepEqual(missing, []);
});

test('the syscall code fits the 20-bit code field', () => {
  assert.ok(MC_SYSCALL_CODE > 0 && MC_SYSCALL_CODE < 1 << 20);
});

function tool(name: string): string {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (r.error) assert.fail(`${name} is missing: install the oracles with scripts/install-oracles.sh`);
  return name;
}

test('GNU as reads the same values from monitor.h through cpp and through .include', () => {
  const include = new URL('../../../guest/include', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'disco-monitor-h-'));
  writeFileSync(join(dir, 'cpp.S'), `#include <disco/monitor.h>\n#include <disco/monitor.h>\n${body}`);
  writeFileSync(join(dir, 'plain.s'), `\t.include "disco/monitor.h"\n${body}`);
  const gcc = tool('mips-linux-gnu-gcc');
  const as = tool('mips-linux-gnu-as');
  const objcopy = tool('mips-linux-gnu-objcopy');
  const run = (cmd: string, args: string[]): void => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stderr}`);
    assert.equal(r.stderr, '', `${cmd} warned:\n${r.stderr}`);
  };
  run(gcc, ['-c', '-x', 'assembler-with-cpp', '-I', include, 'cpp.S', '-o', 'cpp.o']);
  run(as, ['-I', include, 'plain.s', '-o', 'plain.o']);
  for (const obj of ['cpp', 'plain']) {
    run(objcopy, ['-O', 'binary', '-j', '.text', `${obj}.o`, `${obj}.bin`]);
    const text = readFileSync(join(dir, `${obj}.bin`));
    assert.deepEqual(text.subarray(0, entries.length * 4 + 4), expectedText(), obj);
  }
});

test("the project's assembler reads the same values from monitor.h through #include and .include", () => {
  const files = new MemoryFileAccessor({
    '/inc/disco/monitor.h': monitorHeaderText(),
    '/src/cpp.S': `#include <disco/monitor.h>\n${body}`,
    '/src/plain.s': `\t.include "disco/monitor.h"\n${body}`,
  });
  for (const path of ['/src/cpp.S', '/src/plain.s']) {
    const { object } = assemble(path, { files, endian: 'big', includeDirs: ['/inc'], defines: new Map() });
    const text = object.sections.find((s) => s.name === '.text');
    assert.deepEqual(Buffer.from(text?.data ?? []).subarray(0, entries.length * 4 + 4), expectedText(), path);
  }
});
