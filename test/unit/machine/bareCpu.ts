// A minimal machine for CPU unit tests: physical memory mapped 1:1 at virtual address 0 (pages
// listed in `readOnly` refuse stores with Mod, addresses past `mapped` give TLBL/TLBS), one CPU,
// and a sink that records every exception and halts (or resumes at `resumeAt`). Also tiny
// encoders for the instructions the tests write by hand.

import { XLATE_CACHEABLE, type AddressTranslator } from '../../../debug-adapter/machine/addressTranslation';
import { CodeStore } from '../../../debug-adapter/machine/codegen/codeStore';
import { Cpu } from '../../../debug-adapter/machine/cpu';
import { EXC_MOD, EXC_TLBL, EXC_TLBS, GuestException, type ExceptionRecord } from '../../../debug-adapter/machine/exceptions';
import { type Endianness, PhysicalMemory } from '../../../debug-adapter/machine/physicalMemory';
import { ACCESS_STORE, type Access } from '../../../debug-adapter/machine/softTlb';

export interface BareCpu {
  readonly cpu: Cpu;
  readonly memory: PhysicalMemory;
  readonly exceptions: ExceptionRecord[];
  /** Where execution continues after an exception (undefined: halt). */
  resumeAt: number | undefined;
  /** Writes instruction words at va. */
  load(va: number, words: readonly number[]): void;
}

export function bareCpu(options: { endianness?: Endianness; mapped?: number; readOnly?: readonly number[] } = {}): BareCpu {
  const memory = new PhysicalMemory(1 << 20, options.endianness ?? 'big');
  const mapped = options.mapped ?? 1 << 20;
  const readOnly = new Set((options.readOnly ?? []).map((a) => a >>> 12));
  const translator: AddressTranslator = {
    translate(va: number, access: Access, flags: { value: number }): number {
      if (va < 0 || va >= mapped) throw new GuestException(access === ACCESS_STORE ? EXC_TLBS : EXC_TLBL, va);
      if (access === ACCESS_STORE && readOnly.has(va >>> 12)) throw new GuestException(EXC_MOD, va);
      flags.value = XLATE_CACHEABLE;
      return va;
    },
    probe: (va) => (va >= 0 && va < mapped ? va : -1),
  };
  const exceptions: ExceptionRecord[] = [];
  const machine: BareCpu = {
    memory,
    exceptions,
    resumeAt: undefined,
    cpu: undefined as unknown as Cpu,
    load(va, words) {
      words.forEach((w, i) => memory.write32(va + 4 * i, w));
    },
  };
  const code = new CodeStore(memory);
  // Compile on first dispatch, so that every test exercises compiled regions, not just the stepper.
  code.hotThreshold = 1;
  const cpu = new Cpu({
    memory,
    code,
    translator,
    sink: {
      takeException(c, r) {
        exceptions.push(r);
        if (machine.resumeAt === undefined) c.halt(`exception ${r.excCode}`);
        else c.state.jumpTo(machine.resumeAt);
      },
    },
  });
  (machine as { cpu: Cpu }).cpu = cpu;
  return machine;
}

const r = (op: number, rs: number, rt: number, rd: number, sa: number, fn: number): number =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number): number => ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;

/** Hand encoders (MIPS32 Vol. II) for test programs. */
export const enc = {
  nop: 0,
  addiu: (rt: number, rs: number, imm: number) => i(9, rs, rt, imm),
  addi: (rt: number, rs: number, imm: number) => i(8, rs, rt, imm),
  addu: (rd: number, rs: number, rt: number) => r(0, rs, rt, rd, 0, 33),
  add: (rd: number, rs: number, rt: number) => r(0, rs, rt, rd, 0, 32),
  lui: (rt: number, imm: number) => i(15, 0, rt, imm),
  ori: (rt: number, rs: number, imm: number) => i(13, rs, rt, imm),
  lw: (rt: number, base: number, off: number) => i(35, base, rt, off),
  lh: (rt: number, base: number, off: number) => i(33, base, rt, off),
  sw: (rt: number, base: number, off: number) => i(43, base, rt, off),
  sh: (rt: number, base: number, off: number) => i(41, base, rt, off),
  beq: (rs: number, rt: number, off: number) => i(4, rs, rt, off),
  bne: (rs: number, rt: number, off: number) => i(5, rs, rt, off),
  beql: (rs: number, rt: number, off: number) => i(20, rs, rt, off),
  jr: (rs: number) => r(0, rs, 0, 0, 0, 8),
  jal: (target: number) => ((3 << 26) | ((target >>> 2) & 0x3ffffff)) >>> 0,
  syscall: r(0, 0, 0, 0, 0, 12),
  break: r(0, 0, 0, 0, 0, 13),
  teq: (rs: number, rt: number) => r(0, rs, rt, 0, 0, 52),
  mfc0: (rt: number, rd: number) => ((16 << 26) | (rt << 16) | (rd << 11)) >>> 0,
  divS: (fd: number, fs: number, ft: number) => ((17 << 26) | (16 << 21) | (ft << 16) | (fs << 11) | (fd << 6) | 3) >>> 0,
  ctc1: (rt: number, fs: number) => ((17 << 26) | (6 << 21) | (rt << 16) | (fs << 11)) >>> 0,
};
