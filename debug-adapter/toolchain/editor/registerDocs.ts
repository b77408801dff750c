// Hover documentation of registers as assembly source names them: GPRs by o32 name or number
// ($t0, $8), FPRs ($f2), FPU condition codes ($fcc1), and CP0 registers by number and select in
// an mfc0/mtc0 operand ($12, 0) or by objdump name (c0_status), after MIPS32 Vol. III, "CP0 Registers".

import { GPR_ABI_NAMES, cp0ByName } from '../../isa';

const GPR_ROLES: readonly string[] = [
  'always reads 0; writes are ignored', 'assembler temporary: pseudo-instructions expand through it (`.set noat` frees it)',
  'function result', 'function result (second word)', 'argument 1', 'argument 2', 'argument 3', 'argument 4',
  ...Array.from({ length: 8 }, () => 'temporary, not preserved across calls'),
  ...Array.from({ length: 8 }, () => 'saved: a called function preserves it'),
  'temporary, not preserved across calls', 'temporary; holds the callee address in PIC calls',
  'reserved for the kernel (exception handlers may clobber it at any time)', 'reserved for the kernel (exception handlers may clobber it at any time)',
  'global pointer (small-data base)', 'stack pointer', 'frame pointer / saved register ($fp)', 'return address, written by jal, jalr and bal',
];

/** CP0 registers a guest kernel meets: name, number, select and what it holds. */
const CP0: ReadonlyArray<readonly [number, number, string, string]> = [
  [0, 0, 'Index', 'TLB entry index for TLBR/TLBWI; TLBP writes the matching index (bit 31 P set when none matched)'],
  [1, 0, 'Random', 'TLB index TLBWR writes, decrementing from the top down to Wired'],
  [2, 0, 'EntryLo0', 'even page of a TLB entry: PFN, cache attribute C, Dirty (writable), Valid, Global'],
  [3, 0, 'EntryLo1', 'odd page of a TLB entry: PFN, C, D, V, G'],
  [4, 0, 'Context', 'PTEBase and, after a TLB exception, BadVPN2: a pointer into a linear page table'],
  [5, 0, 'PageMask', 'page size of a TLB entry (0 for 4 KiB pages)'],
  [6, 0, 'Wired', 'TLB entries below this index are never replaced by TLBWR'],
  [7, 0, 'HWREna', 'which hardware registers RDHWR may read in user mode'],
  [8, 0, 'BadVAddr', 'the virtual address of the last address error or TLB exception'],
  [9, 0, 'Count', 'free-running cycle counter (half the pipeline clock)'],
  [10, 0, 'EntryHi', 'VPN2 and ASID of a TLB entry; the current ASID for translation'],
  [11, 0, 'Compare', 'timer: an interrupt (IP7) is raised when Count equals it; writing clears Cause.TI'],
  [12, 0, 'Status', 'CU0-3, BEV, IM7..0 interrupt mask, KSU mode (kernel/supervisor/user), ERL, EXL, IE'],
  [12, 1, 'IntCtl', 'interrupt vector spacing and timer interrupt line'],
  [12, 2, 'SRSCtl', 'shadow register sets'],
  [13, 0, 'Cause', 'BD (exception in a delay slot), TI, CE, IV, IP7..0 pending interrupts, ExcCode of the last exception'],
  [14, 0, 'EPC', 'where to resume after an exception (the branch when it happened in a delay slot)'],
  [15, 0, 'PRId', 'processor identification and revision'],
  [15, 1, 'EBase', 'exception vector base; bits 9..0 hold the CPU number'],
  [16, 0, 'Config', 'endianness (BE), architecture revision, MMU type, kseg0 cacheability (K0)'],
  [16, 1, 'Config1', 'TLB size (MMU Size − 1), cache geometry, FPU present (FP)'],
  [16, 2, 'Config2', 'secondary and tertiary cache geometry'],
  [16, 3, 'Config3', 'optional features (UserLocal, vectored interrupts, …)'],
  [17, 0, 'LLAddr', 'address of the last LL'],
  [18, 0, 'WatchLo', 'watchpoint address'],
  [19, 0, 'WatchHi', 'watchpoint control'],
  [20, 0, 'XContext', 'the 64-bit Context of MIPS64 (reads 0 on this MIPS32 machine)'],
  [23, 0, 'Debug', 'EJTAG debug control'],
  [24, 0, 'DEPC', 'EJTAG debug exception PC'],
  [25, 0, 'PerfCnt', 'performance counter control and count'],
  [26, 0, 'ErrCtl', 'parity/ECC control'],
  [27, 0, 'CacheErr', 'cache error information'],
  [28, 0, 'TagLo', 'cache tag interface (CACHE index load/store tag)'],
  [29, 0, 'TagHi', 'cache tag interface'],
  [30, 0, 'ErrorEPC', 'where to resume after a reset, NMI or cache error (ERET uses it while Status.ERL)'],
  [31, 0, 'DESAVE', 'EJTAG scratch register'],
];

/** Markdown for CP0 register `reg` select `sel` (the rd, sel operands of mfc0/mtc0), or undefined. */
export function cp0RegisterDoc(reg: number, sel = 0): string | undefined {
  const e = CP0.find(([r, s]) => r === reg && s === sel);
  if (!e) return undefined;
  return `**CP0 register ${reg}, select ${sel}: ${e[2]}** (\`c0_${e[2].toLowerCase()}\`)\n\n${e[3]}.\n\nIn a guest kernel under Disco, reads and writes trap to the monitor and act on the vCPU's virtual CP0.`;
}

/** Markdown for a GPR or FPR name (`$t0`, `$8`, `$f2`, `$fcc1`), or undefined. */
export function gprDoc(word: string): string | undefined {
  const w = word.toLowerCase();
  const fpr = /^\$f([0-9]+)$/.exec(w);
  if (fpr && Number(fpr[1]) < 32) return `**$f${fpr[1]}**: floating-point register ${fpr[1]} (coprocessor 1)${Number(fpr[1]) % 2 === 0 ? '; with $f' + (Number(fpr[1]) + 1) + ' it holds a double when Status.FR = 0' : ''}`;
  const fcc = /^\$fcc([0-7])$/.exec(w);
  if (fcc) return `**$fcc${fcc[1]}**: FPU condition code ${fcc[1]}, set by c.cond.fmt and tested by bc1t/bc1f and movt/movf`;
  const m = /^\$([0-9]+|[a-z][a-z0-9]*)$/.exec(w);
  if (!m) return undefined;
  const key = m[1] ?? '';
  const n = /^[0-9]+$/.test(key) ? Number(key) : key === 'fp' ? 30 : GPR_ABI_NAMES.indexOf(key);
  if (n < 0 || n > 31) return undefined;
  return `**$${GPR_ABI_NAMES[n]}** (\`$${n}\`): general register ${n}, ${GPR_ROLES[n]}`;
}

/** Markdown for an objdump CP0 name (`c0_status`, `c0_config1`), or undefined. */
export function cp0NameDoc(word: string): string | undefined {
  const rs = cp0ByName(word.toLowerCase());
  return rs === undefined ? undefined : cp0RegisterDoc(rs[0], rs[1]);
}
