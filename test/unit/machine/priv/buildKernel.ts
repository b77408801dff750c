// Test support: assembles a small bare-metal kernel with GNU as (`mips-linux-gnu-as`, or the
// mipsel tools for little-endian) and links it at kseg0 0x80100000 with GNU ld, then boots it on a
// fresh Machine. Fails with a clear message when the oracles are missing.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../../../../debug-adapter/toolchain/elf/elfFile';
import { Machine } from '../../../../debug-adapter/machine/system/machine';
import { bootElf } from '../../../../debug-adapter/machine/system/bareBoot';
import type { MachineOptions } from '../../../../debug-adapter/machine/system/machineTypes';

const LINKER_SCRIPT = `ENTRY(__start)
SECTIONS {
  . = 0x80000000;
  .vectors : { *(.vectors) }
  . = 0x80100000;
  .text : { *(.text) }
  .data : { *(.data) *(.bss) }
  /DISCARD/ : { *(.MIPS.abiflags) *(.reginfo) *(.gnu.attributes) *(.pdr) }
}
`;

/** Assembles and links `source`; returns the ELF bytes. */
export function buildKernel(source: string, little = false): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'disco-kernel-'));
  const prefix = little ? 'mipsel-linux-gnu-' : 'mips-linux-gnu-';
  writeFileSync(join(dir, 'k.S'), source);
  writeFileSync(join(dir, 'k.ld'), LINKER_SCRIPT);
  try {
    execFileSync(`${prefix}as`, ['-march=mips32r2', '-mno-shared', '-o', join(dir, 'k.o'), join(dir, 'k.S')], { stdio: 'pipe' });
    execFileSync(`${prefix}ld`, ['-static', '-T', join(dir, 'k.ld'), '-o', join(dir, 'k.elf'), join(dir, 'k.o')], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT') throw new Error(`${prefix}as/ld not found: install the oracles with scripts/install-oracles.sh`);
    throw new Error(`assembling the test kernel failed:\n${err.stderr?.toString() ?? String(e)}`);
  }
  return new Uint8Array(readFileSync(join(dir, 'k.elf')));
}

/** A booted machine plus its collected console output. */
export interface BootedMachine {
  readonly machine: Machine;
  readonly output: () => string;
  /** The address of a symbol of the kernel (unsigned). */
  readonly sym: (name: string) => number;
}

/** Builds `source` and boots it on a new machine with the given options. */
export function bootKernel(source: string, options: Partial<MachineOptions> = {}): BootedMachine {
  const little = options.endianness === 'little';
  const elf = readElf(buildKernel(source, little), 'k.elf');
  let out = '';
  const machine = new Machine({ cpus: 1, memoryMB: 16, ...options, console: (t) => (out += t) });
  bootElf(machine, elf);
  const sym = (name: string): number => {
    const s = elf.symbols.find((x) => x.name === name);
    if (s === undefined) throw new Error(`no symbol ${name} in the test kernel`);
    return s.value >>> 0;
  };
  return { machine, output: () => out, sym };
}

/** Common prologue: UHI macros and register names for test kernels. */
export const PRELUDE = `
  .set noreorder
  .set noat
  .macro uhi_exit code
    li $a0, \\code
    li $t9, 1
    sdbbp 1
  .endm
  .macro uhi_exit_reg reg
    move $a0, \\reg
    li $t9, 1
    sdbbp 1
  .endm
`;

/**
 * Leaves kernel mode: writes TLB entry `tlbIndex` mapping kuseg 0x00100000..0x00101fff onto
 * physical 0x100000..0x101fff (the kernel text's pages; global, valid, dirty) and ERETs with
 * Status = `status` to the kuseg alias of label `code`, which this text defines last.
 */
export function kusegEntry(status: number, tlbIndex: number): string {
  return `
  li $t0, (0x100 << 6) | 7
  mtc0 $t0, $2
  li $t0, (0x101 << 6) | 7
  mtc0 $t0, $3
  mtc0 $zero, $5
  li $t0, 0x00100000
  mtc0 $t0, $10
  li $t0, ${tlbIndex}
  mtc0 $t0, $0
  tlbwi
  la $t0, code
  li $t1, 0x80000000
  subu $t0, $t0, $t1
  mtc0 $t0, $14
  li $t0, ${status}
  mtc0 $t0, $12
  ehb
  eret
code:
`;
}

/**
 * Exception vectors at EBase 0x80000000 that record the exception and continue at `handler`
 * (which each test kernel defines): $s0 = vector (1 refill, 2 general, 3 interrupt), $s1 = Cause,
 * $s2 = EPC, $s3 = BadVAddr, $s4 = Context, $s5 = EntryHi, $s6 = Status. `__start` must clear
 * Status.BEV/ERL (`mtc0 $zero, $12`) before relying on them.
 */
export const VECTORS = `
  .section .vectors, "ax"
  .org 0
  li $k1, 1
  j record
  nop
  .org 0x180
  li $k1, 2
  j record
  nop
  .org 0x200
  li $k1, 3
  j record
  nop
  .text
record:
  move $s0, $k1
  mfc0 $s1, $13
  mfc0 $s2, $14
  mfc0 $s3, $8
  mfc0 $s4, $4
  mfc0 $s5, $10
  mfc0 $s6, $12
  j handler
  nop
`;

/** The registers VECTORS records, by name. */
export function recorded(gpr: Int32Array): { vector: number; cause: number; excCode: number; bd: boolean; epc: number; badVAddr: number; context: number; entryHi: number; status: number } {
  const r = (i: number): number => (gpr[i] as number) >>> 0;
  return {
    vector: r(16),
    cause: r(17),
    excCode: (r(17) >>> 2) & 31,
    bd: r(17) >>> 31 === 1,
    epc: r(18),
    badVAddr: r(19),
    context: r(20),
    entryHi: r(21),
    status: r(22),
  };
}
