// guest/include/disco/monitor.h: generated text is current, every constant is documented in
// docs/guest-abi.md, and GNU as and the project's assembler read the same values (and the same
// MONITOR_CALL encoding) through cpp #include and through plain .include.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MONITOR_HEADER_PATH } from '../../../scripts/generate-monitor-header';
import { monitorHeaderGroups, monitorHeaderText } from '../../../debug-adapter/monitor/monitorHeader';
import { MC_SYSCALL_CODE } from '../../../debug-adapter/monitor/abi';
import { gnuHeaderTexts, projectHeaderTexts } from '../../support/headerAssembly';

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

test('GNU as reads the same values from monitor.h through cpp and through .include', () => {
  for (const { name: obj, text } of gnuHeaderTexts('monitor.h', body)) {
    assert.deepEqual(text.subarray(0, entries.length * 4 + 4), expectedText(), obj);
  }
});

test("the project's assembler reads the same values from monitor.h through #include and .include", () => {
  for (const { name: path, text } of projectHeaderTexts('monitor.h', monitorHeaderText(), body)) {
    assert.deepEqual(text.subarray(0, entries.length * 4 + 4), expectedText(), path);
  }
});
