// The privileged differential harness: kernels linked with GNU ld run on qemu-system-mips
// (Malta, 24Kf: 16 TLB entries) and on our machine configured alike. HARNESS's vectors print the
// exception state (vector, Cause.BD/CE/ExcCode, EPC, BadVAddr, Context, EntryHi, Status) with UHI
// write and continue at the kernel's `handler`; `hex`/`newline` print values. Both runs must end
// with a UHI exit: a QEMU that crashes, is killed or times out, or a machine that stops for
// another reason, fails the test instead of comparing empty outputs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRELUDE } from '../unit/machine/priv/buildKernel';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { bootElf } from '../../debug-adapter/machine/system/bareBoot';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';

/** QEMU's 24Kf has 16 TLB entries; our machine is built with as many. */
export const QEMU_TLB_ENTRIES = 16;

/** Vectors that print the exception state and continue at `handler`. */
export const HARNESS = `${PRELUDE}
  .section .vectors, "ax"
  .org 0
  li $k1, 1
  j report
  nop
  .org 0x180
  li $k1, 2
  j report
  nop
  .org 0x200
  li $k1, 3
  j report
  nop
  .text
report:
  move $a0, $k1
  jal hex
  nop
  mfc0 $a0, $13
  li $t0, 0xb000007c        # BD, CE, ExcCode
  jal hex
  and $a0, $a0, $t0
  mfc0 $a0, $14
  jal hex
  nop
  mfc0 $a0, $8
  jal hex
  nop
  mfc0 $a0, $4
  jal hex
  nop
  mfc0 $a0, $10
  jal hex
  nop
  mfc0 $a0, $12
  jal hex
  nop
  jal newline
  nop
  j handler
  nop
# hex: prints $a0 as 8 hex digits and a space (clobbers t0-t3, a0-a2, t9, v0, v1)
hex:
  la $t0, hexbuf
  li $t1, 8
1:
  srl $t2, $a0, 28
  sltiu $t3, $t2, 10
  bnez $t3, 2f
  addiu $t2, $t2, 0x30
  addiu $t2, $t2, 0x27
2:
  sb $t2, 0($t0)
  sll $a0, $a0, 4
  addiu $t1, $t1, -1
  bnez $t1, 1b
  addiu $t0, $t0, 1
  li $t2, 0x20
  sb $t2, 0($t0)
  li $a0, 1
  la $a1, hexbuf
  li $a2, 9
  li $t9, 5
  sdbbp 1
  jr $ra
  nop
newline:
  li $t2, 0x0a
  la $t0, hexbuf
  sb $t2, 0($t0)
  li $a0, 1
  la $a1, hexbuf
  li $a2, 1
  li $t9, 5
  sdbbp 1
  jr $ra
  nop
  .data
hexbuf: .space 16
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  li $t0, 0x80000000
  mtc0 $t0, $15, 1
  ehb
`;

/** What a kernel printed and its UHI exit code. */
export interface KernelRun {
  readonly out: string;
  readonly status: number;
}

/** Runs `elf` on our machine (one CPU, 64 MB, QEMU's TLB size); it must end with UHI exit. */
export function runOurs(elf: Uint8Array, maxInstructions = 20_000_000): KernelRun {
  let out = '';
  const m = new Machine({ cpus: 1, memoryMB: 64, tlbEntries: QEMU_TLB_ENTRIES, console: (t) => (out += t) });
  bootElf(m, readElf(elf, 'k.elf'));
  const stop = m.run(maxInstructions);
  if (stop.reason !== 'exit') assert.fail(`our machine stopped with '${stop.reason}'${stop.reason === 'fatal' ? `: ${stop.message}` : ''} instead of a UHI exit; output:\n${out}`);
  return { out, status: stop.code & 0xff };
}

/** Runs `elf` on qemu-system-mips -M malta with UHI semihosting; QEMU must exit by itself. */
export function runQemu(elf: Uint8Array): KernelRun {
  const dir = mkdtempSync(join(tmpdir(), 'disco-priv-'));
  const path = join(dir, 'k.elf');
  writeFileSync(path, elf);
  try {
    const r = spawnSync(
      'qemu-system-mips',
      ['-M', 'malta', '-kernel', path, '-semihosting', '-nographic', '-monitor', 'none', '-serial', 'none', '-nic', 'none', '-vga', 'none'],
      { timeout: 60000, maxBuffer: 1 << 26 },
    );
    const err = r.error as NodeJS.ErrnoException | undefined;
    if (err?.code === 'ENOENT') throw new Error('qemu-system-mips is not installed: run scripts/install-oracles.sh');
    if (err) assert.fail(`qemu-system-mips did not finish (${err.message}); output:\n${r.stderr.toString()}`);
    if (r.status === null) assert.fail(`qemu-system-mips was killed by ${r.signal}; output:\n${r.stderr.toString()}`);
    return { out: r.stderr.toString(), status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Kernel code that prints generated case `n`'s header line (`ca5e` and n in 16 bits). */
export function caseHeader(n: number): string {
  return `
  li $a0, 0xca5e0000 | ${n}
  jal hex
  nop
  jal newline
  nop
`;
}

/** Kernel code that prints register `reg` as 8 hex digits and a space. */
export function show(reg: string): string {
  return `
  move $a0, ${reg}
  jal hex
  nop`;
}

/** The case whose header is the last one at or before line `i` of `lines`. */
function caseAt(lines: readonly string[], i: number): number | undefined {
  for (let k = Math.min(i, lines.length - 1); k >= 0; k--) {
    const m = /(?:^| )ca5e([0-9a-f]{4}) $/.exec(lines[k] as string);
    if (m) return parseInt(m[1] as string, 16);
  }
  return undefined;
}

/**
 * Runs `elf` on both machines and compares output and exit status. With `describe`, output is
 * compared line by line and the first difference is reported with the generated case (printed by
 * caseHeader) it belongs to.
 */
export function assertSameAsQemu(elf: Uint8Array, describe?: (n: number) => string): void {
  const q = runQemu(elf);
  const ours = runOurs(elf);
  assert.ok(q.out.length > 0, 'QEMU printed something');
  if (describe && ours.out !== q.out) {
    const a = ours.out.split('\n');
    const b = q.out.split('\n');
    let i = 0;
    while (a[i] === b[i]) i++;
    const n = caseAt(b, i);
    assert.fail(`first difference at line ${i + 1} (${n === undefined ? 'before the first case' : `case ${n}: ${describe(n)}`}):\n  qemu:  ${b[i] ?? '(end)'}\n  disco: ${a[i] ?? '(end)'}`);
  }
  assert.equal(ours.out, q.out);
  assert.equal(ours.status, q.status, 'exit status');
}
