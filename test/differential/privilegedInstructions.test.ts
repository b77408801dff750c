// Generated cases against qemu-system-mips for the trap instructions (TGE/TGEU/TLT/TLTU/TEQ/TNE
// and TGEI/TGEIU/TLTI/TLTIU/TEQI/TNEI over signed/unsigned boundary operands, taken and not taken,
// also in a branch delay slot) and for DI, EI, WAIT, CACHE and RDPGPR/WRPGPR: in kernel mode
// (results, Status, software and timer interrupts they let in) and from user and supervisor
// mode with and without Status.CU0 (CpU with CE = 0). The harness prints every exception's
// Cause/EPC/Status; each case prints its header and results. Cause is read through a mask of the
// software bits: QEMU's Malta board raises hardware line 2 on its own.

import { test } from 'node:test';
import { buildKernel, kusegEntry } from '../unit/machine/priv/buildKernel';
import { assertSameAsQemu, caseHeader, HARNESS, show } from './privilegedOracle';

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/**
 * Interrupts: clear the software requests and push Compare out of reach, return to EPC.
 * SYSCALL: exit 0 (how user-mode kernels end). Anything else: skip the faulting instruction, or
 * the branch and its delay slot when Cause.BD.
 */
const HANDLER = `
  mfc0 $k0, $13
  andi $k1, $k0, 0x7c
  beqz $k1, 3f
  nop
  li $k0, 8 << 2
  beq $k1, $k0, 4f
  nop
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
3:
  li $k1, ~0x300
  and $k0, $k0, $k1
  mtc0 $k0, $13
  mfc0 $k0, $9
  addiu $k0, $k0, -1
  mtc0 $k0, $11
  eret
4:
  li $a0, 0
  li $t9, 1
  sdbbp 1
`;

const EXIT = `
  li $a0, 0
  li $t9, 1
  sdbbp 1
`;

/** A kernel of generated cases, each `[description, code]`, compared with QEMU case by case. */
function runCases(cases: readonly (readonly [string, string])[], tail = EXIT): void {
  const body = cases.map(([, code], n) => `${caseHeader(n)}${code}`).join('');
  assertSameAsQemu(buildKernel(`${HARNESS}${body}${tail}\nhandler:\n${HANDLER}\n`), (n) => cases[n]?.[0] ?? '?');
}

const OPERANDS = [0, 1, -1, 2, 0x7fff, 0x8000, -0x8000, 0x7fffffff, -0x80000000, -2];
const IMMEDIATES = [0, 1, -1, 0x7fff, -0x8000, 2];
const TRAPS = ['tge', 'tgeu', 'tlt', 'tltu', 'teq', 'tne'];

test('trap instructions, register forms: every operand pair of signed and unsigned boundaries, as qemu-system-mips', () => {
  const cases: [string, string][] = [];
  for (const t of TRAPS) {
    for (const a of OPERANDS) {
      for (const b of OPERANDS) {
        cases.push([`${t} ${hex(a)}, ${hex(b)}`, `\n  li $s0, ${hex(a)}\n  li $s1, ${hex(b)}\n  ${t} $s0, $s1\n`]);
      }
    }
    // In a delay slot: EPC is the branch, Cause.BD is set.
    cases.push([`${t} in a delay slot`, `\n  li $s0, 5\n  beq $zero, $zero, 1f\n  ${t} $s0, $s0, 0x3ff\n1:\n`]);
  }
  runCases(cases);
});

test('trap instructions, immediate forms: boundary operands and immediates, as qemu-system-mips', () => {
  const cases: [string, string][] = [];
  for (const t of TRAPS.map((r) => (r.endsWith('u') ? `${r.slice(0, -1)}iu` : `${r}i`))) {
    for (const a of OPERANDS) {
      for (const i of IMMEDIATES) cases.push([`${t} ${hex(a)}, ${i}`, `\n  li $s0, ${hex(a)}\n  ${t} $s0, ${i}\n`]);
    }
    cases.push([`${t} in a delay slot`, `\n  li $s0, -1\n  bne $s0, $zero, 1f\n  ${t} $s0, -1\n1:\n`]);
  }
  runCases(cases);
});

/** Status values for DI/EI: kernel mode, IE on and off, software interrupt masks, CU bits. */
const STATUSES = [0x0, 0x1, 0x100, 0x101, 0x300, 0x10000000, 0x10000301, 0x20000001, 0x0000ff00 & 0x300, 0x10000001];

