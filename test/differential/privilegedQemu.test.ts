// The privileged architecture against qemu-system-mips (Malta, 24Kf): small kernels take TLB,
// address-error, coprocessor, delay-slot and nested exceptions and print what the hardware
// recorded (vector, Cause.BD/CE/ExcCode, EPC, BadVAddr, Context, EntryHi, Status, and values
// read through new mappings) with UHI write; both machines must print the same lines and exit
// with the same status.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKernel, kusegEntry, PRELUDE } from '../unit/machine/priv/buildKernel';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { bootElf } from '../../debug-adapter/machine/system/bareBoot';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';

/** Vectors that print the exception state and continue at `handler`. */
const HARNESS = `${PRELUDE}
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

/** Leaves kernel mode with Status = `status` at label `code`'s kuseg alias. */
const toMode = (status: number): string => kusegEntry(status, 40);

const SCENARIOS: Record<string, { body: string; handler: string }> = {
  refillThenRetry: {
    body: `
  li $t0, 0x80200000
  li $t1, 0x5eed
  sw $t1, 0x120($t0)
  li $t0, 0x80800000
  mtc0 $t0, $4
  li $t0, 0x2a
  mtc0 $t0, $10
  li $s7, 0
  lw $a0, 0x120($zero)
  jal hex
  nop
  li $a0, 0
  li $t9, 1
  sdbbp 1
`,
    handler: `
  bnez $s7, 1f
  nop
  li $s7, 1
  li $t0, (0x200 << 6) | 6
  mtc0 $t0, $2
  mtc0 $zero, $3
  mtc0 $zero, $5
  tlbwr
  eret
1:
  li $a0, 1
  li $t9, 1
  sdbbp 1
`,
  },
  invalidModifiedProbe: {
    body: `
  li $t0, (0x300 << 6) | 4
  mtc0 $t0, $2
  li $t0, (0x301 << 6) | 2
  mtc0 $t0, $3
  li $t0, 0x01ffe000 & 0x6000
  mtc0 $t0, $5
  li $t0, 0x00008033
  mtc0 $t0, $10
  li $t0, 5
  mtc0 $t0, $0
  tlbwi
  li $t0, 0x0000c033
  mtc0 $t0, $10
  tlbp
  mfc0 $a0, $0
  jal hex
  nop
  li $t0, 0x00008033
  mtc0 $t0, $10
  tlbp
  mfc0 $a0, $0
  jal hex
  nop
  li $t0, 0x80301000
  li $t1, 0x600d
  sw $t1, 8($t0)
  li $t1, 0x9004
  lw $t2, 0($t1)            # even 16 KiB page: invalid
  li $t1, 0xd008
  lw $a0, 0($t1)            # odd page: pa 0x301008
  jal hex
  nop
  li $t1, 0xc008
  sw $t2, 0($t1)            # odd page: not dirty
  li $a0, 0
  li $t9, 1
  sdbbp 1
`,
    handler: `
  mfc0 $k0, $14
  addiu $k0, $k0, 4
  mtc0 $k0, $14
  eret
`,
  },
  userAddressErrorAndCpU: {
    body: `${toMode(0x12)}
  li $t1, 0x80001000
  lw $t2, 0($t1)
  mfc0 $t2, $12
  li $t1, 0xc0000000
  lw $t2, 2($t1)
  syscall
  break 7
  .word 0x7c00003f
`,
    handler: `
  mfc0 $k0, $13
  andi $k0, $k0, 0x7c
  li $k1, 10 << 2
  beq $k0, $k1, 1f
  mfc0 $k0, $14
  addiu $k0, $k0, 4
  mtc0 $k0, $14
  eret
1:
  li $a0, 3
  li $t9, 1
  sdbbp 1
`,
  },
  supervisorAndDelaySlot: {
    body: `${toMode(0x0a)}
  li $t1, 0xc0004000
  lw $t2, 0($t1)
  beq $zero, $zero, 1f
  lw $t2, 0x2000($zero)
1:
  li $t1, 0xa0000000
  sw $t2, 0($t1)
  li $a0, 4
  li $t9, 1
  sdbbp 1
`,
    handler: `
  mfc0 $k0, $13
  bltz $k0, 2f
  mfc0 $k0, $14
  addiu $k0, $k0, 4
  mtc0 $k0, $14
  eret
2:
  addiu $k0, $k0, 8
  mtc0 $k0, $14
  eret
`,
  },
  nestedRefill: {
    body: `
  li $t0, 0x1234
  mtc0 $t0, $14
  li $t0, 2
  mtc0 $t0, $12
  ehb
  lw $t1, 0x2000($zero)
`,
    handler: `
  li $a0, 5
  li $t9, 1
  sdbbp 1
`,
  },
};

function runOurs(elf: Uint8Array): { out: string; status: number } {
  let out = '';
  const m = new Machine({ cpus: 1, memoryMB: 32, console: (t) => (out += t) });
  bootElf(m, readElf(elf, 'k.elf'));
  const stop = m.run(1_000_000);
  return { out, status: stop.reason === 'exit' ? stop.code & 0xff : -1 };
}

function runQemu(elf: Uint8Array): { out: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'disco-priv-'));
  const path = join(dir, 'k.elf');
  writeFileSync(path, elf);
  const r = spawnSync(
    'qemu-system-mips',
    ['-M', 'malta', '-kernel', path, '-semihosting', '-nographic', '-monitor', 'none', '-serial', 'none', '-nic', 'none', '-vga', 'none'],
    { timeout: 20000 },
  );
  if (r.error) throw new Error(`qemu-system-mips failed to start (${r.error.message}): run scripts/install-oracles.sh`);
  return { out: r.stderr.toString(), status: r.status ?? -1 };
}

for (const [name, s] of Object.entries(SCENARIOS)) {
  test(`${name}: same exception state as qemu-system-mips`, () => {
    const elf = buildKernel(`${HARNESS}${s.body}\nhandler:\n${s.handler}\n`);
    const q = runQemu(elf);
    const ours = runOurs(elf);
    assert.ok(q.out.length > 0, 'QEMU printed something');
    assert.equal(ours.out, q.out);
    assert.equal(ours.status, q.status);
  });
}
