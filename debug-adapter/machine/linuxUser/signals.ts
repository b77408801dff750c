// Linux/MIPS signal numbers (arch/mips/include/uapi/asm/signal.h) and how a fatal one is reported,
// matching qemu-mips: "qemu: uncaught target signal N (Name) - core dumped" becomes
// "disco: uncaught target signal N (Name)" and the exit status is 128 + N.

import { EXC_ADEL, EXC_ADES, EXC_BP, EXC_CPU, EXC_FPE, EXC_MOD, EXC_OV, EXC_RI, EXC_TLBL, EXC_TLBS, EXC_TR } from '../exceptions';

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGBUS = 10;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGTERM = 15;

const NAMES: Record<number, string> = {
  [SIGHUP]: 'Hangup',
  [SIGINT]: 'Interrupt',
  [SIGQUIT]: 'Quit',
  [SIGILL]: 'Illegal instruction',
  [SIGTRAP]: 'Trace/breakpoint trap',
  [SIGABRT]: 'Aborted',
  [SIGFPE]: 'Floating point exception',
  [SIGKILL]: 'Killed',
  [SIGBUS]: 'Bus error',
  [SIGSEGV]: 'Segmentation fault',
  [SIGPIPE]: 'Broken pipe',
  [SIGTERM]: 'Terminated',
};

/** The host's description of a signal ("Segmentation fault"). */
export function signalName(sig: number): string {
  return NAMES[sig] ?? `Unknown signal ${sig}`;
}

/**
 * The signal qemu-mips 7.2 delivers for an exception in user mode: unmapped or protected pages
 * SIGSEGV, misaligned accesses SIGBUS (a kernel-segment address: SIGSEGV), RI/CpU SIGILL,
 * overflow and FPU traps SIGFPE, BREAK and trap instructions SIGTRAP whatever their code.
 */
export function signalForException(excCode: number, badVAddr: number | undefined): number {
  switch (excCode) {
    case EXC_TLBL:
    case EXC_TLBS:
    case EXC_MOD:
      return SIGSEGV;
    case EXC_ADEL:
    case EXC_ADES:
      return badVAddr !== undefined && badVAddr < 0 && (badVAddr & 3) === 0 ? SIGSEGV : SIGBUS;
    case EXC_RI:
    case EXC_CPU:
      return SIGILL;
    case EXC_OV:
    case EXC_FPE:
      return SIGFPE;
    case EXC_BP:
    case EXC_TR:
      return SIGTRAP;
    default:
      return SIGBUS;
  }
}
