// The bare machine end to end: the peer benchmark (bench/cpu/bench.S) built with -DUHI and
// small parameters, linked at 0x80100000 by malta.ld, must print the same checksum and exit with the same status as on
// `qemu-system-mips -M malta -kernel … -semihosting`; a kernel given as assembly source goes
// through our assembler and prints on the board UART; a four-CPU kernel counts with LL/SC.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBareKernel } from '../../debug-adapter/cli/bareRun';
import { captureIo } from '../support/captureIo';
import { runBareBounded, runChildSync } from '../support/boundedRun';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'bare');
/** The benchmark `disco bench cpu` runs; -DUHI selects its bare-metal dialect. */
const BENCH = join(import.meta.dirname, '..', '..', 'bench', 'cpu', 'bench.S');

function requireTool(name: string): void {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) throw new Error(`${name} not found: run scripts/install-oracles.sh`);
}

test('the UHI benchmark matches qemu-system-mips -M malta -semihosting', () => {
  requireTool('qemu-system-mips');
  requireTool('mips-linux-gnu-as');
  const dir = mkdtempSync(join(tmpdir(), 'disco-bare-'));
  requireTool('cpp');
  const params = ['-DSIEVE_N=1024', '-DSIEVE_N_HI=0', '-DSIEVE_N_LO=1024', '-DSIEVE_REPS=2', '-DMM_REPS=2', '-DCRC_LEN=64', '-DCRC_REPS=2', '-DGCD_PAIRS_HI=0', '-DGCD_PAIRS_LO=300'];
  const asm = execFileSync('cpp', ['-P', '-undef', '-nostdinc', '-DUHI', ...params, BENCH]);
  writeFileSync(join(dir, 'bench.s'), asm);
  execFileSync('mips-linux-gnu-as', ['-march=mips32', '-o', join(dir, 'bench.o'), join(dir, 'bench.s')], { stdio: 'pipe' });
  const kernel = join(dir, 'bench-sys');
  execFileSync('mips-linux-gnu-ld', ['-static', '-T', join(FIXTURES, 'malta.ld'), '-o', kernel, join(dir, 'bench.o')], { stdio: 'pipe' });
  const q = runChildSync(
    'qemu-system-mips',
    ['-M', 'malta', '-kernel', kernel, '-semihosting', '-nographic', '-monitor', 'none', '-serial', 'none', '-nic', 'none', '-vga', 'none'],
    { wallMs: 30000 },
  );
  const r = runBareBounded(kernel, { cpus: 1, memoryMB: 32 }, { instructions: 100_000_000, wallMs: 60_000 });
  assert.match(r.out, /^[0-9a-f]{8}\n$/);
  assert.equal(r.out, q.stderr, 'QEMU prints semihosting output on stderr');
  assert.equal(r.status, q.status);
});

test('an assembly-source kernel: our assembler, UART output, power-off code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-bare-'));
  const src = join(dir, 'hello.s');
  writeFileSync(
    src,
    `  .set noreorder
  .text
  .globl __start
__start:
  la $t0, msg
  li $t1, 0xbf000900       # UART THR (reg-shift 3)
1:
  lbu $t2, 0($t0)
  beqz $t2, 2f
  addiu $t0, $t0, 1
  sw $t2, 0($t1)
  b 1b
  nop
2:
  li $t1, 0xbf011000       # power-off register
  li $t2, 42
  sw $t2, 0($t1)
3:
  b 3b
  nop
  .data
msg: .asciz "hello, bare machine\\n"
`,
  );
  const o = captureIo();
  const status = runBareKernel(src, { cpus: 1, memoryMB: 8 }, o.io);
  assert.equal(o.out(), 'hello, bare machine\n');
  assert.equal(o.err(), '');
  assert.equal(status, 42);
  const el = captureIo();
  assert.equal(runBareKernel(src, { cpus: 1, memoryMB: 8, endian: { endian: 'little', source: '--EL' } }, el.io), 42);
  assert.equal(el.out(), 'hello, bare machine\n');
});

test('four CPUs count to 4000 with LL/SC; the instruction limit is reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-bare-'));
  const src = join(dir, 'smp.s');
  writeFileSync(
    src,
    `  .set noreorder
  .text
  .globl __start
__start:
  mfc0 $s7, $15, 1
  andi $s7, $s7, 0x3ff
  li $a0, 0x80200000
  li $s1, 1000
1:
  ll $t0, 0($a0)
  addiu $t0, $t0, 1
  sc $t0, 0($a0)
  beqz $t0, 1b
  nop
  addiu $s1, $s1, -1
  bnez $s1, 1b
  nop
  ll $t0, 4($a0)            # done counter
  addiu $t0, $t0, 1
  sc $t0, 4($a0)
  beqz $t0, 1b
  nop
  bnez $s7, 3f
  nop
2:
  lw $t0, 4($a0)
  li $t1, 4
  bne $t0, $t1, 2b
  nop
  lw $a0, 0($a0)
  li $t9, 1
  sdbbp 1                   # UHI exit(counter)
3:
  b 3b
  nop
`,
  );
  const o = captureIo();
  assert.equal(runBareKernel(src, { cpus: 4, memoryMB: 8 }, o.io), 4000 & 0xff);
  const lim = captureIo();
  assert.equal(runBareKernel(src, { cpus: 4, memoryMB: 8, maxInstructions: 100 }, lim.io), 124);
  assert.match(lim.err(), /stopped after 100 instructions/);
});
