// The privileged architecture against qemu-system-mips (Malta, 24Kf): small kernels take TLB,
// address-error, coprocessor, delay-slot and nested exceptions and print what the hardware
// recorded (vector, Cause.BD/CE/ExcCode, EPC, BadVAddr, Context, EntryHi, Status, and values
// read through new mappings) with UHI write; both machines must print the same lines and exit
// with the same status.

import { test } from 'node:test';
import { buildKernel, kusegEntry } from '../unit/machine/priv/buildKernel';
import { assertSameAsQemu, HARNESS } from './privilegedOracle';

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

for (const [name, s] of Object.entries(SCENARIOS)) {
  test(`${name}: same exception state as qemu-system-mips`, () => {
    assertSameAsQemu(buildKernel(`${HARNESS}${s.body}\nhandler:\n${s.handler}\n`));
  });
}
