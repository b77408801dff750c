// Assembles a generated guest header (disco/board.h, disco/monitor.h) followed by a test body in
// its two spellings, `#include` through the C preprocessor and `.include`, with the GNU oracles and
// with the project's assembler, and returns the .text bytes of each build, so the header tests can
// check that every toolchain reads the same constant values.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import { MemoryFileAccessor } from '../../debug-adapter/util/fileAccessor';

const INCLUDE_DIR = new URL('../../guest/include', import.meta.url).pathname;

/** One build of the body: its name (file or object) and its .text bytes. */
export interface HeaderText {
  readonly name: string;
  readonly text: Buffer;
}

/** Fails the test with an install hint when a GNU oracle is missing. */
function tool(name: string): string {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (r.error) assert.fail(`${name} is missing: install the oracles with scripts/install-oracles.sh`);
  return name;
}

/**
 * Builds `#include <disco/HEADER>` (twice, so the include guard is exercised) + body with
 * mips-linux-gnu-gcc and `.include "disco/HEADER"` + body with mips-linux-gnu-as, from
 * guest/include; every step must succeed without a warning. Returns 'cpp' and 'plain'.
 */
export function gnuHeaderTexts(header: string, body: string): HeaderText[] {
  const dir = mkdtempSync(join(tmpdir(), `disco-${header.replace('.', '-')}-`));
  writeFileSync(join(dir, 'cpp.S'), `#include <disco/${header}>\n#include <disco/${header}>\n${body}`);
  writeFileSync(join(dir, 'plain.s'), `\t.include "disco/${header}"\n${body}`);
  const gcc = tool('mips-linux-gnu-gcc');
  const as = tool('mips-linux-gnu-as');
  const objcopy = tool('mips-linux-gnu-objcopy');
  const run = (cmd: string, args: string[]): void => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stderr}`);
    assert.equal(r.stderr, '', `${cmd} warned:\n${r.stderr}`);
  };
  run(gcc, ['-c', '-x', 'assembler-with-cpp', '-I', INCLUDE_DIR, 'cpp.S', '-o', 'cpp.o']);
  run(as, ['-I', INCLUDE_DIR, 'plain.s', '-o', 'plain.o']);
  return ['cpp', 'plain'].map((name) => {
    run(objcopy, ['-O', 'binary', '-j', '.text', `${name}.o`, `${name}.bin`]);
    return { name, text: readFileSync(join(dir, `${name}.bin`)) };
  });
}

/**
 * Builds `#include <disco/HEADER>` + body and `.include "disco/HEADER"` + body with the project's
 * assembler (big-endian), the header being `headerText` in an in-memory include directory.
 * Returns '/src/cpp.S' and '/src/plain.s'.
 */
export function projectHeaderTexts(header: string, headerText: string, body: string): HeaderText[] {
  const files = new MemoryFileAccessor({
    [`/inc/disco/${header}`]: headerText,
    '/src/cpp.S': `#include <disco/${header}>\n${body}`,
    '/src/plain.s': `\t.include "disco/${header}"\n${body}`,
  });
  return ['/src/cpp.S', '/src/plain.s'].map((name) => {
    const { object } = assemble(name, { files, endian: 'big', includeDirs: ['/inc'], defines: new Map() });
    const text = object.sections.find((s) => s.name === '.text');
    return { name, text: Buffer.from(text?.data ?? []) };
  });
}
