// `disco disasm` on static C programs linked by mips-linux-gnu-gcc (glibc, both byte orders):
// the whole output must equal `objdump -d`, with and without -M no-aliases,gpr-names=numeric.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disasmCommand } from '../../debug-adapter/cli/disasmCommand';
import type { CliIo } from '../../debug-adapter/cli/command';
import { MemoryFileAccessor } from '../../debug-adapter/util/fileAccessor';
import { firstDifference, runOracle } from './disasmOracle';

const dir = mkdtempSync(join(tmpdir(), 'disco-disasm-gcc-'));
const PROGRAM = `#include <stdio.h>
#include <string.h>
static double scale(double x, int n) { while (n-- > 0) x = x * 1.5 + n; return x; }
int main(int argc, char **argv) {
  unsigned long long acc = 0;
  for (int i = 0; i < argc; i++) acc = acc * 31 + strlen(argv[i]) / (unsigned)(i + 1);
  printf("%llu %f\\n", acc, scale(argc, 5));
  return (int)(acc % 7);
}
`;

async function discoDisasm(name: string, bytes: Uint8Array, args: string[]): Promise<string> {
  let out = '';
  const io: CliIo = {
    files: new MemoryFileAccessor({ [name]: bytes }),
    writeFile: () => assert.fail('disasm writes no files'),
    stdout: (t) => void (out += t),
    stderr: (t) => assert.fail(`unexpected stderr: ${t}`),
  };
  assert.equal(await disasmCommand.run([name, ...args], io), 0);
  return out;
}

for (const [prefix, endian] of [['mips-linux-gnu-', 'EB'], ['mipsel-linux-gnu-', 'EL']] as const) {
  test(`disco disasm of a static glibc program equals objdump -d (${endian})`, async () => {
    writeFileSync(join(dir, 'prog.c'), PROGRAM);
    const exe = `prog-${endian}.elf`;
    runOracle(`${prefix}gcc`, ['-static', '-O2', '-o', exe, 'prog.c'], dir);
    const bytes = readFileSync(join(dir, exe));
    for (const m of [[], ['no-aliases,gpr-names=numeric']]) {
      const theirs = runOracle(`${prefix}objdump`, ['-d', ...m.flatMap((o) => ['-M', o]), exe], dir);
      const mine = await discoDisasm(exe, bytes, m.flatMap((o) => ['-M', o]));
      assert.equal(firstDifference(mine, theirs), undefined, `${exe} ${m.join(' ')}`);
      assert.ok(theirs.length > 1_000_000);
    }
  });
}

test('disco disasm reports bad input and options as user errors', async () => {
  await assert.rejects(discoDisasm('x.elf', new Uint8Array([1, 2, 3]), []), /x\.elf: byte 0x0: not an ELF file/);
  await assert.rejects(discoDisasm('x.elf', new Uint8Array(), ['-M', 'bogus']), /unknown -M option 'bogus'/);
});
