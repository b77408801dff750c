// `disco run CONFIG --break` on the linux-generic board with a tiny raw kernel built by GNU as/ld
// (little-endian, linked at 0x80100000) and a System.map from GNU nm: the run stops at the
// symbol with the UHI hand-off registers and the registers the kernel set, prints pc as
// symbol+offset, traces with symbols, accepts addresses and several breaks, and rejects unknown
// symbols. The board's device tree is checked with dtc.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../debug-adapter/cli/runCommand';
import { LINUX_POWER_OFF_VALUE, linuxBoardDeviceTree } from '../../../debug-adapter/machine/boards/linuxGeneric';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { captureIo } from '../../support/captureIo';

function requireTool(name: string): void {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) throw new Error(`${name} not found: run scripts/install-oracles.sh`);
}

const KERNEL = `
  .set noreorder
  .text
  .globl _start
_start:
  move  $s0, $a0
  move  $s1, $a1
  lw    $t0, 0($a1)
  li    $a0, 0x1234
  jal   target
  nop
  lui   $t1, 0xbf01
  li    $t2, ${LINUX_POWER_OFF_VALUE | 7}
  sw    $t2, 0x1000($t1)
1: b 1b
  nop
  .globl target
target:
  addiu $v0, $a0, 1
  jr    $ra
  addiu $v1, $zero, 5
`;

/** Builds the raw image, its System.map and a config naming both; returns the config path. */
function build(): { config: string; map: string } {
  for (const t of ['mipsel-linux-gnu-as', 'mipsel-linux-gnu-ld', 'mipsel-linux-gnu-objcopy', 'mipsel-linux-gnu-nm']) requireTool(t);
  const dir = mkdtempSync(join(tmpdir(), 'disco-linuxbreak-'));
  writeFileSync(join(dir, 'k.s'), KERNEL);
  execFileSync('mipsel-linux-gnu-as', ['-march=mips32r2', '-o', join(dir, 'k.o'), join(dir, 'k.s')], { stdio: 'pipe' });
  execFileSync('mipsel-linux-gnu-ld', ['-Ttext=0x80100000', '-e', '_start', '-o', join(dir, 'k.elf'), join(dir, 'k.o')], { stdio: 'pipe' });
  execFileSync('mipsel-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'k.elf'), join(dir, 'k.bin')]);
  const map = execFileSync('mipsel-linux-gnu-nm', ['-n', join(dir, 'k.elf')]).toString();
  writeFileSync(join(dir, 'System.map'), map);
  const config = join(dir, 'k.disco.json');
  writeFileSync(
    config,
    JSON.stringify({
      machine: { memoryMB: 32, endian: 'little' },
      bare: { board: 'linux-generic', kernel: 'k.bin', loadAddress: '0x80100000', entry: '0x80100000', symbols: 'System.map', bootArgs: 'console=ttyS0' },
    }),
  );
  return { config, map };
}

const built = build();
const symbol = (name: string): number => {
  const m = new RegExp(`^(?:ffffffff)?([0-9a-f]{8}) \\w ${name}$`, 'm').exec(built.map);
  if (m?.[1] === undefined) throw new Error(`nm did not list ${name}`);
  return parseInt(m[1], 16);
};

test('--break SYMBOL stops there and dumps the state with symbols and the UHI hand-off', async () => {
  const o = captureIo();
  assert.equal(await runCommand.run([built.config, '--break', 'target'], o.io), 0);
  const out = o.out();
  const target = symbol('target').toString(16).padStart(8, '0');
  assert.match(out, new RegExp(`breakpoint at target \\(0x${target}\\) after 6 instructions`));
  assert.match(out, new RegExp(`pc 0x${target} <target>  kernel mode`));
  assert.match(out, /  s0 fffffffe /, 'a0 = -2 (UHI: a1 holds a device tree)');
  assert.match(out, /  s1 80[0-9a-f]{6} /, 'a1 = the DTB in kseg0');
  assert.match(out, /  t0 edfe0dd0 /, 'the FDT magic d00dfeed, read little-endian');
  assert.match(out, /  a0 00001234 /);
  assert.match(out, /ra (_start|_ftext)\+0x18/, 'GNU ld also puts _ftext at the start of .text');
});

test('--trace prints the instructions after the stop with their symbols', async () => {
  const o = captureIo();
  assert.equal(await runCommand.run([built.config, '--break', 'target', '--trace', '3'], o.io), 0);
  const lines = o.out().split('\n').filter((l) => /^\d+ [0-9a-f]{8} /.test(l));
  const t = symbol('target');
  const hex = (v: number): string => v.toString(16).padStart(8, '0');
  assert.deepEqual(lines.map((l) => l.replace(/^(\d+ [0-9a-f]{8}) [0-9a-f]{8}/, '$1 WORD')), [
    `0 ${hex(t)} WORD r2=00001235  target`,
    `1 ${hex(t + 4)} WORD  target+0x4`,
    `2 ${hex(t + 8)} WORD ds r3=00000005  target+0x8`,
  ]);
});

test('--break takes addresses and several breaks; the first reached stops', async () => {
  const o = captureIo();
  const at = symbol('_start') + 8;
  assert.equal(await runCommand.run([built.config, '--break', 'target', '--break', `0x${at.toString(16)}`], o.io), 0);
  assert.match(o.out(), /breakpoint at (_start|_ftext)\+0x8 .* after 2 instructions/);
});

test('without a break the kernel runs to the power register: syscon value, low byte is the status', async () => {
  const o = captureIo();
  assert.equal(await runCommand.run([built.config], o.io), 7);
});

test('an unknown symbol is a user error', async () => {
  await assert.rejects(runCommand.run([built.config, '--break', 'no_such_function'], captureIo().io), (e: unknown) => e instanceof UserError && /no_such_function: no such symbol/.test(e.message));
});

test('the board device tree: UART on IP2, syscon reboot/poweroff at the power register (dtc)', () => {
  requireTool('dtc');
  const dir = mkdtempSync(join(tmpdir(), 'disco-linuxdt-'));
  writeFileSync(join(dir, 'b.dtb'), linuxBoardDeviceTree(64 << 20, 200_000_000, 'console=ttyS0', { start: 0x1000000, end: 0x1001000 }));
  const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', join(dir, 'b.dtb')]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.equal(r.stderr.toString(), '', 'dtc has no warnings');
  const dts = r.stdout.toString();
  assert.match(dts, /serial@1f000900 \{[^}]*interrupts = <0x02>;/s);
  assert.match(dts, /syscon@1f011000 \{[^}]*compatible = "syscon";[^}]*reg = <0x1f011000 0x1000>;/s);
  for (const n of ['reboot', 'poweroff']) assert.match(dts, new RegExp(`${n} \\{[^}]*compatible = "syscon-${n}";[^}]*value = <0x${LINUX_POWER_OFF_VALUE.toString(16)}>;`, 's'));
  assert.match(dts, /memory@0 \{[^}]*reg = <0x00 0x4000000>;/s);
  assert.match(dts, /clock-frequency = <0xbebc200>;/);
});
