// `disco run CONFIG` for a bare kernel on the disco board: the machine it boots has the config's
// TLB size and clock. The kernel reports Config1.MMUSize + 1 (TLB entry pairs, MIPS32 PRA) and
// the machine-info device's clock register (docs/devices.md) through UHI plog; the values
// expected are the config's, or the defaults docs/config.md documents. `--timing` runs a config
// in timing mode (machine.mode "timing", checked by the config's rules).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../debug-adapter/cli/runCommand';
import { captureIo } from '../../support/captureIo';

const KERNEL = `
  .set noreorder
  .text
  .globl __start
__start:
  mfc0 $a1, $16, 1          # Config1: MMUSize - 1 in bits 30..25
  srl $a1, $a1, 25
  andi $a1, $a1, 0x3f
  addiu $a1, $a1, 1
  la $a0, tlb
  li $25, 13                # UHI plog
  sdbbp 1
  lui $t0, 0xbf01           # machine info, kseg1
  lw $a1, 0x18($t0)         # INFO_CLOCK_HZ
  la $a0, clock
  li $25, 13
  sdbbp 1
  li $a0, 0
  li $25, 1                 # UHI exit
  sdbbp 1
tlb: .asciz "tlb %d\\n"
clock: .asciz "clock %u\\n"
`;

/** Writes a config booting KERNEL on `machine`; its path. */
function bareConfig(machine: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'disco-bareconfig-'));
  writeFileSync(join(dir, 'k.s'), KERNEL);
  const config = join(dir, 'k.disco.json');
  writeFileSync(config, JSON.stringify({ machine, bare: { kernel: 'k.s' } }));
  return config;
}

async function report(machine: Record<string, unknown>): Promise<string> {
  const o = captureIo();
  assert.equal(await runCommand.run([bareConfig(machine)], o.io), 0, o.err());
  return o.out();
}

test('a bare disco-board config boots a machine with its machine.tlbEntries and machine.clockMHz', async () => {
  assert.equal(await report({ tlbEntries: 20, clockMHz: 150 }), 'tlb 20\nclock 150000000\n');
  assert.equal(await report({}), 'tlb 48\nclock 200000000\n', 'the documented defaults');
});

test('disco run CONFIG --timing runs the config in timing mode', async () => {
  const config = bareConfig({});
  const fast = captureIo();
  assert.equal(await runCommand.run([config], fast.io), 0, fast.err());
  assert.doesNotMatch(fast.err(), /timing/);
  const timed = captureIo();
  assert.equal(await runCommand.run([config, '--timing'], timed.io), 0, timed.err());
  assert.equal(timed.out(), fast.out());
  assert.match(timed.err(), /^disco run: timing: cpu0 \d+ instructions, \d+ cycles/);
});

test('disco run CONFIG --timing is refused where the config\'s rules forbid timing mode', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-bareconfig-'));
  const config = join(dir, 'vm.disco.json');
  writeFileSync(config, JSON.stringify({ machine: { memoryMB: 128, endian: 'little', virtualizationAssist: true }, vms: [{ name: 'l', kind: 'linux', memoryMB: 48, kernel: 'kernel.json' }] }));
  const o = captureIo();
  await assert.rejects(runCommand.run([config, '--timing'], o.io), /vms\[0\]\.kind: a Linux VM does not run in timing mode/);
});
