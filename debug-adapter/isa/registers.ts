// Register names as objdump prints them for MIPS32 Release 2: GPRs (o32 ABI and numeric),
// FPRs, FPU control registers, RDHWR hardware registers, and CP0 registers with selects (Vol. III, "CP0 Registers").

/** o32 ABI names of the 32 GPRs, index = register number. */
export const GPR_ABI_NAMES: readonly string[] = [
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3',
  't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7',
  't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra',
];

/** Numeric GPR names ("$0".."$31"), as objdump's gpr-names=numeric prints them. */
export const GPR_NUMERIC_NAMES: readonly string[] = Array.from({ length: 32 }, (_, i) => `$${i}`);

/** FPR names "$f0".."$f31". */
export const FPR_NAMES: readonly string[] = Array.from({ length: 32 }, (_, i) => `$f${i}`);

/** FPU control register names (CFC1/CTC1), "$N" where the architecture names none. */
export const FCR_NAMES: readonly string[] = Array.from({ length: 32 }, (_, i) =>
  ({ 0: 'c1_fir', 1: 'c1_ufr', 4: 'c1_unfr', 25: 'c1_fccr', 26: 'c1_fexr', 28: 'c1_fenr', 31: 'c1_fcsr' } as Record<number, string>)[i] ?? `$${i}`,
);

/** RDHWR hardware register names ("$N" where objdump names none). */
export const HWR_NAMES: readonly string[] = Array.from({ length: 32 }, (_, i) =>
  ['hwr_cpunum', 'hwr_synci_step', 'hwr_cc', 'hwr_ccres'][i] ?? `$${i}`,
);

/** CP0 register names for select 0, index = register number ("$N" where unnamed). */
export const CP0_NAMES: readonly string[] = [
  'c0_index', 'c0_random', 'c0_entrylo0', 'c0_entrylo1', 'c0_context', 'c0_pagemask', 'c0_wired', 'c0_hwrena',
  'c0_badvaddr', 'c0_count', 'c0_entryhi', 'c0_compare', 'c0_status', 'c0_cause', 'c0_epc', 'c0_prid',
  'c0_config', 'c0_lladdr', 'c0_watchlo', 'c0_watchhi', 'c0_xcontext', '$21', '$22', 'c0_debug',
  'c0_depc', 'c0_perfcnt', 'c0_errctl', 'c0_cacheerr', 'c0_taglo', 'c0_taghi', 'c0_errorepc', 'c0_desave',
];

const SEL_NAMES: ReadonlyArray<readonly [number, number, string]> = [
  [0, 1, 'c0_mvpcontrol'], [0, 2, 'c0_mvpconf0'], [0, 3, 'c0_mvpconf1'],
  [1, 1, 'c0_vpecontrol'], [1, 2, 'c0_vpeconf0'], [1, 3, 'c0_vpeconf1'], [1, 4, 'c0_yqmask'],
  [1, 5, 'c0_vpeschedule'], [1, 6, 'c0_vpeschefback'],
  [2, 1, 'c0_tcstatus'], [2, 2, 'c0_tcbind'], [2, 3, 'c0_tcrestart'], [2, 4, 'c0_tchalt'],
  [2, 5, 'c0_tccontext'], [2, 6, 'c0_tcschedule'], [2, 7, 'c0_tcschefback'],
  [4, 1, 'c0_contextconfig'], [5, 1, 'c0_pagegrain'],
  [6, 1, 'c0_srsconf0'], [6, 2, 'c0_srsconf1'], [6, 3, 'c0_srsconf2'], [6, 4, 'c0_srsconf3'], [6, 5, 'c0_srsconf4'],
  [12, 1, 'c0_intctl'], [12, 2, 'c0_srsctl'], [12, 3, 'c0_srsmap'], [15, 1, 'c0_ebase'],
  [16, 1, 'c0_config1'], [16, 2, 'c0_config2'], [16, 3, 'c0_config3'],
  [23, 1, 'c0_tracecontrol'], [23, 2, 'c0_tracecontrol2'], [23, 3, 'c0_usertracedata'], [23, 4, 'c0_tracebpc'],
  [27, 1, 'c0_cacheerr,1'], [27, 2, 'c0_cacheerr,2'], [27, 3, 'c0_cacheerr,3'],
  [28, 1, 'c0_datalo'], [28, 2, 'c0_taglo1'], [28, 3, 'c0_datalo1'], [28, 4, 'c0_taglo2'], [28, 5, 'c0_datalo2'],
  [28, 6, 'c0_taglo3'], [28, 7, 'c0_datalo3'],
  [29, 1, 'c0_datahi'], [29, 2, 'c0_taghi1'], [29, 3, 'c0_datahi1'], [29, 4, 'c0_taghi2'], [29, 5, 'c0_datahi2'],
  [29, 6, 'c0_taghi3'], [29, 7, 'c0_datahi3'],
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((s): Array<[number, number, string]> => [
    [18, s, `c0_watchlo,${s}`], [19, s, `c0_watchhi,${s}`], [25, s, `c0_perfcnt,${s}`],
  ]),
];

const selNameMap = new Map<number, string>(SEL_NAMES.map(([r, s, n]) => [r * 8 + s, n]));

/**
 * The CP0 operand text objdump prints for register `reg`, select `sel`:
 * a name ("c0_status", "c0_config1", "c0_watchlo,1"), else "$14,1" (or "c0_epc"-style name when sel is 0).
 */
export function cp0OperandText(reg: number, sel: number): string {
  if (sel === 0) return CP0_NAMES[reg & 31] ?? `$${reg}`;
  return selNameMap.get((reg & 31) * 8 + (sel & 7)) ?? `$${reg},${sel}`;
}

/** Looks up a CP0 name as cp0OperandText prints it; returns [reg, sel] or undefined. */
export function cp0ByName(name: string): readonly [number, number] | undefined {
  const r = CP0_NAMES.indexOf(name);
  if (r >= 0 && !name.startsWith('$')) return [r, 0];
  for (const [reg, sel, n] of SEL_NAMES) if (n === name) return [reg, sel];
  return undefined;
}