test('DI, EI, RDPGPR/WRPGPR, CACHE and WAIT in kernel mode, as qemu-system-mips', () => {
  const cases: [string, string][] = [];
  for (const s of STATUSES) {
    for (const op of ['di', 'ei']) {
      cases.push([`${op} $s0 with Status ${hex(s)}`, `\n  li $t0, ${hex(s)}\n  mtc0 $t0, $12\n  ehb\n  li $s0, 0x5a5a\n  ${op} $s0\n  ehb${show('$s0')}\n  mfc0 $s1, $12${show('$s1')}\n  mtc0 $zero, $12\n  ehb\n`]);
      cases.push([`${op} with Status ${hex(s)}`, `\n  li $t0, ${hex(s)}\n  mtc0 $t0, $12\n  ehb\n  ${op}\n  ehb\n  mfc0 $s1, $12${show('$s1')}\n  mtc0 $zero, $12\n  ehb\n`]);
    }
  }
  // A pending software interrupt is taken right after EI (EPC = the next instruction), or right
  // after the MTC0 to Cause that raises it while enabled; DI keeps it out.
  for (const ip of [0x100, 0x200]) {
    cases.push([`ei with IP ${hex(ip)} pending`, `\n  li $t0, ${hex(ip)}\n  mtc0 $t0, $12\n  mtc0 $t0, $13\n  ehb\n  ei $s0\n  nop\n  mfc0 $s1, $13\n  andi $s1, $s1, 0x300${show('$s1')}\n  mtc0 $zero, $12\n  ehb\n`]);
    cases.push([`mtc0 Cause ${hex(ip)} with IE set`, `\n  li $t0, ${hex(ip | 1)}\n  mtc0 $t0, $12\n  li $t0, ${hex(ip)}\n  mtc0 $t0, $13\n  nop\n  mtc0 $zero, $12\n  ehb\n`]);
    cases.push([`di with IP ${hex(ip)} pending`, `\n  li $t0, ${hex(ip)}\n  mtc0 $t0, $12\n  mtc0 $t0, $13\n  ehb\n  di $s0\n  ehb${show('$s0')}\n  mfc0 $s1, $13\n  andi $s1, $s1, 0x300${show('$s1')}\n  mtc0 $zero, $13\n  mtc0 $zero, $12\n  ehb\n`]);
  }
  const regs = [0, 1, 8, 16, 29, 31];
  for (const rt of regs) {
    for (const rd of [0, 17, 31]) {
      if (rd === 31 || rt === 31) {
        // $ra is the harness's return register: restore nothing through it.
        cases.push([`rdpgpr $${rd}, $${rt}`, `\n  li $s7, ${hex(0x11110000 + rt)}\n  rdpgpr $s6, $s7${show('$s6')}\n`]);
        continue;
      }
      cases.push([
        `rdpgpr $${rd}, $${rt} / wrpgpr`,
        `\n  li $s1, 0x5a5a\n  ${rt === 0 ? '' : `li $${rt}, ${hex(0x12340000 + rt)}\n  `}rdpgpr $${rd}, $${rt}\n  move $s5, $${rd}${show('$s5')}\n  li $s2, 0x77\n  wrpgpr $s3, $s2${show('$s3')}\n`,
      ]);
    }
  }
  const addresses = [0x80100000, 0xa0100004, 0x7e000000, 0x80100003, 0xe0000000, 0xc0000000];
  for (const op of [0x00, 0x01, 0x05, 0x08, 0x09, 0x10, 0x11, 0x14, 0x15, 0x19, 0x1c, 0x1f]) {
    for (const a of addresses) {
      cases.push([`cache ${hex(op)}, ${hex(a)}`, `\n  li $s0, ${hex(a & ~0xff)}\n  cache ${op}, ${a & 0xff}($s0)\n  li $s1, 0x80100000\n  lw $s2, 0($s1)${show('$s2')}\n`]);
    }
  }
  // WAIT until the Count/Compare interrupt: EPC is the instruction after WAIT.
  for (const code of [0, 0x7ffff]) {
    cases.push([`wait ${hex(code)} for the timer`, `\n  mfc0 $t0, $9\n  li $t1, 0x10000\n  addu $t0, $t0, $t1\n  mtc0 $t0, $11\n  li $t0, 0x8001\n  mtc0 $t0, $12\n  ehb\n  wait ${code}\n  nop\n  mtc0 $zero, $12\n  ehb\n  mfc0 $s1, $13\n  srl $s1, $s1, 30\n  andi $s1, $s1, 1${show('$s1')}\n`]);
  }
  runCases(cases);
});

/** Each privileged instruction, run from a less privileged mode (Status `status`). */
function lowerMode(status: number): string {
  const all = ['di', 'di $s0', 'ei', 'ei $s0', 'rdpgpr $s0, $s1', 'wrpgpr $s0, $s1', 'cache 0x15, 0($sp)', 'cache 0x1f, 4($zero)', 'mfc0 $s0, $12', 'tlbp', 'ehb', 'rdhwr $s0, $29'];
  // With CU0 these run; WAIT would then idle with nothing to wake it.
  const insns = status & 0x10000000 ? all : [...all, 'wait'];
  return `${kusegEntry(status, 3)}${insns.map((i) => `\n  ${i}`).join('')}\n  mfc0 $s0, $12\n  syscall\n`;
}

// EXL is set so that the MTC0 to Status stays in kernel mode until ERET clears it.
for (const [mode, status] of [['user', 0x12], ['supervisor', 0x0a], ['user with CU0', 0x10000012], ['supervisor with CU0', 0x1000000a]] as const) {
  test(`DI, EI, RDPGPR, WRPGPR, CACHE and WAIT in ${mode} mode, as qemu-system-mips`, () => {
    assertSameAsQemu(buildKernel(`${HARNESS}${lowerMode(status)}\nhandler:\n${HANDLER}\n`));
  });
}
