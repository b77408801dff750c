// `disco experiments` at its tiny size (the hidden `--size tiny`): every experiment's numbers repeat
// exactly from run to run (cycles in timing mode), results.json has the documented rows and
// fields, and every figure is a well-formed SVG document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENTS, runExperiments } from '../../../debug-adapter/cli/experiments/experimentsCommand';
import { nodeIo } from '../../../debug-adapter/cli/nodeIo';

const FIELDS: Record<string, readonly string[]> = {
  overhead: ['workload', 'bareCycles', 'virtualCycles', 'overheadPercent', 'paperPercent'],
  memory: ['vms', 'virtualMB', 'machineMB', 'paperVirtualMB', 'paperMachineMB'],
  scalability: ['config', 'normalizedTime', 'paperNormalizedTime'],
  numa: ['workload', 'policy', 'localMissPercent', 'normalizedTime', 'paperLocalMissPercent'],
  'linux-vm': ['instruction', 'trappedCycles', 'assistedCycles'],
};

function runAll(): { dir: string; results: Record<string, unknown>; printed: string } {
  const dir = mkdtempSync(join(tmpdir(), 'disco-exp-'));
  let printed = '';
  runExperiments({ ...nodeIo(), stdout: (t) => (printed += t), stderr: () => {} }, [], dir, 'tiny');
  return { dir, results: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>, printed };
}

/**
 * Checks that `text` is well-formed XML of the kind an SVG file is (elements, quoted attributes,
 * escaped text, one root) and returns the root element's name; throws otherwise.
 */
function parseSvg(text: string): string {
  const stack: string[] = [];
  let root = '';
  let at = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  const textRun = /[^<]*/y;
  while (at < text.length) {
    textRun.lastIndex = at;
    const t = textRun.exec(text)?.[0] ?? '';
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(t)) throw new Error(`unescaped & near ${at}`);
    if (stack.length === 0 && t.trim() !== '') throw new Error(`text outside the root near ${at}`);
    at += t.length;
    if (at >= text.length) break;
    tag.lastIndex = at;
    const m = tag.exec(text);
    if (m === null) throw new Error(`malformed tag near ${at}`);
    const [whole, close, name = '', , selfClose] = m;
    if (close === '/') {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open near ${at}`);
    } else {
      if (stack.length === 0 && root !== '') throw new Error('a second root element');
      if (root === '') root = name;
      if (selfClose !== '/') stack.push(name);
    }
    at += whole.length;
  }
  if (stack.length !== 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return root;
}

test('every experiment repeats exactly, writes the documented rows, and draws a well-formed SVG', () => {
  const a = runAll();
  const b = runAll();
  try {
    assert.deepEqual(b.results, a.results, 'the same numbers on a second run');
    assert.equal(b.printed, a.printed);
    for (const e of EXPERIMENTS) {
      const rows = a.results[e.name];
      assert.ok(Array.isArray(rows) && rows.length > 0, `${e.name} has rows`);
      for (const row of rows as Record<string, unknown>[]) {
        for (const f of FIELDS[e.name] ?? []) assert.ok(f in row, `${e.name} row has ${f}`);
      }
      assert.match(a.printed, new RegExp(`== ${e.name}\\n`));
      assert.equal(parseSvg(readFileSync(join(a.dir, `${e.name}.svg`), 'utf8')), 'svg', `${e.name}.svg`);
    }
    const overhead = a.results.overhead as { workload: string; bareCycles: number; virtualCycles: number }[];
    assert.deepEqual(overhead.map((r) => r.workload), ['pmake', 'engineering', 'raytrace', 'database']);
    assert.ok(overhead.every((r) => r.bareCycles > 0 && r.virtualCycles > 0));
  } finally {
    rmSync(a.dir, { recursive: true, force: true });
    rmSync(b.dir, { recursive: true, force: true });
  }
});

test('a malformed figure is refused by the SVG check', () => {
  assert.throws(() => parseSvg('<svg><rect></svg>'));
});
