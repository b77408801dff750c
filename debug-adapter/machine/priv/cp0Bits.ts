// CP0 register numbers, field masks and the fixed identification values of the emulated CPU
// (MIPS32 PRA, Vol. III Release 2, chapter 9 "CP0 Registers"). Names follow the manual:
// STATUS_EXL is Status.EXL, CAUSE_BD is Cause.BD. The identification registers describe a
// 24Kf-like core (the PRId QEMU's 24Kf reports); docs/machine.md lists every choice.

/** CP0 register numbers (rd field of MFC0/MTC0). */
export const CP0_INDEX = 0;
export const CP0_RANDOM = 1;
export const CP0_ENTRYLO0 = 2;
export const CP0_ENTRYLO1 = 3;
export const CP0_CONTEXT = 4;
export const CP0_PAGEMASK = 5;
export const CP0_WIRED = 6;
export const CP0_HWRENA = 7;
export const CP0_BADVADDR = 8;
export const CP0_COUNT = 9;
export const CP0_ENTRYHI = 10;
export const CP0_COMPARE = 11;
export const CP0_STATUS = 12;
export const CP0_CAUSE = 13;
export const CP0_EPC = 14;
export const CP0_PRID = 15;
export const CP0_CONFIG = 16;
export const CP0_LLADDR = 17;
export const CP0_TAGLO = 28;
export const CP0_TAGHI = 29;
export const CP0_ERROREPC = 30;

/** Status fields. */
export const STATUS_IE = 1 << 0;
export const STATUS_EXL = 1 << 1;
export const STATUS_ERL = 1 << 2;
export const STATUS_KSU_SHIFT = 3;
export const STATUS_KSU = 3 << STATUS_KSU_SHIFT;
export const STATUS_IM_SHIFT = 8;
export const STATUS_IM = 0xff << STATUS_IM_SHIFT;
export const STATUS_BEV = 1 << 22;
export const STATUS_CU0 = 1 << 28;
export const STATUS_CU1 = 1 << 29;
/** Writable Status bits: CU1..0, RP, BEV, IM7..0, KSU, ERL, EXL, IE (FR, RE, CU3..2 read 0). */
export const STATUS_WRITABLE = 0x3840ff1f;

/** Cause fields. */
export const CAUSE_EXCCODE_SHIFT = 2;
export const CAUSE_EXCCODE = 0x1f << CAUSE_EXCCODE_SHIFT;
export const CAUSE_IP_SHIFT = 8;
export const CAUSE_IP_SW = 3 << CAUSE_IP_SHIFT;
export const CAUSE_IV = 1 << 23;
export const CAUSE_CE_SHIFT = 28;
export const CAUSE_CE = 3 << CAUSE_CE_SHIFT;
export const CAUSE_TI = 1 << 30;
export const CAUSE_BD = 1 << 31;
/** Writable Cause bits: IV and the software interrupts IP1..0. */
export const CAUSE_WRITABLE = CAUSE_IV | CAUSE_IP_SW;

/** Index.P: the last TLBP found no match. */
export const INDEX_P = 1 << 31;

/** EntryHi fields. */
export const ENTRYHI_VPN2 = 0xffffe000 | 0;
export const ENTRYHI_ASID = 0xff;
export const ENTRYHI_WRITABLE = ENTRYHI_VPN2 | ENTRYHI_ASID;

/** EntryLo fields (PFN in bits 29:6, C 5:3, D, V, G). */
export const ENTRYLO_G = 1 << 0;
export const ENTRYLO_V = 1 << 1;
export const ENTRYLO_D = 1 << 2;
export const ENTRYLO_C_SHIFT = 3;
export const ENTRYLO_PFN_SHIFT = 6;
export const ENTRYLO_WRITABLE = 0x3fffffff;

/** PageMask: mask bits 24:13 cover 4 KiB..16 MiB pages. */
export const PAGEMASK_WRITABLE = 0x01ffe000;

/** Context: PTEBase (31:23) is writable, BadVPN2 (22:4) is set by TLB exceptions. */
export const CONTEXT_PTEBASE = 0xff800000 | 0;
export const CONTEXT_BADVPN2_SHIFT = 4;

/** HWREna: CPUNum, SYNCI_Step, CC, CCRes and ULR (UserLocal). */
export const HWRENA_WRITABLE = 0x2000000f;

/** EBase: bit 31 reads 1, ExceptionBase 29:12 writable, CPUNum 9:0 read-only. */
export const EBASE_WRITABLE = 0x3ffff000;
export const EBASE_FIXED = 0x80000000 | 0;

/** IntCtl: IPTI = 7 (the timer is IP7), IPPCI = 0 (no performance counters), VS writable. */
export const INTCTL_FIXED = 7 << 29;
export const INTCTL_WRITABLE = 0x3e0;

/** PRId: Company 1 (MIPS Technologies), Processor 0x93 (24K), revision 0 — QEMU's 24Kf. */
export const PRID_24KF = 0x00019300;

/** Config0: M, AR=1 (Release 2), MT=1 (standard TLB), BE per endianness, K0 writable. */
export const CONFIG0_BASE = (1 << 31) | (1 << 10) | (1 << 7);
export const CONFIG0_BE = 1 << 15;
export const CONFIG0_K0 = 7;
/** Config0.K0 at reset: 2, uncached. */
export const CONFIG0_K0_RESET = 2;
/** Config.K0 for kseg0 cacheable, noncoherent, write-back (as boot loaders and kernels set it). */
export const CONFIG0_K0_CACHEABLE = 3;

/**
 * Config1 without MMUSize: M, 32 KiB 4-way caches with 32-byte lines (IS=2, IL=4, IA=3 for
 * both), no CP2, no MDMX, no performance counters, no watch registers, no MIPS16, no EJTAG,
 * FP=1.
 */
export const CONFIG1_BASE = (1 << 31) | (2 << 22) | (4 << 19) | (3 << 16) | (2 << 13) | (4 << 10) | (3 << 7) | 1;
export const CONFIG1_MMUSIZE_SHIFT = 25;
/** Config2: M=1, no secondary or tertiary cache. */
export const CONFIG2_VALUE = 1 << 31;
/** Config3: ULRI (UserLocal implemented); no vectored/EIC interrupts, no SmartMIPS, no MT. */
export const CONFIG3_VALUE = 1 << 13;

/** The three operating modes of Status.KSU (with EXL/ERL forcing kernel). */
export const MODE_KERNEL = 0;
export const MODE_SUPERVISOR = 1;
export const MODE_USER = 2;
export type Mode = typeof MODE_KERNEL | typeof MODE_SUPERVISOR | typeof MODE_USER;

/** The mode a Status value runs in: kernel under EXL/ERL or KSU=0, else supervisor or user. */
export function modeOf(status: number): Mode {
  if (status & (STATUS_EXL | STATUS_ERL)) return MODE_KERNEL;
  const ksu = (status & STATUS_KSU) >>> STATUS_KSU_SHIFT;
  return ksu === 0 ? MODE_KERNEL : ksu === 1 ? MODE_SUPERVISOR : MODE_USER;
}
