// The counting plugin of bench/qemu/insncount.c, built with gcc and loaded into qemu-mips: it must
// count exactly the instructions the small bench.S executes in our engine, mark an address with
// the instructions executed before it, and make QEMU refuse an argument it does not know.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SIZES, buildBench } from '../../debug-adapter/cli/benchCommand';
import { LinuxProcess } from '../../debug-adapter/machine/linuxUser/linuxProcess';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { oracle, scratchDir } from './elfOracle';

const root = new URL('../..', import.meta.url).pathname;

test('insncount.c counts what our engine executes, marks addresses, and rejects unknown arguments', () => {
  const dir = scratchDir('insncount');
  const plugin = join(dir, 'libinsncount.so');
  oracle('gcc', ['-O2', '-shared', '-fPIC', '-Wall', '-Werror', '-o', plugin, join(root, 'bench', 'qemu', 'insncount.c')]);
  const size = BENCH_SIZES.small;
  assert.ok(size);
  const elfPath = buildBench(join(root, 'bench', 'cpu', 'bench.S'), size, dir);
  const elf = readElf(readFileSync(elfPath), elfPath);
  const proc = new LinuxProcess({
    elf,
    argv: [elfPath],
    envp: [],
    execPath: elfPath,
    host: { write: () => undefined, readStdin: () => new Uint8Array(0), readFile: () => undefined, note: () => {} },
  });
  proc.runToExit();
  const ours = proc.cpu.state.icount;

  const log = join(dir, 'count.log');
  const second = elf.entry + 4;
  const r = spawnSync('qemu-mips', ['-plugin', `${plugin},mark=0x${elf.entry.toString(16)},mark=0x${second.toString(16)}`, '-d', 'plugin', '-D', log, elfPath], { encoding: 'utf8' });
  assert.equal(r.status, 161, r.stderr);
  assert.equal(r.stdout, `${size.checksum}\n`);
  const text = readFileSync(log, 'utf8');
  assert.match(text, new RegExp(`^insns ${ours}$`, 'm'));
  assert.match(text, new RegExp(`^mark 0x${elf.entry.toString(16).padStart(8, '0')} 0$`, 'm'));
  assert.match(text, new RegExp(`^mark 0x${second.toString(16).padStart(8, '0')} 1$`, 'm'));

  const bad = spawnSync('qemu-mips', ['-plugin', `${plugin},every=1`, elfPath], { encoding: 'utf8' });
  assert.notEqual(bad.status, 161);
  assert.match(bad.stderr, /qemu_plugin_install returned error/);
});
